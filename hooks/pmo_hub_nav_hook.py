"""MkDocs hook: the sidebar and tabs of pages outside the nav, rendered once per folder.

Material renders the whole navigation into every page, the thousands of project pages
included. On a page that is not in the nav no item is active, and every link is relative
to the page's folder, so all such pages in one folder get the same navigation HTML: this
hook renders it for the first and reuses it for the rest. Pages in the nav, pages with
nav items below them, and sites with ``toc.integrate`` (the nav then holds the page's own
table of contents) are rendered as usual. A test builds a site with and without this hook
and finds every file byte-identical.

It wraps the render function of Material's ``partials/nav.html`` and ``partials/tabs.html``
(the function ``{% include %}`` calls): a Jinja detail, checked by that same test.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Environment, TemplateNotFound

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

log = logging.getLogger("mkdocs.hooks.pmo_hub_nav")

PARTIALS = ("partials/nav.html", "partials/tabs.html")

_in_nav: set[str] = set()  # src_uri of every page the nav lists
_nav_urls: list[str] = []
_rendered: dict[tuple[str, str, bool], str] = {}
_reused = 0  # renders saved in this build (logged, for `mkdocs build -v`)
_integrated_toc = False


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    global _integrated_toc
    _in_nav.clear()
    _in_nav.update(page.file.src_uri for page in nav.pages)
    _nav_urls[:] = [page.url for page in nav.pages]
    _integrated_toc = "toc.integrate" in (config.theme.get("features") or [])
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    global _reused
    _rendered.clear()
    _reused = 0
    for name in PARTIALS:
        try:
            template = env.get_template(name)
        except TemplateNotFound:
            continue
        if name == "partials/nav.html" and _integrated_toc:
            continue
        template.root_render_func = _once_per_folder(name, template.root_render_func)  # type: ignore[method-assign]
    return env


def _once_per_folder(name: str, render: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
    def root(context: Any) -> Iterator[str]:
        folder = _shared_folder(context.get("page"))
        if folder is None:
            yield from render(context)
            return
        key = (name, *folder)
        html = _rendered.get(key)
        if html is None:
            html = _rendered[key] = "".join(render(context))
        else:
            global _reused
            _reused += 1
        yield html

    return root


def on_post_build(config: MkDocsConfig) -> None:
    log.debug("PMO Hub: navigation of pages outside the nav rendered %d times, reused %d times",
              len(_rendered), _reused)


def _shared_folder(page: Any) -> tuple[str, bool] | None:
    """The key of pages whose navigation HTML is the same as this page's; None: render it."""
    url = getattr(page, "url", None)
    file = getattr(page, "file", None)
    if url is None or file is None or file.src_uri in _in_nav:
        return None
    if any(nav_url.startswith(url) for nav_url in _nav_urls):  # a nav item below the page: relative links differ
        return None
    return posixpath.dirname(url.rstrip("/")), url.endswith("/")
