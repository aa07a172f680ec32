"""The rules behind each figure, as code and as the sentence the pages print.

Each view states the rule it applies; keeping the wording beside the code keeps them in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from pmo_hub.model import RAG, Benefit, Commentary, PortfolioSettings, Project, Stage

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
    "Status counts cover live projects (initiation to closing), by the overall RAG of their newest "
    "update; “Not reported” counts those with no update yet. Proposals do not report status, and "
    "closed projects have left the live status totals."
)

TREND_RULE = (
    "For each month, every live project (initiation to closing) that had reported by the end of the "
    "month is counted once, by the overall RAG of its newest update on or before that day: a status "
    "carries forward until the next update, so a month counts status, not how many reports came in. "
    "Updates after the reporting date are left out; proposals and closed projects are not counted."
)

GROSS_RULE = (
    "Gross overspend is the sum of the variances of the projects forecast to cost more than approved; "
    "gross underspend the sum of those forecast to cost less (a negative amount). Together they make "
    "the netted variance, over the same projects as the totals."
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


def in_live_status(project: Project) -> bool:
    """Counted in live status totals (STATUS_RULE): from initiation to closing, not after."""
    return project.stage in LIVE_STAGES


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
    (
        "manager",
        (Stage.initiation, Stage.planning, Stage.delivery, Stage.closing, Stage.closed),
        "who runs the project",
    ),
    ("milestones", (Stage.planning, Stage.delivery, Stage.closing, Stage.closed), "the plan's key dates"),
    ("budget.actual", (Stage.delivery, Stage.closing, Stage.closed), "spend to date"),
    ("budget.forecast", (Stage.delivery, Stage.closing, Stage.closed), "estimate at completion"),
    ("forecast_end", (Stage.delivery, Stage.closing), "current forecast finish"),
)


# -- Version 1.1: tolerances, exceptions and movement --------------------------------------

EXCEPTION_RULE = (
    "A project is in exception when its slip (forecast finish − planned finish) is more than its "
    "schedule tolerance in days, or its forecast at completion exceeds the approved budget by more "
    "than its cost tolerance (a percentage of approved). Its tolerances are the portfolio's "
    "defaults, each replaced by its tier's where the tier sets one. With no tolerance set, no "
    "project is in exception; closed projects and proposals never are."
)

MOVEMENT_RULE = (
    "Movement compares a project's current overall RAG with its previous update (the newest "
    "update before the current one): improved, unchanged or worsened; new when it has only one update."
)


@dataclass(frozen=True)
class EffectiveTolerances:
    """The tolerances a project is held to; ``None`` for a dimension no one set."""

    schedule_days: int | None
    cost_percent: float | None


class Movement(str, Enum):
    improved = "improved"
    unchanged = "unchanged"
    worsened = "worsened"
    new = "new"


def effective_tolerances(project: Project, settings: PortfolioSettings) -> EffectiveTolerances:
    """The portfolio's default tolerances, each field replaced by the project tier's where set."""
    default = settings.tolerances
    schedule = default.schedule_days if default else None
    cost = default.cost_percent if default else None
    tier = next((t for t in settings.tiers if t.id == project.tier), None) if project.tier else None
    if tier is not None and tier.tolerances is not None:
        if tier.tolerances.schedule_days is not None:
            schedule = tier.tolerances.schedule_days
        if tier.tolerances.cost_percent is not None:
            cost = tier.tolerances.cost_percent
    return EffectiveTolerances(schedule, cost)


def schedule_days_over(project: Project, settings: PortfolioSettings) -> int | None:
    """Days of slip beyond the schedule tolerance; ``None`` when within it (or not measurable)."""
    tolerance = effective_tolerances(project, settings).schedule_days
    slip = project.slip_days
    if tolerance is None or slip is None or slip <= tolerance:
        return None
    return slip - tolerance


def cost_points_over(project: Project, settings: PortfolioSettings) -> float | None:
    """Percentage points of cost variance beyond the cost tolerance, to one decimal (half up);
    ``None`` when within it (or not measurable). Forecast at completion as in TOTALS_RULE."""
    tolerance = effective_tolerances(project, settings).cost_percent
    forecast, approved = forecast_at_completion(project), project.approved
    if tolerance is None or forecast is None or not approved:
        return None
    # Decimal of the written figures, so that a forecast exactly at the limit (1,100,000 on
    # 1,000,000 at 10%) is inside it, as a person working it out by hand would say.
    over = (_exact(forecast) - _exact(approved)) * 100
    limit = _exact(tolerance) * _exact(approved)
    if over <= limit:
        return None
    return float(((over - limit) / _exact(approved)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def in_exception(project: Project, settings: PortfolioSettings) -> bool:
    """Beyond its schedule or cost tolerance (see EXCEPTION_RULE); only live projects can be.

    Closed projects never are (the contract), nor proposals: the portfolio board sets a
    project's tolerances at Gate 1, so a proposal has none yet, and its amount is a request.
    """
    if project.stage not in LIVE_STAGES:
        return False
    return schedule_days_over(project, settings) is not None or cost_points_over(project, settings) is not None


def movement(project: Project) -> Movement | None:
    """Current overall RAG against the previous update (see MOVEMENT_RULE); ``None`` with no update."""
    history = project.history
    if not history:
        return None
    if len(history) == 1:
        return Movement.new
    current, previous = history[0].overall, history[1].overall
    if current.order < previous.order:  # RAG is ordered best first
        return Movement.improved
    if current.order > previous.order:
        return Movement.worsened
    return Movement.unchanged


def current_commentary(settings: PortfolioSettings, on: date) -> Commentary | None:
    """The PMO commentary the board pack shows: the newest dated on or before ``on``.

    Of two on the same date, the one written later in the file, as for status updates.
    """
    dated = [(entry.date, index, entry) for index, entry in enumerate(settings.commentary) if entry.date <= on]
    return max(dated, key=lambda item: (item[0], item[1]))[2] if dated else None


def _exact(number: float) -> Decimal:
    # str() gives the shortest text that reads back as the same float: the figure as written.
    return Decimal(str(number))


# -- Version 1.1: the portfolio board's pages -----------------------------------------------

# change-control.md, "Response times": a request still `requested` 30 days after it was raised
# is flagged in the PMO's monthly review.
CHANGE_DECISION_DAYS = 30
BOARD_PACK_RISKS = 10

DECISIONS_REQUIRED_RULE = (
    "Decisions required: every change request still awaiting a decision (status requested), oldest "
    "first, and every project in exception. The tolerances recorded in the hub are the project "
    "tolerances the portfolio board set, so what happens to a project beyond them is the board's "
    "decision, on the exception report its project board sends."
)

BENEFITS_RULE = (
    "A benefit is financial when its unit is the portfolio currency; only financial benefits are "
    "summed. The latest actual is the newest measurement dated on or before the reporting date (a "
    "benefit with none adds nothing to the actual total)."
)

DECISION_LOG_RULE = "Newest first; decisions of the same date by project id, then as written in the file."

LESSONS_RULE = (
    "Lessons by category (alphabetical; lessons without one last), newest first within a category, then by project id."
)

CALENDAR_RULE = (
    "Upcoming: meetings on or after the reporting date, soonest first. Past: meetings before it, newest first."
)

RAG_TOLERANCE_RULE = (
    "A live project is listed when its newest update rates schedule better than amber (green or "
    "amber/green) while its slip is beyond its schedule tolerance, or rates cost better than amber "
    "while its forecast variance is beyond its cost tolerance. A project beyond the tolerances the "
    "portfolio board set is beyond its project manager's (14 days, 5%) too, which the status "
    "reporting standard rates amber or worse."
)

BASELINE_RULE = (
    "Approved changes move the baseline (`end`, `budget.approved`) in the same pull request as the "
    "decision. A file shows only the current baseline, not the one before the change, so the hub "
    "looks for the trace an unapplied change leaves: a project past the proposal stage whose approved "
    "changes add up to a delay (or a cost increase) while its slip (or forecast variance) is still at "
    "least that total, as if the forecast had moved and the baseline had not. Each row is a prompt to "
    "check the file against the decision, not proof."
)

AWAITING_RULE = (
    f"A change request still awaiting a decision {CHANGE_DECISION_DAYS} days or more after it was raised "
    "(change control, response times); a request with no `raised` date cannot be timed and is listed "
    "apart."
)


def latest_actual(benefit: Benefit, on: date) -> float | None:
    """The newest measurement dated on or before ``on`` (of two on a date, the later written)."""
    dated = [(actual.date, index, actual.value) for index, actual in enumerate(benefit.actuals) if actual.date <= on]
    return max(dated)[2] if dated else None


def is_financial(benefit: Benefit, currency: str) -> bool:
    """A unit equal to the portfolio currency (the contract) makes a benefit financial."""
    return benefit.unit is not None and benefit.unit.strip() == currency
