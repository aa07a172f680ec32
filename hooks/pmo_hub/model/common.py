"""Field types shared by every file of the contract."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from pmo_hub.problems import excerpt

IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What _check_url accepts, for editors: http(s) with a host, or a relative link (no scheme,
# not starting with //); no spaces or control characters.
URL_PATTERN = (
    r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s\x00-\x1f\x85]|(?![A-Za-z][A-Za-z0-9+.-]*:)(?!//))"
    r"[^\s\x00-\x1f\x85]*$"
)


class ContractModel(BaseModel):
    """Base of every contract model: unknown keys are errors (they are usually typos)."""

    # NaN and infinities are refused everywhere: they would pass every range check (NaN) or
    # break totals and formatting (inf), and a YAML 1.2 editor reads `.inf` as a number.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True, allow_inf_nan=False)


@cache
def positions(kind: type[Enum]) -> dict[Any, int]:
    """Each member of ``kind`` → its place in the enum's order (the ``order`` of members that
    have one: asked for every row of every sorted table)."""
    return {member: number for number, member in enumerate(kind)}


class Stage(str, Enum):
    """Lifecycle stage, in lifecycle order."""

    proposal = "proposal"
    initiation = "initiation"
    planning = "planning"
    delivery = "delivery"
    closing = "closing"
    closed = "closed"

    @property
    def order(self) -> int:
        return positions(Stage)[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RAG(str, Enum):
    """The five-point delivery confidence scale, best first."""

    green = "green"
    amber_green = "amber-green"
    amber = "amber"
    amber_red = "amber-red"
    red = "red"

    @property
    def order(self) -> int:
        return positions(RAG)[self]

    @property
    def label(self) -> str:
        return self.value.replace("-", "/").title()


def _check_identifier(value: Any) -> Any:
    if isinstance(value, str) and not _IDENTIFIER.match(value):
        raise PydanticCustomError(
            "identifier",
            "'{value}' is not a valid id: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 64 characters",
            {"value": excerpt(value)},
        )
    return value


def _check_iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "iso_date", "expected a date as YYYY-MM-DD, got '{value}'", {"value": excerpt(str(value))}
        )
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError(
            "iso_date", "'{value}' is not a real date ({reason})", {"value": value, "reason": str(error)}
        ) from None


def _check_url(value: str) -> str:
    if any(ch.isspace() or ord(ch) < 0x20 for ch in value):
        raise PydanticCustomError("url", "a link must not contain spaces or control characters")
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise PydanticCustomError("url", "'{value}' is not a valid link", {"value": excerpt(value)}) from None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    if not parts.scheme and not parts.netloc and not value.startswith("//"):
        return value
    raise PydanticCustomError(
        "url", "only http(s) and relative links are allowed, got '{value}'", {"value": excerpt(value)}
    )


def _whole_number(value: Any) -> Any:
    """``3.0`` is the whole number 3, as JSON Schema's ``integer`` (and so every editor) reads it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Identifier = Annotated[
    str,
    BeforeValidator(_check_identifier),
    Field(pattern=IDENTIFIER_PATTERN),
    WithJsonSchema({"type": "string", "pattern": IDENTIFIER_PATTERN}),
]
IsoDate = Annotated[
    date,
    BeforeValidator(_check_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Url = Annotated[
    str, Field(strict=True, min_length=1, json_schema_extra={"pattern": URL_PATTERN}), AfterValidator(_check_url)
]
Text = Annotated[str, Field(min_length=1)]

# Far above any budget (10^15), and low enough that totals of thousands of them stay exact
# to the unit and never overflow into infinity.
MAX_AMOUNT = 10**15
# NaN passes every range check (each comparison is false), so JSON Schema can only refuse it
# by a schema no real number satisfies: at least 1 and at most 0. ``not`` that refuses NaN.
NOT_NAN: dict[str, Any] = {"not": {"minimum": 1, "maximum": 0}}

Money = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, json_schema_extra=NOT_NAN)]
SignedMoney = Annotated[float, Field(strict=True, ge=-MAX_AMOUNT, le=MAX_AMOUNT, json_schema_extra=NOT_NAN)]


# Reads ``3.0`` as the whole number 3. A whole number from ``ge`` to ``le`` is
# ``Annotated[int, Field(strict=True, ge=..., le=...), WHOLE_NUMBER]``, named where it is used
# (a type alias: a type checker reads no function call as a type). The constraints come before
# the validator, so that the JSON Schema shows them.
WHOLE_NUMBER = BeforeValidator(_whole_number)


# Days between dates: a century either way keeps every date sum inside the calendar.
MAX_DAYS = 36_500
