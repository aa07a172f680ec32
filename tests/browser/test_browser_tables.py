"""Portfolio tables sort and filter in the browser (docs/assets/pmo-tables.js).

Expected orders and counts come from the table as MkDocs wrote it (the no-JS HTML) and the
data files, sorted and counted here in plain Python."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from harness import PAGES, REPO, layout_shifts

pytestmark = pytest.mark.browser

TABLE = "table[data-pmo-table]"
# Pages whose tables the script enhances after they are painted (the dashboard has none today:
# it is here as the page readers open first).
TABLE_PAGES = ["projects", "dashboard", "programmes", "milestones", "dependencies", "data-quality"]
PHONE = {"width": 375, "height": 800}


def static_rows(site_dir: Path) -> list[dict]:
    """Rows of the projects table in the built HTML: id, attributes and sortable values."""
    html = (site_dir / PAGES["projects"] / "index.html").read_text(encoding="utf-8")
    rows = []
    for attrs, body in re.findall(r"<tr (data-programme=[^>]*)>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", body, re.S)
        # Approved is the first amount column (class pmo-num); "–" when there is none.
        approved = re.search(r'data-value="([^"]+)"', next(c for a, c in cells if "pmo-num" in a))
        project_id = re.search(r">(NMC-\d+)<", cells[0][1])
        assert project_id is not None
        rows.append(
            {
                **dict(re.findall(r'data-(\w+)="([^"]*)"', attrs)),
                "id": project_id.group(1),
                "name": re.sub(r"<[^>]+>", "", cells[1][1]).strip(),
                "approved": float(approved.group(1)) if approved else None,
            }
        )
    return rows


def shown_ids(page) -> list[str]:
    return page.locator(f"{TABLE} tbody tr:visible td:first-child").all_inner_texts()


def header(page, name: str):
    return page.locator(f"{TABLE} thead th").filter(has=page.get_by_role("button", name=name, exact=True))


def test_clicking_a_header_sorts_numbers_text_and_stages(visit, site_dir):
    rows = static_rows(site_dir)
    assert len(rows) == 26
    page = visit(PAGES["projects"])

    approved = header(page, "Approved")
    approved.get_by_role("button").click()
    assert approved.get_attribute("aria-sort") == "ascending"
    with_budget = [r for r in rows if r["approved"] is not None]
    without = [r["id"] for r in rows if r["approved"] is None]
    # Stable sort by amount; rows with no amount stay last in either direction.
    expected = [r["id"] for r in sorted(with_budget, key=lambda r: r["approved"])] + without
    assert shown_ids(page) == expected
    approved.get_by_role("button").click()
    assert approved.get_attribute("aria-sort") == "descending"
    expected_desc = [r["id"] for r in sorted(with_budget, key=lambda r: -r["approved"])] + without
    assert shown_ids(page) == expected_desc
    assert page.locator(f"{TABLE} th[aria-sort]").count() == 1

    name = header(page, "Name")
    name.get_by_role("button").click()
    assert name.get_attribute("aria-sort") == "ascending"
    assert approved.get_attribute("aria-sort") is None
    assert shown_ids(page) == [r["id"] for r in sorted(rows, key=lambda r: r["name"].lower())]

    # Stages sort in lifecycle order, not alphabetically.
    header(page, "Stage").get_by_role("button").click()
    order = ["proposal", "initiation", "planning", "delivery", "closing", "closed"]
    by_stage = sorted(rows, key=lambda r: order.index(r["stage"]))
    assert shown_ids(page) == [r["id"] for r in by_stage]


def test_filters_narrow_the_table_and_say_how_many_rows_show(visit, site_dir):
    rows = static_rows(site_dir)
    projects = {
        p["id"]: p
        for p in (
            yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((REPO / "data/projects").glob("*.yaml"))
        )
    }
    page = visit(PAGES["projects"])
    count = page.locator(".pmo-filter__count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == "Showing 26 of 26 rows"

    # Every control has a visible label.
    for label in ("Filter", "Programme", "Stage", "RAG"):
        assert page.get_by_label(label, exact=True).count() == 1

    page.get_by_label("Programme", exact=True).select_option("digital-services")
    digital = [pid for pid, p in projects.items() if p.get("programme") == "digital-services"]
    assert sorted(shown_ids(page)) == sorted(digital)
    assert count.inner_text() == f"Showing {len(digital)} of 26 rows (filtered)"

    page.get_by_label("Stage", exact=True).select_option("delivery")
    both = [pid for pid in digital if projects[pid]["stage"] == "delivery"]
    assert both and sorted(shown_ids(page)) == sorted(both)

    page.get_by_role("button", name="Clear filters").click()
    assert count.inner_text() == "Showing 26 of 26 rows"

    red = [r["id"] for r in rows if r["rag"] == "red"]
    page.get_by_label("RAG", exact=True).select_option(label="Red")
    assert red and shown_ids(page) == red

    page.get_by_role("button", name="Clear filters").click()
    page.get_by_label("Filter", exact=True).fill("relationship MANAGEMENT")
    assert shown_ids(page) == ["NMC-001"]
    assert count.inner_text() == "Showing 1 of 26 rows (filtered)"


def test_a_shared_link_keeps_the_filter_and_sort(visit, site_dir):
    rows = static_rows(site_dir)
    page = visit(PAGES["projects"])
    page.get_by_label("RAG", exact=True).select_option("amber")
    header(page, "Approved").get_by_role("button").click()
    header(page, "Approved").get_by_role("button").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"rag": ["amber"], "sort": ["approved-desc"]}
    seen = shown_ids(page)

    shared = visit(PAGES["projects"] + "?" + urlsplit(page.url).query)
    amber = [r for r in rows if r["rag"] == "amber"]
    expected = [r["id"] for r in sorted(amber, key=lambda r: (r["approved"] is None, -(r["approved"] or 0)))]
    assert shown_ids(shared) == seen == expected
    assert shared.get_by_label("RAG", exact=True).input_value() == "amber"
    assert header(shared, "Approved").get_attribute("aria-sort") == "descending"
    assert visit.guard.errors == []


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", TABLE_PAGES)
def test_nothing_moves_when_the_sort_and_filter_controls_appear(name, viewport, visit):
    """Cumulative layout shift below 0.01 (Lighthouse's 'good' is 0.1): pmo.css holds the space
    of the filter bar and the sort arrows until the script fills it."""
    page = visit(PAGES[name], **({"viewport": viewport} if viewport else {}))
    tables = page.locator(TABLE)
    assert tables.count() == page.locator(f"{TABLE}[data-pmo-enhanced]").count()
    shifts = layout_shifts(page)
    assert sum(s["value"] for s in shifts) < 0.01, shifts
