"""Turn register cells into contract values: dates, money, ratings, stages, ids, text.

Each reader returns the value or ``None`` when the cell gives nothing usable; an unusable
non-empty cell raises :class:`Unrecognised` so that the row report can say what was left out.
A cell that looks like a value but cannot be read without guessing (``34,5`` where the decimal
mark is ``.``, an amount too large to be one) raises :class:`Refused`: the row is refused,
since leaving the value out or reading it another way could give a wrong number.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from pmo_hub.model import RAG, Stage
from pmo_hub.tools.project_files import IDENTIFIER

UNITS = {
    "": 1,
    "units": 1,
    "unit": 1,
    "k": 1_000,
    "thousand": 1_000,
    "thousands": 1_000,
    "000s": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
}
_CURRENCY = re.compile(r"[£$€¥]|\b(GBP|EUR|USD)\b", re.IGNORECASE)


# Amounts must stay below this, in the portfolio currency: up to it a float keeps every cent
# exact (15 significant digits), and no single project budget comes near ten trillion.
MAX_AMOUNT = Decimal(10) ** 13
MAX_SCALE = Decimal(10) ** 12


class Unrecognised(ValueError):
    """A non-empty cell that is not a value of the expected kind."""


class Refused(ValueError):
    """A cell that cannot be read without guessing; the whole row is refused."""


def shorten(value: object, limit: int = 40) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def scale_factor(scale: float | str | None) -> Decimal:
    """``'£m'`` → 1000000; numbers pass through. Raises ``ValueError`` for an unknown unit."""
    if scale is None:
        return Decimal(1)
    if isinstance(scale, (int, float)):
        factor = Decimal(str(scale))
        if not factor.is_finite() or not 0 < factor <= MAX_SCALE:
            raise ValueError(f"scale {scale!r} must be a number above 0 and at most {MAX_SCALE:,.0f}")
        return factor
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
    """A plain amount in units: ``'1,234.5'`` with factor 1000 → 1234500. Exact decimal arithmetic.

    The mark that is not the decimal mark may only group thousands (``1,234``, ``12,345,678.9``):
    with decimal mark ``.``, ``34,5`` is refused rather than read as 345.
    """
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise Unrecognised(f"{shorten(cell)} is not a number")
    if isinstance(cell, (int, float)):
        number = Decimal(str(cell))
    else:
        value = _CURRENCY.sub("", str(cell))
        value = re.sub(r"[\s\u00a0\u202f]+", "", value)  # spaces group digits too: 1 234 567
        if not value:
            return None
        negative = value.startswith("(") and value.endswith(")")
        value = value[1:-1] if negative else value
        number = _decimal(value, decimal_mark, cell)
        if negative:
            number = -number
    if not number.is_finite():
        raise Refused(f"{shorten(cell)} is not a finite amount")
    # Compare before scaling too: 1e400 or 29 digits would overflow the arithmetic.
    if number.adjusted() >= 20 or abs(number * factor) >= MAX_AMOUNT:
        raise Refused(
            f"{shorten(cell)} is out of range: an amount must be below {MAX_AMOUNT:,.0f} "
            "(10^13) in the portfolio currency"
        )
    amount = (number * factor).quantize(Decimal("0.01"))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


_NUMBERISH = re.compile(r"[+-]?[0-9.,']*[0-9][0-9.,']*(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


def _decimal(value: str, decimal_mark: str, cell: object) -> Decimal:
    """``value`` (no currency, no spaces) as a number, refusing separators that fit no convention."""
    if _NOT_FINITE.fullmatch(value):
        raise Refused(f"{shorten(cell)} is not a finite amount")
    if not _NUMBERISH.fullmatch(value):
        raise Unrecognised(f"{shorten(cell)} is not a number")
    group = "," if decimal_mark == "." else "."
    d, g = re.escape(decimal_mark), re.escape(group)
    plain = re.fullmatch(rf"([+-]?)([0-9]{{1,3}}(?:{g}[0-9]{{3}})+|[0-9]*)(?:{d}([0-9]+))?([eE][+-]?[0-9]+)?", value)
    if plain is None or not (plain.group(2) or plain.group(3)):
        example = "1,234.5" if decimal_mark == "." else "1.234,5"
        raise Refused(
            f"{shorten(cell)} does not fit the decimal mark {decimal_mark!r} (as in {example}): refused "
            f"rather than guessed; if the register writes decimals with {group!r}, set decimal: "
            f"{group!r} in the mapping's money section"
        )
    sign, whole, fraction, exponent = plain.groups()
    text = f"{sign}{whole.replace(group, '') or '0'}.{fraction or '0'}{exponent or ''}"
    return Decimal(text)


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
