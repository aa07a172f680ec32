"""Turn register cells into contract values: dates, money, ratings, stages, ids, text.

Each reader returns the value or ``None`` when the cell gives nothing usable; an unusable
non-empty cell raises :class:`Unrecognised` so that the row report can say what was left out.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..model import RAG, Stage
from ..project_file import IDENTIFIER

UNITS = {"": 1, "units": 1, "unit": 1, "k": 1_000, "thousand": 1_000, "thousands": 1_000, "000s": 1_000,
         "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
         "bn": 1_000_000_000, "b": 1_000_000_000, "billion": 1_000_000_000, "billions": 1_000_000_000}
_CURRENCY = re.compile(r"[£$€¥]|\b(GBP|EUR|USD)\b", re.IGNORECASE)


class Unrecognised(ValueError):
    """A non-empty cell that is not a value of the expected kind."""


def shorten(value: object, limit: int = 40) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def scale_factor(scale: float | str | None) -> Decimal:
    """``'£m'`` → 1000000; numbers pass through. Raises ``ValueError`` for an unknown unit."""
    if scale is None:
        return Decimal(1)
    if isinstance(scale, (int, float)):
        return Decimal(str(scale))
    unit = _CURRENCY.sub("", scale).split("→")[0].split("->")[0].strip().lower()
    if unit not in UNITS:
        raise ValueError(f"unknown scale {scale!r}: use a number or one of £, £k, £m, £bn")
    return Decimal(UNITS[unit])


def text(cell: object, *, single_line: bool) -> str | None:
    """Trimmed text; names collapse to one line, Markdown keeps its lines (trailing spaces dropped)."""
    if cell is None:
        return None
    if isinstance(cell, date):
        value = cell.isoformat()
    elif isinstance(cell, float) and cell == int(cell):
        value = str(int(cell))
    else:
        value = str(cell)
    if single_line:
        value = " ".join(value.split())
    else:
        lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        value = "\n".join(lines).strip()
        value = re.sub(r"\n{3,}", "\n\n", value)
    return value or None


def parse_date(cell: object, formats: list[str]) -> date | None:
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = str(cell).strip()
    if not value:
        return None
    for pattern in [*formats, "%Y-%m-%d"]:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise Unrecognised(f"{shorten(value)} is not a date in {' or '.join(formats)}")


def parse_money(cell: object, factor: Decimal, decimal_mark: str = ".") -> int | float | None:
    """A plain amount in units: ``'1,234.5'`` with factor 1000 → 1234500. Exact decimal arithmetic."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise Unrecognised(f"{shorten(cell)} is not a number")
    if isinstance(cell, (int, float)):
        number = Decimal(str(cell))
    else:
        value = _CURRENCY.sub("", str(cell)).strip().replace(" ", "").replace("\u00a0", "")
        if not value:
            return None
        negative = value.startswith("(") and value.endswith(")")
        value = value.strip("()")
        thousands = "," if decimal_mark == "." else "."
        value = value.replace(thousands, "").replace(decimal_mark, ".")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise Unrecognised(f"{shorten(cell)} is not a number") from None
        if negative:
            number = -number
    if not number.is_finite():
        raise Unrecognised(f"{shorten(cell)} is not a number")
    amount = (number * factor).quantize(Decimal("0.01"))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def normal_key(value: object) -> str:
    """How map keys and cells are compared: case, spacing and line breaks do not matter."""
    return " ".join(str(value).split()).casefold()


def enum_value(cell: str, kind: type[RAG] | type[Stage]) -> str | None:
    """``'Amber/Green'``, ``'amber green'`` → ``'amber-green'``; ``None`` if not a value of ``kind``."""
    key = re.sub(r"[\s/_]+", "-", normal_key(cell))
    return key if key in {member.value for member in kind} else None


def slug(value: str) -> str:
    """A valid id from any text, deterministically: ``'CO 24/2021'`` → ``'CO-24-2021'``."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", value.strip())
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-._")
    return cleaned[:64].rstrip("-._")


def is_identifier(value: str) -> bool:
    return bool(IDENTIFIER.match(value))
