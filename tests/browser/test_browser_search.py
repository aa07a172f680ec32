"""Search runs in the browser from the local index: projects and handbook pages are found."""

from __future__ import annotations

import re
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


def results_of_whole_query(page, query: str) -> list[str]:
    """Result pages, best first, once the list shows what the whole query found.

    Typing sends a query per keystroke, and their results arrive one after another. Material
    marks each result link with the query terms the page matched (``?h=``): a page matching
    the query's last term, as typed in full, is listed only once the whole query is answered."""
    last = re.split(r"[\s\-]+", query.strip())[-1].lower()  # split as Material's separator does
    page.wait_for_function(
        """last => [...document.querySelectorAll(".md-search-result__list a")]
        .some(a => (new URL(a.href).searchParams.get("h") || "").split(" ").includes(last))""",
        arg=last,
    )
    links = page.locator(".md-search-result__list > li > a:first-child")
    return [h.split("#")[0].split("?")[0] for h in links.evaluate_all("links => links.map(a => a.href)")]


def test_typing_a_project_name_lists_its_page_first(visit, site_url):
    name = yaml.safe_load(Path(REPO / "data/projects/NMC-001.yaml").read_text(encoding="utf-8"))["name"]
    assert name == "Customer relationship management platform replacement"
    page = visit(PAGES["home"])
    search(page, name)
    assert results_of_whole_query(page, name)[0] == f"{site_url}{PAGES['project']}"


def test_typing_a_project_id_lists_its_page_first(visit, site_url):
    # NMC-017 and NMC-018 differ in one digit, and one of NMC-017's risks names NMC-018.
    page = visit(PAGES["home"])
    search(page, "NMC-018")
    assert results_of_whole_query(page, "NMC-018")[0] == f"{site_url}portfolio/projects/NMC-018/"


def test_typing_a_person_lists_their_page_then_the_projects_they_run(visit, site_url):
    projects = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in (REPO / "data/projects").glob("*.yaml")]
    theirs = sorted(
        f"{site_url}portfolio/projects/{project['id']}/"
        for project in projects
        if "Tom Ellison" in (project.get("sponsor"), project.get("manager"))
    )
    assert len(theirs) == 3  # and he directs the programme they belong to, whose page names him too
    page = visit(PAGES["home"])
    search(page, "Tom Ellison")
    found = results_of_whole_query(page, "Tom Ellison")
    assert found[0] == f"{site_url}{PAGES['person']}"
    assert sorted(found[1:4]) == theirs


def test_typing_a_handbook_term_finds_the_handbook_page(visit, site_url):
    page = visit(PAGES["project"])
    results = search(page, "stage gate")
    handbook = f"{site_url}{PAGES['handbook']}"
    found = pages_found(page, results, handbook)
    assert handbook in found
    assert visit.guard.errors == []
