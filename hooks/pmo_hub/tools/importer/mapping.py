"""The mapping file: which register column feeds which contract field, and how to read it.

Example (``examples/gmpp/mapping.yaml`` is a complete, commented one)::

    source: {encoding: cp1252, delimiter: ";"}
    dates: ["%d.%m.%Y"]            # formats for every date field (ISO is always accepted)
    money: {scale: "£m"}           # register amounts are in £ millions
    fields:
      id: project_number           # shorthand for {column: project_number}
      name: project_name
      start: start_date
      budget.approved: wlc_baseline
      programme: {column: department, transform: slug}
      stage: {derive: {}}          # from start/end against the reporting date
    update:                        # one status update per row (optional)
      overall:
        column: [ipa_rating, sro_rating]   # first column with a recognised value wins
        map: {Amber/Green: amber-green}
      summary: {column: rating_comment, default: No commentary published.}
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from pmo_hub.load.validate import parse_model
from pmo_hub.load.yaml_source import Source, read_yaml
from pmo_hub.model import Stage
from pmo_hub.model.common import IsoDate
from pmo_hub.problems import DataProblems

# Contract fields a register column can feed, by the kind of value they take.
TEXT_FIELDS = ("name", "sponsor", "manager")
MARKDOWN_FIELDS = ("summary",)
ID_FIELDS = ("id", "programme", "tier", "budget.pool")
ID_LIST_FIELDS = ("objectives", "dependencies")
TEXT_LIST_FIELDS = ("tags",)
DATE_FIELDS = ("start", "end", "forecast_end")
MONEY_FIELDS = ("budget.approved", "budget.actual", "budget.forecast")
FIELD_NAMES = (
    "id",
    "name",
    "stage",
    "summary",
    "programme",
    "tier",
    "objectives",
    "sponsor",
    "manager",
    "start",
    "end",
    "forecast_end",
    "budget.approved",
    "budget.actual",
    "budget.forecast",
    "budget.pool",
    "dependencies",
    "tags",
)
FieldName = Literal[
    "id",
    "name",
    "stage",
    "summary",
    "programme",
    "tier",
    "objectives",
    "sponsor",
    "manager",
    "start",
    "end",
    "forecast_end",
    "budget.approved",
    "budget.actual",
    "budget.forecast",
    "budget.pool",
    "dependencies",
    "tags",
]
RAG_FIELDS = ("overall", "schedule", "cost", "scope", "risk")

Column = str | int


class MappingError(Exception):
    """The mapping or the register cannot be used; ``problems`` say where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _shorthand(value: Any) -> Any:
    """``name: project_name`` means ``name: {column: project_name}``."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return {"column": value}
    return value


class Derive(_Strict):
    """Stage from the planned dates against the reporting date."""

    before_start: Stage = Field(Stage.initiation, description="Stage when start is after the reporting date.")
    in_progress: Stage = Field(Stage.delivery, description="Stage when the reporting date is between start and end.")
    after_end: Stage = Field(Stage.closing, description="Stage when end is before the reporting date.")
    incomplete: Stage = Field(
        Stage.proposal,
        description=(
            "Stage when start, end or budget.approved is missing: the contract requires them from "
            "initiation on, so such a row can only be a proposal."
        ),
    )


class FieldSpec(_Strict):
    """How one field is read from a row."""

    column: Column | list[Column] | None = Field(
        None,
        description="Column name (a repeated name's second copy is 'name#2') or 1-based position; "
        "a list: the first column with a usable value wins.",
    )
    value: Any = Field(None, description="A constant instead of a column.")
    map: dict[str, str | None] = Field(
        default_factory=dict,
        description="Register value → contract value (matched ignoring case and spaces); null: treat as no value.",
    )
    default: Any = Field(None, description="Used when the cell is empty or its value is not recognised.")
    transform: Literal["slug", "lower", "upper"] | None = Field(None, description="Applied to text and ids.")
    date: str | list[str] | None = Field(None, description="strptime formats, e.g. '%d.%m.%Y'.")
    scale: float | str | None = Field(None, description="Money multiplier: a number or a unit such as '£m', '£k'.")
    decimal: Literal[".", ","] | None = Field(None, description="Decimal separator of numbers.")
    split: str | None = Field(None, description="Separator for list fields (tags, objectives); default ','.")
    required: bool = Field(False, description="Skip the row when this field has no usable value.")
    derive: Derive | None = Field(None, description="stage only: derive it from the dates when the column gives none.")

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        if (
            self.column is None
            and self.value is None
            and self.derive is None
            and "default" not in self.model_fields_set
        ):
            raise ValueError("give a column, a value, a default (or, for stage, derive)")
        return self

    @property
    def columns(self) -> list[Column]:
        if self.column is None:
            return []
        return list(self.column) if isinstance(self.column, list) else [self.column]

    @property
    def has_default(self) -> bool:
        return "default" in self.model_fields_set


Spec = Annotated[FieldSpec, BeforeValidator(_shorthand)]


class UpdateSpec(_Strict):
    """One status update per row, from the register's rating columns."""

    date: Spec | None = Field(None, description="Date of the update; default: the reporting date.")
    overall: Spec = Field(description="Overall rating; a row without one gets no update.")
    schedule: Spec | None = None
    cost: Spec | None = None
    scope: Spec | None = None
    risk: Spec | None = None
    summary: Spec | None = Field(None, description="Commentary; default text when empty.")


class SourceSpec(_Strict):
    encoding: str | None = Field(None, description="Default: UTF-8 (with or without BOM), else cp1252.")
    delimiter: str | None = Field(None, description="Default: detected from the header line (, ; tab |).")
    sheet: str | None = Field(None, description="XLSX sheet name; default: the first sheet.")
    header_row: int = Field(1, ge=1, description="1-based row holding the column names.")


class MoneySpec(_Strict):
    scale: float | str | None = Field(None, description="Multiplier for every money field, e.g. '£m'.")
    decimal: Literal[".", ","] = "."


class Mapping(_Strict):
    """A whole mapping file."""

    source: SourceSpec = Field(default_factory=SourceSpec)
    reporting_date: IsoDate | None = Field(
        None, description="The 'as of' date for derived stages and update dates; default: portfolio.yaml's."
    )
    dates: str | list[str] = Field(default_factory=lambda: ["%Y-%m-%d"], description="Default date formats.")
    money: MoneySpec = Field(default_factory=MoneySpec)
    fields: dict[FieldName, Spec] = Field(description="Contract field → how to read it.")
    update: UpdateSpec | None = None

    @model_validator(mode="after")
    def _required_fields(self) -> Mapping:
        missing = [name for name in ("id", "name", "stage") if name not in self.fields]
        if missing:
            raise ValueError(f"fields must map {', '.join(missing)} (a project needs id, name and stage)")
        for name, spec in self.fields.items():
            if spec.derive is not None and name != "stage":
                raise ValueError(f"fields.{name}: derive is only for stage")
        return self

    @property
    def date_formats(self) -> list[str]:
        return [self.dates] if isinstance(self.dates, str) else list(self.dates)


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; raise :class:`MappingError` with ``file:line: field: message`` lines."""
    if not path.is_file():
        raise MappingError([f"{path}: mapping file not found"])
    source = read_yaml(path)
    mapping = parse_model(Mapping, source)
    if mapping is None:
        hints = _unknown_key_hints(source)
        raise MappingError(
            [
                str(
                    replace(problem, message=hints.get(problem.location, problem.message))
                    if problem.kind == "unknown_field"
                    else problem
                )
                for problem in DataProblems(source.problems).problems
            ]
        )
    return mapping


def _unknown_key_hints(source: Source) -> dict[tuple[str | int, ...], str]:
    """Location → message for keys no spec knows, found from the data itself.

    The core cannot see through ``fields: {name: …}`` (a dict of specs) to guess the key meant;
    the unknown-field problem it reports at the same location is given this message instead.
    """
    data = source.data if isinstance(source.data, dict) else {}
    specs: list[tuple[tuple[str, ...], Any, list[str]]] = []
    for section in ("fields", "update"):
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        if section == "update":
            specs.append(((section,), entries, list(UpdateSpec.model_fields)))
        specs += [
            ((section, str(name)), spec, list(FieldSpec.model_fields))
            for name, spec in entries.items()
            if isinstance(spec, dict)
        ]
    hints: dict[tuple[str | int, ...], str] = {}
    for where, entries, known in specs:
        for key in entries:
            if key in known:
                continue
            guess = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hints[(*where, str(key))] = (
                f"unknown field (did you mean '{guess[0]}'?)"
                if guess
                else f"unknown field; known fields: {', '.join(known)}"
            )
    return hints
