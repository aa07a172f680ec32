"""``data/portfolio.yaml``: organisation-wide settings and reference lists."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from pmo_hub.model.common import (
    MAX_AMOUNT,
    MAX_DAYS,
    NOT_NAN,
    WHOLE_NUMBER,
    ContractModel,
    Identifier,
    IsoDate,
    Money,
    Text,
)
from pmo_hub.model.governance import Commentary, Meeting, Tier, Tolerances


def _check_currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise PydanticCustomError(
            "currency", "expected a three-letter ISO 4217 code such as GBP, got '{value}'", {"value": value}
        )
    return value


class Programme(ContractModel):
    """A grouping of projects."""

    id: Identifier = Field(description="Programme id, referenced by projects' `programme`.")
    name: Text = Field(description="Programme name.")
    director: str | None = Field(None, description="Programme director, as a name.")
    description: str | None = Field(None, description="What the programme is for.")


class Objective(ContractModel):
    """A strategic objective projects align to."""

    id: Identifier = Field(description="Objective id, referenced by projects' `objectives`.")
    name: Text = Field(description="Objective name.")
    description: str | None = Field(None, description="What achieving it means.")


class BudgetPool(ContractModel):
    """A funding pool that proposals compete for."""

    id: Identifier = Field(description="Pool id, referenced by proposals' `budget.pool`.")
    name: Text = Field(description="Pool name.")
    amount: Money = Field(description="Money available in the pool, in the portfolio currency.")


class Criterion(ContractModel):
    """One weighted criterion for ranking proposals."""

    id: Identifier = Field(description="Criterion id, referenced by proposals' `scores`.")
    name: Text = Field(description="Criterion name.")
    weight: Annotated[float, Field(strict=True, gt=0, le=MAX_AMOUNT, json_schema_extra=NOT_NAN)] = Field(
        description="Relative weight (> 0); weights are normalised by their sum."
    )


class Scoring(ContractModel):
    """Weighted criteria for ranking proposals."""

    criteria: list[Criterion] = Field(min_length=1, description="The criteria and their weights.")


class PortfolioSettings(ContractModel):
    """Organisation-wide settings and reference lists (`data/portfolio.yaml`)."""

    organisation: Text = Field(description="Shown in the site header and reports.")
    currency: Annotated[
        str, Field(strict=True, json_schema_extra={"pattern": "^[A-Z]{3}$"}), AfterValidator(_check_currency)
    ] = Field(description="ISO 4217 code of every amount, e.g. `GBP`, `EUR`, `USD`.")
    reporting_date: IsoDate | None = Field(
        None, description='The "as of" date for overdue and stale checks; default: the build date.'
    )
    stale_after_days: Annotated[int, Field(strict=True, ge=1, le=MAX_DAYS), WHOLE_NUMBER] = Field(
        35, description="A project whose newest status update is older than this many days is flagged stale."
    )
    programmes: list[Programme] = Field(default_factory=list, description="Groupings of projects.")
    objectives: list[Objective] = Field(default_factory=list, description="Strategic objectives projects align to.")
    budget_pools: list[BudgetPool] = Field(
        default_factory=list, description="Funding pools that proposals compete for."
    )
    scoring: Scoring | None = Field(None, description="Weighted criteria for ranking proposals.")
    # Version 1.1: governance (model/governance.py).
    tolerances: Tolerances | None = Field(
        None, description="Default tolerances; a project beyond them is in exception. None set: no project is."
    )
    tiers: list[Tier] = Field(
        default_factory=list, description="Project tiers; a tier's tolerances override the default field by field."
    )
    commentary: list[Commentary] = Field(
        default_factory=list,
        description="PMO commentary by reporting period; the newest dated on or before the reporting date is current.",
    )
    meetings: list[Meeting] = Field(
        default_factory=list, description="The governance calendar: portfolio board, gate panels."
    )

    @property
    def criteria(self) -> list[Criterion]:
        return self.scoring.criteria if self.scoring else []
