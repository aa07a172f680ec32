from __future__ import annotations

import markdown

from pmo_hub.render.html_blocks import restore_html_blocks, stash_html_blocks

PAGE = """---
title: "T"
---

<h1>Name &amp; Co</h1>

Plain **Markdown** paragraph.

## Section

<div class="pmo-summary">
<pre><code>line one

line two</code></pre>
<table><tr><td>a</td></tr></table>
</div>

<table>
<tr><td>x</td></tr>
</table>

Closing words.
"""


def render(text: str) -> str:
    md = markdown.Markdown(extensions=["meta"])
    return md.convert(text)


def test_stash_and_restore_gives_the_same_html() -> None:
    stashed, blocks = stash_html_blocks(PAGE)
    assert len(blocks) == 3
    assert "<table>" not in stashed and "line two" not in stashed
    assert stashed.startswith('---\ntitle: "T"\n---\n\nPMOHUBBLOCK0X')
    direct = render(PAGE)
    via_stash = restore_html_blocks(render(stashed), blocks)
    assert via_stash.split() == direct.split()


def test_no_blocks_no_change() -> None:
    assert stash_html_blocks("# Title\n\nText.\n") == ("# Title\n\nText.\n", [])
    assert restore_html_blocks("<p>x</p>", []) == "<p>x</p>"


def test_a_block_runs_on_across_blank_lines_until_its_elements_close() -> None:
    page = (
        "---\ntitle: T\n---\n\n<h3>Cell</h3>\n<div>\n<table>\n<tr><td>a</td></tr>\n\n"
        "<tr><td>b</td></tr>\n</table>\n</div>\n\nAfter.\n"
    )
    stashed, blocks = stash_html_blocks(page)
    assert stashed == "---\ntitle: T\n---\n\nPMOHUBBLOCK0X\n\nAfter.\n"
    assert blocks == ["<h3>Cell</h3>\n<div>\n<table>\n<tr><td>a</td></tr>\n\n<tr><td>b</td></tr>\n</table>\n</div>"]
