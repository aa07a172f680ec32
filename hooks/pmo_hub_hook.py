"""MkDocs hook: adds the pages generated from ``data/`` to the site.

A thin adapter: the work is done by the ``pmo_hub`` package beside this file, which
knows nothing of MkDocs (``pmo-hub generate`` writes the same pages to disk).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from pmo_hub.load.portfolio import load_portfolio_once

from pmo_hub.model import Portfolio
from pmo_hub.render.pages import GeneratedPage, PageRenderer, is_listed, site_pages
from pmo_hub.problems import DataProblems
from pmo_hub.render.html_blocks import restore_html_blocks, stash_html_blocks
from pmo_hub.render.search import SEARCH_FIELDS, search_fields
from pmo_hub.load.settings import HubSettings, read_settings
from pmo_hub.render.dependencies import page_renderers, pages_to_render_again
from pmo_hub.render.views_job import ViewsJob, expected_paths

import pmo_hub_dirty_builds as dirty_builds  # beside this file (MkDocs puts its folder on sys.path)

log = logging.getLogger("mkdocs.hooks.pmo_hub")

_settings: HubSettings | None = None
_serving = False  # `mkdocs serve`: the views job keeps its second process from one rebuild to the next
# Generated page → its HTML blocks, held back from the Markdown parser (see html_blocks.py).
_stashed: dict[str, list[str]] = {}
# Generated page → the text site search indexes for it instead of parsing its HTML.
_search_texts: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    try:
        _settings = read_settings(
            config.extra.get("pmo"), where=config.config_file_path or "mkdocs.yml",
            repo_url=config.repo_url, directory_urls=config.use_directory_urls,
        )
    except DataProblems as failure:
        _fail(failure)
    return config


def _add_generated_files(files: Files, config: MkDocsConfig) -> Files:
    assert _settings is not None
    data_dir = Path(config.config_file_path).parent / _settings.data_dir
    try:
        portfolio = load_portfolio_once(data_dir)
    except DataProblems as failure:
        _fail(failure)
    site = _generated(portfolio, _settings)
    for path, content, in_nav in site.pages:
        _add(files, config, path, content, in_nav)
    # The views job is still rendering these: list them now (so that the nav and links find
    # them), fill them in when MkDocs first reads one (they are added last, read last).
    _waiting.clear()
    for path in expected_paths():
        _waiting[path] = _add(files, config, path, "" if path.endswith(".md") else b"", is_listed(path))
    log.info("PMO Hub: %d projects from %s", len(portfolio.projects), data_dir)
    return files


@event_priority(-100)  # after every hook and plugin has added its files
def _track_changes(files: Files, config: MkDocsConfig) -> Files:
    dirty_builds.track_files(files, config, made_of=_made_of)
    return files


def _made_of(file: File) -> object:
    """What a generated file's page shows: its content, the HTML blocks held back from it
    and its search text."""
    if file.src_uri in _waiting:
        _fill_in_views()
    return file.content_bytes, _stashed.get(file.src_uri), _search_texts.get(file.src_uri)


on_files = CombinedEvent(_add_generated_files, _track_changes)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    dirty_builds.track_navigation(nav)
    return nav


def _add(files: Files, config: MkDocsConfig, path: str, content: str | bytes, in_nav: bool) -> File:
    if files.get_file_from_path(path) is not None:
        raise PluginError(f"docs/{path} is generated from the data; remove or rename the hand-written file")
    inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
    file = File.generated(config, path, content=content, inclusion=inclusion)
    files.append(file)
    return file


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    if page.file.src_uri in _waiting:
        _fill_in_views()
    return None  # MkDocs reads the file's content, now filled in


def _fill_in_downloads(env: Any, config: MkDocsConfig, files: Files) -> Any:
    _fill_in_views()  # MkDocs copies the downloads next
    return env


@event_priority(110)  # every page is read; before the tags plugin lists them (priority 100)
def _settle_pages(env: Any, config: MkDocsConfig, files: Files) -> Any:
    dirty_builds.settle_pages(config)
    return env


on_env = CombinedEvent(_settle_pages, _fill_in_downloads)


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    dirty_builds.complete_build(_search_plugin(config))
    index = _search_index(config)
    if index is not None:
        _name_search_fields(index)


def _name_search_fields(index: Any) -> None:
    """Name our fields in the index's config as a clean build does, in the order its entries have
    them: a dirty build may have written no project page, and still lists their entries."""
    for entry in index.entries:
        for field in (key for key in entry if key in SEARCH_FIELDS):
            index.config["fields"].setdefault(field, {"boost": SEARCH_FIELDS[field]})


def on_build_error(error: Exception) -> None:
    dirty_builds.forget()
    if _last is not None:
        _last.views.cancel()


@dataclass
class _Site:
    """What the hook generated for one portfolio and settings (kept while ``mkdocs serve`` runs)."""

    portfolio: Portfolio
    settings: HubSettings
    pages: list[tuple[str, str | bytes, bool]]
    views: ViewsJob
    view_contents: dict[str, str | bytes] | None = None


_last: _Site | None = None
# View pages and downloads listed in this build whose content the views job is still making.
_waiting: dict[str, File] = {}


def _generated(portfolio: Portfolio, settings: HubSettings) -> _Site:
    """The generated files; rendered again only where the data changed.

    While ``mkdocs serve`` rebuilds after handbook edits, the portfolio is the same object
    (see ``load_portfolio_once``) and its thousands of pages need not be rendered again; after
    an edit of project files, only the pages that show those projects are (site_dependencies).
    """
    global _last
    if _last is not None and _last.portfolio is portfolio and _last.settings == settings:
        return _last
    again = pages_to_render_again(_last.portfolio, portfolio) \
        if _last is not None and _last.settings == settings else None
    if _last is not None:
        _last.views.cancel()
    if again is None:
        _stashed.clear()
        _search_texts.clear()
    # Started first: it renders while this process does the rest.
    views = ViewsJob(portfolio, settings, keep_process=_serving)
    try:
        if again is None:
            pages = [_prepared(page) for page in site_pages(portfolio, settings)]
        else:
            assert _last is not None
            render = page_renderers(PageRenderer(portfolio, settings))
            pages = [_prepared(render[path]()) if path in again else (path, content, in_nav)
                     for path, content, in_nav in _last.pages]
    except BaseException:
        views.cancel()
        _last = None
        raise
    _last = _Site(portfolio, settings, pages, views)
    return _last


def _prepared(page: GeneratedPage) -> tuple[str, str | bytes, bool]:
    """(path, content, in nav) of a page, its HTML blocks stashed and its search text noted."""
    content = page.content
    _stashed.pop(page.path, None)
    _search_texts.pop(page.path, None)
    if page.is_page and isinstance(content, str):
        content, _stashed[page.path] = stash_html_blocks(content)
    if page.search_text is not None:
        _search_texts[page.path] = page.search_text
    return page.path, content, is_listed(page.path)


def _fill_in_views() -> None:
    """Give the waiting files their content, from the views job (waiting for it if need be)."""
    if not _waiting:
        return
    assert _last is not None
    if _last.view_contents is None:
        _last.view_contents = {path: content for path, content, _ in map(_prepared, _last.views.pages())}
    for path, file in _waiting.items():
        content = _last.view_contents[path]
        if isinstance(content, str):
            file.content_string = content
        else:
            file.content_bytes = content
    _waiting.clear()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # A generated page has no source in docs/: its edit button opens the data file instead.
    if page.file.generated_by is not None:
        page.edit_url = page.meta.get("pmo_edit_url")
    if page.file.src_uri in _search_texts and _search_index(config) is not None:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


def _index_generated_page(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    # Runs after the search plugin's own handler (hooks come after plugins), which skipped
    # this page: index the compact text in its place, in page order.
    text = _search_texts.get(page.file.src_uri)
    index = _search_index(config)
    if text is not None and index is not None:
        # The title and description in generated front matter are HTML-escaped already.
        body = " ".join(part for part in (page.meta.get("description") or "", str(escape(text))) if part)
        entry = {"location": page.url, "title": str(page.title), "text": body}
        fields = search_fields(_last.portfolio, page.file.src_uri) if _last is not None else {}
        for field, value in fields.items():
            entry[field] = str(escape(value))
            # Material's worker indexes the fields its config names, with their boosts.
            index.config["fields"].setdefault(field, {"boost": SEARCH_FIELDS[field]})
        index.entries.append(entry)
    return context


@event_priority(-100)  # after every other handler has added the page's search entries
def _note_page_written(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    dirty_builds.record_search_entries(page, _search_index(config))
    return context


on_page_context = CombinedEvent(_index_generated_page, _note_page_written)


def _search_index(config: MkDocsConfig) -> Any:
    """Material's search index, whose entries we can add to; None with any other search."""
    plugin = _search_plugin(config)
    return plugin.search_index if plugin is not None else None


def _search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin; None with any other search."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if type(plugin).__module__.startswith("material.plugins.search") and isinstance(
                getattr(index, "entries", None), list):
            return plugin
    return None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = restore_html_blocks(html, _stashed.get(page.file.src_uri, []))
    if page.file.generated_by is not None:
        _put_heading_in_toc(html, page)
    return html


_RAW_H1 = re.compile(r'\s*<h1 id="([^"]+)">(.*?)</h1>', re.S)


def _put_heading_in_toc(html: str, page: Page) -> None:
    """Generated pages open with a raw, escaped ``<h1 id>`` (a name as data, never as Markdown,
    whatever extensions the site enables), which the toc extension does not see. Material takes
    the skip link's target from the first toc entry and drops a level-1 entry from the sidebar's
    table of contents, so the heading is made that entry, as a Markdown ``#`` heading would be."""
    heading = _RAW_H1.match(html)
    if heading is None or any(item.level == 1 for item in page.toc):
        return
    top = AnchorLink(heading.group(2), heading.group(1), 1)
    top.children = list(page.toc)
    page.toc = TableOfContents([top])


def _fail(failure: DataProblems) -> None:
    for problem in failure.problems:
        log.error(str(problem))
    count = len(failure.problems)
    raise PluginError(f"{count} data problem{'s' if count != 1 else ''}: fix the lines above and build again")
