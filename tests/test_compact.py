"""Pages without their templates' indentation mean the same to a browser (site/compact.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from pmo_hub.site.compact import compact_html
from support import build, site_config

KEPT = {"pre", "code", "kbd", "textarea", "script", "style"}


class Tokens(HTMLParser):
    """A page as a browser reads it: tags with their exact attributes, and text, whose runs of
    whitespace are one space except inside the elements that keep theirs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[object, ...]] = []
        self.kept = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(attrs)))
        self.kept += tag in KEPT

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))
        self.kept -= tag in KEPT

    def handle_data(self, data: str) -> None:
        text = data if self.kept else re.sub(r"\s+", " ", data)
        if self.tokens and self.tokens[-1][0] == "text":  # one text token between two tags
            text = self.tokens.pop()[1] + text  # type: ignore[operator]
            text = text if self.kept else re.sub(r"\s+", " ", text)
        self.tokens.append(("text", text))


def tokens(html: str) -> list[tuple[object, ...]]:
    parser = Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def test_indentation_before_a_tag_goes_and_nothing_else() -> None:
    html = (
        '<div>\n    <p title="two\n    words">a\n   b</p>\n\n  <pre>  x\n   <b>y</b></pre>\n'
        "  <script>\n  var a;\n</script>\n <code>a\n  <i>b</i></code> end\n"
    )
    assert compact_html(html) == (
        '<div>\n<p title="two\n    words">a\n   b</p>\n<pre>  x\n   <b>y</b></pre>\n'
        "<script>\n  var a;\n</script>\n<code>a\n  <i>b</i></code> end\n"
    )
    assert tokens(compact_html(html)) == tokens(html)


def test_materials_own_pages_mean_the_same_compacted(tmp_path: Path) -> None:
    """Pages as the theme writes them, without the plugin: every tag, attribute and word stays."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Home\n\nSome *text* and `code  with  spaces`.\n\n```\n  indented\n    code\n```\n\n"
        "- a list\n    - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    (docs / "other.md").write_text("# Other\n\n!!! note\n    An admonition.\n", encoding="utf-8")
    features = ["navigation.tabs", "navigation.sections", "navigation.indexes", "toc.follow", "search.suggest"]
    config = site_config(
        tmp_path,
        tmp_path / "data",
        docs_dir=docs,
        hooks=[],
        extra={},
        theme={"name": "material", "font": False, "features": features},
        markdown_extensions=["admonition", "tables", "toc"],
    )
    result = build(config)
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        compacted = compact_html(html)
        assert len(compacted) < 0.9 * len(html), page
        assert tokens(compacted) == tokens(html), page
