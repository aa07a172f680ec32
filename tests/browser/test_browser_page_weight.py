"""Page weight (issue 13): project pages carry the handbook's sections, not its every page, and
Material mounts no tooltip at load on the titles of a page's content (its exact amounts), links,
buttons and abbreviations apart.

Sizes are structure, not speed: the limits hold on any machine. Speed is read off
benchmarks/bench.py, never asserted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from harness import PAGES

pytestmark = pytest.mark.browser

# A demo project page was 65 KB with the whole handbook nav in its sidebar, 42 KB pruned.
PROJECT_PAGE_LIMIT = 48 * 1024


def test_a_project_page_carries_a_pruned_navigation(site_dir: Path) -> None:
    html = (site_dir / PAGES["project"] / "index.html").read_text(encoding="utf-8")
    assert len(html.encode()) <= PROJECT_PAGE_LIMIT, len(html.encode())
    nav = html.split('class="md-nav md-nav--primary', 1)[1].split('class="md-sidebar md-sidebar--secondary', 1)[0]
    assert "md-nav__item--pruned" in nav  # sections are links to their index page...
    assert 'href="../../../standards/stage-gates/"' not in nav  # ...not lists of their pages


def test_a_handbook_page_still_lists_its_own_section(site_dir: Path) -> None:
    html = (site_dir / PAGES["handbook"] / "index.html").read_text(encoding="utf-8")
    nav = html.split('class="md-nav md-nav--primary', 1)[1].split('class="md-sidebar md-sidebar--secondary', 1)[0]
    assert 'href="../lifecycle/"' in nav  # a sibling in the Standards section


def test_exact_amounts_in_tables_show_on_hover_without_a_tooltip_mounted_per_cell(visit: Callable[..., Page]) -> None:
    page = visit(PAGES["projects"])
    money = page.locator("table[data-pmo-table] .pmo-money").first
    exact = money.get_attribute("data-pmo-title")
    assert exact and exact.startswith("£")
    assert money.get_attribute("title") is None  # Material mounted no tooltip on it at load
    assert page.locator("table[data-pmo-table] [aria-describedby^='__tooltip']").count() == 0
    money.hover()
    assert money.get_attribute("title") == exact  # the browser's own tooltip shows the amount


def test_no_title_in_a_page_s_content_gets_a_tooltip_mounted_at_load(visit: Callable[..., Page]) -> None:
    page = visit(PAGES["dashboard"])
    assert page.locator(".md-content [data-pmo-title]").count() > 15  # its amounts
    assert page.locator(".md-content a[data-pmo-title], .md-content button[data-pmo-title]").count() == 0
    assert page.locator(".md-content [aria-describedby^='__tooltip']").count() == 0
    amount = page.locator(".pmo-tile .pmo-money").first
    exact = amount.get_attribute("data-pmo-title")
    assert exact and exact.startswith("£") and amount.get_attribute("title") is None
    amount.hover()
    assert amount.get_attribute("title") == exact  # the browser's own tooltip shows it


def test_abbreviations_keep_the_glossary_s_tooltip(visit: Callable[..., Page]) -> None:
    page = visit(PAGES["handbook"])
    abbreviation = page.locator(".md-content abbr").first
    assert abbreviation.get_attribute("title")  # Material's tooltip, which touch screens show too
    assert abbreviation.get_attribute("data-pmo-title") is None
