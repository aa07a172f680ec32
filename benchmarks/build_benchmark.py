"""Build time, peak memory and site size for synthetic portfolios of N projects.

For each N it builds (1) the portfolio through PMO Hub's hooks and (2) the same number of
equivalent hand-written Markdown pages (Markdown tables, kept out of the nav) with plain
MkDocs, and prints both, so that the ratio and the growth with N can be read off.

    .venv/bin/python benchmarks/build_benchmark.py            # N = 100, 1000, 3000
    .venv/bin/python benchmarks/build_benchmark.py 1000 --only hub
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, make_portfolio  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
HOOK = ROOT / "hooks" / "pmo_hub_hook.py"


def run_build(config: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one ``mkdocs build``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], env=env,
                               cwd=config.parent, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    errors = process.stderr.read().decode() if process.stderr else ""
    if status != 0:
        raise SystemExit(f"build failed for {config}:\n{errors}")
    return seconds, usage.ru_maxrss / 1024


def folder_size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def write_config(folder: Path, **extra: object) -> Path:
    config = {"site_name": "Benchmark", "docs_dir": "docs", "site_dir": "site",
              "theme": {"name": "material", "font": False}, "plugins": ["search"], **extra}
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def hub_site(folder: Path, count: int) -> Path:
    make_portfolio(folder / "data", count)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    return write_config(folder, hooks=[str(HOOK)], extra={"pmo": {"data_dir": "data"}})


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
    parts = [f"# {p['name']}\n", f"**{p['id']}** · {p['stage']}\n", p.get("summary", ""),
             table(["Field", "Value"], [["Programme", p.get("programme")], ["Sponsor", p.get("sponsor")],
                                        ["Manager", p.get("manager")], ["Start", p.get("start")], ["End", p.get("end")],
                                        ["Forecast end", p.get("forecast_end")]]),
             "## Budget\n", table(["", "Amount"], [[k, v] for k, v in budget.items()])]
    sections = [("Status history", "updates", ["date", "overall", "schedule", "cost", "scope", "risk", "summary"]),
                ("Milestones", "milestones", ["name", "due", "forecast", "done"]),
                ("Risks", "risks", ["id", "title", "probability", "impact", "owner", "mitigation", "status"]),
                ("Issues", "issues", ["id", "title", "severity", "owner", "status", "due"]),
                ("Change requests", "changes", ["id", "title", "status", "cost_impact", "schedule_impact_days"])]
    for title, key, columns in sections:
        if p.get(key):
            parts += [f"## {title}\n", table(columns, [[item.get(c) for c in columns] for item in p[key]])]
    parts += ["## Dependencies\n", "\n".join(f"- {d}" for d in p.get("dependencies", [])) + "\n",
              "## Links\n", "\n".join(f"- [{l['title']}]({l['url']})" for l in p.get("links", [])) + "\n"]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 3000])
    parser.add_argument("--only", choices=["hub", "markdown"], help="build one kind only")
    args = parser.parse_args()
    print(f"{'N':>6} {'build':<9} {'seconds':>8} {'peak MB':>8} {'site MB':>8} {'ms/project':>10}")
    for count in args.sizes:
        results = {}
        for kind, make in (("hub", hub_site), ("markdown", markdown_site)):
            if args.only and kind != args.only:
                continue
            folder = OUT / f"{kind}-{count}"
            shutil.rmtree(folder, ignore_errors=True)
            seconds, peak = run_build(make(folder, count))
            results[kind] = seconds
            print(f"{count:>6} {kind:<9} {seconds:>8.1f} {peak:>8.0f} {folder_size(folder / 'site'):>8.1f} "
                  f"{1000 * seconds / count:>10.1f}", flush=True)
        if len(results) == 2:
            print(f"{count:>6} ratio hub/markdown: {results['hub'] / results['markdown']:.2f}", flush=True)


if __name__ == "__main__":
    main()
