"""MkDocs hook: accessibility fixes to third-party markup (see pmo_hub.accessibility)."""

from __future__ import annotations

from pmo_hub.site import accessibility


def on_page_content(html: str, **kwargs: object) -> str:
    return accessibility.label_task_list_checkboxes(html)


def on_post_page(output: str, **kwargs: object) -> str:
    return accessibility.name_search_dialog(output)
