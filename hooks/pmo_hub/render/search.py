"""Compact search text for generated pages.

A site search that parses every generated page's HTML spends most of a large build doing
it: a project page is mostly tables and badges. The text a person would search a project
by (names, people, summary, titles of risks, issues and milestones) is known before any
HTML exists, so the MkDocs adapter indexes this text instead of parsing the page.
"""

from __future__ import annotations

import html
import posixpath
import re

from pmo_hub.analyse.people import Person, fold_accents, people_of
from pmo_hub.model import Portfolio, Project
from pmo_hub.render import paths

# Index fields of project entries besides Material's own, and what a word in each weighs.
# Material weighs a word in a page's text 1, in its title 1000 and in its tags a million, and
# it looks every query word up as a prefix: "Solar PV on corporate buildings" finds the page
# tagged `onboarding` first, and "Elections management system upgrade" the one tagged
# `project-management`.
# - identity, the id and the name, weighs a third of a tag word: a name of three words or more
#   typed in full outweighs a handbook page that shares one tag word with it, and a handbook
#   page tagged with a word still comes before the projects whose names merely contain it.
# - people, the sponsor and the manager, weigh as a title word: their projects come before
#   pages that mention them, and "and" or "to" typed in a handbook question, which begin
#   "Andrew" and "Tom", weighs no more than in a title.
# A person's page has an identity too, their name (and it with accents folded): their full name
# lists their page first, then the projects they sponsor or manage (named in those projects'
# people field, which weighs less).
SEARCH_FIELDS = {"identity": 3e5, "people": 1e3}
# What people leave out of an id when they type it: NMC018 for NMC-018.
_ID_PUNCTUATION = re.compile(r"[._-]")

_TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    """Visible text of an HTML fragment, spaces folded."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def project_search_text(project: Project, portfolio: Portfolio, summary_html: str) -> str:
    """Plain text for one project's search entry (the index escapes it); ``summary_html`` is
    the rendered summary the page shows."""
    programme = portfolio.programmes.get(project.programme) if project.programme else None
    parts = [  # id and stage are in the page description, which the entry starts with
        f"Programme: {programme.name}." if programme else "",
        f"Sponsor: {project.sponsor}." if project.sponsor else "",
        f"Manager: {project.manager}." if project.manager else "",
        plain(summary_html),
        project.current.summary if project.current else "",
        "Milestones: " + "; ".join(m.name for m in project.milestones) + "." if project.milestones else "",
        "Risks: " + "; ".join(r.title for r in project.risks) + "." if project.risks else "",
        "Issues: " + "; ".join(i.title for i in project.issues) + "." if project.issues else "",
        "Tags: " + ", ".join(project.tags) + "." if project.tags else "",
    ]
    return " ".join(part for part in parts if part)


def project_search_fields(project: Project) -> dict[str, str]:
    """Plain text of the SEARCH_FIELDS a project has (the index escapes it)."""
    compact = _ID_PUNCTUATION.sub("", project.id)
    identity = [project.id, compact if compact != project.id else "", project.name]
    people = [project.sponsor or "", project.manager or ""]
    fields = {"identity": " ".join(filter(None, identity)), "people": " ".join(filter(None, people))}
    return {name: text for name, text in fields.items() if text}


def person_search_text(person: Person) -> str:
    """The programmes and projects a person holds, by name (their entry starts with the page's
    description, which counts everything they hold; each risk, issue or benefit is found on its
    project's page)."""

    def named(label: str, names: list[str]) -> str:
        return f"{label}: " + "; ".join(names) + "." if names else ""

    parts = [
        named("Programme director", [p.name for p in person.directs]),
        named("Sponsor", [f"{p.name} ({p.id})" for p in person.sponsors]),
        named("Manager", [f"{p.name} ({p.id})" for p in person.manages]),
    ]
    return " ".join(part for part in parts if part)


def person_search_fields(person: Person) -> dict[str, str]:
    """The person's identity: their name as written, and without accents if it has any."""
    folded = fold_accents(person.name)
    return {"identity": person.name if folded == person.name else f"{person.name} {folded}"}


def search_fields(portfolio: Portfolio, path: str) -> dict[str, str]:
    """The SEARCH_FIELDS of the generated page at ``path``: a project's or a person's; none for
    other pages."""
    segment = posixpath.basename(posixpath.dirname(path))
    project = portfolio.by_id.get(segment)
    if project is not None and paths.project_page(project.id) == path:
        return project_search_fields(project)
    if paths.person_page(segment) == path:
        person = people_of(portfolio).by_slug.get(segment)
        if person is not None:
            return person_search_fields(person)
    return {}
