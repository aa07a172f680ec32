"""Portfolio downloads: ``portfolio.csv``, ``portfolio.xlsx`` and ``portfolio.json``, and the
board's registers as ``exceptions.csv``, ``benefits.csv``, ``decisions.csv`` and ``lessons.csv``.

Built from the same analysis as the pages, so every number equals the one on a page
(amounts exact; percentages and scores rounded as the pages show them). Output is
reproducible: the same data gives the same bytes (the workbook's dates come from the
reporting date, never the clock). Used by the site build and by ``pmo-hub export``:

    from pmo_hub.downloads import build_downloads
    files = build_downloads(portfolio)          # {"portfolio.csv": b"...", ...}
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from pmo_hub.analyse import Analysis, analyse, definitions
from pmo_hub.analyse.proposals import FUNDING_RULE, RANKING_RULE
from pmo_hub.model import Portfolio
from pmo_hub.render import xlsx
from pmo_hub.render.outputs import LastOutputs

FORMATS = {"csv": "portfolio.csv", "xlsx": "portfolio.xlsx", "json": "portfolio.json"}
# The board's registers (contract 1.1): a sheet each in the workbook, a table each in the JSON,
# and a CSV file each beside portfolio.csv (one table per CSV file).
BOARD_TABLES = ("exceptions", "benefits", "decisions", "lessons")
TABLE_CSV = {name: f"{name}.csv" for name in BOARD_TABLES}
SHEETS = ("projects", "milestones", "risks", "issues", "changes", "updates", *BOARD_TABLES)
# Every download, in the order the site lists them.
DOWNLOAD_FILES = (*FORMATS.values(), *TABLE_CSV.values())

# Columns of each table, in order. Amounts are in the portfolio currency, exact.
COLUMNS: dict[str, list[str]] = {
    "projects": [
        "id",
        "name",
        "programme",
        "programme_name",
        "stage",
        "overall",
        "last_update",
        "stale",
        "never_reported",
        "sponsor",
        "manager",
        "start",
        "end",
        "forecast_end",
        "slip_days",
        "counted_in_totals",
        "approved",
        "actual",
        "forecast",
        "forecast_at_completion",
        "variance",
        "variance_pct",
        "pool",
        "weighted_score",
        "pool_rank",
        "funded",
        "objectives",
        "dependencies",
        "open_risks",
        "open_issues",
        "overdue_milestones",
        "tier",
        "in_exception",
        "movement",
    ],
    "milestones": ["project_id", "milestone", "due", "forecast", "done", "state", "slip_days"],
    "risks": ["project_id", "risk_id", "title", "probability", "impact", "score", "owner", "mitigation", "status"],
    "issues": ["project_id", "issue_id", "title", "severity", "owner", "status", "due"],
    "changes": [
        "project_id",
        "change_id",
        "title",
        "status",
        "cost_impact",
        "schedule_impact_days",
        "raised",
        "decided",
        "decided_by",
        "awaiting_days",
    ],
    "updates": ["project_id", "date", "overall", "schedule", "cost", "scope", "risk", "summary"],
    "exceptions": [
        "project_id",
        "name",
        "tier",
        "stage",
        "overall",
        "sponsor",
        "manager",
        "breached",
        "schedule_tolerance_days",
        "slip_days",
        "days_over",
        "cost_tolerance_pct",
        "variance_pct",
        "points_over",
    ],
    "benefits": [
        "project_id",
        "benefit_id",
        "title",
        "owner",
        "measure",
        "unit",
        "financial",
        "baseline",
        "target",
        "due",
        "latest_actual",
        "status",
    ],
    "decisions": ["project_id", "decision_id", "date", "title", "decided_by", "rationale"],
    "lessons": ["project_id", "lesson_id", "date", "category", "title", "what_happened", "recommendation"],
}
MONEY_COLUMNS = {"approved", "actual", "forecast", "forecast_at_completion", "variance", "cost_impact"}
DATE_COLUMNS = {"last_update", "start", "end", "forecast_end", "due", "forecast", "done", "decided", "date", "raised"}


def build_downloads(
    portfolio: Portfolio, analysis: Analysis | None = None, *, last: LastOutputs | None = None
) -> dict[str, bytes]:
    """Every download, by file name; pass the build's ``analysis`` to avoid recomputing it, and
    the ``last`` build's outputs to write again only the tables that changed."""
    analysis = analysis or analyse(portfolio)
    tables = build_tables(analysis)
    last = last or LastOutputs(keep=False)
    files = {
        FORMATS["csv"]: last.made(("csv", "projects"), tables["projects"], lambda: to_csv(tables)),
        FORMATS["xlsx"]: to_xlsx(analysis, tables, last=last),
        FORMATS["json"]: to_json(analysis, tables, last=last),
    }
    for name in BOARD_TABLES:
        files[TABLE_CSV[name]] = last.made(("csv", name), tables[name], partial(to_csv, tables, name))
    return files


def export(portfolio: Portfolio, fmt: str) -> tuple[str, bytes]:
    """One download (``csv``, ``xlsx`` or ``json``) as (file name, bytes), for the command line."""
    analysis = analyse(portfolio)
    tables = build_tables(analysis)
    writers: dict[str, Callable[[], bytes]] = {
        "csv": lambda: to_csv(tables),
        "xlsx": lambda: to_xlsx(analysis, tables),
        "json": lambda: to_json(analysis, tables),
    }
    return FORMATS[fmt], writers[fmt]()


# -- tables --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A plain Python value: None for missing, date for dates, int for whole amounts."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) or hasattr(value, "dtype"):
        value = value.item() if hasattr(value, "item") else value
        if isinstance(value, float):
            if math.isnan(value):
                return None
            return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    values = zip(*(_plain_column(frame[column]) for column in columns), strict=True)
    return [dict(zip(columns, row, strict=True)) for row in values]


def _plain_column(series: pd.Series) -> list[Any]:
    """The column's values as :func:`_plain` gives them, converted a column at a time by its type
    (tens of thousands of rows at 1,000 projects)."""
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else "O"  # pandas' own types: as objects
    if kind == "M":
        return [None if day is pd.NaT else day for day in series.dt.date.tolist()]
    if kind == "f":
        return [
            None if number != number else (int(number) if number.is_integer() and abs(number) < 2**53 else number)
            for number in series.tolist()
        ]
    if kind in "iub":
        return series.tolist()
    return [value if type(value) is str else _plain(value) for value in series.astype(object).tolist()]


def build_tables(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """The six tables as lists of rows (plain Python values), in the pages' order."""
    frames = analysis.frames
    projects = frames.projects.rename(columns={"counted": "counted_in_totals"}).copy()
    scores: dict[str, tuple[float, int | None, bool | None]] = {}
    for ranking in analysis.pool_rankings:
        for ranked in ranking.proposals:
            scores[ranked.project.id] = (ranked.score, ranked.rank, ranked.funded)
    for unranked in analysis.unranked_proposals:
        scores[unranked.project.id] = (unranked.score, None, None)
    projects["weighted_score"] = [scores.get(i, (None,))[0] for i in projects["id"]]
    projects["pool_rank"] = [scores.get(i, (None, None))[1] for i in projects["id"]]
    projects["funded"] = [scores.get(i, (None, None, None))[2] for i in projects["id"]]
    settings = analysis.portfolio.settings
    projects["tier"] = [p.tier for p in projects["_project"]]
    projects["in_exception"] = [definitions.in_exception(p, settings) for p in projects["_project"]]
    moves = [definitions.movement(p) for p in projects["_project"]]
    projects["movement"] = [m.value if m is not None else None for m in moves]
    changes = frames.changes.copy()
    items = list(changes["_item"])
    changes["raised"] = [c.raised for c in items]
    changes["decided_by"] = [c.decided_by for c in items]
    awaiting = {(r.project.id, r.change.id): r.age_days for r in analysis.pending_changes}
    keys = zip(changes["project_id"], changes["change_id"], strict=True)
    changes["awaiting_days"] = [awaiting.get(key) for key in keys]
    sources = {
        "projects": projects,
        "milestones": frames.milestones,
        "risks": frames.risks,
        "issues": frames.issues,
        "changes": changes,
        "updates": frames.updates,
    }
    tables = {name: _records(sources[name], COLUMNS[name]) for name in SHEETS if name in sources}
    tables.update(board_tables(analysis))
    return tables


def board_tables(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Exceptions, benefits, decisions and lessons, in the order of their pages."""
    exceptions = [
        {
            "project_id": e.project.id,
            "name": e.project.name,
            "tier": e.project.tier,
            "stage": e.project.stage.value,
            "overall": e.project.current.overall.value if e.project.current else None,
            "sponsor": e.project.sponsor,
            "manager": e.project.manager,
            "breached": "; ".join(e.breached),
            "schedule_tolerance_days": e.tolerances.schedule_days,
            "slip_days": e.project.slip_days,
            "days_over": e.days_over,
            "cost_tolerance_pct": e.tolerances.cost_percent,
            "variance_pct": e.variance_pct,
            "points_over": e.points_over,
        }
        for e in analysis.exceptions
    ]
    benefits = [
        {
            "project_id": r.project.id,
            "benefit_id": r.benefit.id,
            "title": r.benefit.title,
            "owner": r.benefit.owner,
            "measure": r.benefit.measure,
            "unit": r.benefit.unit,
            "financial": r.financial,
            "baseline": r.benefit.baseline,
            "target": r.benefit.target,
            "due": r.benefit.due,
            "latest_actual": r.latest_actual,
            "status": r.benefit.status.value,
        }
        for r in analysis.benefits
    ]
    decisions = [
        {
            "project_id": p.id,
            "decision_id": d.id,
            "date": d.date,
            "title": d.title,
            "decided_by": d.decided_by,
            "rationale": d.rationale,
        }
        for p, d in analysis.decision_log
    ]
    lessons = [
        {
            "project_id": p.id,
            "lesson_id": lesson.id,
            "date": lesson.date,
            "category": lesson.category,
            "title": lesson.title,
            "what_happened": lesson.what_happened,
            "recommendation": lesson.recommendation,
        }
        for group in analysis.lessons
        for p, lesson in group.lessons
    ]
    rows: dict[str, list[dict[str, Any]]] = {
        "exceptions": exceptions,
        "benefits": benefits,
        "decisions": decisions,
        "lessons": lessons,
    }
    return {
        name: [{column: _plain(row[column]) for column in COLUMNS[name]} for row in rows[name]] for name in BOARD_TABLES
    }


# -- CSV ---------------------------------------------------------------------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: keep names as text.
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(tables: dict[str, list[dict[str, Any]]], name: str = "projects") -> bytes:
    """``portfolio.csv`` (one row per project) or one board table's CSV; UTF-8 with BOM so
    spreadsheets read £ correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS[name])
    for row in tables[name]:
        writer.writerow([_csv_cell(row[column]) for column in COLUMNS[name]])
    return out.getvalue().encode("utf-8-sig")


# -- XLSX ----------------------------------------------------------------------------------


def to_xlsx(analysis: Analysis, tables: dict[str, list[dict[str, Any]]], *, last: LastOutputs | None = None) -> bytes:
    """``portfolio.xlsx``: one sheet per table; byte-reproducible for the same data."""
    settings = analysis.portfolio.settings
    header = xlsx.Style(bold=True, bottom_border=True)
    dates = xlsx.Style(number_format="yyyy-mm-dd")
    money = xlsx.Style(number_format="#,##0.00")

    def column(name: str) -> xlsx.Column:
        width = 12 if name in DATE_COLUMNS or name in MONEY_COLUMNS else min(max(len(name) + 2, 10), 40)
        return xlsx.Column(width, number_style=money if name in MONEY_COLUMNS else None, date_style=dates)

    def rows(name: str) -> Iterator[list[Any]]:
        columns = COLUMNS[name]
        yield columns
        for row in tables[name]:
            yield [row[column] for column in columns]

    sheets = [
        xlsx.Sheet(
            name,
            [column(c) for c in COLUMNS[name]],
            rows(name),
            header_style=header,
            freeze_header=True,
            autofilter=True,
            key=tables[name],
        )
        for name in SHEETS
    ]
    properties = xlsx.Properties(
        created=datetime.combine(analysis.reporting_date, datetime.min.time()),  # never the clock
        title=f"{settings.organisation} portfolio as of {analysis.reporting_date.isoformat()}",
        author=settings.organisation,
        company=settings.organisation,
        comments=f"Generated by PMO Hub; amounts in {settings.currency}.",
    )
    return xlsx.workbook(sheets, properties, last=last)


# -- JSON -------------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {value!r}")


def _totals_dict(totals: Any) -> dict[str, Any]:
    return {
        "projects": totals.projects,
        "approved": _plain(totals.approved),
        "actual": _plain(totals.actual),
        "forecast_at_completion": _plain(totals.forecast),
        "variance": _plain(totals.variance),
        "variance_pct": totals.variance_pct,
        "gross_overspend": _plain(totals.overspend),
        "gross_underspend": _plain(totals.underspend),
    }


def _rag_dict(counts: list[tuple[Any, int]]) -> dict[str, int]:
    return {(value.value if value else "not_reported"): count for value, count in counts}


def to_json(analysis: Analysis, tables: dict[str, list[dict[str, Any]]], *, last: LastOutputs | None = None) -> bytes:
    """``portfolio.json``: the figures of the dashboard and proposals pages plus every table."""
    settings = analysis.portfolio.settings
    document = {
        "organisation": settings.organisation,
        "currency": settings.currency,
        "reporting_date": analysis.reporting_date,
        "stale_after_days": settings.stale_after_days,
        "rules": {
            "totals": definitions.TOTALS_RULE,
            "status": definitions.STATUS_RULE,
            "ranking": RANKING_RULE,
            "funding": FUNDING_RULE,
            "gross": definitions.GROSS_RULE,
            "exception": definitions.EXCEPTION_RULE,
            "movement": definitions.MOVEMENT_RULE,
            "benefits": definitions.BENEFITS_RULE,
            "decisions_required": definitions.DECISIONS_REQUIRED_RULE,
        },
        "totals": _totals_dict(analysis.totals),
        "status": _rag_dict(analysis.rag_counts),
        "stages": {stage.value: count for stage, count in analysis.stage_counts},
        "programmes": [
            {
                "id": row.programme.id if row.programme else None,
                "name": row.name,
                "projects": row.projects,
                "proposals": row.proposals,
                "requested": _plain(row.requested),
                **_totals_dict(row.totals),
                "status": _rag_dict(row.rag_counts),
            }
            for row in analysis.programme_rows
        ],
        "budget_pools": [
            {
                "id": r.pool.id,
                "name": r.pool.name,
                "amount": _plain(r.pool.amount),
                "funded_total": _plain(r.funded_total),
                "remaining": _plain(r.remaining),
                "ranking": [
                    {
                        "id": p.project.id,
                        "rank": p.rank,
                        "weighted_score": p.score,
                        "request": _plain(p.request),
                        "cumulative": _plain(p.cumulative),
                        "funded": p.funded,
                    }
                    for p in r.proposals
                ],
            }
            for r in analysis.pool_rankings
        ],
        "exception_count": len(analysis.exceptions),
        "movement": {
            name: [p.id for p in getattr(analysis.movements, name)]
            for name in ("improved", "worsened", "new", "unchanged")
        },
        "decisions_required": [
            {
                "project_id": r.project.id,
                "change_id": r.change.id,
                "raised": r.change.raised,
                "awaiting_days": r.age_days,
            }
            for r in analysis.pending_changes
        ],
        "benefit_totals": [
            {
                "status": b.status.value if b.status else "all",
                "benefits": b.count,
                "financial": b.financial,
                "target": _plain(b.target),
                "latest_actual": _plain(b.actual),
            }
            for b in analysis.benefit_totals
        ],
        "meetings": {
            "upcoming": [{"date": m.date, "board": m.board, "purpose": m.purpose} for m in analysis.upcoming_meetings],
            "past": [{"date": m.date, "board": m.board, "purpose": m.purpose} for m in analysis.past_meetings],
        },
        "unranked_proposals": [
            {"id": u.project.id, "weighted_score": u.score, "request": _plain(u.request), "reason": u.reason}
            for u in analysis.unranked_proposals
        ],
    }
    # The document's figures, then each table, written as json.dumps writes {**document, **tables}:
    # each table on its own, so that one written by the last build can be taken as it was.
    if document.keys() & tables.keys():
        raise ValueError(f"tables named as the document's figures: {sorted(document.keys() & tables.keys())}")
    last = last or LastOutputs(keep=False)
    parts = [_json_text(document)[:-1]]
    for name, rows in tables.items():
        parts.append(f",{_json_text(name)}:{last.made(('json', name), rows, partial(_json_text, rows))}")
    return ("".join(parts) + "}\n").encode("utf-8")


def _json_text(value: Any) -> str:
    # Compact: a download for programs (6.0 MB at 1,000 projects; 7.2 MB indented).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default, allow_nan=False)
