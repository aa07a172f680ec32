"""Markdown from data files, rendered with raw HTML and unsafe links taken out."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from pmo_hub.model.common import _check_url


class _SafeLinks(Treeprocessor):
    """Drops hrefs that are not http(s) or relative, and images from outside the site."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a" and not _allowed(element.get("href", "")):
                element.attrib.pop("href", None)
            if element.tag == "img" and (not _allowed(element.get("src", "")) or "//" in element.get("src", "")):
                alt = element.get("alt", "")
                element.tag, element.text = "span", alt
                element.attrib.clear()


def _allowed(url: str) -> bool:
    try:
        _check_url(url)
    except Exception:  # noqa: BLE001 - any refusal means the link goes
        return False
    return True


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "pmo_safe_links", 0)


class SafeMarkdown:
    """Renders untrusted Markdown; raw HTML shows as text. One instance, reset per call."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists", "tables", _NoRawHtml()])

    def __call__(self, source: str | None) -> Markup:
        if not source:
            return Markup("")
        html = self._md.reset().convert(source)
        return Markup(html)  # noqa: S704 - HTML produced above with raw HTML disabled
