"""portfolio.csv, portfolio.xlsx and portfolio.json on the "insight" fixture: hand-computed
figures (tests/fixtures/insight/README.md), equality with the pages, byte-reproducibility."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from pmo_hub.analyse import analyse
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.load.settings import HubSettings
from pmo_hub.render.downloads import BOARD_TABLES, SHEETS, build_downloads, build_tables, export
from pmo_hub.render.outputs import LastOutputs
from support import FIXTURES, copy_fixture, generate_pages, write_project


@pytest.fixture(scope="module")
def portfolio():
    return load_portfolio(FIXTURES / "insight")


@pytest.fixture(scope="module")
def files(portfolio) -> dict[str, bytes]:
    return build_downloads(portfolio)


@pytest.fixture(scope="module")
def generated(portfolio) -> dict[str, str | bytes]:
    return {page.path: page.content for page in generate_pages(portfolio, HubSettings())}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the £ sign and accents right
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_three_files(files) -> None:
    assert list(files) == [
        "portfolio.csv",
        "portfolio.xlsx",
        "portfolio.json",
        "exceptions.csv",
        "benefits.csv",
        "decisions.csv",
        "lessons.csv",
    ]


def test_csv_projects(files) -> None:
    rows = {r["id"]: r for r in csv_rows(files["portfolio.csv"])}
    assert list(rows) == [f"P{i:02d}" for i in range(1, 11)]
    p01, p02, p05 = rows["P01"], rows["P02"], rows["P05"]
    assert (
        p01["approved"],
        p01["actual"],
        p01["forecast"],
        p01["forecast_at_completion"],
        p01["variance"],
        p01["variance_pct"],
        p01["slip_days"],
        p01["overall"],
    ) == ("1000000", "400000", "1200000", "1200000", "200000", "20", "59", "red")
    # No forecast: the raw forecast and variance stay empty, the total uses approved.
    assert (p02["forecast"], p02["forecast_at_completion"], p02["variance"], p02["stale"]) == ("", "500000", "", "true")
    assert (p05["actual"], p05["never_reported"], p05["overall"], p05["programme"]) == ("", "true", "", "")
    assert rows["P04"]["stale"] == "true" and rows["P01"]["stale"] == "false"
    counted = [r for r in rows.values() if r["counted_in_totals"] == "true"]
    assert sum(float(r["approved"]) for r in counted) == 4_050_000
    assert sum(float(r["actual"] or 0) for r in counted) == 2_270_000
    assert sum(float(r["forecast_at_completion"]) for r in counted) == 4_170_000
    proposals = {
        pid: (r["weighted_score"], r["pool_rank"], r["funded"], r["forecast_at_completion"])
        for pid, r in rows.items()
        if r["stage"] == "proposal"
    }
    assert proposals == {
        "P06": ("4", "1", "true", ""),
        "P07": ("3.75", "3", "false", ""),
        "P08": ("3.75", "2", "true", ""),
        "P09": ("1.5", "4", "false", ""),
        "P10": ("5", "", "", ""),
    }
    assert rows["P02"]["objectives"] == "obj-1; obj-2" and rows["P02"]["dependencies"] == "P01"
    assert (rows["P01"]["open_risks"], rows["P01"]["open_issues"], rows["P01"]["overdue_milestones"]) == ("2", "1", "1")


def test_xlsx_sheets(files) -> None:
    book = openpyxl.load_workbook(io.BytesIO(files["portfolio.xlsx"]))
    assert book.sheetnames == [
        "projects",
        "milestones",
        "risks",
        "issues",
        "changes",
        "updates",
        "exceptions",
        "benefits",
        "decisions",
        "lessons",
    ]
    counts = {name: book[name].max_row - 1 for name in book.sheetnames}
    assert counts == {
        "projects": 10,
        "milestones": 8,
        "risks": 7,
        "issues": 4,
        "changes": 5,
        "updates": 8,
        "exceptions": 2,
        "benefits": 6,
        "decisions": 4,
        "lessons": 4,
    }
    projects = book["projects"]
    header = [c.value for c in projects[1]]
    p01 = dict(zip(header, [c.value for c in projects[2]], strict=True))
    assert (p01["id"], p01["approved"], p01["forecast_at_completion"], p01["variance"], p01["stale"]) == (
        "P01",
        1_000_000,
        1_200_000,
        200_000,
        False,
    )
    assert p01["end"] == datetime(2026, 12, 31)
    changes = book["changes"]
    header = [c.value for c in changes[1]]
    costs = {(r[0].value, r[1].value): r[header.index("cost_impact")].value for r in changes.iter_rows(min_row=2)}
    assert costs == {
        ("P01", "C1"): 50_000,
        ("P01", "C2"): 20_000,
        ("P02", "C1"): 100_000,
        ("P03", "C1"): -30_000,
        ("P05", "C1"): 5_000,
    }
    assert book.properties.created == datetime(2026, 6, 30)


def test_xlsx_is_byte_reproducible(portfolio, files) -> None:
    again = build_downloads(load_portfolio(FIXTURES / "insight"))
    assert again["portfolio.xlsx"] == files["portfolio.xlsx"]
    assert again == files
    with zipfile.ZipFile(io.BytesIO(files["portfolio.xlsx"])) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == ["2026-06-30T00:00:00Z"] * 2


def test_json_figures(files) -> None:
    doc = json.loads(files["portfolio.json"])
    assert (doc["currency"], doc["reporting_date"]) == ("GBP", "2026-06-30")
    assert doc["totals"] == {
        "projects": 5,
        "approved": 4050000,
        "actual": 2270000,
        "forecast_at_completion": 4170000,
        "variance": 120000,
        "variance_pct": 3,
        "gross_overspend": 220000,
        "gross_underspend": -100000,
    }
    programmes = {
        p["id"]: (p["approved"], p["forecast_at_completion"], p["variance"], p["variance_pct"])
        for p in doc["programmes"]
    }
    assert programmes == {
        "prog-a": (1500000, 1700000, 200000, 13.3),
        "prog-b": (2300000, 2220000, -80000, -3.5),
        None: (250000, 250000, 0, 0),
    }
    assert doc["status"] == {"green": 1, "amber-green": 0, "amber": 1, "amber-red": 0, "red": 1, "not_reported": 1}
    x, y = doc["budget_pools"]
    assert [(p["id"], p["rank"], p["weighted_score"], p["cumulative"], p["funded"]) for p in x["ranking"]] == [
        ("P06", 1, 4, 600000, True),
        ("P08", 2, 3.75, 800000, True),
        ("P07", 3, 3.75, 1100000, False),
        ("P09", 4, 1.5, 1200000, False),
    ]
    assert (x["funded_total"], x["remaining"], y["ranking"]) == (800000, 200000, [])
    assert doc["unranked_proposals"] == [
        {"id": "P10", "weighted_score": 5, "request": 150000, "reason": "no budget pool"}
    ]
    assert [len(doc[name]) for name in ("projects", "milestones", "risks", "issues", "changes", "updates")] == [
        10,
        8,
        7,
        4,
        5,
        8,
    ]
    assert "proposals" in doc["rules"]["totals"] and "stops at the first" in doc["rules"]["funding"]


def data_values(markdown: str, table_id: str) -> list[list[str]]:
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', markdown, re.S)
    assert found is not None
    table = found.group(0)
    return [re.findall(r'<td[^>]*data-value="([^"]*)"', row) for row in re.findall(r"<tr.*?</tr>", table, re.S)]


def test_every_download_number_equals_the_page(files, generated) -> None:
    doc = json.loads(files["portfolio.json"])
    finance = [row for row in data_values(generated["portfolio/dashboard.md"], "finance-table") if row]
    pages = [[float(v) for v in row[0:4]] for row in finance]
    downloads = [[p["projects"], p["approved"], p["actual"], p["forecast_at_completion"]] for p in doc["programmes"]]
    t = doc["totals"]
    downloads.append([t["projects"], t["approved"], t["actual"], t["forecast_at_completion"]])
    assert pages == downloads
    # Per project: the amounts on the All projects page equal the CSV's.
    index = generated["portfolio/projects/index.md"]
    shown = {
        pid: (float(a), float(f) if f else None)
        for pid, a, f in re.findall(
            r'<a href="[^"]*">(P\d\d)</a>.*?<td class="pmo-num" data-value="([^"]*)">.*?<td class="pmo-num" '
            r'data-value="([^"]*)">',
            index,
            re.S,
        )
    }
    rows = {r["id"]: r for r in csv_rows(files["portfolio.csv"])}
    assert shown == {
        pid: (float(r["approved"]), float(r["forecast"]) if r["forecast"] else None) for pid, r in rows.items()
    }
    # Proposals: ranks, scores and cumulative requests on the page equal the JSON's.
    proposals = generated["portfolio/proposals.md"]
    on_page = [(row[0], row[-3], row[-1]) for row in data_values(proposals, "ranking-pool-x-table") if row]
    assert on_page == [
        (str(p["rank"]), str(float(p["weighted_score"])), repr(float(p["cumulative"])))
        for p in doc["budget_pools"][0]["ranking"]
    ]


def test_downloads_are_site_files(files, generated) -> None:
    for name, content in files.items():
        assert generated[f"portfolio/downloads/{name}"] == content


def test_export_one_format(portfolio, files) -> None:
    assert export(portfolio, "json") == ("portfolio.json", files["portfolio.json"])
    assert export(portfolio, "csv") == ("portfolio.csv", files["portfolio.csv"])


def test_spreadsheet_formulas_are_not_run(tmp_path: Path) -> None:
    data = copy_fixture("insight", tmp_path / "data")
    write_project(data, "F1", 'id: F1\nname: "=HYPERLINK(\\"http://x\\",\\"y\\")"\nstage: proposal\n')
    out = build_downloads(load_portfolio(data))
    row = next(r for r in csv_rows(out["portfolio.csv"]) if r["id"] == "F1")
    assert row["name"] == '\'=HYPERLINK("http://x","y")'
    book = openpyxl.load_workbook(io.BytesIO(out["portfolio.xlsx"]))
    names = [r[1].value for r in book["projects"].iter_rows(min_row=2) if r[0].value == "F1"]
    assert names == ['=HYPERLINK("http://x","y")'] and book["projects"].cell(2, 2).data_type == "s"
    cells = [r[1] for r in book["projects"].iter_rows(min_row=2) if r[0].value == "F1"]
    assert cells[0].data_type == "s"  # a string, not a formula


def test_downloads_made_after_an_edit_from_the_last_build_are_a_fresh_builds(tmp_path: Path) -> None:
    """`mkdocs serve` keeps the last downloads' outputs: the tables an edit left alone are taken
    as written, and every file is the one a build from scratch makes."""
    data = copy_fixture("insight", tmp_path / "data")
    last = LastOutputs()
    before = load_portfolio(data)
    build_downloads(before, last=last)
    edited = data / "projects" / "P01.yaml"
    text = edited.read_text(encoding="utf-8")
    forecast = re.search(r"\n(\s+forecast: )(\d+)\n", text)
    assert forecast is not None
    edited.write_text(text.replace(forecast[0], f"\n{forecast[1]}{int(forecast[2]) + 1000}\n"), encoding="utf-8")
    after = load_portfolio(data)
    assert build_downloads(after, last=last) == build_downloads(after)
    old, new = build_tables(analyse(before)), build_tables(analyse(after))
    changed = {name for name in SHEETS if old[name] != new[name]}
    assert changed == {"projects", "exceptions"}  # P01's forecast, and with it its cost exception
    kept = len(SHEETS) - len(changed)
    assert last.reused == kept + kept + len({"projects", *BOARD_TABLES} - changed)  # sheets, JSON, CSV files
