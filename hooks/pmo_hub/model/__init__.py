"""Typed models of the data contract: the one source of truth for its rules.

The JSON Schema editors use and the data-format reference page are generated from
these classes (see ``schema.py`` and ``render/reference.py``).
"""

from pmo_hub.model.common import RAG, Stage
from pmo_hub.model.governance import (
    Benefit,
    BenefitStatus,
    Commentary,
    Decision,
    Lesson,
    Meeting,
    Tier,
    ToleranceOverride,
    Tolerances,
)
from pmo_hub.model.portfolio import Portfolio
from pmo_hub.model.portfolio_file import BudgetPool, Criterion, Objective, PortfolioSettings, Programme
from pmo_hub.model.project import Project
from pmo_hub.model.roles import Activity, Role, RolesFile

__all__ = [
    "RAG",
    "Stage",
    "BudgetPool",
    "Criterion",
    "Objective",
    "PortfolioSettings",
    "Programme",
    "Portfolio",
    "Project",
    "Activity",
    "Role",
    "RolesFile",
    "Benefit",
    "BenefitStatus",
    "Commentary",
    "Decision",
    "Lesson",
    "Meeting",
    "Tier",
    "ToleranceOverride",
    "Tolerances",
]
