"""Material's search index, fed the generated pages' compact text instead of their HTML.

Parsing the HTML of thousands of project pages is most of what site search costs a large
build; the text a person searches a project by is known from its data (``render/search.py``).
Each generated page is kept out of Material's own indexing and given one entry of its own,
with the fields ``render.search.SEARCH_FIELDS`` weighs (a project's id, name and people).
"""

from __future__ import annotations

from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from pmo_hub.render.pages import GeneratedPage
from pmo_hub.render.search import SEARCH_FIELDS


def search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin; None with any other search (the pages are then indexed as usual)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if type(plugin).__module__.startswith("material.plugins.search") and isinstance(
            getattr(index, "entries", None), list
        ):
            return plugin
    return None


def search_index(config: MkDocsConfig) -> Any:
    """Material's search index, whose entries we can add to; None with any other search."""
    plugin = search_plugin(config)
    return plugin.search_index if plugin is not None else None


def keep_out_of_the_index(page: Page) -> None:
    """Material's plugin skips the page: :func:`add_entry` indexes it instead."""
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}


def add_entry(index: Any, page: Page, generated: GeneratedPage) -> None:
    """The page's one entry, in page order (call after Material's own ``on_page_context``)."""
    assert generated.search_text is not None
    # The title and description in generated front matter are HTML-escaped already.
    # Escaped as Material escapes page text (quotes kept: "O'Neill" is found as typed).
    text = escape(generated.search_text, quote=False)
    body = " ".join(part for part in (page.meta.get("description") or "", text) if part)
    entry = {"location": page.url, "title": str(page.title), "text": body}
    for field, value in generated.search_fields:
        entry[field] = escape(value, quote=False)
        # Material's worker indexes the fields its config names, with their boosts.
        index.config["fields"].setdefault(field, {"boost": SEARCH_FIELDS[field]})
    index.entries.append(entry)


def name_fields(index: Any) -> None:
    """Name our fields in the index's config as a clean build does, in the order its entries have
    them: a dirty build may have written no project page, and still lists their entries."""
    for entry in index.entries:
        for field in (key for key in entry if key in SEARCH_FIELDS):
            index.config["fields"].setdefault(field, {"boost": SEARCH_FIELDS[field]})
