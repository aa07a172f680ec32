"""Where each generated page and download lives, and the URL from one page to another.

URLs follow MkDocs' rules (``a/b.md`` → ``a/b/`` with directory URLs) so links written
into HTML blocks, which MkDocs does not rewrite, still land on the right page.
"""

from __future__ import annotations

import posixpath

PORTFOLIO = "portfolio/index.md"
PROJECTS = "portfolio/projects/index.md"
PROGRAMMES = "portfolio/programmes/index.md"
PEOPLE = "portfolio/people/index.md"
ROLES = "roles/profiles/index.md"
RACI = "roles/raci.md"
DATA_REFERENCE = "contributing/data-reference.md"
CONTENT_REVIEW = "content-review.md"  # the handbook's pages due for review
# What changed in the data's history: a page and its Atom feed (render/feed.py).
CHANGES_PAGE = "portfolio/changes.md"
CHANGES_FEED = "portfolio/changes.xml"

# -- the portfolio views and downloads -------------------------------------------------------

DASHBOARD = "portfolio/dashboard.md"
ROADMAP = "portfolio/roadmap.md"
MILESTONES = "portfolio/milestones.md"
RISKS = "portfolio/risks.md"
ALIGNMENT = "portfolio/alignment.md"
PROPOSALS = "portfolio/proposals.md"
DEPENDENCIES = "portfolio/dependencies.md"
DATA_QUALITY = "portfolio/data-quality.md"
# The portfolio board's pages (contract 1.1).
BOARD_PACK = "portfolio/board-pack.md"
EXCEPTIONS = "portfolio/exceptions.md"
BENEFITS = "portfolio/benefits.md"
DECISIONS = "portfolio/decisions.md"
LESSONS = "portfolio/lessons.md"
CALENDAR = "portfolio/calendar.md"

DOWNLOADS_DIR = "portfolio/downloads"

# Every view is listed in the sidebar, in this order (mkdocs.yml lists them the same way).
VIEW_PAGES = (
    DASHBOARD,
    BOARD_PACK,
    EXCEPTIONS,
    ROADMAP,
    MILESTONES,
    RISKS,
    BENEFITS,
    DECISIONS,
    LESSONS,
    CALENDAR,
    ALIGNMENT,
    PROPOSALS,
    DEPENDENCIES,
    DATA_QUALITY,
)


def risk_cell(probability: int, impact: int) -> str:
    """The page listing the open risks of one heat-map cell."""
    return f"portfolio/risks/p{probability}-i{impact}.md"


# The 5 × 5 heat map's cells as (probability, impact), in reading order; one page each, empty
# cells too (so the paths never depend on the data).
HEAT_MAP_CELLS = tuple((p, i) for p in range(5, 0, -1) for i in range(1, 6))
RISK_CELL_PAGES = tuple(risk_cell(p, i) for p, i in HEAT_MAP_CELLS)


def download(filename: str) -> str:
    return f"{DOWNLOADS_DIR}/{filename}"


def project_page(project_id: str) -> str:
    # A folder per project: ids such as "index" or "README" cannot clash with index pages.
    return f"portfolio/projects/{project_id}/index.md"


def person_page(slug: str) -> str:
    # A slug is a safe path segment (analyse.people.assign_slugs checks it), a folder per person.
    return f"portfolio/people/{slug}/index.md"


def programme_page(programme_id: str) -> str:
    return f"portfolio/programmes/{programme_id}/index.md"


def role_page(role_id: str) -> str:
    return f"roles/profiles/{role_id}/index.md"


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL of a page relative to the site root, as MkDocs computes it."""
    stem, _ = posixpath.splitext(src)
    if not directory_urls:
        return stem + ".html"
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """The link written on page ``from_src`` that reaches page ``to_src``."""
    target = page_url(to_src, directory_urls)
    here = page_url(from_src, directory_urls)
    base = here if directory_urls else posixpath.dirname(here)
    base = base.rstrip("/") or "."
    link = posixpath.relpath(target or ".", base)
    if directory_urls and not link.endswith("/") and (target.endswith("/") or target == ""):
        link += "/"
    if link == "./":
        link = "./"
    return link + (f"#{anchor}" if anchor else "")


def asset_url(from_src: str, asset: str, directory_urls: bool = True) -> str:
    """The link from page ``from_src`` to a static file at ``asset`` (site-relative)."""
    here = page_url(from_src, directory_urls)
    base = (here if directory_urls else posixpath.dirname(here)).rstrip("/") or "."
    return posixpath.relpath(asset, base)
