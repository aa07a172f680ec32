"""PMO Hub core: load, validate, model, analyse and render a project portfolio.

Nothing in this package imports MkDocs: the hook modules in ``hooks/`` adapt it to
MkDocs, and the ``pmo-hub`` command writes the same pages to disk for any other
generator.
"""

__version__ = "0.1.0"
