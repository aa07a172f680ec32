"""Field types shared by every file of the contract."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ContractModel(BaseModel):
    """Base of every contract model: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


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
        return list(Stage).index(self)

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
        return list(RAG).index(self)

    @property
    def label(self) -> str:
        return self.value.replace("-", "/").title()


def _check_identifier(value: Any) -> Any:
    if isinstance(value, str) and not _IDENTIFIER.match(value):
        raise PydanticCustomError(
            "identifier",
            "'{value}' is not a valid id: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 64 characters",
            {"value": value},
        )
    return value


def _check_iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError("iso_date", "expected a date as YYYY-MM-DD, got '{value}'", {"value": value})
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError("iso_date", "'{value}' is not a real date ({reason})",
                                  {"value": value, "reason": str(error)}) from None


def _check_url(value: str) -> str:
    if any(ch.isspace() or ord(ch) < 0x20 for ch in value):
        raise PydanticCustomError("url", "a link must not contain spaces or control characters")
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    if not parts.scheme and not parts.netloc and not value.startswith("//"):
        return value
    raise PydanticCustomError("url", "only http(s) and relative links are allowed, got '{value}'", {"value": value})


Identifier = Annotated[
    str,
    BeforeValidator(_check_identifier),
    Field(pattern=IDENTIFIER_PATTERN),
]
IsoDate = Annotated[
    date,
    BeforeValidator(_check_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Url = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_check_url)]
Text = Annotated[str, Field(min_length=1)]
Money = Annotated[float, Field(strict=True, ge=0)]
SignedMoney = Annotated[float, Field(strict=True)]
