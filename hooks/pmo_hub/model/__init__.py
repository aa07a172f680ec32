"""Typed models of the data contract: the one source of truth for its rules.

The JSON Schema editors use and the data-format reference page are generated from
these classes (see ``schema.py`` and ``render/reference.py``).
"""

from .common import RAG, Stage
from .governance import (
    Benefit, BenefitStatus, Commentary, Decision, Lesson, Meeting, Tier, ToleranceOverride, Tolerances,
)
from .portfolio import BudgetPool, Criterion, Objective, PortfolioSettings, Programme
from .project import Project
from .roles import Activity, Role, RolesFile

__all__ = [
    "RAG", "Stage", "BudgetPool", "Criterion", "Objective", "PortfolioSettings", "Programme",
    "Project", "Activity", "Role", "RolesFile",
    "Benefit", "BenefitStatus", "Commentary", "Decision", "Lesson", "Meeting", "Tier", "ToleranceOverride",
    "Tolerances",
]
