"""The assembled site as MkDocs files: generated pages and downloads added, hand-written files
that must not be read left out, template documents served as downloads.

A generated page's HTML blocks (its tables) are held back from Python-Markdown's HTML parser
(``render/html_blocks.py``) and put back into the converted page; pages of one shape share
one conversion (``site/conversions.py``); the views and downloads,
still being rendered in a second process, are listed at once (so the nav and links find
them); each view is filled in when MkDocs reads it, and the downloads, made last, are written
at the end of the build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from pmo_hub.assembly import Site, is_download_template
from pmo_hub.render.html_blocks import restore_html_blocks, stash_html_blocks
from pmo_hub.render.pages import GeneratedPage, is_listed
from pmo_hub.render.views_job import ViewsJob
from pmo_hub.site.conversions import SharedConversions


class Download(File):
    """A Markdown file offered for download: copied as it is, never rendered as a page."""

    def is_documentation_page(self) -> bool:
        return False


F = TypeVar("F", bound=File)


class MadeLast(File):
    """A download the views job makes after the pages: MkDocs copies the static files before it
    writes any page, so this one is written at the end of the build (:meth:`GeneratedFiles.
    write_downloads`) and no page waits for it."""

    made = False

    def copy_file(self, dirty: bool = False) -> None:
        if self.made:
            super().copy_file(dirty)


def serve_templates_as_downloads(files: Files) -> None:
    """``templates/files/*.md`` are documents to download and fill in, not handbook pages."""
    for file in list(files):
        if is_download_template(file.src_uri) and file.is_documentation_page() and file.generated_by is None:
            files.remove(file)
            files.append(
                Download(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, inclusion=file.inclusion)
            )


@dataclass(frozen=True)
class _Prepared:
    page: GeneratedPage  # without its content unless kept for the next build (``mkdocs serve``)
    content: str | bytes  # what MkDocs reads: a page's HTML blocks replaced by placeholders
    stashed: tuple[str, ...]


class GeneratedFiles:
    """This build's generated files; with ``keep``, what each is made of is kept for the next
    (``mkdocs serve``: a page rendered again is told from one reused by its identity).

    A generated page is mostly its tables. So that a build of thousands of pages holds each
    table once, not three times, the pages' text is let go once it is prepared (unless kept),
    and each page's HTML carries its tables only while something reads them: from its conversion
    to the moment every plugin has seen it, and again while the theme writes it out."""

    def __init__(self, *, keep: bool = False) -> None:
        self.keep = keep
        self._prepared: dict[str, _Prepared] = {}
        self._waiting: dict[str, File] = {}  # views listed, their content still being rendered
        self._downloads: dict[str, MadeLast] = {}  # the same for the downloads, made after the views
        self._views: ViewsJob | None = None
        # page → its HTML with placeholders, and with its tables until every plugin has read them
        self._held: dict[str, tuple[str, str | None]] = {}
        self._conversions = SharedConversions()

    def add(self, files: Files, config: MkDocsConfig, site: Site) -> None:
        """The site's generated files, after the hand-written ones: the portfolio's pages, the
        views (empty until read), the handbook's spreadsheets and content review page."""
        kept: dict[str, _Prepared] = {}
        self._conversions = SharedConversions()
        for page in site.pages:
            self._add(files, config, kept, page)
        self._waiting = {
            path: _file(files, config, path, "", listed=is_listed(path), kind=File) for path in site.view_paths
        }
        self._downloads = {
            path: _file(files, config, path, b"", listed=False, kind=MadeLast) for path in site.download_paths
        }
        self._views = site.views
        serve_templates_as_downloads(files)
        for page in site.other_files:  # a few small pages: read by the Markdown parser as they are
            self._add(files, config, kept, page, stash=False)
        # Views prepared in an earlier build are kept: the views job may give the same pages again.
        kept.update(
            (path, prepared)
            for path, prepared in self._prepared.items()
            if path in self._waiting or path in self._downloads
        )
        self._prepared = kept
        self._held.clear()

    def report(self) -> None:
        self._conversions.report()

    def page(self, src_uri: str) -> GeneratedPage | None:
        """The generated page at ``src_uri`` (without its content unless kept), once it is made
        (see :meth:`fill_in_views`)."""
        prepared = self._prepared.get(src_uri)
        return prepared.page if prepared is not None and src_uri not in self._waiting else None

    def is_waiting(self, src_uri: str) -> bool:
        return src_uri in self._waiting

    def made_of(self, file: File) -> object:
        """What a generated file's page shows: its content, the HTML blocks held back from it,
        its search text and fields (the view or downloads waited for, if need be)."""
        if file.src_uri in self._waiting:
            self.fill_in_view(file.src_uri)
        elif isinstance(file, MadeLast) and not file.made:
            self.fill_in_downloads()
        prepared = self._prepared.get(file.src_uri)
        if prepared is None:  # generated by another plugin
            return file.content_bytes
        return file.content_bytes, prepared.stashed, prepared.page.search_text, prepared.page.search_fields

    def fill_in_view(self, src_uri: str) -> None:
        """Give the waiting view page its content, from the views job (waiting for it, not for the
        views after it: MkDocs converts each as soon as it is made)."""
        assert self._views is not None
        self._fill_in(self._waiting, [self._views.page(src_uri)])
        self._done_waiting_for(src_uri)

    def fill_in_views(self) -> None:
        """Give every waiting view page its content (waiting for them if need be)."""
        if self._waiting:
            assert self._views is not None
            self._fill_in(self._waiting, [page for page in self._views.pages() if page.path in self._waiting])
            for src_uri in list(self._waiting):
                self._done_waiting_for(src_uri)

    def _done_waiting_for(self, src_uri: str) -> None:
        del self._waiting[src_uri]
        if not self._waiting and not self.keep:
            assert self._views is not None
            self._views.let_go()

    def fill_in_downloads(self) -> None:
        """Give the downloads their content, from the views job (waiting for it if need be)."""
        if self._downloads and not all(file.made for file in self._downloads.values()):
            assert self._views is not None
            self._fill_in(self._downloads, self._views.downloads())
            for file in self._downloads.values():
                file.made = True
            if not self.keep:
                self._views.let_go()

    def write_downloads(self, *, dirty: bool) -> None:
        """Write the downloads into the site, once made (``on_post_build``); ``dirty``: only those
        that changed, as MkDocs copies every other file in a dirty build."""
        self.fill_in_downloads()
        for file in self._downloads.values():
            file.copy_file(dirty)

    # -- a page's HTML, with its tables only while they are read ------------------------------

    def restored(self, src_uri: str, html: str, finish: Callable[[str], str]) -> str:
        """The converted page (``on_page_content``) with its HTML blocks back in place, then ``finish``ed."""
        prepared = self._prepared.get(src_uri)
        if prepared is None or not prepared.stashed:
            return finish(html)
        full = finish(restore_html_blocks(html, list(prepared.stashed)))
        self._held[src_uri] = (html, full)
        return full

    def held_back(self, src_uri: str, html: str) -> str:
        """Every plugin has read the converted page: hold its tables back until it is written
        (unless a plugin changed it, which then stays as it is)."""
        held = self._held.get(src_uri)
        if held is None or held[1] is not html:
            self._held.pop(src_uri, None)
            return html
        self._held[src_uri] = (held[0], None)  # the page with its tables is let go
        return held[0]

    def put_back(self, page: Page, finish: Callable[[str], str]) -> None:
        """The page is about to be written (``on_page_context``, before the theme or Material's
        search reads it): its tables back in place, ``finish``ed as at :meth:`restored`."""
        held = self._held.pop(page.file.src_uri, None)
        if held is not None and page.content is held[0]:
            page.content = finish(restore_html_blocks(held[0], list(self._prepared[page.file.src_uri].stashed)))

    # -- helpers ---------------------------------------------------------------------------------

    def _add(
        self, files: Files, config: MkDocsConfig, kept: dict[str, _Prepared], page: GeneratedPage, *, stash: bool = True
    ) -> None:
        prepared = self._prepared.get(page.path)
        if prepared is None or prepared.page is not page:  # rendered again since the last build
            prepared = self._prepare(page, stash=stash)
        kept[page.path] = prepared
        file = _file(files, config, page.path, prepared.content, listed=page.listed, kind=File)
        if prepared.stashed and not page.listed:  # a page of a common shape (MkDocs makes the nav's pages)
            self._conversions.page_for(file, config)

    def _fill_in(self, waiting: Mapping[str, File], pages: list[GeneratedPage]) -> None:
        for page in pages:
            file = waiting[page.path]
            prepared = self._prepared.get(page.path)
            if prepared is None or prepared.page is not page:
                prepared = self._prepared[page.path] = self._prepare(page)
            if isinstance(prepared.content, str):
                file.content_string = prepared.content
            else:
                file.content_bytes = prepared.content

    def _prepare(self, page: GeneratedPage, *, stash: bool = True) -> _Prepared:
        content: str | bytes = page.content
        stashed: tuple[str, ...] = ()
        if stash and page.is_page and isinstance(content, str):
            content, blocks = stash_html_blocks(content)
            stashed = tuple(blocks)
        return _Prepared(page if self.keep else replace(page, content=""), content, stashed)


def _file(files: Files, config: MkDocsConfig, path: str, content: str | bytes, *, listed: bool, kind: type[F]) -> F:
    if files.get_file_from_path(path) is not None:
        raise PluginError(f"docs/{path} is generated; remove or rename the hand-written file")
    inclusion = InclusionLevel.INCLUDED if listed else InclusionLevel.NOT_IN_NAV
    file = cast(F, kind.generated(config, path, content=content, inclusion=inclusion))
    files.append(file)
    return file
