"""The sidebar and tabs of pages outside the nav, rendered once per folder.

Material renders the whole navigation into every page, the thousands of project pages
included. On a page that is not in the nav no item is active, and every link is relative
to the page's folder, so all such pages in one folder get the same navigation HTML: this
renders it for the first and reuses it for the rest. Pages in the nav, pages with nav items
below them, and sites with ``toc.integrate`` (the nav then holds the page's own table of
contents) are rendered as usual. A test builds a site with and without it
(``extra.pmo.navigation_once_per_folder``) and finds every file byte-identical.

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
from mkdocs.structure.nav import Navigation

log = logging.getLogger("mkdocs.plugins.pmo_hub")

PARTIALS = ("partials/nav.html", "partials/tabs.html")


class NavigationCache:
    """The navigation HTML of one build's pages outside the nav, by folder."""

    def __init__(self) -> None:
        self._in_nav: set[str] = set()  # src_uri of every page the nav lists
        self._nav_urls: list[str] = []
        self._integrated_toc = False
        self._rendered: dict[tuple[str, str, bool], str] = {}
        self.reused = 0  # renders saved in this build (logged, for `mkdocs build -v`)

    def read_navigation(self, nav: Navigation, config: MkDocsConfig) -> None:
        self._in_nav = {page.file.src_uri for page in nav.pages}
        self._nav_urls = [page.url for page in nav.pages]
        self._integrated_toc = "toc.integrate" in (config.theme.get("features") or [])

    def wrap_partials(self, env: Environment) -> None:
        """Make the theme render its sidebar and tabs through this cache (each build's env is new)."""
        self._rendered.clear()
        self.reused = 0
        for name in PARTIALS:
            try:
                template = env.get_template(name)
            except TemplateNotFound:
                continue
            if name == "partials/nav.html" and self._integrated_toc:
                continue
            template.root_render_func = self._once_per_folder(name, template.root_render_func)

    def report(self) -> None:
        log.debug(
            "PMO Hub: navigation of pages outside the nav rendered %d times, reused %d times",
            len(self._rendered),
            self.reused,
        )

    def _once_per_folder(self, name: str, render: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
        def root(context: Any) -> Iterator[str]:
            folder = self._shared_folder(context.get("page"))
            if folder is None:
                yield from render(context)
                return
            key = (name, *folder)
            html = self._rendered.get(key)
            if html is None:
                html = self._rendered[key] = "".join(render(context))
            else:
                self.reused += 1
            yield html

        return root

    def _shared_folder(self, page: Any) -> tuple[str, bool] | None:
        """The key of pages whose navigation HTML is the same as this page's; None: render it."""
        url = getattr(page, "url", None)
        file = getattr(page, "file", None)
        if url is None or file is None or file.src_uri in self._in_nav:
            return None
        if any(
            nav_url.startswith(url) for nav_url in self._nav_urls
        ):  # a nav item below the page: relative links differ
            return None
        return posixpath.dirname(url.rstrip("/")), url.endswith("/")
