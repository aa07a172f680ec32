"""The workbook writer (render/xlsx.py), read back by two independent readers: openpyxl and
calamine (Rust), so that a file one reader forgives but Excel would refuse shows up here."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pmo_hub.analyse import analyse
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.render import xlsx
from pmo_hub.render.downloads import COLUMNS, SHEETS, build_tables, to_xlsx
from pmo_hub.render.outputs import LastOutputs
from support import FIXTURES

PROPERTIES = xlsx.Properties(created=datetime(2026, 6, 30), title="T", author="A & B", company="C", comments="N")


def book(rows: list[list[xlsx.Cell]], **sheet: object) -> bytes:
    columns = [
        xlsx.Column(
            12, number_style=xlsx.Style(number_format="#,##0.00"), date_style=xlsx.Style(number_format="yyyy-mm-dd")
        )
    ] * max(len(row) for row in rows)
    return xlsx.workbook([xlsx.Sheet("data", columns, rows, **sheet)], PROPERTIES)  # type: ignore[arg-type]


def test_values_come_back_as_written() -> None:
    rows: list[list[xlsx.Cell]] = [
        ["text", "number", "date", "flag"],
        ["=SUM(A1:A2)", 1234.5, date(2026, 12, 31), True],
        [" spaced \nlines ", -7, date(1900, 3, 1), False],
        ["<b>&amp;</b>", 0.1, None, None],
        ["bell\x07and\x1bescape", 10**12, None, None],
    ]
    data = book(rows, header_style=xlsx.Style(bold=True), freeze_header=True, autofilter=True)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["text", "number", "date", "flag"],
        ["=SUM(A1:A2)", 1234.5, datetime(2026, 12, 31), True],
        [" spaced \nlines ", -7, datetime(1900, 3, 1), False],
        ["<b>&amp;</b>", 0.1, None, None],
        # XML 1.0 has no such characters: written as Excel writes them, which Excel reads back as the
        # characters and openpyxl shows as they are written.
        ["bell_x0007_and_x001B_escape", 10**12, None, None],
    ]
    assert sheet["A2"].data_type == "s"  # a formula stays text: opening the file runs nothing
    assert sheet["B2"].number_format == "#,##0.00" and sheet["C2"].number_format == "yyyy-mm-dd"
    assert [cell.font.b for cell in sheet[1]] == [True] * 4 and not sheet["A2"].font.b
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:D5")
    properties = openpyxl.load_workbook(io.BytesIO(data)).properties
    assert (properties.title, properties.creator, properties.created) == ("T", "A & B", datetime(2026, 6, 30))
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("data").to_python()
    assert calamine[1][:2] == ["=SUM(A1:A2)", 1234.5] and calamine[2][0] == " spaced \nlines "


def test_every_part_is_well_formed_xml_and_the_bytes_never_change() -> None:
    data = book([["a"], [1]])
    assert book([["a"], [1]]) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        for name in archive.namelist():
            ElementTree.fromstring(archive.read(name))
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize(("characters", "stored"), [(8, 8.7109375), (12, 12.7109375), (49, 49.7109375)])
def test_column_widths_are_stored_as_excel_stores_them(characters: float, stored: float) -> None:
    assert xlsx.stored_width(characters) == stored


def test_column_letters() -> None:
    assert [xlsx.column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_the_portfolio_workbook_reads_the_same_in_both_readers() -> None:
    analysis = analyse(load_portfolio(FIXTURES / "insight"))
    tables = build_tables(analysis)
    data = to_xlsx(analysis, tables)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names == list(SHEETS)
    for name in SHEETS:
        rows = workbook.get_sheet_by_name(name).to_python()
        assert rows[0] == COLUMNS[name]
        assert len(rows) == len(tables[name]) + 1
        for row, expected in zip(rows[1:], tables[name], strict=True):
            for column, value in zip(COLUMNS[name], row, strict=False):
                wanted = expected[column]
                if wanted is None:
                    assert value in ("", None), (name, column)
                elif isinstance(wanted, bool) or not isinstance(wanted, int | float | date):
                    assert value == wanted, (name, column)
                elif isinstance(wanted, date):
                    assert value in (wanted, datetime.combine(wanted, datetime.min.time())), (name, column)
                else:
                    assert value == pytest.approx(wanted, rel=0, abs=0), (name, column)


def test_the_archive_is_the_one_zipfile_writes() -> None:
    """The workbook's own zip writer (which can write a sheet kept from the last build) gives the
    bytes of Python's zipfile for the same entries, time and mode: any zip reader reads it."""
    parts = {"a.xml": "<a/>", "b/c.xml": "<c>" + "ü and more text " * 5000 + "</c>", "empty.xml": ""}
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w") as stream:
                stream.write(text.encode("utf-8"))
    written = xlsx._archive([xlsx._deflated(name, text) for name, text in parts.items()])
    assert written == expected.getvalue()


def test_a_sheet_kept_from_the_last_workbook_gives_the_same_bytes() -> None:
    columns = [xlsx.Column(10), xlsx.Column(12, date_style=xlsx.Style(number_format="yyyy-mm-dd"))]

    def made(table: list[dict[str, Any]], last: LastOutputs | None) -> bytes:
        rows = [["n", "when"], *([row["n"], row["when"]] for row in table)]
        sheets = [xlsx.Sheet(name, columns, rows, key=table) for name in ("one", "two")]
        return xlsx.workbook(sheets, PROPERTIES, last=last)

    last = LastOutputs()
    table: list[dict[str, Any]] = [{"n": 1, "when": date(2026, 1, 2)}, {"n": 2.5, "when": None}]
    assert made(table, last) == made(table, None)
    assert last.reused == 0
    assert made([dict(row) for row in table], last) == made(table, None)  # equal rows: both sheets kept
    assert last.reused == 2
    for n in (9, 9.0, 1, True):  # each equal in Python to the last but 9 and 1, each written its own way
        changed = [{"n": n, "when": date(2026, 1, 2)}, table[1]]
        assert made(changed, last) == made(changed, None)
        assert last.reused == 2  # written again
