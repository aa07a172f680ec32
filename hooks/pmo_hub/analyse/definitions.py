"""The rules behind each figure, as code and as the sentence the pages print.

Each view states the rule it applies; keeping the wording beside the code keeps them in step.
"""

from __future__ import annotations

from ..model import RAG, Project, Stage

# Lists on the dashboard and milestone views.
DUE_SOON_DAYS = 90
RECENT_DAYS = 30
TOP_EXCEPTIONS = 10
TOP_RISKS = 20
TREND_MONTHS = 12

# Stages in which a project is being delivered (the roadmap and exception lists).
LIVE_STAGES = (Stage.initiation, Stage.planning, Stage.delivery, Stage.closing)

# "Red or amber" on the five-point scale: amber and anything worse.
AT_RISK = (RAG.amber, RAG.amber_red, RAG.red)

TOTALS_RULE = (
    "Totals cover every project past the proposal stage, closed projects included; a proposal's "
    "amount is a request, shown on the proposals page instead. A missing actual counts as nothing "
    "spent to date. A project with no forecast counts as forecast to finish on its approved budget "
    "(forecast at completion = approved, variance nil). Variance = forecast at completion − approved, "
    "and as a percentage of approved."
)

STATUS_RULE = (
    "Status counts cover projects past the proposal stage, by the overall RAG of their newest "
    "update; “Not reported” counts those with no update yet. Proposals do not report status."
)

TREND_RULE = (
    "For each month, every project that reported in that month is counted once, by the overall "
    "RAG of its last update of the month. Updates after the reporting date are left out."
)

AT_RISK_RULE = "“Red or amber” means an overall RAG of Amber, Amber/Red or Red in the newest update."


def counted_in_totals(project: Project) -> bool:
    """Past the proposal stage: its budget is approved money, not a request."""
    return project.stage is not Stage.proposal


def reports_status(project: Project) -> bool:
    """Projects report status from initiation on; proposals are not expected to."""
    return project.stage is not Stage.proposal


def forecast_at_completion(project: Project) -> float | None:
    """The forecast, or the approved budget where no forecast is given (see TOTALS_RULE)."""
    if project.forecast is not None:
        return project.forecast
    return project.approved


def variance_pct(variance: float | None, approved: float | None) -> float | None:
    """Variance as a percentage of approved, to one decimal as pages and downloads show it."""
    if variance is None or not approved:
        return None
    return round(variance / approved * 100, 1)


def is_at_risk(rag: RAG | None) -> bool:
    return rag in AT_RISK


# Fields the PMO expects by stage; missing ones are listed on the data quality page.
# (field, stages, why). Fields the contract requires are validated elsewhere, not here.
EXPECTED_FIELDS: tuple[tuple[str, tuple[Stage, ...], str], ...] = (
    ("summary", tuple(Stage), "what the project is for"),
    ("sponsor", tuple(Stage), "who is accountable"),
    ("budget.approved", (Stage.proposal,), "the amount a proposal requests"),
    ("budget.pool", (Stage.proposal,), "the pool a proposal competes in (when pools are defined)"),
    ("scores", (Stage.proposal,), "a score for every scoring criterion (when criteria are defined)"),
    ("manager", (Stage.initiation, Stage.planning, Stage.delivery, Stage.closing, Stage.closed),
     "who runs the project"),
    ("milestones", (Stage.planning, Stage.delivery, Stage.closing, Stage.closed), "the plan's key dates"),
    ("budget.actual", (Stage.delivery, Stage.closing, Stage.closed), "spend to date"),
    ("budget.forecast", (Stage.delivery, Stage.closing, Stage.closed), "estimate at completion"),
    ("forecast_end", (Stage.delivery, Stage.closing), "current forecast finish"),
)
