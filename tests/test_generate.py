"""``pmo-hub generate``: the site's sources on disk, buildable by MkDocs without any of our hooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from test_reproducible import copy_demo, mkdocs_build, tree

from support import copy_fixture, pmo_hub, site_config

COMMIT = {"PMO_BUILD_COMMIT": "fedcba9876543210", "SOURCE_DATE_EPOCH": "1795132800"}


@pytest.mark.slow
def test_demo_built_with_and_without_hooks_has_the_same_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in COMMIT.items():
        monkeypatch.setenv(name, value)
    config = copy_demo(tmp_path / "src")
    src = config.parent
    done = pmo_hub("generate", "--out", "build/docs", "--config-out", "build/mkdocs.yml", cwd=src)
    assert done.returncode == 0, done.stderr
    standalone = src / "build" / "mkdocs.yml"
    plain = yaml.safe_load(standalone.read_text(encoding="utf-8").replace("!relative", ""))
    assert "hooks" not in plain
    assert plain["docs_dir"] == "docs" and plain["theme"]["custom_dir"] == "../overrides"
    assert "/portfolio/projects/NMC-001/index.md" in plain["not_in_nav"].splitlines()

    mkdocs_build(config, tmp_path / "hooked", **COMMIT)
    mkdocs_build(standalone, tmp_path / "plain", **COMMIT)
    hooked, unhooked = tree(tmp_path / "hooked"), tree(tmp_path / "plain")

    # The one difference MkDocs cannot express without a hook: the handbook's Markdown download
    # templates (docs/templates/files/*.md) are served as files by the hook, rendered as pages without it.
    downloads = sorted(p.stem for p in (src / "docs" / "templates" / "files").glob("*.md"))
    assert set(hooked) - set(unhooked) == {f"templates/files/{name}.md" for name in downloads}
    assert set(unhooked) - set(hooked) == {f"templates/files/{name}/index.html" for name in downloads}
    pages = {name for name in hooked if name.endswith(".html")}
    assert len(pages) > 90 and "portfolio/projects/NMC-026/index.html" in pages
    assert "content-review/index.html" in pages

    # What the hooks add is there without them: downloads, schemas, spreadsheets, provenance.
    for name in (
        "portfolio/downloads/portfolio.xlsx",
        "portfolio/downloads/portfolio.json",
        "portfolio/downloads/portfolio.csv",
        "build-info.json",
    ):
        assert unhooked[name] == hooked[name], name
    assert json.loads(unhooked["build-info.json"])["commit"] == "fedcba9876543210"
    footer = 'data as of <time datetime="2026-11-20">20 Nov 2026</time> · built from'
    assert footer in unhooked["index.html"].decode("utf-8")
    assert footer in unhooked["portfolio/projects/NMC-001/index.html"].decode("utf-8")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    data = copy_fixture("minimal", tmp_path / "data")
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_text(
        "---\ntitle: Home\nowner: project-manager\nreview_by: 2027-01-31\n---\n\n# Home\n", encoding="utf-8"
    )
    (docs / "guide" / "log.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return site_config(tmp_path, data, docs_dir=docs)


def test_writes_a_complete_docs_folder_and_refuses_to_clobber(small: Path, tmp_path: Path) -> None:
    done = pmo_hub("generate", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    assert (out / "portfolio" / "projects" / "ALPHA" / "index.md").is_file()
    assert (out / "guide" / "log.csv").read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert (out / "guide" / "log.xlsx").read_bytes()[:2] == b"PK"  # the handbook hook's spreadsheet
    # content-review.md is generated, so an index page here (see tools/generate.index_moves)
    assert (out / "content-review" / "index.md").is_file() and (out / "build-info.json").is_file()
    home = (out / "index.md").read_text(encoding="utf-8")
    assert home.startswith("---\ntitle: Home\nowner: project-manager\nreview_by: 2027-01-31\npmo_page:\n")
    assert "  owner_name: Project Manager\n" in home and "  owner_url: roles/profiles/project-manager/\n" in home
    assert "  review_by: 2027-01-31\n" in home and "  review_overdue: false\n" in home
    assert "  review_by_text: 31 Jan 2027\n" in home  # Zensical's templates cannot format a date

    # Running again replaces our own folder; a folder we did not write is never cleared.
    assert pmo_hub("generate", "--out", "out", cwd=tmp_path).returncode == 0
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("precious", encoding="utf-8")
    refused = pmo_hub("generate", "--out", "mine", cwd=tmp_path)
    assert refused.returncode == 1 and "is not empty and was not written by `pmo-hub generate`" in refused.stderr
    assert (other / "keep.txt").read_text(encoding="utf-8") == "precious"

    pages_only = pmo_hub("generate", "--out", "pages", "--pages-only", cwd=tmp_path)
    assert pages_only.returncode == 0
    assert not (tmp_path / "pages" / "index.md").exists()
    assert (tmp_path / "pages" / "portfolio" / "index.md").is_file()


def test_a_hand_written_page_at_a_generated_path_is_refused(small: Path, tmp_path: Path) -> None:
    (tmp_path / "docs" / "portfolio").mkdir()
    (tmp_path / "docs" / "portfolio" / "index.md").write_text("# Mine\n", encoding="utf-8")
    done = pmo_hub("generate", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    assert "remove or rename the hand-written file: docs/portfolio/index.md" in done.stderr


def test_the_config_keeps_tags_it_does_not_interpret(tmp_path: Path) -> None:
    from pmo_hub.load.mkdocs_config import dump_site_config, read_site_config  # the reader and writer under test

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "  - pymdownx.snippets:\n      base_path: !relative $docs_dir\n"
        "repo_url: !ENV [REPO_URL, 'https://example.org']\n",
        encoding="utf-8",
    )
    text = dump_site_config(read_site_config(config).data)
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji ''" in text
    assert "base_path: !relative '$docs_dir'" in text
    assert "repo_url: !ENV\n- REPO_URL\n- https://example.org" in text


def test_generated_pages_become_index_pages_and_links_follow_them() -> None:
    """Zensical reads every relative link of a page (raw HTML too) from the page's source folder,
    MkDocs reads raw HTML links from its URL: for ``x/index.md`` both are ``x/``."""
    from pmo_hub.tools.generate import index_moves, rebase_markdown_links

    pages = ["portfolio/risks.md", "portfolio/risks/p1-i1.md", "portfolio/projects/A/index.md", "roles/raci.md"]
    moves = index_moves(pages, existing={"roles/raci/index.md"})  # taken: that page stays where it is
    assert moves == {
        "portfolio/risks.md": "portfolio/risks/index.md",
        "portfolio/risks/p1-i1.md": "portfolio/risks/p1-i1/index.md",
    }
    known = {*pages, "portfolio/downloads/risks.csv", "guide/read.md"}

    # A hand-written page: only links to moved pages change (anchors and titles kept, code untouched).
    page = (
        '[Risks](../portfolio/risks.md#top "t") [RACI](../roles/raci.md) '
        "[web](https://x.org/a.md)\n"
        "```\n[code](../portfolio/risks.md)\n```\n"
        "[cell]: ../portfolio/risks/p1-i1.md\n"
    )
    assert rebase_markdown_links(page, "guide/read.md", moves, known) == (
        '[Risks](../portfolio/risks/index.md#top "t") [RACI](../roles/raci.md) '
        "[web](https://x.org/a.md)\n"
        "```\n[code](../portfolio/risks.md)\n```\n"
        "[cell]: ../portfolio/risks/p1-i1/index.md\n"
    )
    # A moved page: its links to files move with it; raw HTML links (relative to its URL) stay.
    moved = '[CSV](downloads/risks.csv) [cell](risks/p1-i1.md) [guide](../guide/read.md) <a href="projects/A/">A</a>'
    assert rebase_markdown_links(moved, "portfolio/risks.md", moves, known) == (
        '[CSV](../downloads/risks.csv) [cell](p1-i1/index.md) [guide](../../guide/read.md) <a href="projects/A/">A</a>'
    )


def test_the_site_folder_is_inside_the_config_folder(small: Path, tmp_path: Path) -> None:
    """Zensical refuses a site_dir outside its config's folder (and ../site would be the hooked site's)."""
    done = pmo_hub("generate", "--out", "build/docs", "--config-out", "build/mkdocs.yml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = yaml.safe_load((tmp_path / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert written["site_dir"] == "site" and written["docs_dir"] == "docs"
