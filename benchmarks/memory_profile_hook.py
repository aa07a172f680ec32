"""Benchmark-only MkDocs hook for memory_profile.py: tracemalloc snapshots of a build."""

from __future__ import annotations

import os
import tracemalloc
from typing import Any

TOP = int(os.environ.get("PMO_MEMORY_TOP", "15"))
tracemalloc.start(1)  # imported when MkDocs loads the config: before any page is read


def _report(stage: str) -> None:
    current, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    print(f"\n== {stage}: traced now {current / 2**20:.0f} MiB, traced peak so far {peak / 2**20:.0f} MiB", flush=True)
    for kind in ("lineno", "filename"):
        print(f"-- largest by {kind}", flush=True)
        for stat in snapshot.statistics(kind)[:TOP]:
            frame = stat.traceback[0]
            where = frame.filename.split("site-packages/")[-1].split("/hooks/")[-1]
            print(
                f"{stat.size / 2**20:8.1f} MiB {stat.count:>9} blocks  {where}"
                + (f":{frame.lineno}" if kind == "lineno" else ""),
                flush=True,
            )


def on_env(env: Any, config: Any, files: Any) -> Any:
    _report("pages read and converted (on_env)")
    return env


def on_post_build(config: Any) -> None:
    _report("build done (on_post_build)")
