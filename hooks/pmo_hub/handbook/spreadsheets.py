"""Registers and logs as spreadsheets: an ``.xlsx`` made from each template ``.csv``.

The workbook is byte-for-byte the same on every build (``render/xlsx.py`` stamps the zip
entries with a fixed time and we fix the document's created date), so the site does not churn.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from pmo_hub.render import xlsx

# Workbook "created" property; fixed so that rebuilding gives identical bytes.
FIXED_CREATED = datetime(2026, 1, 1)

MIN_WIDTH = 8
MAX_WIDTH = 60

# Whole numbers and plain decimals become numbers, so that sums and sorting work in Excel;
# anything else (ids, dates, "007") stays text exactly as written in the CSV.
_INTEGER = re.compile(r"-?(?:0|[1-9]\d{0,14})")
_DECIMAL = re.compile(r"-?(?:0|[1-9]\d{0,14})\.\d{1,6}")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def csv_to_xlsx(text: str, sheet_name: str, created: datetime = FIXED_CREATED) -> bytes:
    """One worksheet with the rows of the CSV ``text``: bold header row, columns sized to fit.

    Cells are written as text (never formulas: a cell starting with ``=`` stays text),
    except whole numbers and plain decimals, which are written as numbers.
    """
    rows = list(csv.reader(io.StringIO(text, newline="")))
    widths = column_widths(rows)
    wrapped, plain = xlsx.Style(wrap=True, top=True), xlsx.Style(top=True)
    columns = [xlsx.Column(width, wrapped if width >= MAX_WIDTH else plain) for width in widths]
    cells = [
        [_number(value) if index and _number(value) is not None else value for value in row]
        for index, row in enumerate(rows)
    ]
    sheet = xlsx.Sheet(
        sheet_title(sheet_name),
        columns,
        cells,
        header_style=xlsx.Style(bold=True, wrap=True, top=True),
        freeze_header=bool(rows),
        autofilter=bool(rows and widths),
    )
    return xlsx.workbook([sheet], xlsx.Properties(created=created))


def column_widths(rows: list[list[str]]) -> list[float]:
    """Width of each column in characters: its longest line, plus a margin, within limits."""
    count = max((len(row) for row in rows), default=0)
    widths = []
    for column in range(count):
        longest = max(
            (max(len(line) for line in row[column].splitlines() or [""]) for row in rows if column < len(row)),
            default=0,
        )
        widths.append(float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)))
    return widths


def sheet_title(name: str) -> str:
    """A valid worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = _SHEET_FORBIDDEN.sub("-", name).strip("'") or "Sheet1"
    return cleaned[:31]


def _number(value: str) -> int | float | None:
    if _INTEGER.fullmatch(value):
        return int(value)
    if _DECIMAL.fullmatch(value) and str(float(value)) == value:
        return float(value)
    return None
