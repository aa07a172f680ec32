"""Time of the portfolio analysis (pmo_hub.analyse) for synthetic portfolios of N projects.

For each N it loads the portfolio once, then computes every figure the views and downloads use,
K times, and prints the median and the fastest run next to the time loading took, and how the
time grew from the previous N: linear growth keeps "growth / N growth" near 1, quadratic
growth doubles it with each doubling of N.

    .venv/bin/python benchmarks/analysis_benchmark.py                 # N = 750, 3000
    .venv/bin/python benchmarks/analysis_benchmark.py 1000 4000 --repeat 5

It prints figures and asserts nothing: on a shared machine one run says little (the test it
replaces failed at 1.50 s against a 1.48 s limit), so read the medians over a few rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, make_portfolio  # noqa: E402

sys.path.insert(0, str(ROOT / "hooks"))
from pmo_hub.analyse import Analysis, analyse  # noqa: E402
from pmo_hub.load.portfolio import load_portfolio  # noqa: E402
from pmo_hub.model import Portfolio  # noqa: E402

# Every figure the views and downloads read (each is computed lazily on first access).
FIGURES = (
    "totals",
    "programme_rows",
    "top_slips",
    "stale",
    "overdue_milestones",
    "heat_map",
    "risk_cells",
    "top_risks",
    "open_issues",
    "alignment",
    "at_risk_dependencies",
    "missing_fields",
    "trend",
    "roadmap",
    "pool_rankings",
)


def compute_every_figure(analysis: Analysis) -> None:
    for name in FIGURES:
        getattr(analysis, name)


def time_analysis(portfolio: Portfolio, repeat: int) -> list[float]:
    """Seconds of ``repeat`` fresh analyses of the loaded portfolio, each computing every figure."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        compute_every_figure(analyse(portfolio))
        runs.append(time.perf_counter() - started)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[750, 3000])
    parser.add_argument("--repeat", type=int, default=3, metavar="K", help="analyses per size (default 3)")
    args = parser.parse_args()
    print(f"{'N':>6} {'load s':>7} {'median s':>9} {'min s':>7} {'ms/project':>10} {'growth / N growth':>18}")
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory(prefix="pmo-analysis-bench-") as tmp:
        for count in args.sizes:
            started = time.perf_counter()
            portfolio = load_portfolio(make_portfolio(Path(tmp) / f"data-{count}", count))
            loading = time.perf_counter() - started
            runs = time_analysis(portfolio, args.repeat)
            median = statistics.median(runs)
            growth = f"{(median / previous[1]) / (count / previous[0]):>18.2f}" if previous else f"{'':>18}"
            print(
                f"{count:>6} {loading:>7.2f} {median:>9.3f} {min(runs):>7.3f} {1000 * median / count:>10.3f} "
                f"{growth}   runs: {' '.join(f'{r:.3f}' for r in runs)}",
                flush=True,
            )
            previous = (count, median)


if __name__ == "__main__":
    main()
