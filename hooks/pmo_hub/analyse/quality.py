"""Data quality: fields the PMO expects at a project's stage that its file leaves out, and
ratings or change logs that disagree with the handbook's rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmo_hub.analyse.definitions import (
    EXPECTED_FIELDS,
    cost_points_over,
    counted_in_totals,
    in_live_status,
    schedule_days_over,
)
from pmo_hub.analyse.finance import money_sum
from pmo_hub.model import RAG, PortfolioSettings, Project
from pmo_hub.model.project import Change, ChangeStatus


def missing_fields(project: Project, settings: PortfolioSettings) -> list[str]:
    """Expected fields (``definitions.EXPECTED_FIELDS``) missing from one project, in table order."""
    missing: list[str] = []
    for name, stages, _ in EXPECTED_FIELDS:
        if project.stage not in stages:
            continue
        if name == "scores":
            missing += [f"scores.{c.id}" for c in settings.criteria if c.id not in project.scores]
        elif name == "budget.pool":
            if settings.budget_pools and not (project.budget and project.budget.pool):
                missing.append(name)
        elif name.startswith("budget."):
            if getattr(project, name.removeprefix("budget.")) is None:
                missing.append(name)
        elif name == "milestones":
            if not project.milestones:
                missing.append(name)
        elif getattr(project, name) in (None, ""):
            missing.append(name)
    return missing


# -- the handbook's rules on ratings and change control (contract 1.1) ------------------------

# Better than amber: what the status reporting standard never allows beyond a tolerance.
_BETTER_THAN_AMBER = (RAG.green, RAG.amber_green)


@dataclass(frozen=True)
class RatingMismatch:
    """A dimension rated better than amber although its tolerance is breached."""

    project: Project
    dimension: str  # "schedule" or "cost"
    rating: RAG
    over: float  # days (schedule) or percentage points (cost) beyond the tolerance


@dataclass(frozen=True)
class UnappliedChange:
    """Approved changes whose effect the baseline may not carry (definitions.BASELINE_RULE)."""

    project: Project
    dimension: str  # "schedule" or "cost"
    approved_total: float  # days or money: the approved changes' total impact
    shown: float  # the slip in days, or the forecast variance in money
    changes: list[Change]


def rating_mismatches(projects: Sequence[Project], settings: PortfolioSettings) -> list[RatingMismatch]:
    """Definitions.RAG_TOLERANCE_RULE, for live projects; by project id, schedule before cost."""
    rows = []
    for p in sorted(projects, key=lambda p: p.id):
        current = p.current
        if current is None or not in_live_status(p):
            continue
        days = schedule_days_over(p, settings)
        if days is not None and current.schedule in _BETTER_THAN_AMBER:
            rows.append(RatingMismatch(p, "schedule", current.schedule, days))
        points = cost_points_over(p, settings)
        if points is not None and current.cost in _BETTER_THAN_AMBER:
            rows.append(RatingMismatch(p, "cost", current.cost, points))
    return rows


def unapplied_changes(projects: Sequence[Project]) -> list[UnappliedChange]:
    """Definitions.BASELINE_RULE: by project id, schedule before cost."""
    rows = []
    for p in sorted(projects, key=lambda p: p.id):
        if not counted_in_totals(p):
            continue
        approved = [c for c in p.changes if c.status is ChangeStatus.approved]
        timed = [c for c in approved if c.schedule_impact_days]
        days = sum(c.schedule_impact_days or 0 for c in timed)
        if days > 0 and p.slip_days is not None and p.slip_days >= days:
            rows.append(UnappliedChange(p, "schedule", days, p.slip_days, timed))
        costed = [c for c in approved if c.cost_impact]
        cost = money_sum(c.cost_impact or 0.0 for c in costed)
        variance = p.cost_variance
        if cost > 0 and variance is not None and variance >= cost:
            rows.append(UnappliedChange(p, "cost", cost, variance, costed))
    return rows
