"""PMO Hub as a MkDocs plugin: MkDocs' events only, each handing its work to the rest of ``site/``
or to the core. All build state is on the plugin object, which lives as long as MkDocs runs
(``mkdocs serve`` keeps it from one rebuild to the next).

Used either way: ``hooks/pmo_hub_hook.py`` hosts one instance (the repository's own site), or
``plugins: [search, pmo-hub]`` loads it by its entry point (another PMO's repository, with the
package installed). Its settings are ``extra: pmo:`` in both cases (``site/config.py``).

Where the order of handlers matters, across this plugin and Material's, it is given by event
priorities (higher runs first; Material's handlers run at the priority noted), never by the
order of the ``plugins:`` or ``hooks:`` lists.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import pmo_hub
from pmo_hub.assembly import Handbook, Site, SiteAssembler, is_download_template, refused
from pmo_hub.load.build_info import BUILD_INFO_FILE
from pmo_hub.load.settings import HubSettings
from pmo_hub.problems import DataProblems, display_path
from pmo_hub.site import accessibility, search
from pmo_hub.site.compact import compact_html
from pmo_hub.site.config import settings_of
from pmo_hub.site.conversions import KeptConversions
from pmo_hub.site.dirty import DirtyBuilds, SiteInputs
from pmo_hub.site.files import GeneratedFiles
from pmo_hub.site.headings import put_heading_in_toc
from pmo_hub.site.nav import NavigationCache
from pmo_hub.site.templates import CompiledTemplates

log = logging.getLogger("mkdocs.plugins.pmo_hub")

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


class PmoHubPlugin(BasePlugin):
    """The handbook and the portfolio as one site."""

    def __init__(self) -> None:
        self.serving = False
        self.dirty_builds = False  # `mkdocs serve --dirty` (`make serve`), `mkdocs build --dirty`
        self.settings = HubSettings()
        self.assembler: SiteAssembler | None = None
        self.site: Site | None = None
        self.generated = GeneratedFiles()
        self.dirty = DirtyBuilds()
        self.conversions = KeptConversions()  # hand-written pages' (generated pages': self.generated)
        self.navigation = NavigationCache()
        self.compiled_templates = CompiledTemplates()
        # The SOURCE_DATE_EPOCH this plugin set for MkDocs' own timestamps (sitemap, archives),
        # not one that make or CI gave.
        self._pinned_epoch: str | None = None

    def event_handlers(self) -> dict[str, Any]:
        """``on_*`` name → handler, for a hook module to expose (MkDocs looks them up there)."""
        return {
            name: getattr(self, name)
            for name in dir(type(self))
            if name.startswith("on_") and getattr(type(self), name) is not getattr(BasePlugin, name, None)
        }

    # -- the build starts --------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty_builds = dirty
        # Serving keeps what the next build can reuse; a build lets each page go once written.
        self.generated = GeneratedFiles(keep=self.serving)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = settings_of(config)
        root = Path(config.config_file_path or "mkdocs.yml").absolute().parent
        if self.assembler is None or self.assembler.root != root:
            self.assembler = SiteAssembler(root, serving=self.serving)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.assembler is not None
        with _reported():  # the views render while MkDocs lists the files (a theme has thousands)
            self.assembler.start(self.settings, self._given_environment())

    def _add_site(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The site assembled from the data and the handbook, added to MkDocs' files."""
        assert self.assembler is not None
        docs_dir = Path(config.docs_dir)
        for file in self._hand_written(files, config):
            if not self.assembler.is_inside(Path(file.abs_src_path), docs_dir):
                log.warning(str(refused(Path(file.abs_src_path))))  # fails a strict build; never read or copied
                files.remove(file)
        handbook = Handbook(
            docs_dir,
            pages=tuple(
                file.src_uri
                for file in files.documentation_pages()
                if file.generated_by is None and not is_download_template(file.src_uri)
            ),
            files=tuple(file.src_uri for file in self._hand_written(files, config) if not file.is_documentation_page()),
        )
        with _reported():
            self.site = site = self.assembler.assemble(self.settings, handbook, self._given_environment())
        self._tell_mkdocs_the_build_time(site)
        config.extra["pmo_build"] = site.build.footer()
        if "abbr" in config.markdown_extensions:  # every abbreviation of the glossary, as a tooltip on every page
            config.mdx_configs["abbr"] = {**config.mdx_configs.get("abbr", {}), "glossary": site.glossary}
        self.generated.add(files, config, site)
        if not self.serving:
            site.let_go_of_pages()
        for problem in site.problems:
            log.warning(str(problem))  # a page's front matter: a strict build fails, `serve` only warns
        log.info("PMO Hub: %d projects from %s", len(site.portfolio.projects), site.portfolio.data_dir)
        return files

    @event_priority(-110)  # after every plugin has added its files (Material's privacy plugin at -100)
    def _track_changes(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.dirty_builds:
            return files  # MkDocs builds every page: nothing to decide
        assert self.site is not None
        data_dir = self.site.portfolio.data_dir
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        inputs = SiteInputs(
            folders=(*theme, Path(pmo_hub.__file__).parent),
            files=tuple(sorted(data_dir.glob("*.yaml"))),
            values=(self.site.build.source_date_epoch,),
        )
        self.dirty.track_files(files, config, made_of=self.generated.made_of, shown_everywhere=inputs)
        return files

    on_files = CombinedEvent(_add_site, _track_changes)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.dirty_builds:
            self.dirty.track_navigation(nav)
            self.conversions.track(
                (file.page for file in files.documentation_pages() if file.generated_by is None and file.page),
                config,
                files,
            )
        self.navigation.read_navigation(nav, config)
        return nav

    # -- each page ---------------------------------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.generated.is_waiting(page.file.src_uri):
            self.generated.fill_in_view(page.file.src_uri)
        return None  # MkDocs reads the file's content, now filled in

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is not None:
            page.edit_url = page.meta.get("pmo_edit_url")  # no source in docs/: the button opens the data file
        elif self.site is not None and page.file.abs_src_path:
            shown = display_path(Path(page.file.abs_src_path))
            first_line = first_line_of(markdown, page.file) if "pmo-hub:" in markdown else 1
            markdown, problems = self.site.fill_in_blocks(markdown, page.file.src_uri, shown, first_line)
            for problem in problems:
                log.warning(str(problem))
        generated = self.generated.page(page.file.src_uri)
        if generated is not None and generated.search_text is not None and search.search_index(config) is not None:
            search.keep_out_of_the_index(page)
        return markdown

    def _restore_tables(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Before Material's privacy plugin (-100) reads the page: the tables are back in place.
        html = self.generated.restored(page.file.src_uri, html, accessibility.label_task_list_checkboxes)
        if page.file.generated_by is not None:
            put_heading_in_toc(html, page)
        return html

    @event_priority(-110)  # every plugin has read the page (Material's privacy plugin at -100)
    def _hold_tables_back(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.generated.held_back(page.file.src_uri, html)

    on_page_content = CombinedEvent(_restore_tables, _hold_tables_back)

    @event_priority(110)  # every page is read; before the tags plugin lists them (priority 100)
    def _settle_pages(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.dirty_builds:
            self.dirty.settle_pages(config)
        return env

    def _prepare_templates(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.generated.fill_in_views()  # every view is read by now, unless a plugin skipped one
        if self.serving:
            env.bytecode_cache = self.compiled_templates
        if self.settings.navigation_once_per_folder:
            self.navigation.wrap_partials(env)
        return env

    on_env = CombinedEvent(_settle_pages, _prepare_templates)

    @event_priority(50)  # before Material's search plugin (0) and the theme read the page
    def _put_tables_back(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        self.generated.put_back(page, accessibility.label_task_list_checkboxes)
        return context

    @event_priority(-50)  # after Material's search plugin (0), which skipped the generated pages
    def _index_generated_page(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        generated = self.generated.page(page.file.src_uri)
        index = search.search_index(config)
        if generated is not None and generated.search_text is not None and index is not None:
            search.add_entry(index, page, generated)
        if page.file.generated_by is None and self.site is not None:
            context["pmo_page"] = self.site.facts.get(page.file.src_uri)  # overrides/partials/pmo-page-facts.html
        else:
            context["pmo_page"] = None
        return context

    @event_priority(-100)  # after every other handler has added the page's search entries
    def _note_page_written(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if self.dirty_builds:
            self.dirty.record_search_entries(page, search.search_index(config))
        return context

    on_page_context = CombinedEvent(_put_tables_back, _index_generated_page, _note_page_written)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.generated_by is not None and not self.serving:
            page.content = None  # written: a build of thousands of pages need not hold their HTML
        return compact_html(accessibility.name_search_dialog(output))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The theme's own pages (404.html), compacted as every other page is.
        return compact_html(output_content) if template_name.endswith(".html") else output_content

    # -- the build ends ----------------------------------------------------------------------------

    @event_priority(100)  # before Material's search plugin (0) writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.generated.write_downloads(dirty=self.dirty_builds)  # made while the pages were written
        plugin = search.search_plugin(config)
        if self.dirty_builds:
            self.dirty.complete_build(plugin)
        if plugin is not None:
            search.name_fields(plugin.search_index)
        if self.site is not None:
            (Path(config.site_dir) / BUILD_INFO_FILE).write_text(self.site.build.as_json(), encoding="utf-8")
        self.navigation.report()
        self.generated.report()
        self.conversions.report()

    def on_build_error(self, *, error: Exception) -> None:
        self.dirty.forget()
        self.conversions.forget()
        if self.assembler is not None:
            self.assembler.cancel()

    def on_shutdown(self) -> None:
        if self.assembler is not None:
            self.assembler.cancel()
        if self._pinned_epoch is not None and os.environ.get(SOURCE_DATE_EPOCH) == self._pinned_epoch:
            del os.environ[SOURCE_DATE_EPOCH]
        self._pinned_epoch = None

    # -- helpers ---------------------------------------------------------------------------------

    def _hand_written(self, files: Files, config: MkDocsConfig) -> list[Any]:
        return [
            file
            for file in files
            if file.generated_by is None and file.abs_src_path and file.src_dir == config.docs_dir
        ]

    def _given_environment(self) -> dict[str, str]:
        """The environment as make or CI gave it: without the timestamp this plugin set last build
        (``mkdocs serve``: the reporting date may have changed since)."""
        environ = dict(os.environ)
        if self._pinned_epoch is not None and environ.get(SOURCE_DATE_EPOCH) == self._pinned_epoch:
            del environ[SOURCE_DATE_EPOCH]
        return environ

    def _tell_mkdocs_the_build_time(self, site: Site) -> None:
        """MkDocs dates the sitemap and stamps its archives with ``SOURCE_DATE_EPOCH`` or the clock:
        give it the build's timestamp, so that two builds of the same inputs are byte-identical."""
        given = self._given_environment()
        if SOURCE_DATE_EPOCH not in given:
            self._pinned_epoch = os.environ[SOURCE_DATE_EPOCH] = str(site.build.source_date_epoch)


@contextmanager
def _reported() -> Iterator[None]:
    """Every problem of the data logged, and the build stopped, without a traceback."""
    try:
        yield
    except DataProblems as failure:
        for problem in failure.problems:
            log.error(str(problem))
        count = len(failure.problems)
        raise PluginError(
            f"{count} data problem{'s' if count != 1 else ''}: fix the lines above and build again"
        ) from None


def first_line_of(markdown: str, file: File) -> int:
    """The line of the source file that ``markdown`` starts at: MkDocs strips the front matter
    (and the blank lines after it) before on_page_markdown."""
    source = file.content_string
    if not source.endswith(markdown):  # another plugin changed the page before us
        return 1
    return source.count("\n", 0, len(source) - len(markdown)) + 1
