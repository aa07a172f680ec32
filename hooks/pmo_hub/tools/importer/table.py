"""Read a register (CSV or XLSX) into numbered rows of cells, whatever its encoding and delimiter.

Reading never guesses past damage: a row cut short, a row with more or fewer cells than the
header, a file read in an encoding it is not in (UTF-8 read as cp1252 gives ``Â£`` for ``£``),
and a formula whose value was never saved are all reported with the line, rather than read
as something else.
"""

from __future__ import annotations

import codecs
import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pmo_hub.problems import Problem, display_path
from pmo_hub.tools.importer.csv_records import Record, read_records
from pmo_hub.tools.importer.mapping import Column, MappingError, SourceSpec

DELIMITERS = (",", ";", "\t", "|")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
CUT_SHORT = "the file ends inside this row, without a line break: it looks cut short (an interrupted download?)"


@dataclass(frozen=True)
class Uncomputed:
    """An XLSX formula cell saved without its value (written by a program that does not calculate)."""

    formula: str


Cell = str | float | int | date | Uncomputed | None


@dataclass(frozen=True)
class Row:
    """One data row: ``number`` is its spreadsheet row, ``line`` the file line it starts on."""

    number: int
    line: int
    cells: list[Cell]
    cell_lines: list[int]
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message): the row is unusable

    def line_of(self, index: int | None) -> int:
        return self.cell_lines[index] if index is not None and index < len(self.cell_lines) else self.line


@dataclass(frozen=True)
class Table:
    """Column names (a repeated name's copies numbered ``name#2``, ``name#3``) and the data rows.

    Blank rows are left out.
    """

    name: str
    columns: list[str]
    rows: list[Row]
    encoding: str | None = None
    delimiter: str | None = None
    path: str = ""  # the register as people see it in messages

    def index(self, column: Column, where: str) -> int:
        """The position of ``column``; :class:`MappingError` (with a suggestion) if there is none."""
        if isinstance(column, int):
            if 1 <= column <= len(self.columns):
                return column - 1
            raise MappingError(
                [f"{where}: column {column} is out of range: {self.name} has {len(self.columns)} columns"]
            )
        if column in self.columns:
            return self.columns.index(column)
        wanted = _normal(column)
        matches = [i for i, name in enumerate(self.columns) if _normal(name) == wanted]
        if len(matches) == 1:
            return matches[0]
        guess = difflib.get_close_matches(column, self.columns, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        raise MappingError([f"{where}: no column '{column}' in {self.name}{hint}; columns: " + ", ".join(self.columns)])


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_table(
    path: Path,
    source: SourceSpec,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """The register at ``path``; options given here win over the mapping's ``source``."""
    if not path.is_file():
        raise MappingError([f"{path}: {'not a regular file' if path.exists() else 'file not found'}"])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet or source.sheet, source.header_row)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise MappingError([f"{display_path(path)}: cannot read the register: {error.strerror}"]) from None
    return _read_csv(path, raw, encoding or source.encoding, delimiter or source.delimiter, source.header_row)


def decode(raw: bytes, encoding: str | None, shown: str = "register") -> tuple[str, str]:
    """(text, encoding used). Without a given encoding: UTF-16 with a BOM, UTF-8 (BOM or not), else cp1252.

    Registers exported from Excel on Windows are cp1252; UTF-8 is strict enough that a cp1252
    file with any non-ASCII character (such as £) fails to decode as UTF-8. The reverse does not
    hold: every byte string is valid cp1252 or latin-1, so a UTF-8 file read under such an
    encoding is refused here, or it would be written as mojibake (``â€“`` for ``–``).
    """
    if encoding:
        return _decode_as(raw, encoding, shown)
    if raw.startswith(_UTF16_BOMS):
        return _decode_as(raw, "utf-16", shown)
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            raise _problem(
                shown,
                raw,
                error.start,
                "the file ends in the middle of a UTF-8 character: it is cut short (an interrupted download?)",
            ) from None
    if b"\x00" in raw:
        raise _problem(
            shown,
            raw,
            raw.index(b"\x00"),
            "the file holds NUL bytes: it is UTF-16 or UTF-32 "
            "without a byte order mark; give --encoding utf-16-le (or save it as CSV UTF-8)",
        )
    for candidate in ("cp1252", "latin-1"):
        try:
            return raw.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _decode_as(raw: bytes, encoding: str, shown: str) -> tuple[str, str]:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise MappingError([f"unknown encoding '{encoding}'"]) from None
    fix = f"give the right --encoding (or source.encoding in the mapping) instead of {encoding}"
    if raw.startswith(_UTF16_BOMS) and not codec.startswith(("utf-16", "utf-32")):
        raise _problem(
            shown,
            raw,
            0,
            f"the file starts with a UTF-16 byte order mark: it is UTF-16, not {encoding}; "
            "give --encoding utf-16 (or save it as CSV UTF-8)",
        )
    if raw.startswith(codecs.BOM_UTF8) and not codec.startswith("utf-8"):
        raise _problem(
            shown,
            raw,
            0,
            f"the file starts with a UTF-8 byte order mark: it is UTF-8, not {encoding}; give --encoding utf-8",
        )
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and codec.startswith("utf"):
            raise _problem(
                shown,
                raw,
                error.start,
                f"the file ends in the middle of a {encoding} character: it is cut short (an interrupted download?)",
            ) from None
        raise _problem(
            shown, raw, error.start, f"byte 0x{raw[error.start]:02x} is not valid {encoding}; give the right --encoding"
        ) from None
    if not codec.startswith("utf"):
        if "\x00" in text:
            raise _problem(
                shown,
                raw,
                raw.index(b"\x00"),
                f"the file holds NUL bytes: it is UTF-16 or UTF-32, not {encoding}; {fix}",
            )
        _refuse_utf8(raw, text, encoding, shown)
    return text, encoding


def _refuse_utf8(raw: bytes, text: str, encoding: str, shown: str) -> None:
    """A single-byte encoding reads anything; non-ASCII bytes that are valid UTF-8 mean the file is UTF-8."""
    if raw.isascii():
        return
    try:
        utf8 = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data":
            return  # not UTF-8: the single-byte reading stands
        utf8 = raw[: error.start].decode("utf-8")  # UTF-8 cut inside its last character
    first = next(i for i, character in enumerate(utf8) if ord(character) > 127)
    wrong = utf8[first].encode("utf-8").decode(encoding, errors="replace")
    offset = len(utf8[:first].encode("utf-8"))
    raise _problem(
        shown,
        raw,
        offset,
        f"the file is UTF-8, not {encoding}: read as {encoding}, "
        f"{utf8[first]!r} would be written as {wrong!r}; give --encoding utf-8 "
        "(or source.encoding: utf-8 in the mapping)",
    )


def _problem(shown: str, raw: bytes, offset: int, message: str) -> MappingError:
    line = raw[:offset].count(b"\n") + 1
    return MappingError([str(Problem(shown, line, "", message))])


def detect_delimiter(header_line: str) -> str:
    """The candidate that splits the header line into the most columns (outside quotes)."""
    counts = {
        candidate: len(read_records(header_line, candidate)[0].cells) if header_line else 0 for candidate in DELIMITERS
    }
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] > 1 else ","


def _read_csv(path: Path, raw: bytes, encoding: str | None, delimiter: str | None, header_row: int) -> Table:
    shown = display_path(path)
    text, used = decode(raw, encoding, shown)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if delimiter is None:
        lines = text.split("\n")
        delimiter = detect_delimiter(lines[header_row - 1] if len(lines) >= header_row else "")
    elif delimiter in ("tab", "\\t"):
        delimiter = "\t"
    if len(delimiter) != 1 or delimiter in '"\n':
        raise MappingError([f"delimiter {delimiter!r}: give one character other than a quote or a line break"])
    records = read_records(text, delimiter)
    if len(records) < header_row:
        raise MappingError([f"{path.name}: no header row {header_row} (the file has {len(records)} rows)"])
    header = records[header_row - 1]
    if header.problems or not header.ends_with_line_break:
        why = header.problems[0][2] if header.problems else "the file ends inside it: it looks cut short"
        raise MappingError([str(Problem(shown, header.line, "", f"header row: {why}"))])
    columns = _columns(header.cells)
    rows = []
    for number, record in enumerate(records[header_row:], start=header_row + 1):
        if record.blank and not record.problems and (record.ends_with_line_break or len(record.cells) == 1):
            continue
        rows.append(
            Row(
                number,
                record.line,
                list(_cells(record.cells)),
                record.cell_lines,
                _csv_row_problems(record, len(columns), delimiter),
            )
        )
    return Table(path.name, columns, rows, encoding=used, delimiter=delimiter, path=shown)


def _csv_row_problems(record: Record, width: int, delimiter: str) -> list[tuple[int, str]]:
    problems = [(line, message) for line, _, message in record.problems]
    if not record.ends_with_line_break and not problems:
        problems.append((record.line, f"{CUT_SHORT}; if the row is complete, end the file with a line break"))
    elif len(record.cells) < width and not problems:
        problems.append(
            (
                record.line,
                f"{len(record.cells)} cells for {width} columns: a cell is missing, so "
                "the values cannot be matched to their columns",
            )
        )
    elif len(record.cells) > width:
        extra = next((cell for cell in record.cells[width:] if cell.strip()), "")
        problems.append(
            (
                record.cell_lines[width],
                f"{len(record.cells)} cells for {width} columns: "
                f"{'an extra cell ' + _short(extra) if extra else 'extra empty cells'}, so the values "
                f"cannot be matched to their columns (a {delimiter!r} inside a value must be quoted)",
            )
        )
    return problems


def _short(value: str, limit: int = 30) -> str:
    text = " ".join(value.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _cells(values: list[str]) -> list[Cell]:
    return [value if value != "" else None for value in values]


def _columns(header: list[Any]) -> list[str]:
    columns: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(header, start=1):
        title = "" if cell is None else " ".join(str(cell).split())
        title = title or f"column {position}"
        seen[title] = seen.get(title, 0) + 1
        columns.append(title if seen[title] == 1 else f"{title}#{seen[title]}")
    return columns


def _read_xlsx(path: Path, sheet: str | None, header_row: int) -> Table:
    from openpyxl import load_workbook  # only XLSX imports pay for it

    values: list[tuple[Any, ...]] = []
    formulas: list[tuple[Any, ...]] = []
    for data_only, into in ((True, values), (False, formulas)):
        try:
            workbook = load_workbook(path, read_only=True, data_only=data_only)
        except Exception as error:  # openpyxl raises zip, XML and key errors for a damaged file
            raise MappingError(
                [
                    f"{display_path(path)}: cannot read it as an XLSX workbook ({type(error).__name__}: "
                    f"{str(error)[:200]})"
                ]
            ) from None
        try:
            if sheet is not None and sheet not in workbook.sheetnames:
                raise MappingError([f"{path.name}: no sheet '{sheet}'; sheets: {', '.join(workbook.sheetnames)}"])
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
            into.extend(worksheet.iter_rows(values_only=True))
        finally:
            workbook.close()
    if len(values) < header_row:
        raise MappingError([f"{path.name}: no header row {header_row} (the file has {len(values)} rows)"])
    columns = _columns(list(values[header_row - 1]))
    rows = []
    for number in range(header_row + 1, len(values) + 1):
        saved, written = values[number - 1], formulas[number - 1] if number <= len(formulas) else ()
        cells = [_xlsx_cell(value, written[i] if i < len(written) else None) for i, value in enumerate(saved)]
        cells += [None] * (len(columns) - len(cells))
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        rows.append(Row(number, number, cells, [number] * len(cells)))
    return Table(path.name, columns, rows, path=display_path(path))


def _xlsx_cell(value: Any, written: Any) -> Cell:
    if value is None and isinstance(written, str) and written.startswith("="):
        return Uncomputed(written)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (date, int, float)) and not isinstance(value, bool):
        return value
    return None if value is None else str(value)
