"""Every page generated from the portfolio, as Markdown text with a path.

The MkDocs hook adds these to the site; ``pmo-hub generate`` writes them to disk so
that any MkDocs-compatible generator can build the same site without our hooks.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from pmo_hub.analyse import definitions
from pmo_hub.analyse import status as assess

# Totals and RAG counts: one implementation, shared with the dashboard and the downloads.
from pmo_hub.analyse.finance import Totals, rag_counts, totals  # noqa: F401 (Totals: re-exported)
from pmo_hub.analyse.people import People, Person, people_of
from pmo_hub.load.settings import HubSettings
from pmo_hub.model import Portfolio, Project
from pmo_hub.model.schema import schema_texts
from pmo_hub.render import charts, formatting, paths
from pmo_hub.render.cells import Cells
from pmo_hub.render.environment import environment
from pmo_hub.render.reference import derived_rules, reference_sections
from pmo_hub.render.safe_markdown import SafeMarkdown
from pmo_hub.render.search import (
    person_search_fields,
    person_search_text,
    project_search_fields,
    project_search_text,
)


@dataclass(frozen=True)
class GeneratedPage:
    """A file to add to the site: a Markdown page (``.md``, text) or a download (bytes).

    ``path`` is relative to the docs folder.
    """

    path: str
    content: str | bytes
    # Text to index for site search instead of the page's HTML (see render/search.py);
    # "" indexes the title and description only. None: the page is indexed as usual.
    search_text: str | None = None
    # Search fields of the page's entry besides Material's own (render.search.SEARCH_FIELDS).
    search_fields: tuple[tuple[str, str], ...] = ()

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")

    @property
    def listed(self) -> bool:
        return is_listed(self.path)

    def with_search_text(self, text: str, fields: dict[str, str] | None = None) -> GeneratedPage:
        return replace(self, search_text=text, search_fields=tuple((fields or {}).items()))


class PageRenderer:
    """Renders pages of one portfolio; links are relative to the page being rendered."""

    def __init__(self, portfolio: Portfolio, settings: HubSettings) -> None:
        self.portfolio = portfolio
        self.settings = settings
        self.currency = portfolio.settings.currency
        self.markdown = SafeMarkdown()
        self.env = environment()
        # Jinja checks a template's file for changes on every lookup; a renderer lives for one
        # build, so it looks each template up once (a serve rebuild makes a new renderer).
        self._templates: dict[str, Template] = {}

    @cached_property
    def people(self) -> People:
        """Everyone the data names (one pass over the projects, shared by every page's cells)."""
        return people_of(self.portfolio)

    def render(self, template: str, path: str, **context: Any) -> GeneratedPage:
        def link(to: str, anchor: str = "") -> str:
            return paths.relative_url(path, to, self.settings.directory_urls, anchor)

        def asset(to: str) -> str:
            return paths.asset_url(path, to, self.settings.directory_urls)

        def md_link(to: str) -> str:
            """A Markdown link target: the source path, which MkDocs checks and rewrites."""
            return posixpath.relpath(to, posixpath.dirname(path) or ".")

        content = self.template(template).render(
            portfolio=self.portfolio,
            cells=Cells(
                self.currency,
                lambda to: paths.relative_url(path, to, self.settings.directory_urls),
                self.portfolio.programmes,
                self.people,
            ),
            settings=self.portfolio.settings,
            reporting_date=self.portfolio.reporting_date,
            paths=paths,
            link=link,
            md_link=md_link,
            asset=asset,
            money=self.money,
            markdown=self.markdown,
            data_edit_url=self.data_edit_url,
            **context,
        )
        return GeneratedPage(path, content)

    def template(self, name: str) -> Template:
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def data_edit_url(self, file_name: str) -> str | None:
        """Edit URL of a file in the data folder (``portfolio.yaml``, ``projects/X.yaml``)."""
        return self.settings.edit_url(file_name)

    def money(self, amount: float | None) -> Markup:
        return formatting.money(amount, self.currency)

    # -- one method per kind of page ------------------------------------------------

    def project(self, project: Project) -> GeneratedPage:
        portfolio = self.portfolio
        data_path = self.data_path(project.id)
        summary = self.markdown(project.summary)  # once: the page and its search entry share it
        return self.render(
            "project.md.j2",
            paths.project_page(project.id),
            project=project,
            summary=summary,
            programme=portfolio.programmes.get(project.programme) if project.programme else None,
            objectives=[o for o in portfolio.settings.objectives if o.id in project.objectives],
            stale=assess.is_stale(project, portfolio.reporting_date, portfolio.settings.stale_after_days),
            milestone_state=lambda m: assess.milestone_state(m, portfolio.reporting_date),
            dependencies=[portfolio.by_id[i] for i in project.dependencies],
            dependants=portfolio.dependants[project.id],
            data_path=data_path,
            edit_url=self.data_edit_url(f"projects/{portfolio.project_files[project.id].name}"),
            risks=sorted(project.risks, key=lambda r: (r.status.value != "open", -r.score, r.id)),
            issues=sorted(project.issues, key=lambda i: (i.status.value != "open", -i.severity.order, i.id)),
            trend=charts.project_trend(project),
            is_financial=lambda b: definitions.is_financial(b, self.currency),
        ).with_search_text(project_search_text(project, portfolio, summary), project_search_fields(project))

    def projects_index(self) -> GeneratedPage:
        return self.render("projects_index.md.j2", paths.PROJECTS, projects=self.portfolio.projects).with_search_text(
            ""
        )

    def person(self, person: Person) -> GeneratedPage:
        return self.render("person.md.j2", paths.person_page(person.slug), person=person).with_search_text(
            person_search_text(person), person_search_fields(person)
        )

    def people_index(self) -> GeneratedPage:
        # Found by its title: each person is found on their own page.
        return self.render("people_index.md.j2", paths.PEOPLE, people=self.people.everyone).with_search_text("")

    def programme(self, programme: Any) -> GeneratedPage:
        projects = self.portfolio.projects_in(programme.id)
        return self.render(
            "programme.md.j2",
            paths.programme_page(programme.id),
            programme=programme,
            projects=projects,
            totals=totals(projects),
            rag_counts=rag_counts(projects),
        ).with_search_text(" ".join(filter(None, [programme.director, programme.description])))

    def programmes_index(self) -> GeneratedPage:
        rows = [(p, self.portfolio.projects_in(p.id)) for p in self.portfolio.settings.programmes]
        return self.render(
            "programmes_index.md.j2",
            paths.PROGRAMMES,
            rows=[(p, projects, totals(projects), rag_counts(projects)) for p, projects in rows],
            unassigned=self.portfolio.projects_in(None),
        )

    def portfolio_index(self) -> GeneratedPage:
        projects = self.portfolio.projects
        return self.render(
            "portfolio_index.md.j2", paths.PORTFOLIO, totals=totals(projects), rag_counts=rag_counts(projects)
        )

    def role(self, role: Any) -> GeneratedPage:
        roles = {r.id: r for r in self.portfolio.roles}
        activities = [(a, a.raci[role.id]) for a in self.portfolio.roles_file.activities if role.id in a.raci]
        return self.render(
            "role.md.j2",
            paths.role_page(role.id),
            role=role,
            manager=roles.get(role.reports_to) if role.reports_to else None,
            reports=[r for r in self.portfolio.roles if r.reports_to == role.id],
            activities=activities,
        )

    def roles_index(self) -> GeneratedPage:
        roles = {r.id: r for r in self.portfolio.roles}
        return self.render("roles_index.md.j2", paths.ROLES, roles=self.portfolio.roles, by_id=roles)

    def raci(self) -> GeneratedPage:
        return self.render(
            "raci.md.j2",
            paths.RACI,
            roles=self.portfolio.roles,
            groups=grouped(self.portfolio.roles_file.activities, lambda a: a.group or "Other"),
        )

    def data_reference(self) -> GeneratedPage:
        return self.render(
            "data_reference.md.j2", paths.DATA_REFERENCE, sections=reference_sections(), derived_rules=derived_rules()
        )

    def data_path(self, project_id: str) -> str:
        """The project file as the repository names it: ``data/projects/<id>.yaml``."""
        return f"{self.settings.data_dir.rstrip('/')}/projects/{self.portfolio.project_files[project_id].name}"


# Pages the sidebar lists; everything else is reached through these (and search).
NAV_PAGES = frozenset(
    {
        paths.PORTFOLIO,
        paths.PROJECTS,
        paths.PROGRAMMES,
        paths.PEOPLE,
        paths.ROLES,
        paths.RACI,
        paths.DATA_REFERENCE,
        paths.CONTENT_REVIEW,
        paths.CHANGES_PAGE,
    }
) | frozenset(paths.VIEW_PAGES)


def is_listed(path: str) -> bool:
    """Whether a nav may list the generated file: the pages in ``NAV_PAGES`` may, other generated
    pages are kept out of it (there are thousands); downloads and schemas are no pages, so no nav
    lists them either way."""
    return path in NAV_PAGES or not path.endswith(".md")


def site_pages(portfolio: Portfolio, settings: HubSettings) -> Iterator[GeneratedPage]:
    """The portfolio, programme, project, people, role and reference pages, in a fixed order."""
    renderer = PageRenderer(portfolio, settings)
    yield renderer.portfolio_index()
    yield renderer.projects_index()
    yield renderer.programmes_index()
    for programme in portfolio.settings.programmes:
        yield renderer.programme(programme)
    for project in portfolio.projects:
        yield renderer.project(project)
    yield renderer.people_index()
    for person in renderer.people.everyone:
        yield renderer.person(person)
    yield renderer.roles_index()
    for role in portfolio.roles:
        yield renderer.role(role)
    yield renderer.raci()
    yield renderer.data_reference()
    for name, text in schema_texts().items():
        yield GeneratedPage(f"schema/{name}", text.encode("utf-8"))


def grouped(items: list[Any], key: Callable[[Any], str]) -> list[tuple[str, list[Any]]]:
    """Items grouped by ``key`` in order of first appearance (the file's order is the editors')."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())
