"""The portfolio views as people get them: a site built from the "insight" fixture, read back
from the HTML. Expected figures are worked out by hand (tests/fixtures/insight/README.md)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.load.settings import HubSettings
from support import copy_fixture, generate_pages, write_project

VIEWS = [
    "dashboard",
    "board-pack",
    "exceptions",
    "roadmap",
    "milestones",
    "risks",
    "benefits",
    "decisions",
    "lessons",
    "calendar",
    "alignment",
    "proposals",
    "dependencies",
    "data-quality",
]
EDIT = "https://git.example/pmo/hub/edit/main/data/projects/"


@pytest.fixture
def site(insight_site: Path) -> Path:
    return insight_site


# -- reading tables back from HTML ---------------------------------------------------------------


@dataclass
class Cell:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    inner: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # elements inside

    def value(self) -> str:
        return self.attrs.get("data-value", "")

    def title(self) -> str:
        """The exact amount in a money cell's tooltip."""
        return next((a["title"] for t, a in self.inner if "title" in a), "")


@dataclass
class Row:
    attrs: dict[str, str]
    section: str  # thead, tbody or tfoot
    cells: list[Cell] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def values(self) -> list[str]:
        return [c.value() for c in self.cells]


@dataclass
class Table:
    attrs: dict[str, str]
    rows: list[Row] = field(default_factory=list)

    def body(self) -> list[Row]:
        return [r for r in self.rows if r.section == "tbody" and r.cells and r.cells[0].tag == "td"]


class TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.section = ""
        self.tbody_classes: list[str] = []
        self.table: Table | None = None
        self.row: Row | None = None
        self.cell: Cell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.table = Table(a)
            self.tables.append(self.table)
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = tag
            if tag == "tbody":
                self.tbody_classes.append(a.get("class", ""))
        elif tag == "tr" and self.table is not None:
            self.row = Row(
                {**a, "tbody-class": self.tbody_classes[-1] if self.section == "tbody" else ""}, self.section
            )
            self.table.rows.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = Cell(tag, a)
            self.row.cells.append(self.cell)
        elif self.cell is not None:
            self.cell.inner.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            if self.cell is not None:
                self.cell.text = " ".join(self.cell.text.split())
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.text += data


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def tables(site: Path, page: str) -> dict[str, Table]:
    reader = TableReader()
    reader.feed(read(site, page))
    return {t.attrs.get("id") or f"table{index}": t for index, t in enumerate(reader.tables)}


def view(name: str) -> str:
    return f"portfolio/{name}/index.html"


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def first_ids(table: Table) -> list[str]:
    return [row.cells[0].text for row in table.body()]


# -- dashboard -----------------------------------------------------------------------------------


def test_dashboard_finance_by_programme_and_total(site: Path) -> None:
    finance = tables(site, view("dashboard"))["finance-table"]
    rows = {r.cells[0].text: r for r in finance.rows if r.cells and r.section in ("tbody", "tfoot")}
    expected = {  # projects, approved, actual, forecast at completion, variance, variance %, gross over, under
        "Alpha Programme": ("2", "1500000.0", "450000.0", "1700000.0", "200000.0", "+13.3%", "200000.0", "0.0"),
        "Beta Programme": ("2", "2300000.0", "1820000.0", "2220000.0", "-80000.0", "-3.5%", "20000.0", "-100000.0"),
        "No programme": ("1", "250000.0", "0.0", "250000.0", "0.0", "+0.0%", "0.0", "0.0"),
        "Portfolio total": ("5", "4050000.0", "2270000.0", "4170000.0", "120000.0", "+3.0%", "220000.0", "-100000.0"),
    }
    assert set(rows) == set(expected)
    for name, (count, approved, actual, forecast, variance, pct, over, under) in expected.items():
        cells = rows[name].cells
        assert [c.value() for c in cells[1:6]] == [count, approved, actual, forecast, variance], name
        assert cells[6].text == pct, name
        assert [c.value() for c in cells[7:9]] == [over, under], name
    total = rows["Portfolio total"].cells
    assert [c.title() for c in total[2:6]] == ["£4,050,000", "£2,270,000", "£4,170,000", "£120,000"]
    assert rows["Portfolio total"].section == "tfoot"


def test_dashboard_counts(site: Path) -> None:
    t = tables(site, view("dashboard"))
    status = [(r.cells[0].text, r.cells[1].text) for r in t["status-counts-table"].body()]
    # Live projects only: P04 (closed, green) is not counted.
    assert status == [
        ("Green", "1"),
        ("Amber/Green", "0"),
        ("Amber", "1"),
        ("Amber/Red", "0"),
        ("Red", "1"),
        ("Not reported", "1"),
    ]
    assert t["status-counts-table"].rows[-1].texts() == ["Total", "4"]
    stages = [(r.cells[0].text, r.cells[1].text) for r in t["stage-counts-table"].body()]
    assert stages == [
        ("Proposal", "5"),
        ("Initiation", "1"),
        ("Planning", "1"),
        ("Delivery", "2"),
        ("Closing", "0"),
        ("Closed", "1"),
    ]
    by_programme = [r.texts() for r in t["programme-counts-table"].body()]
    # programme, projects, proposals, closed, green, amber-green, amber, amber-red, red, not reported
    assert by_programme == [
        ["Alpha Programme", "2", "2", "0", "0", "0", "1", "0", "1", "0"],
        ["Beta Programme", "2", "2", "1", "1", "0", "0", "0", "0", "0"],
        ["No programme", "1", "1", "0", "0", "0", "0", "0", "0", "1"],
    ]


def test_programme_pages_agree_with_the_dashboard(site: Path) -> None:
    """Each programme page and the programmes index count projects and proposals apart, as the
    dashboard does, and carry the programme's own title and description. (This fixture's theme
    has no Edit buttons; test_site_invariants checks them on the demo.)"""
    dashboard = {
        r.cells[0].text: r.texts()[1:3] for r in tables(site, view("dashboard"))["programme-counts-table"].body()
    }
    index = tables(site, "portfolio/programmes/index.html")["table0"]
    assert [r.texts()[2:4] for r in index.body()] == [dashboard["Alpha Programme"], dashboard["Beta Programme"]]
    for programme_id, name in (("prog-a", "Alpha Programme"), ("prog-b", "Beta Programme")):
        page = read(site, f"portfolio/programmes/{programme_id}/index.html")
        facts = {
            r.cells[0].text: r.cells[1].text
            for r in tables(site, f"portfolio/programmes/{programme_id}/index.html")["table0"].rows
        }
        assert [facts["Projects"], facts["Proposals"]] == dashboard[name]
        assert f"<title>{name} - Test hub</title>" in page
        assert f'<meta name="description" content="Programme {programme_id}">' in page
        assert f'<h1 id="programme">{name}</h1>' in page


def test_dashboard_exceptions_and_reporting(site: Path) -> None:
    t = tables(site, view("dashboard"))
    assert [(r.cells[0].text, r.cells[-1].value()) for r in t["top-slips-table"].body()] == [
        ("P01", "59"),
        ("P02", "30"),
    ]
    over = t["top-overspends-table"].body()
    assert [(r.cells[0].text, r.cells[-2].value(), r.cells[-1].text) for r in over] == [("P01", "200000.0", "+20.0%")]
    page = read(site, view("dashboard"))
    found = re.search(r'<ul class="pmo-reporting" id="reporting-compliance">(.*?)</ul>', page, re.S)
    assert found is not None
    compliance = found.group(1)
    assert re.findall(r'<strong data-value="(\d+)">', compliance) == ["2", "1", "2"]  # stale, no update, overdue
    assert "2 milestones are overdue, 1 without a forecast" in text_of(compliance)
    assert re.search(r'5 proposals requesting <span class="pmo-money" title="£1,350,000" data-value="1350000.0">', page)


def test_dashboard_trend(site: Path) -> None:
    trend = tables(site, view("dashboard"))["trend-table"]
    rows = [(r.cells[0].text, [c.text for c in r.cells[1:]]) for r in trend.rows if r.section == "tbody"]
    # green, amber-green, amber, amber-red, red, projects: live projects' status carried forward
    # (README "Trend"); P04 is closed, so its January and February are gone.
    assert rows == [
        ("Mar 2026", ["0", "0", "1", "0", "0", "1"]),
        ("Apr 2026", ["1", "0", "1", "0", "0", "2"]),
        ("May 2026", ["0", "0", "3", "0", "0", "3"]),
        ("Jun 2026", ["1", "0", "1", "0", "1", "3"]),
    ]


def test_dashboard_links_the_downloads(site: Path) -> None:
    page = read(site, view("dashboard"))
    for name in ("portfolio.csv", "portfolio.xlsx", "portfolio.json"):
        assert f'href="../downloads/{name}"' in page
        assert (site / "portfolio/downloads" / name).stat().st_size > 0


def test_charts_are_accessible_inline_svg(site: Path) -> None:
    page = read(site, view("dashboard"))
    svgs = re.findall(r'<svg\b[^>]*class="pmo-chart".*?</svg>', page, re.S)  # not Material's icons
    assert len(svgs) == 3  # status, finance, trend
    for svg in svgs:
        opening = re.match(r"<svg\b[^>]*>", svg)
        assert opening is not None
        head = opening.group(0)
        assert 'role="img"' in head
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', head)
        assert labelled_by is not None
        title_id, desc_id = labelled_by.group(1).split()
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{desc_id}">[^<]+</desc>', svg)
        assert "<script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    status = svgs[0]
    # Colour never alone: every RAG bar has its name and count as text.
    for label, count in (("Green", 1), ("Amber", 1), ("Red", 1), ("Not reported", 1)):
        assert f">{label}</text>" in status and f"<title>{label}: {count}</title>" in status
    roadmap = read(site, view("roadmap"))
    assert "Reporting date 30 Jun 2026</text>" in roadmap


# -- the other views -------------------------------------------------------------------------------


def test_roadmap_lists_live_projects_by_programme(site: Path) -> None:
    table = tables(site, view("roadmap"))["roadmap-table"]
    assert first_ids(table) == ["P01", "P02", "P03", "P05"]  # P04 is closed; proposals have no plan
    assert table.attrs.get("data-pmo-table") == ""


def test_milestone_lists(site: Path) -> None:
    t = tables(site, view("milestones"))

    def listed(name: str) -> list[tuple[str, str]]:
        return [(r.cells[0].text, r.cells[3].text) for r in t[name].body()]

    assert listed("overdue-table") == [("P01", "Build"), ("P02", "Plan approved")]
    assert listed("due-soon-table") == [("P05", "Kick-off"), ("P01", "Go-live"), ("P03", "Phase 2")]
    assert listed("recently-completed-table") == [("P03", "Phase 1")]
    assert listed("slipped-table") == [("P01", "Build"), ("P03", "Phase 2")]
    assert [r.cells[6].value() for r in t["slipped-table"].body()] == ["61", "19"]
    assert [r.cells[4].value() for r in t["overdue-table"].body()] == ["2026-06-01", "2026-06-10"]


def test_heat_map_counts_link_to_their_risks(site: Path) -> None:
    page = read(site, view("risks"))
    heat = tables(site, view("risks"))["heat-map-table"]
    grid = {}
    for row in heat.rows:
        for cell in row.cells:
            if cell.tag == "td" and "data-probability" in cell.attrs:
                grid[(int(cell.attrs["data-probability"]), int(cell.attrs["data-impact"]))] = int(cell.text)
    assert len(grid) == 25
    assert {k: v for k, v in grid.items() if v} == {(4, 5): 2, (3, 3): 1, (2, 3): 1, (1, 1): 1, (5, 4): 1}
    for (p, i), count in grid.items():
        # Every cell has its page; only the non-empty ones are linked from the map.
        assert (f'href="p{p}-i{i}/"' in page) == bool(count)
        cell_page = read(site, f"portfolio/risks/p{p}-i{i}/index.html")
        assert f"Open risks: probability {p} × impact {i}" in cell_page
        assert cell_page.count("<tr data-programme") == count
        assert ("No open risk has this probability and impact." in cell_page) == (count == 0)
        assert 'href="../#heat-map"' in cell_page
    p4_i5 = read(site, "portfolio/risks/p4-i5/index.html")
    assert re.findall(r">(P0\d)</a></td><td>[^<]*</td><td>(R\d)<", p4_i5) == [("P01", "R1"), ("P02", "R1")]
    assert "2 open risks, by project and risk id." in text_of(p4_i5)
    assert "Likely (4) × severe (5) = score 20, a high risk" in text_of(p4_i5)
    index = read(site, "search/search_index.json")
    assert '"location":"portfolio/risks/"' in index.replace(" ", "")
    assert "portfolio/risks/p4-i5/" not in index  # reached from the heat map, not from search


def test_top_risks_issues_and_changes(site: Path) -> None:
    t = tables(site, view("risks"))
    top = [(r.cells[0].text, r.cells[2].text, r.cells[6].value()) for r in t["top-risks-table"].body()]
    assert top == [
        ("P01", "R1", "20"),
        ("P02", "R1", "20"),
        ("P06", "R1", "20"),
        ("P01", "R2", "9"),
        ("P03", "R1", "6"),
        ("P03", "R2", "1"),
    ]
    assert [(r.cells[0].text, r.cells[1].text) for r in t["issue-counts-table"].body()] == [
        ("Critical", "1"),
        ("High", "1"),
        ("Medium", "1"),
        ("Low", "0"),
    ]
    assert first_ids(t["open-issues-table"]) == ["P01", "P02", "P03"]
    changes = {
        r.cells[0].text: (r.cells[1].value(), r.cells[2].value(), r.cells[3].value())
        for r in t["change-totals-table"].body()
    }
    assert changes == {
        "Requested": ("2", "25000.0", "10"),
        "Approved": ("2", "20000.0", "25"),
        "Rejected": ("1", "100000.0", "60"),
    }
    assert len(t["change-log-table"].body()) == 5


def test_alignment(site: Path) -> None:
    t = tables(site, view("alignment"))
    summary = [
        (r.cells[0].text, r.cells[1].text, r.cells[2].text, r.cells[3].value(), r.cells[4].value())
        for r in t["objective-summary-table"].body()
    ]
    assert summary == [
        ("Objective One", "3", "1", "1750000.0", "200000.0"),
        ("Objective Two", "2", "1", "2500000.0", "600000.0"),
        ("Objective Three", "0", "1", "0.0", "300000.0"),
    ]
    assert first_ids(t["unaligned-table"]) == ["P04", "P09", "P10"]


def test_proposals_ranking_and_funding_line(site: Path) -> None:
    t = tables(site, view("proposals"))
    ranking = t["ranking-pool-x-table"]
    rows = [
        (
            r.cells[0].text,
            r.cells[1].text,
            r.cells[5].text,
            r.cells[6].value(),
            r.cells[7].value(),
            r.cells[8].text,
            r.attrs["tbody-class"],
        )
        for r in ranking.body()
    ]
    assert rows == [
        ("1", "P06", "4.00", "600000.0", "600000.0", "Funded", "pmo-funded"),
        ("2", "P08", "3.75", "200000.0", "800000.0", "Funded", "pmo-funded"),
        ("3", "P07", "3.75", "300000.0", "1100000.0", "Not funded", "pmo-not-funded"),
        ("4", "P09", "1.50", "100000.0", "1200000.0", "Not funded", "pmo-not-funded"),
    ]
    # Per-criterion scores as given (P09 has no c2 score: shown as missing, counted as 0).
    assert [(r.cells[3].text, r.cells[4].text) for r in ranking.body()] == [
        ("4", "4"),
        ("4", "3"),
        ("5", "0"),
        ("2", "–"),
    ]
    line = [r for r in ranking.rows if "pmo-funding-line" in r.attrs.get("class", "")]
    assert len(line) == 1 and line[0].cells[0].text.startswith("Funding line — not funded: 2 proposals")
    page = text_of(read(site, view("proposals")))
    assert "Funded: 2, £800k; left in the pool: £200k" in page
    assert "No proposal draws on this pool" in page  # pool Y
    assert "Funding stops at the first proposal that does not fit" in page
    assert "ties go to the smaller request, then to the lower id" in page
    assert "counts as 0" in page
    unranked = [(r.cells[0].text, r.cells[3].text, r.cells[5].text) for r in t["unranked-table"].body()]
    assert unranked == [("P10", "5.00", "No budget pool")]
    criteria = [(r.cells[1].text, r.cells[3].text) for r in t["criteria-table"].body()]
    assert criteria == [("Criterion One", "75.0%"), ("Criterion Two", "25.0%")]


def test_dependencies_on_red_or_amber(site: Path) -> None:
    table = tables(site, view("dependencies"))["at-risk-dependencies-table"]
    assert [(r.cells[0].text, r.cells[4].text, r.cells[6].text) for r in table.body()] == [
        ("P02", "P01", "Red"),
        ("P07", "P01", "Red"),
        ("P08", "P02", "Amber"),
    ]
    assert "3 of 4 dependencies are on red or amber projects" in text_of(read(site, view("dependencies")))


def test_data_quality_lists_link_to_project_and_file(site: Path) -> None:
    page = read(site, view("data-quality"))
    t = tables(site, view("data-quality"))
    assert first_ids(t["stale-table"]) == ["P04", "P02"]
    assert [r.cells[5].value() for r in t["stale-table"].body()] == ["161", "60"]  # days since the last update
    assert first_ids(t["never-reported-table"]) == ["P05"]
    assert [(r.cells[0].text, r.cells[2].text) for r in t["overdue-no-forecast-table"].body()] == [
        ("P02", "Plan approved")
    ]
    assert [(r.cells[0].text, r.cells[3].text) for r in t["missing-fields-table"].body()] == [
        ("P05", "manager"),
        ("P09", "scores.c2"),
        ("P10", "budget.pool"),
    ]
    for name in ("stale", "never-reported", "overdue-no-forecast", "missing-fields"):
        for row in t[f"{name}-table"].body():
            pid = row.cells[0].text
            inner = dict(row.cells[0].inner)
            assert inner["a"]["href"] == f"../projects/{pid}/"
            assert row.cells[-1].text == f"data/projects/{pid}.yaml Edit"
            assert dict(row.cells[-1].inner)["a"]["href"] == f"{EDIT}{pid}.yaml"
    assert (site / "portfolio/projects/P04/index.html").exists()
    assert "before 31 May 2026" in text_of(page)


def test_project_page_shows_its_rag_trend(site: Path) -> None:
    page = read(site, "portfolio/projects/P01/index.html")
    found = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert found is not None
    caption = found.group(1)
    assert text_of(caption) == (
        "Overall status at each update, oldest first: Green (10 Apr 2026) → Amber (15 May 2026) → Red (20 Jun 2026)."
    )
    assert '<title id="pmo-chart-project-trend-title">Overall status of P01 over time</title>' in page
    assert "Status trend" not in read(site, "portfolio/projects/P05/index.html")  # no update yet


def test_programme_and_portfolio_totals_match_the_finance_table(site: Path) -> None:
    page = read(site, "portfolio/programmes/prog-b/index.html")
    found = re.search(r"<caption>Programme totals.*?</table>", page, re.S)
    assert found is not None
    keyfacts = found.group(0)
    assert re.findall(r'title="([^"]+)" data-value', keyfacts)[:4] == [
        "£2,300,000",
        "£1,820,000",
        "£2,220,000",
        "-£80,000",
    ]
    index = read(site, "portfolio/index.html")
    found = re.search(r"<caption>Portfolio totals.*?</table>", index, re.S)
    assert found is not None
    keyfacts = found.group(0)
    assert re.findall(r'title="([^"]+)" data-value', keyfacts)[:6] == [
        "£4,050,000",
        "£2,270,000",
        "£4,170,000",
        "£120,000",
        "£220,000",
        "-£100,000",
    ]  # gross over, under
    # Live status only: P04 (closed, green) has left it.
    assert re.findall(r'pmo-rag--(\w[\w-]*)" data-value="\d">[^<]+</span> (\d+)', keyfacts) == [
        ("green", "1"),
        ("amber", "1"),
        ("red", "1"),
    ]


def test_portfolio_index_links_every_view(site: Path) -> None:
    index = read(site, "portfolio/index.html")
    for name in VIEWS:
        assert f'href="../portfolio/{name}/"' in index or f'href="{name}/"' in index, name
        assert (site / view(name)).exists()


def test_long_tables_carry_sort_and_filter_attributes(site: Path) -> None:
    checked = 0
    for name in VIEWS:
        for table in tables(site, view(name)).values():
            if "data-pmo-table" not in table.attrs:
                continue
            for row in table.body():
                assert {"data-programme", "data-stage", "data-rag"} <= set(row.attrs), (name, row.attrs)
                assert "data-value" in row.cells[0].attrs
                checked += 1
    assert checked > 40


def test_without_javascript_tables_are_complete(site: Path) -> None:
    """No view needs a script: every row is in the HTML (the sort/filter script only hides rows)."""
    for name in VIEWS:
        page = read(site, view(name))
        content = page.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
        assert "<script" not in content and " hidden" not in content, name


# -- escaping --------------------------------------------------------------------------------------


def test_data_strings_are_escaped_in_views_and_charts(tmp_path: Path) -> None:
    data = copy_fixture("insight", tmp_path / "data")
    write_project(
        data,
        "EVIL",
        "\n".join(
            [
                "id: EVIL",
                'name: "<script>alert(1)</script> & Co"',
                "stage: delivery",
                "programme: prog-a",
                "start: 2026-01-01",
                "end: 2026-12-31",
                "forecast_end: 2027-01-31",
                "budget: {approved: 10, actual: 1, forecast: 20}",
                "updates: [{date: 2026-06-01, overall: red, summary: '<b>x</b>'}]",
                "milestones: [{name: '<img src=x onerror=alert(2)>', due: 2026-06-01}]",
                "risks: [{id: R1, title: '<svg onload=alert(3)>', probability: 5, impact: 5, status: open}]",
                "dependencies: [P01]",
                "",
            ]
        ),
    )
    portfolio = load_portfolio(data)
    generated = {p.path: p.content for p in generate_pages(portfolio, HubSettings(repo_url="https://git.example/x"))}
    for path in [f"portfolio/{name}.md" for name in VIEWS] + ["portfolio/projects/EVIL/index.md"]:
        text = generated[path]
        assert "<script>alert" not in text and "<img src=x" not in text and "<svg onload" not in text, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in generated["portfolio/roadmap.md"]


def test_views_of_an_empty_portfolio(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    for path in (data / "projects").iterdir():
        path.unlink()
    generated = {p.path: p.content for p in generate_pages(load_portfolio(data), HubSettings())}
    dashboard = text_of(generated["portfolio/dashboard.md"])
    assert "No status update has been reported yet." in dashboard
    assert "No live project is forecast to finish later than planned." in dashboard
    assert "No milestone is overdue." in text_of(generated["portfolio/milestones.md"])
    assert "No proposal draws on this pool." in text_of(generated["portfolio/proposals.md"])
    assert generated["portfolio/downloads/portfolio.csv"].decode("utf-8-sig").count("\n") == 1  # header only
