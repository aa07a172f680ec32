"""The data-quality summary the nightly job writes to its GitHub job summary (Markdown).

The same findings as the site's data-quality page (``analyse``), condensed for the people
who read CI results: counts first, then the projects to chase, each with its data file.
"""

from __future__ import annotations

from collections.abc import Iterator

from .analyse import analyse
from .data import Portfolio
from .problems import display_path

MAX_ROWS = 25  # per section; the site's data-quality page lists them all


def quality_summary(portfolio: Portfolio, site_url: str | None = None) -> str:
    return "\n".join(_lines(portfolio, site_url)) + "\n"


def _lines(portfolio: Portfolio, site_url: str | None) -> Iterator[str]:
    analysis = analyse(portfolio)
    files = portfolio.project_files
    sections = [
        ("Stale status", f"newest update older than {portfolio.settings.stale_after_days} days",
         [(p, f"last update {p.current.date}") for p in analysis.stale]),
        ("No status update", "past the proposal stage, never reported",
         [(p, p.stage.value) for p in analysis.never_reported]),
        ("Overdue milestones without a forecast", "not done, due before the reporting date, no forecast",
         [(p, f"{m.name} (due {m.due})") for p, m in analysis.overdue_without_forecast]),
        ("Missing fields for the stage", "fields the PMO expects at the project's stage",
         [(p, ", ".join(fields)) for p, fields in analysis.missing_fields]),
    ]
    yield f"## Data quality: {portfolio.settings.organisation}"
    yield ""
    yield (f"{len(portfolio.projects)} projects, reporting date {portfolio.reporting_date}. "
           + (f"Full list: [data quality]({site_url.rstrip('/')}/portfolio/data-quality/)." if site_url else ""))
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
            yield f"| {_cell(project.id)}: {_cell(project.name)} | {_cell(detail)} | `{display_path(files[project.id])}` |"
        if len(rows) > MAX_ROWS:
            yield f"| … and {len(rows) - MAX_ROWS} more | | |"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
