"""Markdown conversions reused where they cannot differ: MkDocs converts every page with a
Markdown instance of its own (about 2 ms for the shortest text, tens of ms for a handbook page).

- **Generated pages of one shape share one conversion in a build.** Once its tables are held back
  (``render/html_blocks.py``), a project page is a handful of headings around placeholders, and
  so are a person's page and a programme's: a thousand project pages come in three or four such
  shapes. A page whose text was converted before in this build takes that result, if the text
  has no link, image, autolink or raw HTML (MkDocs rewrites links relative to the page and warns
  per page about broken ones): the only links in the result are to the page's own headings,
  which are recorded as links of the page that takes it. Markdown extensions see only the text.
- **Hand-written pages keep their conversion from one ``mkdocs serve --dirty`` rebuild to the
  next** while their text (after every plugin's ``on_page_markdown``), the Markdown extensions
  and their settings (the glossary), the link checks and the site's set of files are unchanged.
  A conversion that logged anything (a broken link) is never kept, so that every rebuild says it
  again; nor is any while ``pymdownx.snippets`` reads files the text does not show.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

log = logging.getLogger("mkdocs.plugins.pmo_hub")

# Characters that may start a link, an image, an autolink or raw HTML in Markdown.
_PAGE_DEPENDENT = ("[", "<", ":")
# Extensions whose output depends on more than the text.
_READS_FILES = ("pymdownx.snippets",)


@dataclass(frozen=True)
class _Conversion:
    content: str
    toc: TableOfContents
    title: str | None
    anchor_ids: frozenset[str]
    # Links to anchors, by the linked page's path (None: the page itself), anchor → link as
    # written; None when MkDocs records none at this log level.
    links: dict[str | None, dict[str, str]] | None

    @property
    def links_only_to_itself(self) -> bool:
        return not self.links or set(self.links) == {None}

    def give(self, page: Page, files: Files) -> None:
        """Make ``page`` as its own conversion would have made it."""
        page.content = self.content
        page.toc = _copy(self.toc)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchor_ids)
        if self.links is not None:
            page.links_to_anchors = {}
            for uri, anchors in self.links.items():
                target = page.file if uri is None else files.get_file_from_path(uri)
                assert target is not None, uri  # the set of files is the one the conversion had
                page.links_to_anchors[target] = dict(anchors)


def _conversion_of(page: Page) -> _Conversion:
    assert page.content is not None
    links = page.links_to_anchors
    return _Conversion(
        content=page.content,
        toc=_copy(page.toc),
        title=page._title_from_render,
        anchor_ids=frozenset(page.present_anchor_ids or ()),
        links=None
        if links is None
        else {(None if file is page.file else file.src_uri): dict(anchors) for file, anchors in links.items()},
    )


class SharedConversions:
    """This build's conversions of generated pages, by their Markdown text."""

    def __init__(self) -> None:
        self._done: dict[str, _Conversion] = {}
        self.shared = 0  # pages that took an earlier page's conversion

    def page_for(self, file: File, config: MkDocsConfig) -> Page:
        """The page of a generated file that is not in the nav (as MkDocs would make it)."""
        return ConvertedOnce(file, config, self)

    def report(self) -> None:
        log.debug("PMO Hub: %d conversions of generated pages, shared by %d more pages", len(self._done), self.shared)

    def convert(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        text = page.markdown
        assert text is not None
        done = self._done.get(text)
        if done is None:
            Page.render(page, config, files)
            done = _conversion_of(page)
            if done.links_only_to_itself:
                self._done[text] = done
            return
        self.shared += 1
        done.give(page, files)


class ConvertedOnce(Page):
    """A generated page that takes the conversion of an earlier page with the same text."""

    def __init__(self, file: File, config: MkDocsConfig, conversions: SharedConversions) -> None:
        super().__init__(None, file, config)
        self._conversions = conversions

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None or any(mark in self.markdown for mark in _PAGE_DEPENDENT):
            super().render(config, files)
        else:
            self._conversions.convert(self, config, files)


class KeptConversions:
    """Hand-written pages' conversions, kept from one dirty build to the next (``mkdocs serve``)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str | None, _Conversion]] = {}  # page → (its text, its conversion)
        self._context: tuple[object, ...] = ()  # what every kept conversion was made with
        self.reused = 0  # in the last build

    def track(self, pages: Iterable[Page], config: MkDocsConfig, files: Files) -> None:
        """This build's hand-written pages convert through :meth:`_convert` (call from ``on_nav``)."""
        self.reused = 0
        if any(name in config.markdown_extensions for name in _READS_FILES):
            self._kept.clear()
            return
        context = (
            repr(config.markdown_extensions),
            repr(config.mdx_configs),
            repr(config.validation),
            tuple((file.src_uri, file.dest_uri, file.url) for file in files),
        )
        if context != self._context:
            self._kept.clear()
            self._context = context
        for page in pages:
            page.render = partial(self._convert, page)  # type: ignore[method-assign]

    def forget(self) -> None:
        self._kept.clear()

    def report(self) -> None:
        if self._kept:
            log.debug("PMO Hub: %d hand-written pages kept their conversion from the last build", self.reused)

    def _convert(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        uri = page.file.src_uri
        kept = self._kept.get(uri)
        if kept is not None and kept[0] == page.markdown:
            kept[1].give(page, files)
            self.reused += 1
            return
        with _records_logged() as logged:
            Page.render(page, config, files)
        if logged:
            self._kept.pop(uri, None)
        else:
            self._kept[uri] = (page.markdown, _conversion_of(page))


@contextmanager
def _records_logged() -> Iterator[list[logging.LogRecord]]:
    """The log records (INFO and up) emitted meanwhile; they are logged as usual."""
    records: list[logging.LogRecord] = []

    class Note(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Note(logging.INFO)
    loggers = (logging.getLogger(), logging.getLogger("mkdocs"))  # MkDocs' own may not propagate
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def _copy(toc: TableOfContents) -> TableOfContents:
    """A table of contents of new entries: a plugin may edit one page's (site/headings.py does)."""

    def entry(item: AnchorLink) -> AnchorLink:
        copied = copy.copy(item)  # with whatever MkDocs set on it (``active``)
        copied.children = [entry(child) for child in item.children]
        return copied

    return TableOfContents([entry(item) for item in toc])
