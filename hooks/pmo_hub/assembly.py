"""Everything a site is made of, assembled from the stages: one assembly for every engine.

load (the data, its settings, where the build came from) → analyse and render (the pages
generated from the data, the portfolio views in a second process) → handbook (front matter
checks, the content review page, page facts, spreadsheets, the glossary).

The MkDocs plugin (``site/``) maps a :class:`Site` onto MkDocs' files; ``pmo-hub generate``
(``tools/generate.py``) writes it to disk for generators that run no hooks. Both ask a
:class:`SiteAssembler`, so the two cannot drift apart.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pmo_hub.analyse.changes import change_log, tag_host
from pmo_hub.analyse.headline import headline
from pmo_hub.handbook import (
    GLOSSARY_FILE,
    check_pages,
    content_review,
    csv_to_xlsx,
    last_updated,
    parse_abbreviations,
    read_pages,
    render_content_review,
)
from pmo_hub.handbook.blocks import Blocks
from pmo_hub.handbook.facts import PageFacts, page_facts
from pmo_hub.handbook.metadata import NOT_PAGES
from pmo_hub.load import build_info
from pmo_hub.load.build_info import BuildInfo
from pmo_hub.load.history import HistoryReader
from pmo_hub.load.portfolio import PortfolioLoader
from pmo_hub.load.safe_files import NOT_REGULAR, UnsafeFile, is_regular_inside, read_regular_file
from pmo_hub.load.settings import HubSettings
from pmo_hub.model import Portfolio
from pmo_hub.problems import Problem, display_path
from pmo_hub.render.dependencies import changed_projects, page_renderers, pages_showing
from pmo_hub.render.feed import changes_pages
from pmo_hub.render.pages import GeneratedPage, PageRenderer, site_pages
from pmo_hub.render.views_job import ViewsJob, download_paths, page_paths

# Markdown files in this folder of docs/ are documents to download and fill in, not pages.
DOWNLOAD_TEMPLATES = "templates/files/"
MAX_HANDBOOK_FILE = 8 * 1024 * 1024


def is_download_template(src_path: str) -> bool:
    return src_path.startswith(DOWNLOAD_TEMPLATES) and src_path.endswith(".md")


def refused(path: Path) -> Problem:
    """A hand-written file that links out of the repository, or is no regular file: never read."""
    return Problem(display_path(path), 1, "", NOT_REGULAR, kind="unreadable")


@dataclass(frozen=True)
class Handbook:
    """The hand-written part of a site as the engine lists it: paths relative to ``docs_dir``."""

    docs_dir: Path
    pages: tuple[str, ...]  # Markdown pages (not the download templates), in the engine's order
    files: tuple[str, ...]  # every other file

    @classmethod
    def in_folder(cls, docs_dir: Path, paths: Iterable[str]) -> Handbook:
        """``paths`` (every file of the docs folder the engine builds) sorted into pages and files."""
        paths = list(paths)
        pages = tuple(path for path in paths if path.endswith(".md") and not path.startswith(NOT_PAGES))
        return cls(docs_dir, pages, tuple(path for path in paths if path not in set(pages)))


@dataclass
class Site:
    """One build's generated files and the facts the theme shows about the hand-written pages."""

    build: BuildInfo
    portfolio: Portfolio
    settings: HubSettings
    # Portfolio, programme, project, role and reference pages, schemas: rendered as they are taken
    # in a build (each can be let go once prepared), a list kept for the next one while serving.
    pages: Iterable[GeneratedPage]
    views: ViewsJob  # the views and downloads: their paths are known now, their content perhaps later
    # The portfolio's changes page and feed, an .xlsx beside each template .csv, the content review page.
    other_files: list[GeneratedPage]
    facts: dict[str, PageFacts]  # hand-written page → what the theme shows under it
    glossary: dict[str, str]  # abbreviation → expansion, for Markdown's abbr extension
    problems: list[Problem]  # with hand-written pages and files: warnings, which fail a strict build
    blocks: Blocks  # the generated parts of hand-written pages

    def fill_in_blocks(
        self, markdown: str, src_path: str, shown_path: str, first_line: int = 1
    ) -> tuple[str, list[Problem]]:
        """A hand-written page's Markdown with its generated blocks in place (handbook/blocks.py)."""
        return self.blocks.fill_in(markdown, src_path, shown_path, first_line)

    @property
    def view_paths(self) -> list[str]:
        return page_paths()

    @property
    def download_paths(self) -> list[str]:
        return download_paths()

    def files(self) -> Iterator[GeneratedPage]:
        """Every generated file in the site's order, waiting for the views if need be."""
        yield from self.pages
        yield from self.views.pages()
        yield from self.views.downloads()
        yield from self.other_files

    def let_go_of_pages(self) -> None:
        """The engine holds the pages now: a build of thousands of pages need not keep each twice.
        (The views job keeps its own until the engine lets go of those: ``ViewsJob.let_go``.)"""
        self.pages = []
        self.other_files = []


@dataclass
class _Rendered:
    """The portfolio's pages as last rendered, kept to render only what an edit changes."""

    portfolio: Portfolio
    settings: HubSettings
    pages: list[GeneratedPage]
    views: ViewsJob


class SiteAssembler:
    """Assembles the site of the repository at ``root`` (the folder of its ``mkdocs.yml``).

    One assembler lives as long as the engine. ``serving`` (``mkdocs serve``, which asks again
    after every edit): it parses only the data files that changed, renders again only the pages
    that show them, and keeps the views' second process between rebuilds. Otherwise it keeps
    nothing of a build for the next.
    """

    def __init__(self, root: Path, *, serving: bool = False) -> None:
        self.root = root
        self.serving = serving
        self._loader: PortfolioLoader | None = None
        self._last: _Rendered | None = None
        self._views: ViewsJob | None = None  # this build's, stopped if the build fails
        self._history: HistoryReader | None = None
        # What start() began for this build: the portfolio, the settings, its pages and views.
        self._started: tuple[Portfolio, HubSettings, Iterable[GeneratedPage], ViewsJob] | None = None

    def start(self, settings: HubSettings, environ: Mapping[str, str] = os.environ) -> None:
        """Load the portfolio and start rendering it (the views job first) before the handbook is
        known, so that the views render while the engine lists its files; raises ``DataProblems``
        with every problem of the data. :meth:`assemble` does this itself if need be."""
        portfolio = self._portfolio(settings, environ)
        self._started = (portfolio, settings, *self._portfolio_pages(portfolio, settings))

    def assemble(self, settings: HubSettings, handbook: Handbook, environ: Mapping[str, str] = os.environ) -> Site:
        """The site; raises ``DataProblems`` with every problem of the data."""
        if self._started is None or self._started[1] != settings:
            self.start(settings, environ)
        assert self._started is not None
        portfolio, _, pages, views = self._started
        self._started = None
        try:
            build = self._provenance(portfolio, environ)
            return self._with_handbook(build, portfolio, settings, pages, views, handbook)
        except BaseException:
            self.cancel()
            raise

    def cancel(self) -> None:
        """Stop the views' second process (the build failed, or the engine stops)."""
        if self._views is not None:
            self._views.cancel()
        self._views = self._last = self._started = None

    # -- the portfolio --------------------------------------------------------------------------

    def _portfolio(self, settings: HubSettings, environ: Mapping[str, str]) -> Portfolio:
        data_dir = self.root / settings.data_dir
        if self._loader is None or self._loader.data_dir != data_dir:
            self._loader = PortfolioLoader(data_dir)
        return self._loader.load(today=build_info.build_day(environ))

    def _provenance(self, portfolio: Portfolio, environ: Mapping[str, str]) -> BuildInfo:
        return build_info.collect(self.root, portfolio.data_dir, portfolio.settings.reporting_date, environ=environ)

    def _portfolio_pages(self, portfolio: Portfolio, settings: HubSettings) -> tuple[Iterable[GeneratedPage], ViewsJob]:
        """The pages generated from the data; after an edit, rendered again only where it changed."""
        last = self._last
        if last is not None and last.portfolio is portfolio and last.settings == settings:
            return last.pages, last.views  # `mkdocs serve` after a handbook edit: the data is unchanged
        changed = (
            changed_projects(last.portfolio, portfolio) if last is not None and last.settings == settings else None
        )
        if last is not None and changed == set():
            # Saved with no change to what the data means (a comment, a blank line, key order): the
            # pages and views of the last build are this one's too.
            self._last = _Rendered(portfolio, settings, last.pages, last.views)
            return last.pages, last.views
        if self._views is not None:
            self._views.cancel()  # a job still rendering the last portfolio's views
        self._last = None
        # Started first, before even the pages an edit changed are worked out: it renders while
        # this process does the rest.
        views = self._views = ViewsJob(portfolio, settings, keep_process=self.serving)
        if not self.serving:
            return site_pages(portfolio, settings), views  # rendered as the engine takes them
        try:
            again = pages_showing(last.portfolio, portfolio, changed) if last is not None and changed else None
            if again is None or last is None:
                pages = list(site_pages(portfolio, settings))
            else:
                render = page_renderers(PageRenderer(portfolio, settings))
                pages = [render[page.path]() if page.path in again else page for page in last.pages]
        except BaseException:
            views.cancel()
            raise
        self._last = _Rendered(portfolio, settings, pages, views)
        return pages, views

    # -- the handbook ---------------------------------------------------------------------------

    def _with_handbook(
        self,
        build: BuildInfo,
        portfolio: Portfolio,
        settings: HubSettings,
        pages: Iterable[GeneratedPage],
        views: ViewsJob,
        handbook: Handbook,
    ) -> Site:
        docs_dir = handbook.docs_dir
        role_ids = [role.id for role in portfolio.roles]
        metas = read_pages(docs_dir, handbook.pages)
        problems = check_pages(metas, role_ids)
        spreadsheets = self._spreadsheets(handbook, problems)
        renderer = PageRenderer(portfolio, settings)
        review_lists = content_review(metas, portfolio.reporting_date, role_ids)
        review = render_content_review(renderer, review_lists)
        updated = last_updated(docs_dir, handbook.pages, untracked=build.built_on)
        history = self._history_of(portfolio.data_dir).read()
        log = change_log(history, host=tag_host(settings.site_url))
        changes_page, feed = changes_pages(renderer, history, log, site_url=settings.site_url)
        return Site(
            build=build,
            portfolio=portfolio,
            settings=settings,
            pages=pages,
            views=views,
            other_files=[changes_page, feed, *spreadsheets, review],
            facts=page_facts(metas, updated, portfolio, settings.directory_urls),
            glossary=parse_abbreviations(self._text(docs_dir, GLOSSARY_FILE, problems, missing_ok=True) or ""),
            problems=problems,
            blocks=Blocks(renderer, headline(portfolio), review_lists, history, log),
        )

    def _history_of(self, data_dir: Path) -> HistoryReader:
        """The data's git history, read again each build (it parses only what new commits changed)."""
        if self._history is None or self._history.data_dir != data_dir:
            self._history = HistoryReader(data_dir)
        return self._history

    def _spreadsheets(self, handbook: Handbook, problems: list[Problem]) -> list[GeneratedPage]:
        """An ``.xlsx`` beside every ``.csv`` (one sheet, same rows), unless one is already there."""
        made = []
        existing = set(handbook.files)
        for path in handbook.files:
            target = path[: -len(".csv")] + ".xlsx"
            if not path.endswith(".csv") or target in existing:
                continue
            text = self._text(
                handbook.docs_dir,
                path,
                problems,
                not_utf8="not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)",
            )
            if text is not None:
                made.append(GeneratedPage(target, csv_to_xlsx(text, posixpath.splitext(posixpath.basename(path))[0])))
        return made

    def _text(
        self,
        docs_dir: Path,
        src_path: str,
        problems: list[Problem],
        *,
        missing_ok: bool = False,
        not_utf8: str = "not valid UTF-8; save the file as UTF-8",
    ) -> str | None:
        """A hand-written file's text, if it is a regular file inside the repository and UTF-8."""
        path = docs_dir / src_path
        if missing_ok and not os.path.lexists(path):
            return None
        shown = display_path(path)
        if not self.is_inside(path, docs_dir):
            problems.append(refused(path))
            return None
        try:
            return read_regular_file(path, max_bytes=MAX_HANDBOOK_FILE).decode("utf-8")
        except UnsafeFile as unsafe:
            problems.append(Problem(shown, 1, "", unsafe.reason, kind="unreadable"))
        except UnicodeDecodeError:
            problems.append(Problem(shown, 1, "", not_utf8, kind="unreadable"))
        return None

    def is_inside(self, path: Path, docs_dir: Path) -> bool:
        """A regular file whose real place is in the repository or the docs folder (see safe_files)."""
        return is_regular_inside(path, self.root) or is_regular_inside(path, docs_dir)

    def outside_files(self, docs_dir: Path, src_paths: Iterable[str]) -> list[Problem]:
        """A problem for each hand-written file that links out of the repository (or is no regular
        file): the engine must neither read nor copy it."""
        return [refused(docs_dir / src) for src in src_paths if not self.is_inside(docs_dir / src, docs_dir)]
