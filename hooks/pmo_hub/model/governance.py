"""Version 1.1 of the contract: governance, benefits and learning.

Tolerances, tiers, commentary and meetings belong to ``portfolio.yaml``; benefits, decisions
and lessons to project files. Every field is optional at the file level, so that every 1.0
file stays valid.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field

from pmo_hub.model.common import (
    MAX_AMOUNT,
    MAX_DAYS,
    NOT_NAN,
    WHOLE_NUMBER,
    ContractModel,
    Identifier,
    IsoDate,
    SignedMoney,
    Text,
)

# A percentage of the approved budget. Far above any real tolerance, but bounded so that
# the JSON Schema and the models agree; NaN and infinities are refused as for money.
Percent = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, json_schema_extra=NOT_NAN)]
ToleranceDays = Annotated[int, Field(strict=True, ge=0, le=MAX_DAYS), WHOLE_NUMBER]
# A benefit's figures are measures, not necessarily money (households, hours, tonnes of CO2),
# and may be negative (a dis-benefit); they get the same finite, bounded number type.
MeasureValue = SignedMoney


class Tolerances(ContractModel):
    """The portfolio's default tolerances: beyond either, a project is in exception."""

    schedule_days: ToleranceDays = Field(
        description="Slip (forecast_end − end) in days beyond which a project is in exception."
    )
    cost_percent: Percent = Field(
        description="Percentage by which the forecast may exceed the approved budget before a project is in exception."
    )


class ToleranceOverride(ContractModel):
    """A tier's tolerances: each field given replaces the portfolio default."""

    schedule_days: ToleranceDays | None = Field(
        None, description="Replaces the default `tolerances.schedule_days` for projects of this tier."
    )
    cost_percent: Percent | None = Field(
        None, description="Replaces the default `tolerances.cost_percent` for projects of this tier."
    )


class Tier(ContractModel):
    """A project tier (by size and risk)."""

    id: Identifier = Field(description="Tier id, referenced by projects' `tier`.")
    name: Text = Field(description="Tier name.")
    description: str | None = Field(None, description="Which projects belong in the tier.")
    approver: Identifier | None = Field(
        None, description="Role id (from `roles.yaml`) of the body that approves the tier's gates."
    )
    tolerances: ToleranceOverride | None = Field(
        None, description="Tolerances overriding the portfolio default, field by field."
    )


class Commentary(ContractModel):
    """The PMO's commentary for one reporting period."""

    date: IsoDate = Field(
        description="Date of the commentary; the newest dated on or before the reporting date is current."
    )
    text: Text = Field(description="Markdown; rendered, raw HTML in it is never passed through.")


class Meeting(ContractModel):
    """One meeting of the governance calendar."""

    date: IsoDate = Field(description="Date of the meeting.")
    board: Text = Field(description="The meeting body, e.g. portfolio board or a gate panel.")
    purpose: str | None = Field(None, description="What the meeting will decide or review.")


class BenefitStatus(str, Enum):
    """Where a benefit stands, from planned to realised (or not)."""

    planned = "planned"
    on_track = "on-track"
    at_risk = "at-risk"
    realised = "realised"
    not_realised = "not-realised"


class Actual(ContractModel):
    """One measurement of a benefit."""

    date: IsoDate = Field(description="Date measured.")
    value: MeasureValue = Field(description="The value measured, in the benefit's unit.")


class Benefit(ContractModel):
    """One entry of the benefits register."""

    id: Identifier = Field(description="Benefit id, unique within the project.")
    title: Text = Field(description="The benefit, written as a change.")
    owner: str | None = Field(None, description="Benefit owner in the receiving service, as a name.")
    measure: Text = Field(description="What is measured, and where the figure comes from.")
    unit: str | None = Field(
        None, description="Free text; a unit equal to the portfolio currency makes the benefit financial."
    )
    baseline: MeasureValue | None = Field(None, description="Value before the project changed anything.")
    target: MeasureValue = Field(description="Value to reach by `due`.")
    due: IsoDate = Field(description="When the target should be reached.")
    actuals: list[Actual] = Field(default_factory=list, description="Measurements so far, any order.")
    status: BenefitStatus = Field(description="One of " + ", ".join(f"`{s.value}`" for s in BenefitStatus) + ".")


class Decision(ContractModel):
    """One entry of the decision log."""

    id: Identifier = Field(description="Decision id.")
    date: IsoDate = Field(description="Date of the decision.")
    title: Text = Field(description="What was decided.")
    decided_by: Text = Field(description="Role id from `roles.yaml` or a person's name.")
    rationale: str | None = Field(None, description="Why.")


class Lesson(ContractModel):
    """A lesson learned; lessons feed the organisation-wide lessons library."""

    id: Identifier = Field(description="Lesson id.")
    date: IsoDate = Field(description="Date recorded.")
    title: Text = Field(description="The lesson in a line.")
    category: str | None = Field(None, description="Theme, for finding lessons across projects.")
    what_happened: Text = Field(description="What happened, and its effect.")
    recommendation: Text = Field(description="What should be done differently (or again) next time.")
