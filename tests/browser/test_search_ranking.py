"""Site search ranks a project's page first for its id or its name, and a person's page first
for their name (then the projects they sponsor or manage), for every project and every person
of the demo portfolio.

The queries go to Material's own search worker, started in one page of the built site with
the index the site ships, exactly as the search box starts it: the ranking measured is the
one staff see, without typing thousands of queries into the box (test_browser_search.py
types into it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import yaml
from playwright.sync_api import Browser, Page

import harness
from harness import PAGES, REPO
from pmo_hub.analyse.people import people_of
from pmo_hub.load.portfolio import load_portfolio

pytestmark = pytest.mark.browser

# Starts the worker the way Material does (setupSearchWorker in its bundle): the worker script
# and index named by the page's __config, a SETUP message answered by READY, then one QUERY
# answered by one RESULT at a time. The numbers are Material's SearchMessageType.
START_WORKER = """async () => {
  const SETUP = 0, READY = 1, QUERY = 2
  const config = JSON.parse(document.getElementById("__config").textContent)
  const index = await fetch(new URL("search/search_index.json", new URL(config.base + "/", location.href)))
    .then(response => response.json())
  const worker = new Worker(new URL(config.search, location.href))
  const reply = message => new Promise(resolve => {
    worker.onmessage = event => resolve(event.data)
    worker.postMessage(message)
  })
  const ready = await reply({type: SETUP, data: {
    config: index.config, docs: index.docs,
    options: {suggest: config.features.includes("search.suggest")},
  }})
  if (ready.type !== READY) throw new Error(`search worker answered ${JSON.stringify(ready)}`)
  window.pmoQuery = query => reply({type: QUERY, data: query})
  // Each result is a list of pages, best first; a page's sections are grouped under it.
  window.pmoSearch = async queries => {
    const ranked = []
    for (const query of queries) {
      const result = await window.pmoQuery(query)
      ranked.push(result.data.items.map(group => group[0].location.split("#")[0]))
    }
    return ranked
  }
}"""


class SearchWorker:
    """Material's search worker running in a page of the served site."""

    def __init__(self, page: Page) -> None:
        self.page = page
        page.evaluate(START_WORKER)

    def ranked(self, queries: list[str]) -> dict[str, list[str]]:
        """Query → the pages found, best first (paths below the site root, as in PAGES)."""
        return dict(zip(queries, self.page.evaluate("queries => window.pmoSearch(queries)", queries), strict=True))


@pytest.fixture(scope="module")
def search(chromium: Browser, site_url: str) -> Iterator[SearchWorker]:
    guard = harness.Guard(harness.origin_of(site_url))
    context = chromium.new_context(base_url=site_url)
    context.set_default_timeout(30_000)
    guard.attach(context)
    page = context.new_page()
    page.goto(PAGES["home"])
    page.wait_for_load_state("load")
    yield SearchWorker(page)
    context.close()
    assert guard.foreign == [], "requests to other origins"
    assert guard.errors == []


@dataclass(frozen=True)
class DemoProject:
    id: str
    name: str
    people: tuple[str, ...]  # sponsor and manager, where given

    @property
    def page(self) -> str:
        return f"portfolio/projects/{self.id}/"


def demo_projects() -> list[DemoProject]:
    projects = []
    for path in sorted((REPO / "data" / "projects").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        people = tuple(data[role] for role in ("sponsor", "manager") if data.get(role))
        projects.append(DemoProject(data["id"], data["name"], people))
    return projects


PROJECTS = demo_projects()


def projects_of(person: str) -> set[str]:
    return {project.page for project in PROJECTS if person in project.people}


def people() -> list[str]:
    return sorted({person for project in PROJECTS for person in project.people})


# Everyone the demo data names (sponsors, managers, owners, directors, deciders) → their page.
PERSON_PAGES = {
    person.name: f"portfolio/people/{person.slug}/" for person in people_of(load_portfolio(REPO / "data")).everyone
}


def is_project(page: str) -> bool:
    return page.startswith("portfolio/projects/") and page != "portfolio/projects/"


def test_the_demo_portfolio_gives_enough_to_measure() -> None:
    # The ranking tests below mean something only over a portfolio with shared words, people
    # with several projects and ids that differ in one digit.
    assert len(PROJECTS) >= 20
    assert any(len(projects_of(person)) >= 3 for person in people())
    assert {"NMC-017", "NMC-018"} <= {project.id for project in PROJECTS}


def misses(ranked: dict[str, list[str]], wanted: dict[str, set[str]]) -> dict[str, list[str]]:
    """The queries whose first results are not exactly the wanted pages, with what came first."""
    return {
        query: ranked[query][: len(pages) + 2]
        for query, pages in wanted.items()
        if set(ranked[query][: len(pages)]) != pages
    }


def test_a_project_id_lists_its_page_first(search: SearchWorker) -> None:
    wanted = {project.id: {project.page} for project in PROJECTS}
    assert misses(search.ranked(list(wanted)), wanted) == {}


def test_an_id_typed_in_lower_case_or_without_its_hyphen_lists_its_page_first(search: SearchWorker) -> None:
    wanted = {
        variant: {project.page} for project in PROJECTS for variant in (project.id.lower(), project.id.replace("-", ""))
    }
    assert misses(search.ranked(list(wanted)), wanted) == {}


def test_a_project_name_lists_its_page_first(search: SearchWorker) -> None:
    wanted = {project.name: {project.page} for project in PROJECTS}
    assert misses(search.ranked(list(wanted)), wanted) == {}


# "Finance Business Partner", a job title written as a name: two of its words are tags of the
# business-case template (tags weigh a million, a person's name a third of that), which comes
# first; the person is second. "Carers' Service Manager" is found as typed, apostrophe and all.
SECOND_AFTER_A_TAGGED_PAGE = {"Finance Business Partner": "templates/business-case/"}


def test_a_person_lists_their_page_first(search: SearchWorker) -> None:
    queries = dict(PERSON_PAGES)
    assert "Carers' Service Manager" in queries
    assert len(queries) >= 20
    ranked = search.ranked(list(queries))
    wanted = {
        query: [SECOND_AFTER_A_TAGGED_PAGE[query], page] if query in SECOND_AFTER_A_TAGGED_PAGE else [page]
        for query, page in queries.items()
    }
    assert {query: found[:3] for query, found in ranked.items() if found[: len(wanted[query])] != wanted[query]} == {}


def test_a_person_lists_their_page_then_the_projects_they_sponsor_or_manage(search: SearchWorker) -> None:
    ranked = search.ranked(people())
    wrong = {
        person: found[: len(projects_of(person)) + 2]
        for person, found in ranked.items()
        if found[:1] != [PERSON_PAGES[person]] or set(found[1 : 1 + len(projects_of(person))]) != projects_of(person)
    }
    assert wrong == {}


# Handbook questions, and a page that answers each. Words of project names ("benefits" is in
# two) must not push projects above the handbook pages tagged or titled with them.
HANDBOOK_QUERIES = {
    "stage gate": "standards/stage-gates/",
    "risk": "standards/risks-issues/",
    "change request": "templates/change-request/",
    "benefits": "standards/benefits/",
    "highlight report": "templates/highlight-report/",
    "lessons learned": "templates/lessons-learned-log/",
    "sponsor": "roles/profiles/sponsor/",
}


def test_a_handbook_question_still_lists_handbook_pages_first(search: SearchWorker) -> None:
    ranked = search.ranked(list(HANDBOOK_QUERIES))
    assert {
        query: found[:3]
        for query, found in ranked.items()
        if HANDBOOK_QUERIES[query] not in found[:3] or any(map(is_project, found[:3]))
    } == {}
