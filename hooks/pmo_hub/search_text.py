"""Compact search text for generated pages.

A site search that parses every generated page's HTML spends most of a large build doing
it: a project page is mostly tables and badges. The text a person would search a project
by (names, people, summary, titles of risks, issues and milestones) is known before any
HTML exists, so the MkDocs adapter indexes this text instead of parsing the page.
"""

from __future__ import annotations

import html
import re

from .data import Portfolio
from .model import Project

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
