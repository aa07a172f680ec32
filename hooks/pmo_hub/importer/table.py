"""Read a register (CSV or XLSX) into numbered rows of cells, whatever its encoding and delimiter."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .mapping import Column, MappingError, SourceSpec

DELIMITERS = (",", ";", "\t", "|")
Cell = str | float | int | date | None


@dataclass(frozen=True)
class Table:
    """Column names (a repeated name's copies numbered ``name#2``, ``name#3``) and the data rows.

    ``rows`` holds (spreadsheet row number, cells); blank rows are left out.
    """

    name: str
    columns: list[str]
    rows: list[tuple[int, list[Cell]]]
    encoding: str | None = None
    delimiter: str | None = None

    def index(self, column: Column, where: str) -> int:
        """The position of ``column``; :class:`MappingError` (with a suggestion) if there is none."""
        if isinstance(column, int):
            if 1 <= column <= len(self.columns):
                return column - 1
            raise MappingError([f"{where}: column {column} is out of range: {self.name} has {len(self.columns)} columns"])
        if column in self.columns:
            return self.columns.index(column)
        wanted = _normal(column)
        matches = [i for i, name in enumerate(self.columns) if _normal(name) == wanted]
        if len(matches) == 1:
            return matches[0]
        guess = difflib.get_close_matches(column, self.columns, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        raise MappingError([f"{where}: no column '{column}' in {self.name}{hint}; columns: "
                            + ", ".join(self.columns)])


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_table(path: Path, source: SourceSpec, *, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None) -> Table:
    """The register at ``path``; options given here win over the mapping's ``source``."""
    if not path.is_file():
        raise MappingError([f"{path}: file not found"])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet or source.sheet, source.header_row)
    return _read_csv(path, encoding or source.encoding, delimiter or source.delimiter, source.header_row)


def decode(raw: bytes, encoding: str | None) -> tuple[str, str]:
    """(text, encoding used). Without a given encoding: UTF-8 (BOM or not) if it decodes, else cp1252.

    Registers exported from Excel on Windows are cp1252; UTF-8 is strict enough that a cp1252
    file with any non-ASCII character (such as £) fails to decode as UTF-8.
    """
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except LookupError:
            raise MappingError([f"unknown encoding '{encoding}'"]) from None
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise MappingError([f"line {line}: byte 0x{raw[error.start]:02x} is not valid {encoding}; "
                                "give the right --encoding"]) from None
    for candidate in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(candidate), ("utf-8" if candidate == "utf-8-sig" else candidate)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def detect_delimiter(header_line: str) -> str:
    """The candidate that splits the header line into the most columns (outside quotes)."""
    counts = {}
    for candidate in DELIMITERS:
        counts[candidate] = len(next(csv.reader([header_line], delimiter=candidate), []))
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] > 1 else ","


def _read_csv(path: Path, encoding: str | None, delimiter: str | None, header_row: int) -> Table:
    text, used = decode(path.read_bytes(), encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if delimiter is None:
        lines = text.split("\n")
        delimiter = detect_delimiter(lines[header_row - 1] if len(lines) >= header_row else "")
    elif delimiter in ("tab", "\\t"):
        delimiter = "\t"
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _table(path.name, records, header_row, encoding=used, delimiter=delimiter)


def _read_xlsx(path: Path, sheet: str | None, header_row: int) -> Table:
    from openpyxl import load_workbook  # only XLSX imports pay for it

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise MappingError([f"{path.name}: no sheet '{sheet}'; sheets: {', '.join(workbook.sheetnames)}"])
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        records = [[_xlsx_cell(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(path.name, records, header_row)


def _xlsx_cell(value: Any) -> Cell:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (date, int, float)) and not isinstance(value, bool):
        return value
    return None if value is None else str(value)


def _table(name: str, records: list[list[Any]], header_row: int, **detected: Any) -> Table:
    if len(records) < header_row:
        raise MappingError([f"{name}: no header row {header_row} (the file has {len(records)} rows)"])
    header = ["" if cell is None else str(cell).strip() for cell in records[header_row - 1]]
    columns: list[str] = []
    seen: dict[str, int] = {}
    for position, title in enumerate(header, start=1):
        title = title or f"column {position}"
        seen[title] = seen.get(title, 0) + 1
        columns.append(title if seen[title] == 1 else f"{title}#{seen[title]}")
    rows = []
    for number, record in enumerate(records[header_row:], start=header_row + 1):
        cells: list[Cell] = [None if cell in (None, "") else cell for cell in record]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        cells += [None] * (len(columns) - len(cells))
        rows.append((number, cells[: len(columns)]))
    return Table(name, columns, rows, **detected)
