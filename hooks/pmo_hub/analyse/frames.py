"""One pandas DataFrame per entity, built in a single pass over the portfolio.

Columns starting with ``_`` hold the model objects a row came from, so that views can
select rows with pandas and still render them from the typed models (no NaN in pages).
Dates are ``datetime64`` (NaT when missing); amounts are floats (NaN when missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pmo_hub.analyse import status as assess
from pmo_hub.analyse.definitions import (
    counted_in_totals,
    forecast_at_completion,
    in_live_status,
    reports_status,
    variance_pct,
)
from pmo_hub.model import RAG, Portfolio


@dataclass(frozen=True)
class Frames:
    projects: pd.DataFrame  # index: project id
    milestones: pd.DataFrame
    risks: pd.DataFrame
    issues: pd.DataFrame
    changes: pd.DataFrame
    updates: pd.DataFrame


def _rag(value: RAG | None) -> str | None:
    return value.value if value is not None else None


def _dates(frame: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


PROJECT_COLUMNS = [
    "id",
    "name",
    "programme",
    "programme_name",
    "stage",
    "stage_order",
    "overall",
    "overall_order",
    "last_update",
    "update_count",
    "stale",
    "never_reported",
    "reports_status",
    "live_status",
    "sponsor",
    "manager",
    "start",
    "end",
    "forecast_end",
    "slip_days",
    "counted",
    "approved",
    "actual",
    "forecast",
    "forecast_at_completion",
    "variance",
    "variance_pct",
    "pool",
    "objectives",
    "dependencies",
    "open_risks",
    "open_issues",
    "overdue_milestones",
    "_project",
]
MILESTONE_COLUMNS = ["project_id", "milestone", "due", "forecast", "done", "state", "slip_days", "_project", "_item"]
RISK_COLUMNS = [
    "project_id",
    "risk_id",
    "title",
    "probability",
    "impact",
    "score",
    "owner",
    "mitigation",
    "status",
    "_project",
    "_item",
]
ISSUE_COLUMNS = [
    "project_id",
    "issue_id",
    "title",
    "severity",
    "severity_order",
    "owner",
    "status",
    "due",
    "_project",
    "_item",
]
CHANGE_COLUMNS = [
    "project_id",
    "change_id",
    "title",
    "status",
    "cost_impact",
    "schedule_impact_days",
    "decided",
    "_project",
    "_item",
]
UPDATE_COLUMNS = ["project_id", "date", "overall", "schedule", "cost", "scope", "risk", "summary", "_project", "_item"]


def build_frames(portfolio: Portfolio) -> Frames:
    """Every entity of every project, one row each; linear in the size of the data."""
    rd: date = portfolio.reporting_date
    stale_days = portfolio.settings.stale_after_days
    programmes = portfolio.programmes
    projects, milestones, risks, issues, changes, updates = [], [], [], [], [], []
    for p in portfolio.projects:
        current = p.current
        counted = counted_in_totals(p)
        overdue = 0
        for m in p.milestones:
            state = assess.milestone_state(m, rd)
            overdue += state == "overdue"
            milestones.append(
                {
                    "project_id": p.id,
                    "milestone": m.name,
                    "due": m.due,
                    "forecast": m.forecast,
                    "done": m.done,
                    "state": state,
                    "slip_days": m.slip_days,
                    "_project": p,
                    "_item": m,
                }
            )
        for r in p.risks:
            risks.append(
                {
                    "project_id": p.id,
                    "risk_id": r.id,
                    "title": r.title,
                    "probability": r.probability,
                    "impact": r.impact,
                    "score": r.score,
                    "owner": r.owner,
                    "mitigation": r.mitigation,
                    "status": r.status.value,
                    "_project": p,
                    "_item": r,
                }
            )
        for i in p.issues:
            issues.append(
                {
                    "project_id": p.id,
                    "issue_id": i.id,
                    "title": i.title,
                    "severity": i.severity.value,
                    "severity_order": i.severity.order,
                    "owner": i.owner,
                    "status": i.status.value,
                    "due": i.due,
                    "_project": p,
                    "_item": i,
                }
            )
        for c in p.changes:
            changes.append(
                {
                    "project_id": p.id,
                    "change_id": c.id,
                    "title": c.title,
                    "status": c.status.value,
                    "cost_impact": c.cost_impact,
                    "schedule_impact_days": c.schedule_impact_days,
                    "decided": c.decided,
                    "_project": p,
                    "_item": c,
                }
            )
        for u in p.updates:
            updates.append(
                {
                    "project_id": p.id,
                    "date": u.date,
                    "overall": u.overall.value,
                    "schedule": _rag(u.schedule),
                    "cost": _rag(u.cost),
                    "scope": _rag(u.scope),
                    "risk": _rag(u.risk),
                    "summary": u.summary,
                    "_project": p,
                    "_item": u,
                }
            )
        variance = p.cost_variance
        projects.append(
            {
                "id": p.id,
                "name": p.name,
                "programme": p.programme,
                "programme_name": programmes[p.programme].name if p.programme else None,
                "stage": p.stage.value,
                "stage_order": p.stage.order,
                "overall": _rag(current.overall) if current else None,
                "overall_order": current.overall.order if current else None,
                "last_update": current.date if current else None,
                "update_count": len(p.updates),
                "stale": assess.is_stale(p, rd, stale_days),
                "never_reported": assess.never_reported(p),
                "reports_status": reports_status(p),
                "live_status": in_live_status(p),
                "sponsor": p.sponsor,
                "manager": p.manager,
                "start": p.start,
                "end": p.end,
                "forecast_end": p.forecast_end,
                "slip_days": p.slip_days,
                "counted": counted,
                "approved": p.approved,
                "actual": p.actual,
                "forecast": p.forecast,
                "forecast_at_completion": forecast_at_completion(p) if counted else None,
                "variance": variance,
                "variance_pct": variance_pct(variance, p.approved),
                "pool": p.budget.pool if p.budget else None,
                "objectives": "; ".join(p.objectives),
                "dependencies": "; ".join(p.dependencies),
                "open_risks": sum(r.status.value == "open" for r in p.risks),
                "open_issues": sum(i.status.value == "open" for i in p.issues),
                "overdue_milestones": overdue,
                "_project": p,
            }
        )
    frames = Frames(
        projects=_frame(projects, PROJECT_COLUMNS),
        milestones=_frame(milestones, MILESTONE_COLUMNS),
        risks=_frame(risks, RISK_COLUMNS),
        issues=_frame(issues, ISSUE_COLUMNS),
        changes=_frame(changes, CHANGE_COLUMNS),
        updates=_frame(updates, UPDATE_COLUMNS),
    )
    frames.projects.index = pd.Index(frames.projects["id"].to_list())  # unnamed: "id" stays a plain column
    _dates(frames.projects, "last_update", "start", "end", "forecast_end")
    _dates(frames.milestones, "due", "forecast", "done")
    _dates(frames.issues, "due")
    _dates(frames.changes, "decided")
    _dates(frames.updates, "date")
    columns: tuple[str, ...]
    for frame, columns in (
        (
            frames.projects,
            ("approved", "actual", "forecast", "forecast_at_completion", "variance", "variance_pct", "overall_order"),
        ),
        (frames.changes, ("cost_impact",)),
    ):
        for column in columns:
            frame[column] = frame[column].astype("float64")
    for frame, column in (
        (frames.projects, "slip_days"),
        (frames.milestones, "slip_days"),
        (frames.changes, "schedule_impact_days"),
    ):
        frame[column] = frame[column].astype("Int64")
    # Fixed dtypes, so that an empty portfolio gives empty frames that behave the same
    # (an empty object column used as a mask would select columns, not rows).
    for frame, columns, dtype in (
        (frames.projects, ("stale", "never_reported", "reports_status", "live_status", "counted"), "bool"),
        (frames.projects, ("stage_order", "update_count", "open_risks", "open_issues", "overdue_milestones"), "int64"),
        (frames.risks, ("probability", "impact", "score"), "int64"),
        (frames.issues, ("severity_order",), "int64"),
    ):
        for column in columns:
            frame[column] = frame[column].astype(dtype)
    return frames
