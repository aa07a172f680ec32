"""The portfolio views: dashboard, roadmap, milestones, risks, alignment, proposals,
dependencies and data quality, and the portfolio board's pages (board pack, exceptions,
benefits, decision log, lessons library, governance calendar) (``build.py``), at the paths
in ``paths.py``.

This package's ``__init__`` imports nothing, so ``pages.py`` can import ``views.paths``
at load time without a cycle (``views.build`` imports ``pages``).
"""
