"""The data-quality summary the nightly job writes to its GitHub job summary (Markdown).

The same findings as the site's data-quality page (``analyse``), condensed for the people
who read CI results: counts first, then the projects to chase, each with its data file.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from collections.abc import Iterator

from pmo_hub.analyse import analyse
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.model import Portfolio, Project
from pmo_hub.model.project import Update
from pmo_hub.problems import display_path, one_line
from pmo_hub.tools.options import data_dir

MAX_ROWS = 25  # per section; the site's data-quality page lists them all


def quality_summary(portfolio: Portfolio, site_url: str | None = None) -> str:
    return "\n".join(_lines(portfolio, site_url)) + "\n"


def _newest_update(project: Project) -> Update:
    current = project.current
    assert current is not None  # a stale project has an update (status.is_stale)
    return current


def _lines(portfolio: Portfolio, site_url: str | None) -> Iterator[str]:
    analysis = analyse(portfolio)
    files = portfolio.project_files
    sections = [
        (
            "Stale status",
            f"newest update older than {portfolio.settings.stale_after_days} days",
            [(p, f"last update {_newest_update(p).date}") for p in analysis.stale],
        ),
        (
            "No status update",
            "past the proposal stage, never reported",
            [(p, p.stage.value) for p in analysis.never_reported],
        ),
        (
            "Overdue milestones without a forecast",
            "not done, due before the reporting date, no forecast",
            [(p, f"{m.name} (due {m.due})") for p, m in analysis.overdue_without_forecast],
        ),
        (
            "Missing fields for the stage",
            "fields the PMO expects at the project's stage",
            [(p, ", ".join(fields)) for p, fields in analysis.missing_fields],
        ),
        # The board's checks (issue 14): the same lists as the exceptions and data-quality pages.
        (
            "Projects in exception",
            "beyond their schedule or cost tolerance",
            [
                (
                    e.project,
                    "; ".join(
                        ([f"schedule {e.days_over} days over"] if e.days_over is not None else [])
                        + ([f"cost {e.points_over:.1f} points over"] if e.points_over is not None else [])
                    ),
                )
                for e in analysis.exceptions
            ],
        ),
        (
            "Ratings better than the tolerances allow",
            "schedule or cost rated better than amber beyond tolerance",
            [(m.project, f"{m.dimension} rated {m.rating.value}") for m in analysis.rating_mismatches],
        ),
        (
            "Approved changes not reflected in the baseline",
            "approved delays or costs still showing as slip or variance",
            [(u.project, f"{u.dimension}: {', '.join(c.id for c in u.changes)}") for u in analysis.unapplied_changes],
        ),
        (
            "Change requests awaiting a decision too long",
            "still requested 30 days or more after being raised",
            [(r.project, f"{r.change.id} raised {r.change.raised}") for r in analysis.overdue_changes],
        ),
    ]
    yield f"## Data quality: {_text(portfolio.settings.organisation)}"
    yield ""
    yield (
        f"{len(portfolio.projects)} projects, reporting date {portfolio.reporting_date}. "
        + (f"Full list: [data quality]({site_url.rstrip('/')}/portfolio/data-quality/)." if site_url else "")
    )
    yield ""
    yield "| Check | Projects |"
    yield "|---|---:|"
    for title, _, rows in sections:
        yield f"| {title} | {len({p.id for p, _ in rows})} |"
    for title, meaning, rows in sections:
        if not rows:
            continue
        yield ""
        yield f"### {title}"
        yield ""
        yield f"{meaning[0].upper()}{meaning[1:]}."
        yield ""
        yield "| Project | Detail | File |"
        yield "|---|---|---|"
        for project, detail in rows[:MAX_ROWS]:
            source = _code(display_path(files[project.id]))
            yield f"| {_text(project.id)}: {_text(project.name)} | {_text(detail)} | {source} |"
        if len(rows) > MAX_ROWS:
            yield f"| … and {len(rows) - MAX_ROWS} more | | |"


# Every ASCII character Markdown may read as markup. GitHub renders job summaries as Markdown
# with some HTML, so a project named `<img src=…>` or `![](…)` would load an image, and `<!--`
# would hide the rest of the summary.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")


def _text(text: object) -> str:
    """Data as literal text in Markdown (a heading, a table cell): one line, no markup."""
    flat = one_line(" ".join(str(text).split()))
    return _MARKUP.sub(r"\\\1", html.escape(flat, quote=False))


def _code(text: str) -> str:
    """A file name as code, or as escaped text if it would break out of the code span."""
    if "`" in text or any(not char.isprintable() for char in text):
        return _text(text)
    return f"`{text}`"


def run(args: argparse.Namespace) -> int:
    text = quality_summary(load_portfolio(data_dir(args)), args.site_url)
    target = args.out or os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(text)
    else:
        sys.stdout.write(text)
    return 0
