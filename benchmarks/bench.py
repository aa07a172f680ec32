"""`make bench`: every figure of the performance goals (issue 13) in one table, from one run.

It runs the other benchmarks as subprocesses (their own output is shown as they go) and parses
what they print, so that each stays usable alone:

- ``build_benchmark.py N --repeat K``: the hub against the same number of plain Markdown pages
  (the "floor"), builds alternating so a noisy minute hurts both; the ratio of the medians.
- ``build_benchmark.py N2 N3 --only hub``: time and peak memory at larger N (the growth ratio
  divides the largest N's time by the first N's hub time of the same run).
- the real site configuration (handbook, nav, theme features) over N3 synthetic projects:
  the average project page size, as readers download it (before compression).
- ``reload_benchmark.py N``: `mkdocs serve` rebuilds after a project and a handbook edit, as a
  share of a full build it times itself.
- ``lighthouse_benchmark.py``: Lighthouse (mobile) of the demo's main pages, served with gzip.

    .venv/bin/python benchmarks/bench.py            # N = 1000, 3000, 5000: tens of minutes
    .venv/bin/python benchmarks/bench.py --quick    # N = 200, 600, one Lighthouse run: minutes

It prints figures against the goals and asserts nothing (speed goals are read, not tested).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_benchmark import run_build  # noqa: E402

from synthetic import ROOT, make_portfolio  # noqa: E402

ROW = re.compile(r"^\s*(\d+) (hub|markdown)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+([\d.]+)", re.M)
RELOAD = re.compile(r"edit of a (handbook page|project file): rebuilt in ([\d.]+) s \(([\d.]+) of a full build\)")
FULL = re.compile(r"full build: ([\d.]+) s")


@dataclass
class Sizes:
    floor: int  # build vs floor, reload
    larger: list[int]  # peak memory and growth
    repeat: int
    lighthouse_runs: int
    edits: int


FULL_RUN = Sizes(floor=1000, larger=[3000, 5000], repeat=3, lighthouse_runs=3, edits=2)
QUICK_RUN = Sizes(floor=200, larger=[600], repeat=1, lighthouse_runs=1, edits=1)


def run(script: str, *args: object, folder: Path = HERE, required: bool = True) -> str:
    """Run a benchmark script of ``folder``, echo its output as it comes, return all of it."""
    command = [sys.executable, str(folder / script), *map(str, args)]
    print(f"\n$ {script} {' '.join(map(str, args))}", flush=True)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        print("  " + line, end="", flush=True)
        lines.append(line)
    if process.wait() != 0:
        if required:
            raise SystemExit(f"{script} failed")
        print(f"  ({script} failed: its rows read '?')", flush=True)
    return "".join(lines)


def run_isolated(script: str, *args: object) -> str:
    """Run ``script`` from a mirror of the repository whose benchmarks/out is its own.

    reload_benchmark.py works in benchmarks/out/serve-N and deletes it first: two runs at the
    same N (another terminal, another helper) would delete each other's served site. The mirror
    links the sources and copies the two scripts, so ROOT (synthetic.py's parent's parent) and
    with it the out folder are private to this run; the scripts themselves are not changed."""
    with tempfile.TemporaryDirectory(prefix="pmo-bench-mirror-") as tmp:
        mirror = Path(tmp)
        for name in ("docs", "overrides", "hooks", "data", "mkdocs.yml"):
            (mirror / name).symlink_to(ROOT / name)
        (mirror / "benchmarks").mkdir()
        for name in (script, "synthetic.py"):
            shutil.copy(HERE / name, mirror / "benchmarks" / name)
        return run(script, *args, folder=mirror / "benchmarks", required=False)


def build_rows(output: str) -> dict[tuple[int, str], dict[str, float]]:
    """(N, kind) -> seconds, peak MB, tree MB, site MB from build_benchmark.py's table."""
    return {
        (int(m[1]), m[2]): {"seconds": float(m[3]), "peak": float(m[6]), "tree": float(m[7]), "site": float(m[8])}
        for m in ROW.finditer(output)
    }


def real_site_pages(count: int) -> dict[str, float]:
    """Build the real configuration over ``count`` synthetic projects; page sizes and memory."""
    with tempfile.TemporaryDirectory(prefix="pmo-bench-pages-") as tmp:
        source = Path(tmp) / "source"
        for name in ("docs", "overrides"):
            shutil.copytree(ROOT / name, source / name)
        shutil.copytree(ROOT / "hooks", source / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", source / "mkdocs.yml")
        make_portfolio(source / "data", count)
        print(f"\n$ mkdocs build of the real configuration over {count} synthetic projects", flush=True)
        build = run_build(source / "mkdocs.yml", ["--site-dir", str(Path(tmp) / "site")])
        site = Path(tmp) / "site"
        projects = [
            p / "index.html" for p in (site / "portfolio" / "projects").iterdir() if (p / "index.html").is_file()
        ]
        handbook = site / "standards" / "stage-gates" / "index.html"
        sizes = {
            "project_kb": statistics.mean(p.stat().st_size for p in projects) / 1024,
            "handbook_kb": handbook.stat().st_size / 1024,
            "seconds": build.seconds,
            "peak": build.peak,
            "tree": build.tree,
        }
        print(
            f"  {len(projects)} project pages, average {sizes['project_kb']:.1f} KB; stage-gates "
            f"{sizes['handbook_kb']:.1f} KB; build {build.seconds:.1f} s, peak {build.peak:.0f} MB, "
            f"tree {build.tree:.0f} MB",
            flush=True,
        )
        return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small N, one round: a smoke run of the whole table")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (no `make bench-deps`)")
    args = parser.parse_args()
    sizes = QUICK_RUN if args.quick else FULL_RUN
    n1, largest = sizes.floor, sizes.larger[-1]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    floor = build_rows(run("build_benchmark.py", n1, "--repeat", sizes.repeat))
    larger = build_rows(run("build_benchmark.py", *sizes.larger, "--only", "hub"))
    pages = real_site_pages(largest)
    reload_output = run_isolated("reload_benchmark.py", n1, "--edits", sizes.edits)
    lighthouse: dict[str, dict] = {}
    if not args.no_lighthouse:
        output = run("lighthouse_benchmark.py", "--runs", sizes.lighthouse_runs)
        lighthouse = json.loads(output.rsplit("lighthouse-json: ", 1)[1])

    reloads: dict[str, list[float]] = {}
    for kind, _, share in RELOAD.findall(reload_output):
        reloads.setdefault(kind, []).append(float(share))
    full = FULL.search(reload_output)
    hub1, md1 = floor[(n1, "hub")], floor[(n1, "markdown")]
    mib = 1024
    rows = [
        (
            "full build vs floor",
            f"{n1}",
            f"{hub1['seconds'] / md1['seconds']:.2f}×",
            f"hub {hub1['seconds']:.1f} s, Markdown {md1['seconds']:.1f} s (medians of {sizes.repeat})",
            "≤ 0.8×",
        )
    ]
    for kind, label in (
        ("project file", "reload after a project edit"),
        ("handbook page", "reload after a handbook edit"),
    ):
        shares = reloads.get(kind, [])
        rows.append(
            (
                label,
                f"{n1}",
                f"{statistics.median(shares):.2f}" if shares else "?",
                f"of a full build ({full[1] if full else '?'} s); runs {' '.join(f'{s:.2f}' for s in shares)}",
                "≤ 0.15",
            )
        )
    memory = {n1: hub1, **{n: larger[(n, "hub")] for n in sizes.larger}}
    for n, row in memory.items():
        rows.append(
            (
                "peak memory",
                f"{n}",
                f"{row['tree'] / mib:.2f} GiB",
                f"process tree PSS; largest single process {row['peak']:.0f} MB",
                "≤ 1 GiB",
            )
        )
    rows.append(
        (
            "peak memory, real config",
            f"{largest}",
            f"{pages['tree'] / mib:.2f} GiB",
            f"handbook + theme; largest single process {pages['peak']:.0f} MB",
            "≤ 1 GiB",
        )
    )
    rows.append(
        (
            "average project page",
            f"{largest}",
            f"{pages['project_kb']:.1f} KB",
            f"real config; a handbook page (stage gates) {pages['handbook_kb']:.1f} KB",
            "≤ 40 KB",
        )
    )
    big = larger[(largest, "hub")]
    rows.append(
        (
            f"build time {largest}/{n1}",
            "",
            f"{big['seconds'] / hub1['seconds']:.1f}",
            f"{big['seconds']:.1f} s / {hub1['seconds']:.1f} s (linear: {largest / n1:.0f})",
            f"≤ {1.1 * largest / n1:.1f}",
        )
    )  # issue 13: 5.5 for 5000/1000, linear + 10 %
    for name, figures in lighthouse.items():
        rows.append(
            (
                f"Lighthouse mobile: {name}",
                "demo",
                f"{figures['score']:.0f}",
                f"LCP {figures['lcp_ms'] / 1000:.1f} s, TBT {figures['tbt_ms']:.0f} ms, CLS {figures['cls']:.3f}, "
                f"unused CSS {figures['unused_css_kb']:.0f} KB / JS {figures['unused_js_kb']:.0f} KB (gzip)",
                "≥ 90",
            )
        )
    print("\n| what | N | measured | detail | goal |\n|---|---|---|---|---|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
