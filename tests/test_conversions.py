"""Generated pages of one shape share one Markdown conversion (site/conversions.py): every
generated page must come out exactly as MkDocs' own conversion makes it, with the site's
Markdown extensions, whether it converted its text itself or took an earlier page's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.load.settings import HubSettings
from pmo_hub.render.html_blocks import stash_html_blocks
from pmo_hub.site.conversions import ConvertedOnce, KeptConversions, SharedConversions
from support import FIXTURES, ROOT, generate_pages


def site_markdown_config(tmp: Path, glossary: dict[str, str] | None = None) -> MkDocsConfig:
    """A config with the site's own Markdown extensions and settings (mkdocs.yml)."""
    site = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (tmp / "docs").mkdir()
    config_file = tmp / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(
            {
                "site_name": "Test",
                "docs_dir": "docs",
                "markdown_extensions": site["markdown_extensions"],
                "validation": {"anchors": "warn"},
            }
        ),
        encoding="utf-8",
    )
    config = load_config(config_file=str(config_file))
    config.plugins._current_plugin = "pmo-hub"  # File.generated names the plugin whose event is running
    if glossary:
        config.mdx_configs["abbr"] = {"glossary": glossary}
    return config


def converted(page: Page, config: MkDocsConfig, files: Files) -> dict[str, Any]:
    page.read_source(config)
    page.render(config, files)

    def toc(items: Any) -> list[Any]:
        return [(i.title, i.id, i.level, getattr(i, "active", None), toc(i.children)) for i in items]

    return {
        "content": page.content,
        "toc": toc(page.toc),
        "title": page.title,
        "anchors": page.present_anchor_ids,
        "links": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
    }


def pages_of(data: Path) -> list[tuple[str, str]]:
    """(path, Markdown as the site reads it: tables held back) of every generated page."""
    pages = []
    for page in generate_pages(load_portfolio(data), HubSettings()):
        if page.is_page:
            pages.append((page.path, stash_html_blocks(page.content)[0]))
    return pages


def compare(tmp: Path, data: Path, glossary: dict[str, str] | None = None) -> SharedConversions:
    config = site_markdown_config(tmp, glossary)
    pages = pages_of(data)
    own, shared = Files([]), Files([])
    conversions = SharedConversions()
    for path, text in pages:
        mkdocs_way = File.generated(config, path, content=text)
        own.append(mkdocs_way)
        ours = File.generated(config, path, content=text)
        shared.append(ours)
        expected = converted(Page(None, mkdocs_way, config), config, own)
        got = converted(conversions.page_for(ours, config), config, shared)
        assert got == expected, path
    return conversions


def generated_pages(
    config: MkDocsConfig, conversions: SharedConversions, text: str, paths: tuple[str, ...]
) -> tuple[Files, list[Page]]:
    """Generated files of the same ``text`` at ``paths``, with their pages (not yet converted)."""
    files = Files([File.generated(config, path, content=text) for path in paths])
    return files, [conversions.page_for(file, config) for file in files]


def test_every_demo_page_is_converted_as_mkdocs_converts_it(tmp_path: Path) -> None:
    conversions = compare(tmp_path, ROOT / "data")
    # The demo's project pages come in a few shapes: most take an earlier page's conversion.
    projects = len(list((ROOT / "data" / "projects").glob("*.yaml")))
    assert conversions.shared >= projects // 2, conversions.shared


def test_a_glossary_term_in_a_heading_is_marked_up_on_every_page_that_shares_it(tmp_path: Path) -> None:
    conversions = compare(tmp_path, FIXTURES / "insight", glossary={"Milestones": "Points in the plan"})
    assert conversions.shared > 0


def test_a_page_with_a_link_converts_its_own_text(tmp_path: Path) -> None:
    config = site_markdown_config(tmp_path)
    conversions = SharedConversions()
    text = "## Budget\n\nSee [the risks](#risks) and [gates](../gates.md).\n"
    files, made = generated_pages(config, conversions, text, ("a/index.md", "a/b/index.md"))
    assert all(isinstance(page, ConvertedOnce) for page in made)
    pages = [converted(page, config, files) for page in made]
    assert conversions.shared == 0
    # Each page's links are its own: checked from its folder, recorded against its file.
    assert pages[0]["links"] == {"a/index.md": {"budget": "#budget", "risks": "#risks"}}
    assert pages[1]["links"] == {"a/b/index.md": {"budget": "#budget", "risks": "#risks"}}


def test_a_page_that_shares_a_conversion_has_a_table_of_contents_of_its_own(tmp_path: Path) -> None:
    config = site_markdown_config(tmp_path)
    conversions = SharedConversions()
    text = "PMOHUBBLOCK0X\n\n## Budget\n\nPMOHUBBLOCK1X\n\n### Detail\n\nPMOHUBBLOCK2X\n"
    files, pages = generated_pages(config, conversions, text, ("p/one/index.md", "p/two/index.md", "p/three/index.md"))
    for page in pages:
        page.read_source(config)
        page.render(config, files)
    assert conversions.shared == 2
    first, second, third = pages
    assert first.content == second.content and 'id="budget"' in (second.content or "")
    assert [i.title for i in second.toc] == ["Budget"] and second.toc.items[0].children[0].title == "Detail"
    second.toc.items[0].children.append(AnchorLink("Added", "added", 3))  # as site/headings.py edits a toc
    assert len(first.toc.items[0].children) == len(third.toc.items[0].children) == 1
    # The permalinks of its headings are links of the page itself, for MkDocs' anchor check.
    headings = {"budget": "#budget", "detail": "#detail"}
    assert first.links_to_anchors == {first.file: headings} and second.links_to_anchors == {second.file: headings}


def rebuilt(config: MkDocsConfig, kept: KeptConversions, text: str) -> dict[str, Any]:
    """One dirty build of a hand-written page ``guide.md`` (and a page it links to)."""
    files = Files(
        [File.generated(config, "guide.md", content=text), File.generated(config, "other.md", content="# Other\n")]
    )
    page = Page(None, files.get_file_from_path("guide.md"), config)  # type: ignore[arg-type]
    kept.track([page], config, files)
    return converted(page, config, files)


def test_a_hand_written_page_keeps_its_conversion_while_its_text_is_the_same(tmp_path: Path) -> None:
    config = site_markdown_config(tmp_path)
    kept = KeptConversions()
    text = "# Guide\n\n## Steps\n\nSee [the other page](other.md#top) and [the steps](#steps).\n"
    first = rebuilt(config, kept, text)
    assert kept.reused == 0
    again = rebuilt(config, kept, text)
    assert kept.reused == 1
    assert again == first
    assert again["links"] == {"other.md": {"top": "other.md#top"}, "guide.md": {"guide": "#guide", "steps": "#steps"}}
    assert 'href="../other/#top"' in again["content"]
    edited = rebuilt(config, kept, text.replace("Steps", "Stages"))
    assert kept.reused == 0 and 'id="stages"' in edited["content"]


def test_a_page_whose_conversion_warns_is_converted_and_warns_at_every_rebuild(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = site_markdown_config(tmp_path)
    kept = KeptConversions()
    for _ in range(2):
        caplog.clear()
        rebuilt(config, kept, "# Guide\n\nSee [the gates](gates.md).\n")
        assert kept.reused == 0
        assert "contains a link 'gates.md', but the target is not found" in caplog.text
