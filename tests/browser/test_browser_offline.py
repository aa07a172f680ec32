"""The hub works on an intranet with no internet: nothing leaves the local server, nothing errors."""

from __future__ import annotations

import pytest

from harness import CHART_PAGES, PAGES

pytestmark = pytest.mark.browser


def search_index_loaded(response) -> bool:
    return response.url.endswith("/search/search_index.json") and response.status < 400


def test_pages_load_only_from_the_local_server_without_console_errors(visit):
    """One context visits every kind of page in turn, as a reader clicking through would."""
    page = visit(PAGES["home"])
    for name, path in {**PAGES, **CHART_PAGES}.items():
        # Material's search worker fetches its index last, after load: wait for it, so that
        # whatever the page asks for has been asked for.
        with page.expect_response(search_index_loaded):
            page.goto(path)
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
    # ... and no empty space held for one (pmo.css holds it only while scripts are on).
    held = "getComputedStyle(document.querySelector('.pmo-table-wrap'), '::before').content"
    assert page.evaluate(held) == "none"
