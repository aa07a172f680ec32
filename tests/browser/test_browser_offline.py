"""The hub works on an intranet with no internet: nothing leaves the local server, nothing errors."""

from __future__ import annotations

import pytest

from harness import CHART_PAGES, PAGES

pytestmark = pytest.mark.browser


def test_pages_load_only_from_the_local_server_without_console_errors(visit):
    """One context visits every page in turn, as a reader clicking through would."""
    page = None
    for name, path in {**PAGES, **CHART_PAGES}.items():
        page = visit(path) if page is None else page
        page.goto(path)
        # Material's search worker fetches its index after load; wait for that too.
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text().strip(), name
    assert visit.guard.foreign == []
    assert visit.guard.errors == []


def test_pages_work_with_scripts_off_and_tables_are_complete(visit, site_dir):
    """Without JavaScript the portfolio table is all there: every project, no filter bar."""
    page = visit(PAGES["projects"], java_script_enabled=False)
    html = (site_dir / PAGES["projects"] / "index.html").read_text(encoding="utf-8")
    assert page.locator("table[data-pmo-table] tbody tr").count() == html.count("<tr data-programme=") == 26
    assert page.locator("table[data-pmo-table] tbody tr:visible").count() == 26
    assert page.locator(".pmo-filter").count() == 0
