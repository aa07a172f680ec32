"""Table cells and row attributes of the portfolio views, as Python (not Jinja macros).

Views of a large portfolio have tens of thousands of cells; a Python call per cell costs a
fraction of a Jinja macro call. Long tables carry ``data-pmo-table``; their rows carry the
project's ``data-programme``, ``data-stage`` and ``data-rag``, and number, date and RAG cells
a ``data-value`` (exact number, ISO date, RAG order; empty when missing) for the sort and
filter script (docs/assets/pmo-tables.js). Every data string is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from markupsafe import Markup

from ..model import RAG, Project
from ..render import formatting


def raw(value: float | int | None) -> str:
    """A number as a ``data-value`` attribute (the exact value; empty when missing)."""
    if value is None:
        return ""
    return repr(float(value)) if isinstance(value, float) else str(value)


class Cells:
    """Cell builders for one page (links are relative to that page)."""

    def __init__(self, currency: str, link: Callable[[str], str], programmes: Mapping[str, Any]) -> None:
        self.currency = currency
        self.programmes = programmes
        # Every project page is portfolio/projects/<id>/index.md: work out the relative link
        # once and substitute the id, instead of a path computation per row.
        marker = "PMO-PROJECT-ID"
        self._project_url = link(f"portfolio/projects/{marker}/index.md")
        self._marker = marker
        self._programme_urls = {pid: link(f"portfolio/programmes/{pid}/index.md") for pid in programmes}

    def project_url(self, project_id: str) -> str:
        return self._project_url.replace(self._marker, project_id)

    def row(self, p: Project) -> Markup:
        """Row attributes for the sort/filter script."""
        rag = p.current.overall.value if p.current else "none"
        return Markup('data-programme="{}" data-stage="{}" data-rag="{}"').format(
            p.programme or "", p.stage.value, rag)

    def project(self, p: Project) -> Markup:
        """Two cells: the id (linked to the project page) and the name."""
        return Markup('<td class="pmo-nowrap" data-value="{id}"><a href="{url}">{id}</a></td><td>{name}</td>').format(
            id=p.id, url=self.project_url(p.id), name=p.name)

    def programme(self, p: Project) -> Markup:
        if not p.programme:
            return Markup('<td><span class="pmo-none">–</span></td>')
        return Markup('<td><a href="{}">{}</a></td>').format(self._programme_urls[p.programme],
                                                             self.programmes[p.programme].name)

    def money(self, amount: float | None) -> Markup:
        return Markup('<td class="pmo-num pmo-nowrap" data-value="{}">{}</td>').format(
            raw(amount), formatting.money(amount, self.currency))

    def num(self, value: float | int | None, shown: object = None) -> Markup:
        return Markup('<td class="pmo-num" data-value="{}">{}</td>').format(
            raw(value), formatting.text(shown if shown is not None else value))

    def days(self, value: int | None) -> Markup:
        return Markup('<td class="pmo-num pmo-nowrap" data-value="{}">{}</td>').format(
            raw(value), formatting.days(value))

    def date(self, value: date | None) -> Markup:
        return Markup('<td class="pmo-nowrap" data-value="{}">{}</td>').format(
            value.isoformat() if value else "", formatting.day(value))

    def rag(self, value: RAG | None) -> Markup:
        return Markup('<td data-value="{}">{}</td>').format(
            value.order if value is not None else "", formatting.rag(value))

    def project_rag(self, p: Project) -> Markup:
        return self.rag(p.current.overall if p.current else None)

    def stage(self, p: Project) -> Markup:
        return Markup('<td data-value="{}">{}</td>').format(p.stage.order, formatting.stage(p.stage))

    def rag_head(self) -> Markup:
        """Column headers for counts per RAG value, then "Not reported"."""
        heads = [Markup('<th scope="col" class="pmo-num">{}</th>').format(formatting.rag(value))
                 for value in [*RAG, None]]
        return Markup("").join(heads)

