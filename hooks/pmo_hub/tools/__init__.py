"""The ``pmo-hub`` commands, one module each with a ``run(args)``: ``validate``, ``schema``,
``new``, ``importer`` (``import``), ``export``, ``generate``, ``check_links``, ``publish`` and
``quality_summary``; ``cli.py`` parses the arguments and runs the one asked for.
"""
