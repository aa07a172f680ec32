"""``data/projects/<id>.yaml``: one project or proposal."""

from __future__ import annotations

from datetime import date
from enum import Enum
from functools import cached_property
from typing import Annotated

from pydantic import Field

from pmo_hub.model.common import (
    MAX_DAYS,
    NOT_NAN,
    RAG,
    WHOLE_NUMBER,
    ContractModel,
    Identifier,
    IsoDate,
    Money,
    SignedMoney,
    Stage,
    Text,
    Url,
    positions,
)
from pmo_hub.model.governance import Benefit, Decision, Lesson

Level = Annotated[int, Field(strict=True, ge=1, le=5), WHOLE_NUMBER]
ScheduleDays = Annotated[int, Field(strict=True, ge=-MAX_DAYS, le=MAX_DAYS), WHOLE_NUMBER]
Score = Annotated[float, Field(strict=True, ge=0, le=5, json_schema_extra=NOT_NAN)]


class OpenClosed(str, Enum):
    open = "open"
    closed = "closed"


class Severity(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def order(self) -> int:
        return positions(Severity)[self]


class ChangeStatus(str, Enum):
    requested = "requested"
    approved = "approved"
    rejected = "rejected"


class Budget(ContractModel):
    """Money, in the portfolio currency."""

    approved: Money | None = Field(
        None,
        description="Approved baseline budget; for a proposal, the amount requested. Required from `initiation` on.",
    )
    actual: Money | None = Field(None, description="Spent to date.")
    forecast: Money | None = Field(None, description="Estimate at completion.")
    pool: Identifier | None = Field(None, description="Budget pool id a proposal draws on.")


class Update(ContractModel):
    """One status report."""

    date: IsoDate = Field(description="Date of the report.")
    overall: RAG = Field(description="Overall delivery confidence.")
    schedule: RAG | None = Field(None, description="Schedule confidence.")
    cost: RAG | None = Field(None, description="Cost confidence.")
    scope: RAG | None = Field(None, description="Scope confidence.")
    risk: RAG | None = Field(None, description="Risk confidence.")
    summary: Text = Field(description="What happened and what comes next.")

    def dimension(self, name: str) -> RAG | None:
        return getattr(self, name)


class Milestone(ContractModel):
    """A dated point in the plan."""

    name: Text = Field(description="Milestone name.")
    due: IsoDate = Field(description="Baseline due date.")
    forecast: IsoDate | None = Field(None, description="Current forecast date.")
    done: IsoDate | None = Field(None, description="Completion date; empty while not done.")

    def is_overdue(self, on: date) -> bool:
        """Not done and due before ``on``, as the contract defines it."""
        return self.done is None and self.due < on

    @property
    def slip_days(self) -> int | None:
        return (self.forecast - self.due).days if self.forecast else None


class Risk(ContractModel):
    """Something that may happen."""

    id: Identifier = Field(description="Risk id, unique within the project.")
    title: Text = Field(description="The risk.")
    probability: Level = Field(description="Probability, 1 (rare) to 5 (almost certain).")
    impact: Level = Field(description="Impact, 1 (minimal) to 5 (severe).")
    owner: str | None = Field(None, description="Who manages it.")
    mitigation: str | None = Field(None, description="What is being done about it.")
    status: OpenClosed = Field(description="`open` or `closed`.")

    @property
    def score(self) -> int:
        return self.probability * self.impact


class Issue(ContractModel):
    """Something that has happened and needs resolving."""

    id: Identifier = Field(description="Issue id, unique within the project.")
    title: Text = Field(description="The issue.")
    severity: Severity = Field(description="`low`, `medium`, `high` or `critical`.")
    owner: str | None = Field(None, description="Who resolves it.")
    status: OpenClosed = Field(description="`open` or `closed`.")
    due: IsoDate | None = Field(None, description="When it must be resolved.")


class Change(ContractModel):
    """A change request."""

    id: Identifier = Field(description="Change id, unique within the project.")
    title: Text = Field(description="The change.")
    status: ChangeStatus = Field(description="`requested`, `approved` or `rejected`.")
    cost_impact: SignedMoney | None = Field(None, description="Cost impact; negative for a saving.")
    schedule_impact_days: ScheduleDays | None = Field(
        None, description="Schedule impact in days; negative if it brings the end forward."
    )
    decided: IsoDate | None = Field(None, description="Date of the decision.")
    raised: IsoDate | None = Field(None, description="Date the change was requested.")
    decided_by: str | None = Field(None, description="Role id or name of who decided.")


class Link(ContractModel):
    """A document: charter, business case, plan."""

    title: Text = Field(description="Link text.")
    url: Url = Field(description="An http(s) or relative URL.")


class Project(ContractModel):
    """One project or proposal (`data/projects/<id>.yaml`)."""

    id: Identifier = Field(description="Must equal the file name without `.yaml`; unique.")
    name: Text = Field(description="Project name.")
    stage: Stage = Field(
        description="Lifecycle stage: " + ", ".join(f"`{s.value}`" for s in Stage) + ", in that order."
    )
    summary: str | None = Field(None, description="Markdown; rendered, raw HTML in it is never passed through.")
    programme: Identifier | None = Field(None, description="Programme id; must exist in `portfolio.yaml`.")
    objectives: list[Identifier] = Field(
        default_factory=list, description="Objective ids; each must exist in `portfolio.yaml`."
    )
    sponsor: str | None = Field(None, description="Sponsor, as a name.")
    manager: str | None = Field(None, description="Project manager, as a name.")
    start: IsoDate | None = Field(None, description="Planned (baseline) start. Required from `initiation` on.")
    end: IsoDate | None = Field(
        None, description="Planned (baseline) finish, not before start. Required from `initiation` on."
    )
    forecast_end: IsoDate | None = Field(None, description="Current forecast finish; slip = forecast_end − end.")
    budget: Budget | None = Field(
        None, description="Approved, actual and forecast amounts; `approved` required from `initiation` on."
    )
    updates: list[Update] = Field(
        default_factory=list, description="Status report history, any order; the newest is the current status."
    )
    milestones: list[Milestone] = Field(
        default_factory=list, description="Overdue when not done and due before the reporting date."
    )
    risks: list[Risk] = Field(default_factory=list, description="Risks; score = probability × impact.")
    issues: list[Issue] = Field(default_factory=list, description="Issues.")
    changes: list[Change] = Field(default_factory=list, description="Change requests.")
    dependencies: list[Identifier] = Field(
        default_factory=list, description="Ids of projects this one depends on; each must exist."
    )
    scores: dict[Identifier, Score] = Field(
        default_factory=dict,
        description="For proposals: criterion id → 0-5; ids must exist in `portfolio.yaml` scoring.",
    )
    links: list[Link] = Field(default_factory=list, description="Charter, business case, plans.")
    tags: list[Text] = Field(default_factory=list, description="Free tags.")
    # Version 1.1: governance, benefits and learning (model/governance.py).
    tier: Identifier | None = Field(None, description="Tier id; must exist in `portfolio.yaml` tiers.")
    benefits: list[Benefit] = Field(
        default_factory=list, description="The benefits register; ids unique within the project."
    )
    decisions: list[Decision] = Field(default_factory=list, description="The decision log.")
    lessons: list[Lesson] = Field(default_factory=list, description="Lessons learned; they feed the lessons library.")

    # Cached: every view asks each project for its current status, thousands of times (a cached
    # property is no field: equality, the schema and the dumps ignore it).
    @cached_property
    def current(self) -> Update | None:
        """The newest update; of two on the same date, the one written later in the file."""
        if not self.updates:
            return None
        return max(enumerate(self.updates), key=lambda pair: (pair[1].date, pair[0]))[1]

    @cached_property
    def history(self) -> list[Update]:
        """Updates newest first."""
        ordered = sorted(enumerate(self.updates), key=lambda pair: (pair[1].date, pair[0]), reverse=True)
        return [update for _, update in ordered]

    @property
    def slip_days(self) -> int | None:
        if self.end and self.forecast_end:
            return (self.forecast_end - self.end).days
        return None

    @property
    def approved(self) -> float | None:
        return self.budget.approved if self.budget else None

    @property
    def actual(self) -> float | None:
        return self.budget.actual if self.budget else None

    @property
    def forecast(self) -> float | None:
        return self.budget.forecast if self.budget else None

    @property
    def cost_variance(self) -> float | None:
        """Forecast at completion minus approved budget: positive is an overspend."""
        if self.approved is None or self.forecast is None:
            return None
        return self.forecast - self.approved
