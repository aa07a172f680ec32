"""Benchmark-only hook: the hub without its portfolio views and downloads.

Loaded after ``pmo_hub_hook.py`` by ``build_benchmark.py --views``, so that the cost of the
views (issue 3: "no more than 10 % extra build time") is the difference of two builds that
differ in nothing else. Links to the missing views only warn (the benchmark is not strict).
"""

from __future__ import annotations

from typing import Any

from pmo_hub import assembly


class NoViews:
    """Stands in for ``pmo_hub.render.views_job.ViewsJob``: renders nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def pages(self) -> list[Any]:
        return []

    def downloads(self) -> list[Any]:
        return []

    def cancel(self) -> None:
        pass


assembly.ViewsJob = NoViews  # type: ignore[assignment,misc]
assembly.page_paths = lambda: []
assembly.download_paths = lambda: []
