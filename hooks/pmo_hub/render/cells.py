"""Table cells and row attributes of every table of projects, as Python (not Jinja macros).

Views of a large portfolio have tens of thousands of cells; a Python call per cell costs a
fraction of a Jinja macro call (and f-strings with :func:`escape` a fraction of
``Markup.format``). Long tables carry ``data-pmo-table``; their rows carry the project's
``data-programme``, ``data-stage`` and ``data-rag``, and number, date and RAG cells a
``data-value`` (exact number, ISO date, RAG order; empty when missing) for the sort and filter
script (docs/assets/pmo-tables.js). A person's name links to their page wherever a table shows
it (:meth:`Cells.person`). Every data string is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from pmo_hub.analyse.people import People
from pmo_hub.model import RAG, Project
from pmo_hub.model.project import Change, Issue, Milestone, Risk
from pmo_hub.render import formatting, paths

_NONE = '<span class="pmo-none">–</span>'


def raw(value: float | int | None) -> str:
    """A number as a ``data-value`` attribute (the exact value; empty when missing)."""
    if value is None:
        return ""
    return repr(float(value)) if isinstance(value, float) else str(value)


class Cells:
    """Cell builders for one page (links are relative to that page)."""

    def __init__(
        self,
        currency: str,
        link: Callable[[str], str],
        programmes: Mapping[str, Any],
        people: People | None = None,
    ) -> None:
        self.currency = currency
        self.programmes = programmes
        self.people = people
        # Every project page is portfolio/projects/<id>/index.md: work out the relative link
        # once and substitute the id, instead of a path computation per row.
        marker = "PMO-PROJECT-ID"
        self._project_url = link(f"portfolio/projects/{marker}/index.md")
        self._marker = marker
        self._link = link
        self._programme_urls: dict[str, str] = {}  # filled as rows need them: a page shows few
        # Person pages likewise: portfolio/people/<slug>/index.md (a slug has no marker in it).
        self._person_url = link(paths.person_page(marker))

    def project_url(self, project_id: str) -> str:
        return self._project_url.replace(self._marker, project_id)

    def programme_url(self, programme_id: str) -> str:
        url = self._programme_urls.get(programme_id)
        if url is None:
            url = self._programme_urls[programme_id] = self._link(paths.programme_page(programme_id))
        return url

    def person_url(self, slug: str) -> str:
        return self._person_url.replace(self._marker, slug)

    def person_link(self, name: str | None, decided_by: bool = False) -> Markup:
        """A name linked to its person's page; shown as written (escaped) when it names no person
        (a ``decided_by`` role id: ``decided_by=True``), an en dash when missing."""
        if name is None or not name.strip():
            return Markup(_NONE)
        person = None
        if self.people is not None:
            person = self.people.decider(name) if decided_by else self.people.get(name)
        if person is None:
            return escape(name)
        return Markup(f'<a href="{escape(self.person_url(person.slug))}">{escape(name)}</a>')

    def person(self, name: str | None, decided_by: bool = False) -> Markup:
        """A table cell with :meth:`person_link`: every table shows a person one way."""
        return Markup(f"<td>{self.person_link(name, decided_by)}</td>")

    def row(self, p: Project) -> Markup:
        """Row attributes for the sort/filter script."""
        rag = p.current.overall.value if p.current else "none"
        return Markup(f'data-programme="{escape(p.programme or "")}" data-stage="{p.stage.value}" data-rag="{rag}"')

    def project(self, p: Project) -> Markup:
        """Two cells: the id (linked to the project page) and the name."""
        pid = escape(p.id)
        return Markup(
            f'<td data-value="{pid}"><a href="{escape(self.project_url(p.id))}">{pid}</a></td><td>{escape(p.name)}</td>'
        )

    def programme(self, p: Project) -> Markup:
        if not p.programme:
            return Markup(f"<td>{_NONE}</td>")
        return Markup(
            f'<td><a href="{escape(self.programme_url(p.programme))}">'
            f"{escape(self.programmes[p.programme].name)}</a></td>"
        )

    def money(self, amount: float | None) -> Markup:
        return Markup(f'<td class="pmo-num" data-value="{raw(amount)}">{formatting.money(amount, self.currency)}</td>')

    def num(self, value: float | int | None, shown: object = None) -> Markup:
        return Markup(
            f'<td class="pmo-num" data-value="{raw(value)}">'
            f"{formatting.text(shown if shown is not None else value)}</td>"
        )

    def days(self, value: int | None) -> Markup:
        return Markup(f'<td class="pmo-num" data-value="{raw(value)}">{escape(formatting.days(value))}</td>')

    def date(self, value: date | None) -> Markup:
        return Markup(f'<td data-value="{value.isoformat() if value else ""}">{formatting.day(value)}</td>')

    def rag(self, value: RAG | None) -> Markup:
        return Markup(f'<td data-value="{value.order if value is not None else ""}">{formatting.rag(value)}</td>')

    def project_rag(self, p: Project) -> Markup:
        return self.rag(p.current.overall if p.current else None)

    def stage(self, p: Project) -> Markup:
        return Markup(f'<td data-value="{p.stage.order}">{formatting.stage(p.stage)}</td>')

    def project_rows(self, projects: Iterable[Project], show_programme: bool = True) -> Markup:
        """The rows of a list of projects (the projects index, a programme's page): id, name,
        programme, stage, status, manager, approved, forecast, planned and forecast end."""
        rows = []
        for p in projects:
            programme = self.programme(p) if show_programme else ""
            rows.append(
                f"<tr {self.row(p)}>{self.project(p)}{programme}{self.stage(p)}{self.project_rag(p)}"
                f"{self.person(p.manager)}{self.money(p.approved)}{self.money(p.forecast)}"
                f"{self.date(p.end)}{self.date(p.forecast_end)}</tr>"
            )
        return Markup("\n".join(rows))

    # The long tables of the views (thousands of rows at 1,000 projects), a row per item, each
    # row ending in a newline as a Jinja loop writes it.

    def risk_rows(self, items: Iterable[tuple[Project, Risk]], band: Callable[[int], str]) -> Markup:
        """Risk register rows: id, name, risk, title, probability, impact, score (``band``:
        its class), owner, mitigation."""
        return Markup(
            "".join(
                f"<tr {self.row(p)}>{self.project(p)}<td>{escape(r.id)}</td><td>{escape(r.title)}</td>"
                f'{self.num(r.probability)}{self.num(r.impact)}<td class="pmo-num" data-value="{r.score}">'
                f'<span class="pmo-score pmo-score--{band(r.score)}">{r.score}</span></td>'
                f"{self.person(r.owner)}<td>{formatting.text(r.mitigation)}</td></tr>\n"
                for p, r in items
            )
        )

    def issue_rows(self, items: Iterable[tuple[Project, Issue]]) -> Markup:
        """Issue log rows: id, name, issue, title, severity, owner, due."""
        return Markup(
            "".join(
                f"<tr {self.row(p)}>{self.project(p)}<td>{escape(i.id)}</td><td>{escape(i.title)}</td>"
                f'<td data-value="{i.severity.order}"><span class="pmo-severity pmo-severity--{i.severity.value}">'
                f"{i.severity.value.capitalize()}</span></td>{self.person(i.owner)}{self.date(i.due)}</tr>\n"
                for p, i in items
            )
        )

    def change_rows(self, items: Iterable[tuple[Project, Change]]) -> Markup:
        """Change log rows: id, name, change, title, status, cost and schedule impact, decided."""
        return Markup(
            "".join(
                f'<tr {self.row(p)} data-status="{c.status.value}">{self.project(p)}<td>{escape(c.id)}</td>'
                f"<td>{escape(c.title)}</td><td>{c.status.value.capitalize()}</td>{self.money(c.cost_impact)}"
                f"{self.days(c.schedule_impact_days)}{self.date(c.decided)}</tr>\n"
                for p, c in items
            )
        )

    def milestone_rows(self, items: Iterable[tuple[Project, Milestone]]) -> Markup:
        """Milestone rows: id, name, programme, milestone, due, forecast, slip, done."""
        return Markup(
            "".join(
                f"<tr {self.row(p)}>{self.project(p)}{self.programme(p)}<td>{escape(m.name)}</td>"
                f"{self.date(m.due)}{self.date(m.forecast)}{self.days(m.slip_days)}{self.date(m.done)}</tr>\n"
                for p, m in items
            )
        )

    def rag_head(self) -> Markup:
        """Column headers for counts per RAG value, then "Not reported"."""
        heads = [Markup(f'<th scope="col" class="pmo-num">{formatting.rag(value)}</th>') for value in [*RAG, None]]
        return Markup("").join(heads)
