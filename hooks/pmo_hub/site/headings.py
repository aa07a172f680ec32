"""A generated page's heading as the first entry of its table of contents."""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

_RAW_H1 = re.compile(r'\s*<h1 id="([^"]+)">(.*?)</h1>', re.S)


def put_heading_in_toc(html: str, page: Page) -> None:
    """Generated pages open with a raw, escaped ``<h1 id>`` (a name as data, never as Markdown,
    whatever extensions the site enables), which the toc extension does not see. Material takes
    the skip link's target from the first toc entry and drops a level-1 entry from the sidebar's
    table of contents, so the heading is made that entry, as a Markdown ``#`` heading would be."""
    heading = _RAW_H1.match(html)
    if heading is None or any(item.level == 1 for item in page.toc):
        return
    top = AnchorLink(heading.group(2), heading.group(1), 1)
    top.children = list(page.toc)
    page.toc = TableOfContents([top])
