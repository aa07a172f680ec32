"""The MkDocs adapter: the one part of the package that imports MkDocs.

``plugin.py`` holds MkDocs' events and nothing else; the rest maps the assembled site
(``pmo_hub.assembly``) onto MkDocs: settings (``config``), files (``files``), search entries
(``search``), headings (``headings``), the navigation rendered once per folder (``nav``),
exact dirty builds for ``mkdocs serve`` (``dirty``) and fixes to third-party markup
(``accessibility``).
"""
