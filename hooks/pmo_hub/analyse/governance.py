"""The portfolio board's figures (contract 1.1): exceptions, decisions required, movement,
benefits, the decision log, the lessons library and the governance calendar.

Each function makes one pass over the projects (linear in the data) and returns model
objects in the order the pages show them; the rules are in :mod:`.definitions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from pmo_hub.analyse import definitions
from pmo_hub.analyse.finance import money_sum
from pmo_hub.model import Benefit, BenefitStatus, Decision, Lesson, Meeting, PortfolioSettings, Project
from pmo_hub.model.project import Change, ChangeStatus

UNCATEGORISED = "Uncategorised"


@dataclass(frozen=True)
class ExceptionRow:
    """A project in exception, with each breached tolerance and by how much."""

    project: Project
    tolerances: definitions.EffectiveTolerances
    days_over: int | None  # slip beyond the schedule tolerance
    points_over: float | None  # percentage points of variance beyond the cost tolerance
    variance_pct: float | None  # forecast variance, % of approved (as the dashboard shows it)

    @property
    def breached(self) -> list[str]:
        return [name for name, over in (("schedule", self.days_over), ("cost", self.points_over)) if over is not None]


@dataclass(frozen=True)
class PendingChange:
    """A change request still awaiting a decision."""

    project: Project
    change: Change
    age_days: int | None  # days since raised, at the reporting date; None without `raised`

    @property
    def overdue(self) -> bool:
        return self.age_days is not None and self.age_days >= definitions.CHANGE_DECISION_DAYS


@dataclass(frozen=True)
class Movements:
    improved: list[Project] = field(default_factory=list)
    worsened: list[Project] = field(default_factory=list)
    new: list[Project] = field(default_factory=list)
    unchanged: list[Project] = field(default_factory=list)


@dataclass(frozen=True)
class BenefitRow:
    project: Project
    benefit: Benefit
    latest_actual: float | None
    financial: bool


@dataclass(frozen=True)
class BenefitTotal:
    """Benefits of one status (or all, ``status`` None): count, and financial sums."""

    status: BenefitStatus | None
    count: int
    financial: int
    target: float
    actual: float


@dataclass(frozen=True)
class LessonGroup:
    category: str
    lessons: list[tuple[Project, Lesson]]


def exceptions(projects: Sequence[Project], settings: PortfolioSettings) -> list[ExceptionRow]:
    """The projects in exception (definitions.EXCEPTION_RULE), in project id order."""
    rows = []
    for p in projects:
        if not definitions.in_exception(p, settings):
            continue
        variance = (definitions.forecast_at_completion(p) or 0.0) - (p.approved or 0.0) if p.approved else None
        rows.append(
            ExceptionRow(
                p,
                definitions.effective_tolerances(p, settings),
                definitions.schedule_days_over(p, settings),
                definitions.cost_points_over(p, settings),
                definitions.variance_pct(variance, p.approved),
            )
        )
    return sorted(rows, key=lambda row: row.project.id)


def pending_changes(projects: Sequence[Project], on: date) -> list[PendingChange]:
    """Change requests still `requested`, oldest raised first (no date last), then project and id."""
    rows = [
        PendingChange(p, c, (on - c.raised).days if c.raised else None)
        for p in projects
        for c in p.changes
        if c.status is ChangeStatus.requested
    ]
    return sorted(rows, key=lambda r: (r.change.raised is None, r.change.raised or on, r.project.id, r.change.id))


def movements(projects: Sequence[Project]) -> Movements:
    """Live projects by movement (definitions.MOVEMENT_RULE), each list in project id order."""
    result = Movements()
    lists = {
        definitions.Movement.improved: result.improved,
        definitions.Movement.worsened: result.worsened,
        definitions.Movement.new: result.new,
        definitions.Movement.unchanged: result.unchanged,
    }
    for p in sorted(projects, key=lambda p: p.id):
        move = definitions.movement(p) if definitions.in_live_status(p) else None
        if move is not None:
            lists[move].append(p)
    return result


def benefits(projects: Sequence[Project], settings: PortfolioSettings, on: date) -> list[BenefitRow]:
    """Every benefit, by status (planned to not realised), then due date, project and id."""
    order = {status: index for index, status in enumerate(BenefitStatus)}
    rows = [
        BenefitRow(p, b, definitions.latest_actual(b, on), definitions.is_financial(b, settings.currency))
        for p in projects
        for b in p.benefits
    ]
    return sorted(rows, key=lambda r: (order[r.benefit.status], r.benefit.due, r.project.id, r.benefit.id))


def benefit_totals(rows: Sequence[BenefitRow]) -> list[BenefitTotal]:
    """One total per status, in status order, then the total of all (``status`` None)."""
    groups: list[tuple[BenefitStatus | None, list[BenefitRow]]] = [
        (status, [r for r in rows if r.benefit.status is status]) for status in BenefitStatus
    ]
    groups.append((None, list(rows)))
    totals = []
    for status, members in groups:
        money = [r for r in members if r.financial]
        totals.append(
            BenefitTotal(
                status,
                len(members),
                len(money),
                money_sum(r.benefit.target for r in money),
                money_sum(r.latest_actual or 0.0 for r in money),
            )
        )
    return totals


def decision_log(projects: Sequence[Project]) -> list[tuple[Project, Decision]]:
    """Every decision, newest first; same date by project id, then file order."""
    rows = [(p.id, index, p, d) for p in projects for index, d in enumerate(p.decisions)]
    rows.sort(key=lambda r: (-r[3].date.toordinal(), r[0], r[1]))
    return [(p, d) for _, _, p, d in rows]


def lessons_library(projects: Sequence[Project]) -> list[LessonGroup]:
    """Lessons by category (case-insensitive alphabetical, uncategorised last), newest first."""
    groups: dict[str, list[tuple[Project, Lesson]]] = {}
    for p in projects:
        for lesson in p.lessons:
            category = (lesson.category or "").strip()
            groups.setdefault(category, []).append((p, lesson))
    keys = sorted((k for k in groups if k), key=lambda k: (k.casefold(), k))
    if "" in groups:
        keys.append("")
    result = []
    for key in keys:
        members = sorted(groups[key], key=lambda pl: (-pl[1].date.toordinal(), pl[0].id, pl[1].id))
        result.append(LessonGroup(key or UNCATEGORISED, members))
    return result


def calendar(meetings: Sequence[Meeting], on: date) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming soonest first, past newest first); a meeting on the reporting date is upcoming.
    Of two on a date, the file's order."""
    indexed = list(enumerate(meetings))
    upcoming = [m for _, m in sorted((im for im in indexed if im[1].date >= on), key=lambda im: (im[1].date, im[0]))]
    past = [
        m for _, m in sorted((im for im in indexed if im[1].date < on), key=lambda im: (-im[1].date.toordinal(), im[0]))
    ]
    return upcoming, past
