"""The .xlsx made from a template .csv: same rows, bold header, sized columns, identical bytes."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from pmo_hub.handbook import csv_to_xlsx

CSV = (
    "id,title,probability,cost,notes\n"
    'R-001,"Depot lease ends, vehicles have nowhere to park",3,18500.5,=SUM(A1:A2)\n'
    "R-002,Short,,-6200,007\n"
    'R-003,"Two\nlines",5,0,\n'
)


def open_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_rows_equal_the_csv_with_numbers_as_numbers() -> None:
    sheet = open_sheet(csv_to_xlsx(CSV, "raid-log"))
    assert sheet.title == "raid-log"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["id", "title", "probability", "cost", "notes"],
        ["R-001", "Depot lease ends, vehicles have nowhere to park", 3, 18500.5, "=SUM(A1:A2)"],
        ["R-002", "Short", None, -6200, "007"],
        ["R-003", "Two\nlines", 5, 0, None],
    ]
    # A cell that looks like a formula stays text: opening a register never runs anything.
    assert sheet["E2"].data_type == "s"


def test_header_is_bold_frozen_and_filtered_and_columns_fit() -> None:
    sheet = open_sheet(csv_to_xlsx(CSV, "log"))
    assert [cell.font.b for cell in sheet[1]] == [True] * 5
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    # Longest line + 2, at least 8: "R-001" 5, the title 47, "probability" 11, "18500.5" 7,
    # "=SUM(A1:A2)" 11 characters. (Excel stores a few hundredths of padding on top.)
    widths = {letter: int(sheet.column_dimensions[letter].width) for letter in "ABCDE"}
    assert widths == {"A": 8, "B": 49, "C": 13, "D": 9, "E": 13}


def test_the_workbook_is_byte_for_byte_reproducible() -> None:
    first = csv_to_xlsx(CSV, "log")
    assert csv_to_xlsx(CSV, "log") == first
    assert openpyxl.load_workbook(io.BytesIO(first)).properties.created == datetime(2026, 1, 1)


def test_sheet_names_are_made_valid() -> None:
    long_name = "lessons-learned-log-for-the-whole-portfolio"
    assert open_sheet(csv_to_xlsx("a\n1\n", long_name)).title == long_name[:31]
    assert open_sheet(csv_to_xlsx("a\n1\n", "risks/issues?")).title == "risks-issues-"


def test_an_empty_csv_gives_an_empty_sheet() -> None:
    sheet = open_sheet(csv_to_xlsx("", "empty"))
    assert list(sheet.iter_rows(values_only=True)) in ([], [(None,)])
