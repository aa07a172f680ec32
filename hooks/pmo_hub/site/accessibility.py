"""Markup fixes for accessibility problems that axe-core finds in HTML we do not write ourselves.

- pymdownx.tasklist renders a checklist item's box as an unlabelled <input type="checkbox">
  (axe: "label", critical): each box gets the item's own text as its aria-label.
- Material's search panel has role="dialog" but no name (axe: "aria-dialog-name", serious).

Plain string functions over finished HTML (no MkDocs import); the browser tests run axe-core on
the built site and fail if either problem comes back, e.g. after a Material upgrade.
"""

from __future__ import annotations

import html
import re

_TASK_ITEM = re.compile(
    r'(?P<head><li class="task-list-item">\s*(?:<p>)?<label class="task-list-control">)'
    r'<input type="checkbox"(?P<attrs>[^>]*?)\s*/?>'
    r'(?P<tail><span class="task-list-indicator"></span></label>)'
    r"(?P<text>.*?)(?=</li>|</p>|<ul|<ol|<div|<li|$)",
    re.S,
)
_TAG = re.compile(r"<[^>]+>")
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _item_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def label_task_list_checkboxes(page_html: str) -> str:
    """Give every checklist box the text of its item as its accessible name."""

    def label(match: re.Match[str]) -> str:
        attrs = match["attrs"]
        text = _item_text(match["text"])
        if "aria-label" in attrs or not text:
            return match[0]
        return (
            f'{match["head"]}<input type="checkbox"{attrs} aria-label="{html.escape(text)}"/>'
            f"{match['tail']}{match['text']}"
        )

    return _TASK_ITEM.sub(label, page_html)


def name_search_dialog(page_html: str) -> str:
    """Name Material's search dialog "Search"."""
    return page_html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
