"""Where each generated page lives, and the URL from one page to another.

URLs follow MkDocs' rules (``a/b.md`` → ``a/b/`` with directory URLs) so links written
into HTML blocks, which MkDocs does not rewrite, still land on the right page.
"""

from __future__ import annotations

import posixpath

PORTFOLIO = "portfolio/index.md"
PROJECTS = "portfolio/projects/index.md"
PROGRAMMES = "portfolio/programmes/index.md"
ROLES = "roles/profiles/index.md"
RACI = "roles/raci.md"
DATA_REFERENCE = "contributing/data-reference.md"


def project_page(project_id: str) -> str:
    # A folder per project: ids such as "index" or "README" cannot clash with index pages.
    return f"portfolio/projects/{project_id}/index.md"


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
