"""Load: read the inputs safely and check them.

Only regular files inside the repository are read (``safe_files``); YAML is parsed with the
line of every value (``yaml_source``), turned into the typed models (``validate``) and checked
across fields and files (``rules``) into one :class:`~pmo_hub.model.Portfolio`
(``portfolio``). Also here: the plugin's settings (``settings``), a site's ``mkdocs.yml`` as
the commands read it (``mkdocs_config``) and where a build came from (``build_info``).
"""
