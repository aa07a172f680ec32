"""Build time, peak memory and site size for synthetic portfolios of N projects.

For each N it builds (1) the portfolio through PMO Hub's hooks and (2) the same number of
equivalent hand-written Markdown pages (Markdown tables, kept out of the nav) with plain
MkDocs, and prints both, so that the ratio and the growth with N can be read off.

    .venv/bin/python benchmarks/build_benchmark.py            # N = 100, 1000, 3000
    .venv/bin/python benchmarks/build_benchmark.py 1000 --only hub
    .venv/bin/python benchmarks/build_benchmark.py 1000 --views --repeat 20   # what the views cost

Peak memory is printed twice: ``peak MB`` is the largest resident set of one process (the
build, or the views process it forks from 300 projects up: ``wait4`` reports the maximum over
them, not their sum), and ``tree MB`` the largest sum of the proportional set sizes (PSS: a page
shared by the two processes after the fork counts once) over the build's process tree, sampled
five times a second from /proc, which is what the machine must have free.

``--views`` builds the hub a second time without its views and downloads (see
``without_views_hook.py``) and prints the extra time the views take. ``--repeat K`` builds
each site K times, alternating, and reports medians: on a shared machine identical builds
differ by 15 % and more, so one round proves little.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, make_portfolio  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
HOOK = ROOT / "hooks" / "pmo_hub_hook.py"
WITHOUT_VIEWS = ROOT / "benchmarks" / "without_views_hook.py"


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the build and the processes it waited for
    peak: float  # peak resident memory of the largest single process of the build, MB
    tree: float = 0.0  # peak sum of PSS over the build's process tree (sampled), MB


def _tree_pss_kb(pid: int) -> int:
    """Sum of the proportional set size of ``pid`` and its descendants, kB (0 once it has ended)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total


class TreeSampler(threading.Thread):
    """Samples the PSS of a process tree until stopped; ``peak`` is the largest sample, MB."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.peak = max(self.peak, _tree_pss_kb(self.pid) / 1024)


def run_build(config: Path, extra: list[str] | None = None) -> Run:
    """One ``mkdocs build`` (``extra``: more command-line options)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), *(extra or [])],
        env=env,
        cwd=config.parent,
        stderr=subprocess.PIPE,
    )
    sampler = TreeSampler(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    errors = process.stderr.read().decode() if process.stderr else ""
    if status != 0:
        raise SystemExit(f"build failed for {config}:\n{errors}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sampler.peak)


def folder_size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def write_config(folder: Path, **extra: object) -> Path:
    config = {
        "site_name": "Benchmark",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        **extra,
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def hub_site(folder: Path, count: int) -> Path:
    make_portfolio(folder / "data", count)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    return write_config(folder, hooks=[str(HOOK)], extra={"pmo": {"data_dir": "data"}})


def hub_site_without_views(folder: Path, count: int) -> Path:
    config = hub_site(folder, count)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    return write_config(folder, **{**settings, "hooks": [*settings["hooks"], str(WITHOUT_VIEWS)]})


def markdown_site(folder: Path, count: int) -> Path:
    """The same projects as hand-written Markdown pages, as an editor would write them."""
    data = make_portfolio(folder / "data", count)
    pages = folder / "docs" / "projects"
    pages.mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    for path in sorted((data / "projects").glob("*.yaml")):
        pages.joinpath(f"{path.stem}.md").write_text(as_markdown(yaml.safe_load(path.read_text())), encoding="utf-8")
    return write_config(folder, not_in_nav="/projects/\n")


def table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join("" if v is None else str(v).replace("|", "/") for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def as_markdown(p: dict) -> str:
    budget = p.get("budget", {})
    parts = [
        f"# {p['name']}\n",
        f"**{p['id']}** · {p['stage']}\n",
        p.get("summary", ""),
        table(
            ["Field", "Value"],
            [
                ["Programme", p.get("programme")],
                ["Sponsor", p.get("sponsor")],
                ["Manager", p.get("manager")],
                ["Start", p.get("start")],
                ["End", p.get("end")],
                ["Forecast end", p.get("forecast_end")],
            ],
        ),
        "## Budget\n",
        table(["", "Amount"], [[k, v] for k, v in budget.items()]),
    ]
    sections = [
        ("Status history", "updates", ["date", "overall", "schedule", "cost", "scope", "risk", "summary"]),
        ("Milestones", "milestones", ["name", "due", "forecast", "done"]),
        ("Risks", "risks", ["id", "title", "probability", "impact", "owner", "mitigation", "status"]),
        ("Issues", "issues", ["id", "title", "severity", "owner", "status", "due"]),
        ("Change requests", "changes", ["id", "title", "status", "cost_impact", "schedule_impact_days"]),
    ]
    for title, key, columns in sections:
        if p.get(key):
            parts += [f"## {title}\n", table(columns, [[item.get(c) for c in columns] for item in p[key]])]
    parts += [
        "## Dependencies\n",
        "\n".join(f"- {d}" for d in p.get("dependencies", [])) + "\n",
        "## Links\n",
        "\n".join(f"- [{link['title']}]({link['url']})" for link in p.get("links", [])) + "\n",
    ]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 3000])
    parser.add_argument("--only", choices=["hub", "markdown"], help="build one kind only")
    parser.add_argument(
        "--views",
        action="store_true",
        help="compare the hub with and without its portfolio views instead of with Markdown",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="K",
        help="build each site K times, alternating kinds, and report the median (default 1)",
    )
    args = parser.parse_args()
    kinds = (
        [("hub", hub_site), ("no-views", hub_site_without_views)]
        if args.views
        else [("hub", hub_site), ("markdown", markdown_site)]
    )
    kinds = [(kind, make) for kind, make in kinds if not args.only or kind == args.only]
    print(
        f"{'N':>6} {'build':<9} {'seconds':>8} {'min s':>7} {'CPU s':>7} {'peak MB':>8} {'tree MB':>8} "
        f"{'site MB':>8} {'ms/project':>10}"
    )
    for count in args.sizes:
        configs = {}
        for kind, make in kinds:
            folder = OUT / f"{kind}-{count}"
            shutil.rmtree(folder, ignore_errors=True)
            configs[kind] = make(folder, count)
        runs: dict[str, list[Run]] = {kind: [] for kind in configs}
        for _ in range(args.repeat):  # alternating, so that a noisy minute hurts both kinds alike
            for kind, config in configs.items():
                runs[kind].append(run_build(config))
        seconds = {kind: statistics.median(r.seconds for r in kind_runs) for kind, kind_runs in runs.items()}
        for kind, kind_runs in runs.items():
            size = folder_size(configs[kind].parent / "site")
            print(
                f"{count:>6} {kind:<9} {seconds[kind]:>8.1f} {min(r.seconds for r in kind_runs):>7.1f} "
                f"{statistics.median(r.cpu for r in kind_runs):>7.1f} {max(r.peak for r in kind_runs):>8.0f} "
                f"{max(r.tree for r in kind_runs):>8.0f} {size:>8.1f} {1000 * seconds[kind] / count:>10.1f}"
                + (f"   runs: {' '.join(f'{r.seconds:.1f}' for r in kind_runs)}" if args.repeat > 1 else ""),
                flush=True,
            )
        if "no-views" in seconds:
            # Each round's two builds ran back to back: their ratio is steadier than either time.
            pairs = zip(runs["hub"], runs["no-views"], strict=True)
            extras = sorted(100 * (h.seconds / n.seconds - 1) for h, n in pairs)
            print(
                f"{count:>6} views cost: {seconds['hub'] - seconds['no-views']:.1f} s between medians; "
                f"median of the rounds' extra time {statistics.median(extras):+.1f}% "
                f"(rounds: {' '.join(f'{e:+.0f}%' for e in extras)})",
                flush=True,
            )
        elif len(seconds) == 2:
            print(f"{count:>6} ratio hub/markdown: {seconds['hub'] / seconds['markdown']:.2f}", flush=True)


if __name__ == "__main__":
    main()
