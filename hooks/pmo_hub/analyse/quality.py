"""Data quality: fields the PMO expects at a project's stage that its file leaves out."""

from __future__ import annotations

from ..model import PortfolioSettings, Project
from .definitions import EXPECTED_FIELDS


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
