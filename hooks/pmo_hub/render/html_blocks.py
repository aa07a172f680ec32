"""Keep pre-rendered HTML blocks away from the Markdown parser, and put them back after.

Generated pages are Markdown headings around HTML blocks (tables, badges) that are already
final and escaped. Python-Markdown would run an HTML parser over every block only to pass it
through unchanged: a large share of the build time at thousands of projects. Swapping each
block for a token and restoring it afterwards gives the same HTML, less the parsing.
"""

from __future__ import annotations

import re

_TOKEN = "PMOHUBBLOCK{}X"
_TOKEN_PARAGRAPH = re.compile(r"<p>PMOHUBBLOCK(\d+)X</p>")
_OPENING_TAG = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
# Elements that may hold a blank line: a block runs on until all of them are closed.
_CONTAINERS = "div|table|thead|tbody|tr|td|th|ul|ol|li|dl|dd|section|details|figure|svg|pre|p|h[1-6]"
_CONTAINER_OPEN = re.compile(rf"<(?:{_CONTAINERS})[\s>]")
_CONTAINER_CLOSE = re.compile(rf"</(?:{_CONTAINERS})>")


def stash_html_blocks(markdown: str) -> tuple[str, list[str]]:
    """Replace each HTML block with a token; return the new Markdown and the blocks.

    A block starts a paragraph with an opening tag and runs, across blank lines if need be
    (a code block in a summary has them), to the tag that closes it: where Markdown itself
    would take raw HTML. The front matter (first paragraph) is never touched.
    """
    blocks: list[str] = []
    out: list[str] = []
    paragraphs = markdown.split("\n\n")
    index = 1 if paragraphs and paragraphs[0].startswith("---") else 0
    out.extend(paragraphs[:index])
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        opening = _OPENING_TAG.match(paragraph)
        index += 1
        if opening is None:
            out.append(paragraph)
            continue
        parts = [paragraph]
        unclosed = _balance(paragraph)
        while unclosed > 0 and index < len(paragraphs):
            parts.append(paragraphs[index])
            unclosed += _balance(paragraphs[index])
            index += 1
        out.append(_TOKEN.format(len(blocks)))
        blocks.append("\n\n".join(parts))
    return "\n\n".join(out), blocks


def _balance(html: str) -> int:
    """Elements opened in ``html`` minus those closed: above zero, the block goes on."""
    return len(_CONTAINER_OPEN.findall(html)) - len(_CONTAINER_CLOSE.findall(html))


def restore_html_blocks(html: str, blocks: list[str]) -> str:
    """Put the stashed blocks back in place of the paragraphs Markdown made of their tokens."""
    if not blocks:
        return html
    return _TOKEN_PARAGRAPH.sub(lambda match: blocks[int(match.group(1))], html)
