"""Render: the pages generated from the portfolio, as Markdown with HTML blocks for tables and
badges (``pages``, ``views``, ``cells``, ``charts``), the downloads (``downloads``), the search
entries (``search``), where each page lives (``paths``), and what an edit re-renders
(``dependencies``). The views are rendered in a second process where that pays (``views_job``).
"""
