"""The portfolio board's pages (issue 14) on the "insight" fixture: exceptions, the board pack,
benefits, decisions, lessons, the governance calendar, the new data-quality checks and their
downloads. Every expected figure was worked out by hand (tests/fixtures/insight/README.md,
"Board pages"), never by calling the code under test."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from test_views_insight import read, tables, text_of, view

from pmo_hub.analyse import analyse, definitions
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.load.settings import HubSettings
from pmo_hub.model import PortfolioSettings, Project
from pmo_hub.render.downloads import build_downloads
from support import FIXTURES, copy_fixture, generate_pages


@pytest.fixture(scope="module")
def analysis():
    return analyse(load_portfolio(FIXTURES / "insight"))


@pytest.fixture
def site(insight_site: Path) -> Path:
    return insight_site


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_downloads(load_portfolio(FIXTURES / "insight"))


def ids(items) -> list[str]:
    return [getattr(item, "project", item).id for item in items]


# -- the rules on small cases ----------------------------------------------------------------------


def project(stage: str = "delivery", **fields) -> Project:
    base = {
        "id": "X",
        "name": "X",
        "stage": stage,
        "start": "2026-01-01",
        "end": "2026-06-30",
        "budget": {"approved": 1_000_000},
    }
    return Project.model_validate({**base, **fields})


def settings(**fields) -> PortfolioSettings:
    return PortfolioSettings.model_validate({"organisation": "O", "currency": "GBP", **fields})


def test_cost_tolerance_exactly_at_the_limit_is_inside() -> None:
    s = settings(tolerances={"schedule_days": 28, "cost_percent": 10})
    at_limit = project(budget={"approved": 1_000_000, "forecast": 1_100_000})
    over = project(budget={"approved": 1_000_000, "forecast": 1_100_500})  # 10.05%: 0.05 → 0.1 (half up)
    assert definitions.cost_points_over(at_limit, s) is None and not definitions.in_exception(at_limit, s)
    assert definitions.cost_points_over(over, s) == 0.1 and definitions.in_exception(over, s)


def test_schedule_tolerance_and_tier_override() -> None:
    s = settings(
        tolerances={"schedule_days": 28, "cost_percent": 10},
        tiers=[{"id": "t1", "name": "T1", "tolerances": {"schedule_days": 14}}],
    )
    p28 = project(forecast_end="2026-07-28")  # slip 28: inside the default
    assert definitions.schedule_days_over(p28, s) is None
    assert definitions.schedule_days_over(project(forecast_end="2026-07-28", tier="t1"), s) == 14
    assert not definitions.in_exception(project("closed", forecast_end="2027-01-01"), s)  # closed: never
    assert not definitions.in_exception(project(forecast_end="2027-01-01"), settings())  # no tolerances: never


# -- figures ---------------------------------------------------------------------------------------


def test_exceptions(analysis) -> None:
    rows = [
        (e.project.id, e.tolerances.schedule_days, e.days_over, e.points_over, e.breached) for e in analysis.exceptions
    ]
    assert rows == [("P01", 28, 31, 10.0, ["schedule", "cost"]), ("P02", 14, 16, None, ["schedule"])]


def test_decisions_required_and_movement(analysis) -> None:
    assert [(r.project.id, r.change.id, r.age_days, r.overdue) for r in analysis.pending_changes] == [
        ("P01", "C2", 30, True),
        ("P05", "C1", 29, False),
    ]
    m = analysis.movements
    assert (ids(m.worsened), ids(m.improved), ids(m.new), ids(m.unchanged)) == (["P01"], ["P03"], ["P02"], [])


def test_benefits_register_and_totals(analysis) -> None:
    assert [(r.project.id, r.benefit.id, r.latest_actual, r.financial) for r in analysis.benefits] == [
        ("P05", "B1", None, False),
        ("P01", "B1", 50_000, True),
        ("P03", "B1", 45_000, True),
        ("P01", "B2", 110, False),
        ("P04", "B1", 42_000, True),
        ("P02", "B1", None, False),
    ]
    totals = [
        (t.status.value if t.status else "all", t.count, t.financial, t.target, t.actual)
        for t in analysis.benefit_totals
    ]
    assert totals == [
        ("planned", 1, 0, 0, 0),
        ("on-track", 1, 1, 300_000, 50_000),
        ("at-risk", 2, 1, 150_000, 45_000),
        ("realised", 1, 1, 40_000, 42_000),
        ("not-realised", 1, 0, 0, 0),
        ("all", 6, 3, 490_000, 137_000),
    ]
    assert [(r.project.id, r.benefit.id) for r in analysis.benefits_at_risk] == [("P03", "B1"), ("P01", "B2")]


def test_decision_log_lessons_calendar_and_commentary(analysis) -> None:
    assert [(p.id, d.id) for p, d in analysis.decision_log] == [
        ("P01", "D2"),
        ("P04", "D1"),
        ("P01", "D1"),
        ("P03", "D1"),
    ]
    assert [(g.category, [(p.id, lesson.id) for p, lesson in g.lessons]) for g in analysis.lessons] == [
        ("Governance", [("P04", "L2")]),
        ("Procurement", [("P03", "L1"), ("P04", "L1")]),
        ("Uncategorised", [("P01", "L1")]),
    ]
    assert [(m.date, m.board) for m in analysis.upcoming_meetings] == [
        (date(2026, 6, 30), "Gate panel"),
        (date(2026, 7, 14), "Portfolio board"),
    ]
    assert [m.date for m in analysis.past_meetings] == [date(2026, 6, 10), date(2026, 5, 12)]
    assert analysis.commentary.date == date(2026, 6, 26)


def test_data_quality_checks(analysis) -> None:
    assert [(m.project.id, m.dimension, m.rating.value, m.over) for m in analysis.rating_mismatches] == [
        ("P01", "cost", "amber-green", 10.0),
        ("P02", "schedule", "amber-green", 16),
    ]
    assert [
        (u.project.id, u.dimension, u.approved_total, u.shown, [c.id for c in u.changes])
        for u in analysis.unapplied_changes
    ] == [("P01", "schedule", 30, 59, ["C1"]), ("P01", "cost", 50_000, 200_000, ["C1"])]
    assert [(r.project.id, r.change.id) for r in analysis.overdue_changes] == [("P01", "C2")]


# -- pages -----------------------------------------------------------------------------------------


def test_exceptions_page(site: Path) -> None:
    table = tables(site, view("exceptions"))["exceptions-table"]
    # id, tier, sponsor and manager; days over and points over (values and what the cells say)
    rows = [
        (r.cells[0].text, r.cells[2].text, r.cells[5].value(), r.cells[5].text, r.cells[6].value(), r.cells[6].text)
        for r in table.body()
    ]
    assert rows == [
        ("P01", "Tier 2", "31", "31 days over+59 days against 28 days", "10.0", "10.0 points over+20.0% against 10%"),
        ("P02", "Tier 1", "16", "16 days over+30 days against 14 days", "", "within 10%+0.0%"),
    ]
    assert table.body()[0].cells[0].inner[0][1]["href"] == "../projects/P01/"
    assert "Portfolio default: 28 days of slip and 10% over the approved budget. Tier 1: 14 days" in text_of(
        read(site, view("exceptions"))
    )


def test_board_pack_sections(site: Path) -> None:
    page = read(site, view("board-pack"))
    t = tables(site, view("board-pack"))
    commentary = page.split('id="commentary-text"', 1)[1].split("</div>", 1)[0]
    assert "<strong>Two projects</strong>" in commentary and "&lt;script&gt;" in commentary
    assert "<script>alert" not in page and "After the reporting date" not in page and "May commentary" not in page
    assert [
        (r.cells[0].text, r.cells[2].text, r.cells[7].value()) for r in t["board-pending-changes-table"].body()
    ] == [("P01", "C2", "30"), ("P05", "C1", "29")]
    assert "2 projects in exception, each for the board to decide" in text_of(page)
    assert [r.cells[0].text for r in t["board-exceptions-table"].body()] == ["P01", "P02"]
    for name, expected in (("worsened", ["P01"]), ("improved", ["P03"]), ("new", ["P02"])):
        block = page.split(f'id="movement-{name}-list"', 1)[1].split("</ul>", 1)[0]
        assert [pid for pid in ("P01", "P02", "P03", "P05") if f'data-project="{pid}"' in block] == expected
    assert len(t["board-top-risks-table"].body()) == 6
    finance = {r.cells[0].text: r.cells[1].value() for r in t["board-finance-table"].rows}
    assert (finance["Net variance"], finance["Gross overspend"], finance["Gross underspend"]) == (
        "120000.0",
        "220000.0",
        "-100000.0",
    )
    assert [(r.cells[0].text, r.cells[2].text) for r in t["board-benefits-at-risk-table"].body()] == [
        ("P03", "B1"),
        ("P01", "B2"),
    ]
    meetings = [(r.cells[0].value(), r.cells[2].text) for r in t["board-meetings-table"].body()]
    assert meetings == [
        ("2026-06-30", "Gate 3 for P02 <b>bold?</b>"),
        ("2026-07-14", "July board: exceptions P01 and P02"),
    ]
    assert "<b>bold?</b>" not in page  # shown as text


def test_benefits_page(site: Path) -> None:
    t = tables(site, view("benefits"))
    totals = {r.cells[0].text: [c.value() for c in r.cells[1:]] for r in t["benefit-totals-table"].rows[1:]}
    assert totals["At risk"] == ["2", "1", "150000.0", "45000.0"]
    assert totals["All benefits"] == ["6", "3", "490000.0", "137000.0"]
    assert [(r.cells[0].text, r.cells[2].text) for r in t["benefits-table"].body()] == [
        ("P05", "B1"),
        ("P01", "B1"),
        ("P03", "B1"),
        ("P01", "B2"),
        ("P04", "B1"),
        ("P02", "B1"),
    ]


def test_decision_log_and_calendar_pages(site: Path) -> None:
    log = tables(site, view("decisions"))["decision-log-table"].body()
    assert [(r.cells[0].value(), r.cells[1].text, r.cells[3].text) for r in log] == [
        ("2026-06-21", "P01", "D2"),
        ("2026-06-21", "P04", "D1"),
        ("2026-05-01", "P01", "D1"),
        ("2026-03-25", "P03", "D1"),
    ]
    assert log[0].cells[-1].text == "The supplier failed <b>twice</b>."
    t = tables(site, view("calendar"))
    assert [r.cells[0].value() for r in t["upcoming-meetings-table"].body()] == ["2026-06-30", "2026-07-14"]
    assert [r.cells[0].value() for r in t["past-meetings-table"].body()] == ["2026-06-10", "2026-05-12"]


def test_lessons_page_and_search(site: Path) -> None:
    t = tables(site, view("lessons"))
    groups = [[r.cells[0].text for r in t[f"lessons-{i}-table"].rows if r.section == "tbody"] for i in (1, 2, 3)]
    assert groups == [
        ["Hold the closure gate on time"],
        ["Order long-lead kit at design sign-off", "Check supplier capacity before award"],
        ["Keep a second supplier warm"],
    ]
    page = read(site, view("lessons"))
    assert '<h2 id="lessons-3">Uncategorised</h2>' in page and "&lt;em&gt;slot&lt;/em&gt;" in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(
        d["text"] + " " + d["title"] for d in index["docs"] if d["location"].startswith("portfolio/lessons/")
    )
    for words in (
        "Keep a second supplier warm",
        "Name a fallback supplier in every single-source contract",
        "Ask bidders to name the team for each site",
    ):
        assert words in text, words


def test_data_quality_page(site: Path) -> None:
    t = tables(site, view("data-quality"))
    assert [(r.cells[0].text, r.cells[2].text, r.cells[5].value()) for r in t["rating-mismatch-table"].body()] == [
        ("P01", "Cost", "10.0"),
        ("P02", "Schedule", "16"),
    ]
    assert [(r.cells[0].text, r.cells[2].text, r.cells[4].value()) for r in t["unapplied-changes-table"].body()] == [
        ("P01", "Schedule", "30"),
        ("P01", "Cost", "50000.0"),
    ]
    assert [(r.cells[0].text, r.cells[2].text, r.cells[5].value()) for r in t["overdue-changes-table"].body()] == [
        ("P01", "C2", "30")
    ]


def test_dashboard_counts_exceptions(site: Path) -> None:
    assert '<p id="exception-count"><strong data-value="2">2</strong> projects are in exception' in read(
        site, view("dashboard")
    )


# -- downloads ---------------------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_board_downloads(files) -> None:
    exceptions = csv_rows(files["exceptions.csv"])
    assert [(r["project_id"], r["tier"], r["days_over"], r["points_over"], r["breached"]) for r in exceptions] == [
        ("P01", "t2", "31", "10", "schedule; cost"),
        ("P02", "t1", "16", "", "schedule"),
    ]
    benefits = csv_rows(files["benefits.csv"])
    financial = [r for r in benefits if r["financial"] == "true"]
    assert sum(float(r["target"]) for r in financial) == 490_000
    assert sum(float(r["latest_actual"] or 0) for r in financial) == 137_000
    assert [r["decision_id"] for r in csv_rows(files["decisions.csv"])] == ["D2", "D1", "D1", "D1"]
    assert [r["lesson_id"] for r in csv_rows(files["lessons.csv"])] == ["L2", "L1", "L1", "L1"]
    doc = json.loads(files["portfolio.json"])
    assert doc["exception_count"] == 2 and len(doc["exceptions"]) == 2
    assert doc["movement"] == {"improved": ["P03"], "worsened": ["P01"], "new": ["P02"], "unchanged": []}
    assert doc["benefit_totals"][-1] == {
        "status": "all",
        "benefits": 6,
        "financial": 3,
        "target": 490000,
        "latest_actual": 137000,
    }
    assert [(r["project_id"], r["awaiting_days"]) for r in doc["decisions_required"]] == [("P01", 30), ("P05", 29)]
    projects = {r["id"]: r for r in doc["projects"]}
    assert [pid for pid, r in projects.items() if r["in_exception"]] == ["P01", "P02"]
    book = openpyxl.load_workbook(io.BytesIO(files["portfolio.xlsx"]))
    header = [c.value for c in book["exceptions"][1]]
    assert [r[header.index("days_over")].value for r in book["exceptions"].iter_rows(min_row=2)] == [31, 16]


def test_board_pack_figures_equal_the_downloads(files) -> None:
    generated = {p.path: p.content for p in generate_pages(load_portfolio(FIXTURES / "insight"), HubSettings())}
    doc = json.loads(files["portfolio.json"])
    pack = generated["portfolio/board-pack.md"]
    for key in ("gross_overspend", "gross_underspend", "variance"):
        assert f'data-value="{float(doc["totals"][key])!r}"' in pack, key


# -- empty states --------------------------------------------------------------------------------------


def test_without_tolerances_no_project_is_in_exception(tmp_path: Path) -> None:
    data = copy_fixture("insight", tmp_path / "data")
    text = (data / "portfolio.yaml").read_text(encoding="utf-8")
    text = text.replace("tolerances:\n  schedule_days: 28\n  cost_percent: 10\n", "").replace(
        "    tolerances:\n      schedule_days: 14\n", ""
    )
    (data / "portfolio.yaml").write_text(text, encoding="utf-8")
    generated = {p.path: p.content for p in generate_pages(load_portfolio(data), HubSettings())}
    assert "No tolerances are set in portfolio.yaml, so no project is in exception." in text_of(
        generated["portfolio/exceptions.md"]
    )
    assert "No project is in exception." in text_of(generated["portfolio/board-pack.md"])
    assert build_downloads(load_portfolio(data))["exceptions.csv"].decode("utf-8-sig").count("\n") == 1


def test_within_tolerances_says_so(tmp_path: Path) -> None:
    data = copy_fixture("insight", tmp_path / "data")
    text = (data / "portfolio.yaml").read_text(encoding="utf-8")
    text = text.replace("schedule_days: 28\n  cost_percent: 10", "schedule_days: 100\n  cost_percent: 50").replace(
        "      schedule_days: 14\n", "      schedule_days: 100\n"
    )
    (data / "portfolio.yaml").write_text(text, encoding="utf-8")
    generated = {p.path: p.content for p in generate_pages(load_portfolio(data), HubSettings())}
    assert "No project is in exception: every live project is within its tolerances." in text_of(
        generated["portfolio/exceptions.md"]
    )
