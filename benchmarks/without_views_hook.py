"""Benchmark-only hook: the hub without its portfolio views and downloads.

Loaded after ``pmo_hub_hook.py`` by ``build_benchmark.py --views``, so that the cost of the
views (issue 3: "no more than 10 % extra build time") is the difference of two builds that
differ in nothing else. Links to the missing views only warn (the benchmark is not strict).
"""

from __future__ import annotations

import sys
from typing import Any


class NoViews:
    """Stands in for ``pmo_hub.views.job.ViewsJob``: renders nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def pages(self) -> list[Any]:
        return []

    def cancel(self) -> None:
        pass


for module in list(sys.modules.values()):
    if str(getattr(module, "__file__", "")).endswith("pmo_hub_hook.py"):
        module.ViewsJob = NoViews  # type: ignore[attr-defined]
        module.expected_paths = lambda: []  # type: ignore[attr-defined]
