"""Search runs in the browser from the local index: projects and handbook pages are found."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness import PAGES, REPO

pytestmark = pytest.mark.browser


def search(page, query: str):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill("")
    field.press_sequentially(query, delay=10)
    results = page.locator(".md-search-result__list a")
    results.first.wait_for(state="visible")
    return results


def pages_found(page, results, wanted: str) -> list[str]:
    """Result pages (without ?h= highlight query or #anchor), once ``wanted`` is among them."""
    page.locator(f".md-search-result__list a[href^='{wanted}']").first.wait_for(state="visible")
    return [h.split("#")[0].split("?")[0] for h in results.evaluate_all("links => links.map(a => a.href)")]


def test_typing_a_project_name_finds_its_page(visit, site_url):
    name = yaml.safe_load(Path(REPO / "data/projects/NMC-001.yaml").read_text(encoding="utf-8"))["name"]
    assert name == "Customer relationship management platform replacement"
    page = visit(PAGES["home"])
    results = search(page, name)
    project = f"{site_url}{PAGES['project']}"
    assert project in pages_found(page, results, project)


def test_typing_a_handbook_term_finds_the_handbook_page(visit, site_url):
    page = visit(PAGES["project"])
    results = search(page, "stage gate")
    handbook = f"{site_url}{PAGES['handbook']}"
    found = pages_found(page, results, handbook)
    assert handbook in found
    assert visit.guard.errors == []
