"""The front door as staff see it: the home page and the dashboard show the portfolio in the
first screen, every common task is one click from home, no generated table scrolls sideways at
1280 px, and on a phone a wide table scrolls in its own frame with its first column in view."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from harness import PAGES

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Hand-written handbook pages are the PMO's to lay out (a wide matrix there may scroll); every
# page generated from the data must fit.
HAND_WRITTEN = {"handbook", "template"}
GENERATED = [name for name in PAGES if name not in HAND_WRITTEN]

# Every element of the article that scrolls sideways: its table's id (or its class), and by how much.
SIDEWAYS = """() => [...document.querySelectorAll('article *')]
  .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.querySelector('table')?.id || e.className}: ${e.scrollWidth} > ${e.clientWidth} px`)"""

TASKS = [
    "Start a project",
    "Report status",
    "Request a change",
    "Raise a risk or an issue",
    "Prepare for a stage gate",
    "Report an exception",
    "Close a project",
    "Who approves this?",
]
TILES = [
    "Live projects",
    "Forecast against approved",
    "Gross overspend",
    "In exception",
    "Overdue milestones",
    "Proposals",
]


def test_no_generated_page_scrolls_sideways_at_1280_px(visit) -> None:
    page = visit(PAGES["home"], viewport=DESKTOP)
    scrolling = {}
    for name in GENERATED:
        page.goto(PAGES[name])
        page.wait_for_load_state("load")
        found = page.evaluate(SIDEWAYS)
        if page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            found.append("the page itself")
        if found:
            scrolling[name] = found
    assert scrolling == {}


def test_home_shows_every_task_and_the_headline_in_the_first_screen(visit, site_dir) -> None:
    page = visit(PAGES["home"], viewport=DESKTOP)
    fold = DESKTOP["height"]
    cards = page.locator(".pmo-tasks li > p:first-child a")
    assert cards.all_inner_texts() == TASKS
    for index in range(cards.count()):
        box = cards.nth(index).bounding_box()
        assert box is not None and box["y"] + box["height"] <= fold, TASKS[index]
        # One click: each card's link opens a page of the site (a standard or the decision rights).
        href = cards.nth(index).get_attribute("href") or ""
        target = urlsplit(urljoin(page.url, href)).path
        assert (site_dir / target.lstrip("/") / "index.html").is_file(), href
    labels = page.locator(".pmo-tile__label")
    assert labels.all_inner_texts() == TILES
    for index in range(labels.count()):
        tile = page.locator(".pmo-tile").nth(index).bounding_box()
        assert tile is not None and tile["y"] + tile["height"] <= fold, TILES[index]


def test_the_dashboard_opens_on_its_tiles_and_charts_side_by_side(visit) -> None:
    page = visit(PAGES["dashboard"], viewport=DESKTOP)
    assert page.locator(".md-sidebar--secondary").is_hidden()  # no table of contents: the width is the tables'
    tiles = page.locator(".pmo-tile")
    assert tiles.count() == len(TILES)
    last = tiles.nth(len(TILES) - 1).bounding_box()
    assert last is not None and last["y"] + last["height"] <= DESKTOP["height"]
    charts = [box for box in (chart.bounding_box() for chart in page.locator(".pmo-chart-grid > *").all()) if box]
    assert len(charts) >= 2
    assert charts[0]["y"] == pytest.approx(charts[1]["y"], abs=1)  # the first two charts share a row
    assert charts[0]["y"] < DESKTOP["height"]


@pytest.mark.parametrize("name", ["dashboard", "risks", "projects", "project", "person"])
def test_on_a_phone_a_wide_table_scrolls_in_its_frame_with_its_first_column_in_view(name, visit) -> None:
    page = visit(PAGES[name], viewport=PHONE, is_mobile=True)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    moved = page.evaluate(
        """() => [...document.querySelectorAll('.pmo-table-wrap')]
          .filter(frame => frame.scrollWidth > frame.clientWidth + 1 && frame.querySelector('table.pmo-table tbody td'))
          .map(frame => {
            frame.scrollLeft = 120;
            const cell = frame.querySelector('tbody tr > :first-child');
            const second = frame.querySelector('tbody tr > :nth-child(2)');
            return {
              table: frame.querySelector('table').id,
              frame: frame.getBoundingClientRect().left,
              first: cell.getBoundingClientRect().left,
              covered: second.getBoundingClientRect().left < cell.getBoundingClientRect().right,
            };
          })"""
    )
    if name in ("dashboard", "risks", "projects"):
        assert moved, "no table wider than a phone: nothing to check"
    for table in moved:
        # The first column stays at the frame's edge while the rest slides beneath it.
        assert table["first"] == pytest.approx(table["frame"], abs=1.5), table
        assert table["covered"], table
