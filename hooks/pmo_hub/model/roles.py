"""``data/roles.yaml``: PMO and project roles, their responsibilities and the RACI matrix."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from pmo_hub.model.common import ContractModel, Identifier, Text


class Raci(str, Enum):
    """Responsible, Accountable, Consulted, Informed."""

    R = "R"
    A = "A"
    C = "C"
    I = "I"  # noqa: E741 - the letter is the contract's

    @property
    def meaning(self) -> str:
        return {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}[self.value]


class Role(ContractModel):
    """A role profile; each gets a page."""

    id: Identifier = Field(description="Role id, used in RACI assignments and `reports_to`.")
    name: Text = Field(description="Role name.")
    summary: Text = Field(description="One or two sentences on what the role is for.")
    responsibilities: list[Text] = Field(min_length=1, description="What the role is responsible for.")
    competences: list[Text] = Field(default_factory=list, description="Competences the role needs.")
    reports_to: Identifier | None = Field(None, description="Id of the role this one reports to.")


class Activity(ContractModel):
    """One row of the RACI matrix."""

    name: Text = Field(description="The activity.")
    group: str | None = Field(None, description="Heading the activity is listed under.")
    raci: dict[Identifier, Raci] = Field(
        min_length=1, description="Role id → R, A, C or I. Exactly one A and at least one R."
    )


class RolesFile(ContractModel):
    """PMO and project roles, responsibilities and RACI (`data/roles.yaml`)."""

    roles: list[Role] = Field(min_length=1, description="One profile page per role.")
    activities: list[Activity] = Field(min_length=1, description="The RACI matrix.")
