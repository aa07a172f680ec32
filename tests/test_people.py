"""People pages: a page per person named in the data, the people index, links to them from every
table that shows a name, the data-quality check for one person written two ways, search entries
and what an edit renders again. A site built from the "insight" fixture with two projects of our
own that name people in every way the data can (near-duplicates, accents, hostile characters,
a role id as ``decided_by``), read back from the HTML."""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from pmo_hub.analyse.people import (
    FALLBACK_SLUG,
    INITIALS,
    SAME_LETTERS,
    SURNAME_FIRST,
    assign_slugs,
    people_of,
    same_person_pairs,
    slug_of,
)
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.render import paths
from pmo_hub.render.dependencies import pages_to_render_again
from pmo_hub.render.search import search_fields
from support import build, copy_fixture, site_config, write_project

HOSTILE = '<b>Eve</b> & [x](javascript:y) {: #id } "quoted"'
ZOE = "Zoë Ólafsdóttir"
P20 = f"""\
id: P20
name: People project
stage: delivery
programme: prog-b
sponsor: Sue Sponsor
manager: "  {ZOE}  "
start: 2026-01-05
end: 2026-12-18
budget: {{approved: 100000, actual: 10000, forecast: 100000}}
updates:
  - {{date: 2026-06-15, overall: amber, summary: Going.}}
risks:
  - {{id: R1, title: Open one, probability: 4, impact: 4, owner: {ZOE}, status: open}}
  - {{id: R2, title: Shut one, probability: 2, impact: 2, owner: {ZOE}, status: closed}}
  - {{id: R3, title: Initial owner, probability: 1, impact: 2, owner: S. Adeyemi, status: open}}
issues:
  - {{id: I1, title: Lower case owner, severity: high, owner: sam adeyemi, status: open}}
decisions:
  - {{id: D1, date: 2026-06-01, title: By a role, decided_by: sponsor}}
  - {{id: D2, date: 2026-06-02, title: By a person, decided_by: {ZOE}}}
changes:
  - {{id: C1, title: Change by a role, status: approved, decided: 2026-06-03, decided_by: project-manager}}
  - {{id: C2, title: Change by a person, status: rejected, decided: 2026-06-04, decided_by: Max Manager}}
"""
P21 = f"""\
id: P21
name: Second people project
stage: planning
programme: prog-a
sponsor: {json.dumps(HOSTILE)}
manager: Sam Adeyemi
start: 2026-03-01
end: 2027-03-01
budget: {{approved: 50000}}
benefits:
  - id: B1
    title: Happier staff
    owner: "Adeyemi, Sam"
    measure: Survey
    target: 80
    due: 2027-06-30
    status: planned
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = copy_fixture("insight", tmp_path_factory.mktemp("people") / "data")
    write_project(data, "P20", P20)
    write_project(data, "P21", P21)
    return data


@pytest.fixture(scope="module")
def site(data: Path) -> Path:
    tmp = data.parent
    result = build(site_config(tmp, data))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr
    return tmp / "site"


# -- reading pages back ------------------------------------------------------------------------


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)  # body rows: each cell's text
    links: list[list[list[str]]] = field(default_factory=list)  # body rows: each cell's hrefs


class Tables(HTMLParser):
    """Every table with an id: its body rows' texts and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, Table] = {}
        self._table: Table | None = None
        self._body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = self.found.setdefault(a.get("id") or f"table{len(self.found)}", Table())
        elif tag == "tbody":
            self._body = True
        elif self._table is not None and self._body:
            if tag == "tr":
                self._table.rows.append([])
                self._table.links.append([])
            elif tag == "td":
                self._table.rows[-1].append("")
                self._table.links[-1].append([])
            elif tag == "a" and self._table.links and self._table.links[-1]:
                self._table.links[-1][-1].append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tbody":
            self._body = False

    def handle_data(self, data: str) -> None:
        if self._table is not None and self._body and self._table.rows and self._table.rows[-1]:
            self._table.rows[-1][-1] = " ".join((self._table.rows[-1][-1] + data).split())


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def tables(site: Path, url: str) -> dict[str, Table]:
    reader = Tables()
    reader.feed(page(site, url))
    return reader.found


def text_of(markup: str) -> str:
    article = markup[markup.index("<article") : markup.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def lands_on(url: str, href: str) -> str:
    """The page (URL below the site root) a relative link on page ``url`` reaches."""
    return posixpath.normpath(posixpath.join(url, href)) + "/"


def person_url(slug: str) -> str:
    return f"portfolio/people/{slug}/"


def links_to(site: Path, url: str, name: str) -> set[str]:
    """The pages the links on ``url`` whose text is ``name`` reach."""
    found = set()
    for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', page(site, url)):
        if html.unescape(text) == name:
            found.add(lands_on(url, html.unescape(href)))
    return found


# -- a person's page ---------------------------------------------------------------------------


def test_a_person_page_lists_what_they_hold_each_linked_to_its_project(site: Path, data: Path) -> None:
    url = person_url("sue-sponsor")
    found = tables(site, url)
    sponsored = sorted(
        f"{p['id']}"
        for p in (yaml.safe_load(path.read_text(encoding="utf-8")) for path in (data / "projects").glob("*.yaml"))
        if p.get("sponsor") == "Sue Sponsor"
    )
    assert sponsored == ["P01", "P02", "P06", "P09", "P20"]
    assert [row[0] for row in found["sponsors-table"].rows] == sponsored
    # id, name, programme, stage and overall RAG
    assert found["sponsors-table"].rows[0] == ["P01", "Project One", "Alpha Programme", "Delivery", "Red"]
    assert found["sponsors-table"].rows[-1] == ["P20", "People project", "Beta Programme", "Delivery", "Amber"]
    assert {lands_on(url, row[0][0]) for row in found["sponsors-table"].links} == {
        f"portfolio/projects/{pid}/" for pid in sponsored
    }
    assert [row[:4] for row in found["decisions-table"].rows] == [["P01", "Project One", "21 Jun 2026", "D2"]]
    assert "5 projects sponsored, 1 decision." in text_of(page(site, url))


def test_open_and_closed_risks_are_apart_and_every_holding_is_counted(site: Path) -> None:
    url = person_url("zoe-olafsdottir")
    found = tables(site, url)
    assert [row[:4] for row in found["open-risks-table"].rows] == [["P20", "People project", "R1", "Open one"]]
    assert [row[:4] for row in found["closed-risks-table"].rows] == [["P20", "People project", "R2", "Shut one"]]
    assert [row[0] for row in found["manages-table"].rows] == ["P20"]  # "  Zoë Ólafsdóttir  ", trimmed
    assert [row[3] for row in found["decisions-table"].rows] == ["D2"]  # D1 was decided by a role
    text = text_of(page(site, url))
    assert "1 project managed, 1 open risk, 1 decision, 1 closed risk." in text


def test_a_role_id_is_no_person_but_a_name_as_decided_by_is(site: Path) -> None:
    people = {p.name for p in people_dir(site)}
    assert "sponsor" not in people and "project-manager" not in people
    assert "Portfolio board" in people  # the fixture's decided_by: not a role id of its roles.yaml
    found = tables(site, person_url("max-manager"))
    assert [row[2:5] for row in found["changes-table"].rows] == [["C2", "Change by a person", "Rejected"]]


@dataclass(frozen=True)
class Listed:
    name: str
    url: str
    counts: list[str]


def people_dir(site: Path) -> list[Listed]:
    table = tables(site, "portfolio/people/")["people-table"]
    return [
        Listed(row[0], lands_on("portfolio/people/", links[0][0]), row[1:])
        for row, links in zip(table.rows, table.links, strict=True)
    ]


def test_the_people_index_lists_everyone_with_counts(site: Path) -> None:
    listed = {entry.name: entry for entry in people_dir(site)}
    assert list(listed) == sorted(listed)
    # directed, sponsored, managed, open risks, open issues, benefits, decisions, closed risks and issues
    assert listed["Sue Sponsor"].counts == ["0", "5", "0", "0", "0", "0", "1", "0"]
    assert listed["Ada Director"].counts == ["1", "0", "0", "0", "0", "0", "0", "0"]
    assert listed[ZOE].counts == ["0", "0", "1", "1", "0", "0", "1", "1"]
    assert listed[ZOE].url == person_url("zoe-olafsdottir")
    for entry in listed.values():
        assert (site / entry.url / "index.html").is_file(), entry


def test_the_people_index_is_in_the_nav_and_person_pages_are_not(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="portfolio/people/"' in home
    assert "portfolio/people/sue-sponsor/" not in home


# -- links to a person from where their name appears ----------------------------------------------


def test_a_project_page_links_every_name_to_its_person(site: Path) -> None:
    url = "portfolio/projects/P20/"
    assert links_to(site, url, "Sue Sponsor") == {person_url("sue-sponsor")}
    assert links_to(site, url, f"  {ZOE}  ") == {person_url("zoe-olafsdottir")}  # the manager, as written
    assert links_to(site, url, ZOE) == {person_url("zoe-olafsdottir")}  # risk owner, decided_by
    assert links_to(site, url, "sam adeyemi") == {person_url("sam-adeyemi-2")}  # issue owner
    assert links_to(site, url, "Max Manager") == {person_url("max-manager")}  # a change's decided_by
    assert links_to(site, url, "sponsor") == set()  # a role id, shown as written
    assert links_to(site, "portfolio/projects/P21/", "Adeyemi, Sam") == {person_url("adeyemi-sam")}  # benefit


def test_view_tables_link_names_to_their_person(site: Path) -> None:
    risks = tables(site, "portfolio/risks/")
    row = next(i for i, r in enumerate(risks["top-risks-table"].rows) if r[2] == "R1" and r[0] == "P20")
    assert [lands_on("portfolio/risks/", h) for h in risks["top-risks-table"].links[row][7]] == [
        person_url("zoe-olafsdottir")
    ]
    decisions = tables(site, "portfolio/decisions/")["decision-log-table"]
    by_id = {(r[1], r[3]): links[5] for r, links in zip(decisions.rows, decisions.links, strict=True)}
    assert [lands_on("portfolio/decisions/", h) for h in by_id[("P20", "D2")]] == [person_url("zoe-olafsdottir")]
    assert by_id[("P20", "D1")] == []  # a role
    assert links_to(site, "portfolio/benefits/", "Adeyemi, Sam") == {person_url("adeyemi-sam")}
    assert links_to(site, "portfolio/programmes/prog-a/", "Ada Director") == {person_url("ada-director")}
    assert links_to(site, "portfolio/projects/", "Sam Adeyemi") == {person_url("sam-adeyemi")}  # manager column


# -- slugs -----------------------------------------------------------------------------------------


def test_slugs_fold_accents_and_number_collisions_in_name_order() -> None:
    assert slug_of(ZOE) == "zoe-olafsdottir"
    assert slug_of("  Jean-Luc  O'Neill ") == "jean-luc-o-neill"
    assert slug_of("一郎") == FALLBACK_SLUG
    slugs = assign_slugs(["sam adeyemi", "Sam Adeyemi", "Sam  Adeyemi", "sam-adeyemi-2", "***", "一郎"])
    # "Sam  Adeyemi" < "Sam Adeyemi" < "sam adeyemi"; "sam-adeyemi-2" is another name's own slug
    assert slugs == {
        "Sam  Adeyemi": "sam-adeyemi",
        "Sam Adeyemi": "sam-adeyemi-3",
        "sam adeyemi": "sam-adeyemi-4",
        "sam-adeyemi-2": "sam-adeyemi-2",
        "***": "person",
        "一郎": "person-2",
    }
    long = assign_slugs(["x" * 300, "X" * 300])
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", slug) for slug in long.values())
    assert len(set(long.values())) == 2


def test_the_site_has_a_page_per_slug_and_shows_hostile_names_as_written(site: Path) -> None:
    assert (site / person_url("sam-adeyemi") / "index.html").is_file()
    assert (site / person_url("sam-adeyemi-2") / "index.html").is_file()
    slug = slug_of(HOSTILE)
    assert re.fullmatch(r"[a-z0-9-]+", slug)
    markup = page(site, person_url(slug))
    heading = re.search(r'<h1 id="person">(.*?)</h1>', markup, re.S)
    assert heading and html.unescape(heading.group(1)) == HOSTILE
    assert "<b>Eve</b>" not in markup and 'id="id"' not in markup and 'href="javascript:' not in markup
    assert links_to(site, "portfolio/projects/P21/", HOSTILE) == {person_url(slug)}


# -- one person written two ways -------------------------------------------------------------------


def test_the_data_quality_page_lists_names_that_seem_one_person(site: Path) -> None:
    table = tables(site, "portfolio/data-quality/")["same-person-table"]
    pairs = {(row[0], row[2]): (row[1], row[3], row[4]) for row in table.rows}
    assert pairs == {
        ("Adeyemi, Sam", "S. Adeyemi"): ("P21", "P20", "Initials for first names"),
        ("Adeyemi, Sam", "Sam Adeyemi"): ("P21", "P21", "Surname first"),
        ("Adeyemi, Sam", "sam adeyemi"): ("P21", "P20", "Surname first"),
        ("S. Adeyemi", "Sam Adeyemi"): ("P20", "P21", "Initials for first names"),
        ("S. Adeyemi", "sam adeyemi"): ("P20", "P20", "Initials for first names"),
        ("Sam Adeyemi", "sam adeyemi"): ("P21", "P20", SAME_LETTERS.capitalize()),
    }
    text = text_of(page(site, "portfolio/data-quality/"))
    assert "The same person written two ways?" in text and "“S. Adeyemi” and “Sam Adeyemi”" in text


def test_same_person_rules(data: Path) -> None:
    people = people_of(load_portfolio(data))
    found = {(pair.first.name, pair.second.name): pair.why for pair in same_person_pairs(people)}
    assert found[("Sam Adeyemi", "sam adeyemi")] == SAME_LETTERS
    assert found[("S. Adeyemi", "Sam Adeyemi")] == INITIALS
    assert found[("Adeyemi, Sam", "Sam Adeyemi")] == SURNAME_FIRST
    assert ("Sue Sponsor", "Sam Sponsor") not in found and ("Sam Sponsor", "Sue Sponsor") not in found


# -- search ------------------------------------------------------------------------------------------


def test_a_person_page_has_a_search_entry_with_their_name_as_identity(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {entry["location"]: entry for entry in index["docs"]}
    zoe = entries[person_url("zoe-olafsdottir")]
    assert html.unescape(zoe["title"]) == ZOE
    assert html.unescape(zoe["identity"]) == f"{ZOE} Zoe Olafsdottir"  # accents folded too
    assert "Manager: People project (P20)." in html.unescape(zoe["text"])
    assert "1 open risk, 1 decision" in html.unescape(zoe["text"])
    assert html.unescape(entries[person_url("sue-sponsor")]["identity"]) == "Sue Sponsor"
    assert "identity" in index["config"]["fields"]
    assert entries["portfolio/people/"]["text"].startswith("Everyone named")  # the index: title and description


def test_search_fields_of_a_generated_page_know_person_pages(data: Path) -> None:
    portfolio = load_portfolio(data)
    assert search_fields(portfolio, paths.person_page("sue-sponsor")) == {"identity": "Sue Sponsor"}
    assert search_fields(portfolio, paths.person_page("nobody")) == {}
    assert search_fields(portfolio, paths.project_page("P20"))["identity"] == "P20 People project"


# -- what an edit renders again ------------------------------------------------------------------------


def test_an_edit_renders_again_the_pages_of_the_people_named_before_and_after(tmp_path: Path) -> None:
    data = copy_fixture("insight", tmp_path / "data")
    write_project(data, "P20", P20)
    files: dict = {}
    before = load_portfolio(data, reuse=files)
    # The risk moves from one person already named elsewhere to another.
    write_project(data, "P20", P20.replace("owner: S. Adeyemi", "owner: Max Manager"))
    after = load_portfolio(data, reuse=files)
    again = pages_to_render_again(before, after)
    assert again is None  # "S. Adeyemi" is named nowhere else now: a page goes
    write_project(data, "P20", P20.replace("title: Open one", "title: Open one again"))
    edited = load_portfolio(data, reuse=files)
    again = pages_to_render_again(before, edited)
    assert again is not None
    people = {path for path in again if path.startswith("portfolio/people/")}
    named = {"Sue Sponsor", ZOE, "S. Adeyemi", "sam adeyemi", "Max Manager"}
    slugs = people_of(edited).slugs
    assert people == {paths.PEOPLE} | {paths.person_page(slugs[name]) for name in named}
    assert paths.project_page("P20") in again
