"""PMO Hub: a PMO's handbook and its portfolio data as one site.

The package is the pipeline, a folder per stage, each importing only from the stages before it
(``tests/test_layout.py`` keeps it so):

- ``load/``: read the data and settings safely, check them, build the portfolio;
- ``model/``: the typed data contract (and the JSON Schemas generated from it);
- ``analyse/``: every portfolio figure and the rules behind it, computed once;
- ``render/``: the pages, views, charts, downloads and search entries generated from the data;
- ``handbook/``: the hand-written pages' front matter, review dates, facts and glossary;
- ``assembly.py``: everything the site is made of, for any engine;
- ``site/``: the MkDocs plugin, the only part that imports MkDocs;
- ``tools/``: the ``pmo-hub`` commands (``cli.py`` parses their arguments).
"""

__version__ = "0.1.0"
