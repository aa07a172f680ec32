"""Dirty builds that are exact: ``mkdocs serve --dirty`` (``make serve``) rebuilds only what an
edit changed, and the site is byte for byte the one a clean build of the edited sources makes.

The plugin (``plugin.py``) owns one :class:`DirtyBuilds` and calls it from its events.

MkDocs skips a page in a dirty build when ``File.is_modified()`` is False. Its own answer is
"the HTML is older than the Markdown" for files in ``docs/`` and always True for generated
files, and it warns that the navigation may then be wrong: a page it skips is never read (its
title, which every page's sidebar shows, is missing), nothing knows what else a page depends
on, and Material's search index holds only the pages rebuilt. Here ``is_modified`` is answered
for every page and generated file instead:

- hand-written pages are always read and converted (cheap next to rendering them into the
  theme; it keeps titles, tags, glossary and the tags index right) and written again only if
  the converted page (HTML, title, front matter, the file's stamp) changed;
- generated files (project pages, views, downloads, content review) only if their content
  changed (the assembler renders again only what an edit of the data can change);
- every page, into an emptied site folder, when what every page shows changed: mkdocs.yml,
  the theme and hooks folders, the data settings (footer, page owners), the set of files or the
  titles in the navigation;
- the search index is this build's entries for the pages written and the last build's for the
  others, in page order, as a clean build lists them.

A failed build forgets it all: the next one rebuilds everything.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.pmo_hub")


def _not_the_dirty_build_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns at every dirty build that navigation and links may be wrong: not here."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_build_warning)


@dataclass
class _PageRecord:
    """What a build knew of a page it wrote."""

    key: tuple[object, ...]
    title: str | None
    meta: dict[str, Any]
    search_entries: list[dict[str, Any]]


@dataclass
class _Build:
    """One build's view of the site; the last successful one is kept for the next."""

    site_key: tuple[object, ...] = ()
    files_key: tuple[object, ...] = ()
    nav_key: tuple[object, ...] = ()
    everything: bool = True
    writing: bool = False  # False while MkDocs reads pages, True once it writes them
    generated: dict[str, object] = field(default_factory=dict)
    pages: dict[str, _PageRecord] = field(default_factory=dict)
    answers: dict[tuple[bool, str], bool] = field(default_factory=dict)
    keys: dict[str, tuple[object, ...]] = field(default_factory=dict)  # of the hand-written pages, as written
    search_mark: int = 0
    written: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class DirtyBuilds:
    """Answers ``is_modified`` for every file of a build, from what the last build wrote."""

    def __init__(self) -> None:
        self._last: _Build | None = None
        self._now = _Build()
        self._files: Files | None = None
        self._made_of: Callable[[File], object] = lambda file: file.content_bytes
        self._nav: Navigation | None = None

    def track_files(
        self, files: Files, config: MkDocsConfig, *, made_of: Callable[[File], object], shown_everywhere: SiteInputs
    ) -> None:
        """Start a build: decide whether everything is rebuilt; answer ``is_modified`` for its files.

        Call once every plugin has added its files. ``made_of(file)`` is what a generated file is
        made of: its content and whatever else its page shows (it may wait for content still being
        made). ``shown_everywhere``: what every page is made of besides the MkDocs config."""
        self._files, self._made_of = files, made_of
        now = self._now = _Build(site_key=_site_key(config, shown_everywhere), files_key=_files_key(files))
        last = self._last
        now.everything = last is None or (last.site_key, last.files_key) != (now.site_key, now.files_key)
        if now.everything:
            log.info(
                "PMO Hub: everything rebuilt (%s)",
                "first build" if last is None else "the site's settings, theme or files changed",
            )
            utils.clean_directory(config.site_dir)  # a dirty build never removes the pages of removed files
        for file in files:
            if file.generated_by is not None:
                file.is_modified = self._answer(file, self._generated_file_changed)  # type: ignore[method-assign]
            elif file.is_documentation_page():
                file.is_modified = self._answer(file, self._page_changed)  # type: ignore[method-assign]

    def track_navigation(self, nav: Navigation) -> None:
        self._nav = nav

    def settle_pages(self, config: MkDocsConfig) -> None:
        """Every page is read: give the ones skipped their title and front matter (which the
        sidebar and footers of other pages show), and read them after all if the navigation changed.

        Runs before the tags plugin builds its listings (``on_env``, priority 100)."""
        assert self._files is not None
        now, last = self._now, self._last
        skipped = [page for page in _pages(self._files) if page.markdown is None]
        if last is not None:
            for page in skipped:
                record = last.pages.get(page.file.src_uri)
                if record is not None:
                    page.title, page.meta = record.title, dict(record.meta)
        now.nav_key = _nav_key(self._nav)
        if not now.everything and last is not None and last.nav_key != now.nav_key:
            now.everything = True
            now.answers.clear()
            log.info("PMO Hub: everything rebuilt (a title in the navigation changed)")
            for page in skipped:
                _populate_page(page, config, self._files)  # what MkDocs does for each page, dirty or not
        now.writing = True

    def record_search_entries(self, page: Page, index: Any) -> None:
        """Note that the page is written, and the search entries it added (run after every other
        ``on_page_context``); ``index`` is Material's search index, if any."""
        entries = index.entries if index is not None else []
        self._now.written[page.file.src_uri] = entries[self._now.search_mark :]
        self._now.search_mark = len(entries)

    def complete_build(self, search_plugin: Any) -> None:
        """The build wrote its pages: make the search index whole, and keep what the next build
        compares with. Runs before the search plugin writes its index (``on_post_build``)."""
        assert self._files is not None
        now, last = self._now, self._last
        pages = _pages(self._files)
        for page in pages:
            uri = page.file.src_uri
            written = uri in now.written
            if not written and (last is None or uri not in last.pages):
                raise RuntimeError(f"{uri} was neither written in this build nor in the last")
            previous = last.pages[uri] if last is not None and not written else None
            now.pages[uri] = _PageRecord(
                key=now.keys.get(uri) or (previous.key if previous else ()),
                title=str(page.title) if page.title is not None else None,
                meta=dict(page.meta),
                search_entries=now.written[uri] if written else previous.search_entries,  # type: ignore[union-attr]
            )
        if search_plugin is not None:
            search_plugin.search_index.entries = [
                entry for page in pages for entry in now.pages[page.file.src_uri].search_entries
            ]
            search_plugin.search_index_prev = None  # Material's own merge assumes one page changed
        for file in self._files:
            if file.generated_by is not None:
                now.generated[file.src_uri] = self._made_of(file)
        now.answers.clear()
        self._last = now

    def forget(self) -> None:
        """The build failed: what the site folder holds is unknown, the next build does it all."""
        self._last = None

    # -- is_modified ---------------------------------------------------------------------------

    def _answer(self, file: File, decide: Callable[[File], bool]) -> Callable[[], bool]:
        """``is_modified`` of one file: decided once while reading and once while writing."""

        def is_modified() -> bool:
            answers = self._now.answers
            key = (self._now.writing, file.src_uri)
            if key not in answers:
                answers[key] = decide(file)
            return answers[key]

        return is_modified

    def _generated_file_changed(self, file: File) -> bool:
        if self._now.everything or self._last is None:
            return True
        return self._last.generated.get(file.src_uri) != self._made_of(file)

    def _page_changed(self, file: File) -> bool:
        now = self._now
        if not now.writing or file.page is None:
            return True  # read every hand-written page: see the module's docstring
        # Asked just before MkDocs writes the page, when every plugin has changed its content
        # (the tags index gets its lists in on_env) and none has started writing it.
        key = now.keys[file.src_uri] = _page_key(file.page)
        record = self._last.pages.get(file.src_uri) if self._last is not None else None
        return now.everything or record is None or record.key != key


def _pages(files: Files) -> list[Page]:
    """The pages of this build, in the order MkDocs builds them (drafts too while serving)."""
    return [file.page for file in files if file.page is not None and file.is_documentation_page()]


def _page_key(page: Page) -> tuple[object, ...]:
    """What a hand-written page's HTML is made of, besides what every page shows."""
    path = page.file.abs_src_path
    stamp = None
    if path is not None and os.path.exists(path):
        status = os.stat(path)
        stamp = (status.st_ino, status.st_size, status.st_mtime_ns)  # "last updated" may come from it
    return stamp, page.content, str(page.title), repr(page.meta), _toc_key(page.toc)


def _toc_key(items: Iterable[Any]) -> tuple[object, ...]:
    return tuple((item.level, item.id, item.title, _toc_key(item.children)) for item in items)


# -- what every page shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class SiteInputs:
    """What every page of the site shows, besides the MkDocs config: a change rebuilds them all."""

    # Folders whose files' stamps count: the theme's overrides, the plugin's code and templates
    # (Material's own files change only with its version: thousands of icons to look at).
    folders: tuple[Path, ...]
    # Files whose content counts: the data's settings (page owners, review dates, every footer).
    files: tuple[Path, ...]
    # Anything else, such as the build's timestamp.
    values: tuple[object, ...] = ()


def _site_key(config: MkDocsConfig, inputs: SiteInputs) -> tuple[object, ...]:
    return (
        _digest(Path(config.config_file_path)) if config.config_file_path else None,
        repr(config.extra),
        repr(config.mdx_configs),
        repr(config.markdown_extensions),
        *inputs.values,
        *(_digest(path) for path in inputs.files),
        *_stamps(inputs.folders),
    )


def _files_key(files: Files) -> tuple[object, ...]:
    return tuple((file.src_uri, file.dest_uri, file.inclusion.name) for file in files)


# Front matter that Material shows for other pages than the page's own (partials/nav-item.html
# and tabs-item.html): an edit of an owner, a review date or tags need not rebuild every page.
NAV_META = ("icon", "subtitle", "status")


def _nav_key(nav: Navigation | None) -> tuple[object, ...]:
    if nav is None:
        return ()
    return tuple(
        (page.file.src_uri, str(page.title), bool(page.meta), *(repr(page.meta.get(key)) for key in NAV_META))
        for page in nav.pages
    )


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _stamps(folders: Iterable[Path]) -> list[tuple[str, int, int]]:
    found = []
    for folder in folders:
        for directory, subfolders, names in os.walk(folder):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(names):
                status = os.stat(os.path.join(directory, name))
                found.append((os.path.join(directory, name), status.st_size, status.st_mtime_ns))
    return found
