"""MkDocs hook for the hand-written handbook: page metadata, content review, downloads.

A thin adapter over ``pmo_hub.handbook``. It

- checks the front matter of every hand-written page and logs each problem as a warning
  (``docs/x.md:1: owner: ...``), so ``mkdocs build --strict`` fails and ``serve`` only warns;
- adds the generated ``content-review.md``;
- puts each page's owner, last-updated and review dates in the page context for the theme
  (``pmo_page``, shown by ``overrides/main.html``);
- serves the Markdown files in ``templates/files/`` as downloads instead of pages, and adds
  an ``.xlsx`` beside every ``.csv``.

Runs after ``pmo_hub_hook.py`` (list it after that hook in ``mkdocs.yml``): pages generated
from the data are recognised by ``File.generated_by`` and exempt from the metadata rule.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pmo_hub.load.portfolio import load_portfolio_once

from pmo_hub.model import Portfolio
from pmo_hub.handbook import GLOSSARY_FILE, check_pages, content_review, csv_to_xlsx, last_updated, read_abbreviations, read_pages
from pmo_hub.handbook.metadata import PageMeta
from pmo_hub.handbook.review import render_content_review
from pmo_hub.render.pages import PageRenderer
from pmo_hub.problems import DataProblems, Problem, display_path
from pmo_hub.load.safe_files import NOT_REGULAR, is_regular_inside
from pmo_hub.load.settings import read_settings
from pmo_hub.render.paths import role_page

log = logging.getLogger("mkdocs.hooks.pmo_hub_handbook")

DOWNLOADS = "templates/files/"


@dataclass(frozen=True)
class PageFacts:
    """What the theme shows under a hand-written page (``pmo_page`` in templates)."""

    owner_id: str | None
    owner_name: str | None
    owner_url: str | None  # site-relative; templates pass it through the `url` filter
    updated: date | None
    review_by: date | None
    review_overdue: bool


class Download(File):
    """A Markdown file offered for download: copied as it is, never rendered as a page."""

    def is_documentation_page(self) -> bool:
        return False


_facts: dict[str, PageFacts] = {}

def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Every abbreviation of the glossary file expands as a tooltip on every page.
    if "abbr" in config.markdown_extensions and _inside_repository(Path(config.docs_dir) / GLOSSARY_FILE, config):
        glossary = read_abbreviations(Path(config.docs_dir) / GLOSSARY_FILE)
        config.mdx_configs["abbr"] = {**config.mdx_configs.get("abbr", {}), "glossary": glossary}
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _facts.clear()
    _drop_files_outside_repository(files, config)
    docs_dir = Path(config.docs_dir)
    _serve_templates_as_downloads(files)
    _add_spreadsheets(files, config)

    settings = read_settings(config.extra.get("pmo"), where=config.config_file_path or "mkdocs.yml",
                             repo_url=config.repo_url, directory_urls=config.use_directory_urls)
    try:
        portfolio = load_portfolio_once(Path(config.config_file_path).parent / settings.data_dir)
    except DataProblems:
        return files  # pmo_hub_hook.py, which runs first, reports the data problems
    role_ids = [role.id for role in portfolio.roles]

    # Generated pages (from the data, or by a plugin) have no front matter to check.
    sources = sorted(file.src_uri for file in files.documentation_pages() if file.generated_by is None)
    pages = read_pages(docs_dir, sources)
    for problem in check_pages(pages, role_ids):
        log.warning(str(problem))

    review = content_review(pages, portfolio.reporting_date, role_ids)
    generated = render_content_review(PageRenderer(portfolio, settings), review)
    if files.get_file_from_path(generated.path) is not None:
        raise PluginError(f"docs/{generated.path} is generated; remove or rename the hand-written file")
    files.append(File.generated(config, generated.path, content=generated.content, inclusion=InclusionLevel.INCLUDED))

    updated = last_updated(docs_dir, sources)
    for page in pages:
        _facts[page.src_path] = _page_facts(page, updated.get(page.src_path), portfolio, files)
    return files


def _inside_repository(path: Path, config: MkDocsConfig) -> bool:
    """A regular file whose real place is in the repository (or the docs folder); see safe_files."""
    roots = (Path(config.config_file_path or ".").parent, Path(config.docs_dir))
    return any(is_regular_inside(path, root) for root in roots)


def _drop_files_outside_repository(files: Files, config: MkDocsConfig) -> None:
    """A link in docs/ to a file outside the repository (or a FIFO) is reported and never read or copied."""
    for file in list(files):
        if file.generated_by is None and file.abs_src_path and file.src_dir == config.docs_dir \
                and not _inside_repository(Path(file.abs_src_path), config):
            log.warning(str(Problem(display_path(Path(file.abs_src_path)), 1, "", NOT_REGULAR)))
            files.remove(file)


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["pmo_page"] = _facts.get(page.file.src_uri) if page.file.generated_by is None else None
    return context


def _page_facts(page: PageMeta, updated: date | None, portfolio: Portfolio, files: Files) -> PageFacts:
    role = next((r for r in portfolio.roles if r.id == page.owner), None)
    role_file = files.get_file_from_path(role_page(role.id)) if role else None
    return PageFacts(
        owner_id=role.id if role else None,
        owner_name=role.name if role else None,
        owner_url=role_file.url if role_file else None,
        updated=updated,
        review_by=page.review_by,
        review_overdue=page.review_by is not None and page.review_by < portfolio.reporting_date,
    )


def _serve_templates_as_downloads(files: Files) -> None:
    """``templates/files/*.md`` are documents to download and fill in, not handbook pages."""
    for file in list(files):
        if file.src_uri.startswith(DOWNLOADS) and file.is_documentation_page() and file.generated_by is None:
            files.remove(file)
            files.append(Download(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                                  inclusion=file.inclusion))


def _add_spreadsheets(files: Files, config: MkDocsConfig) -> None:
    """An ``.xlsx`` beside every ``.csv`` (one sheet, same rows), unless one is already there."""
    for file in list(files):
        if not file.src_uri.endswith(".csv") or file.abs_src_path is None:
            continue
        target = file.src_uri[: -len(".csv")] + ".xlsx"
        if files.get_file_from_path(target) is not None:
            continue
        try:
            text = file.content_string
        except (OSError, UnicodeDecodeError):
            log.warning(str(Problem(display_path(Path(file.abs_src_path)), 1, "",
                                    "not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)")))
            continue
        stem = Path(file.src_uri).stem
        files.append(File.generated(config, target, content=csv_to_xlsx(text, stem), inclusion=file.inclusion))

