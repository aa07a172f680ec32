"""Markup fixes for axe-core findings in third-party HTML (pmo_hub.accessibility)."""

from __future__ import annotations

import markdown

from pmo_hub.site.accessibility import label_task_list_checkboxes, name_search_dialog


def tasklist(source: str) -> str:
    return markdown.markdown(
        source, extensions=["pymdownx.tasklist"], extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}}
    )


def test_each_checklist_box_is_named_by_its_item_text():
    html = label_task_list_checkboxes(
        tasklist("- [ ] The data file *validates*\n- [x] Risks & issues reviewed\n    - [ ] Nested item\n")
    )
    assert '<input type="checkbox" disabled aria-label="The data file validates"/>' in html
    assert '<input type="checkbox" disabled checked aria-label="Risks &amp; issues reviewed"/>' in html
    assert 'aria-label="Nested item"' in html
    assert html.count("aria-label=") == 3
    # Item text is kept as it was.
    assert "The data file <em>validates</em>" in html


def test_loose_checklists_and_plain_lists():
    html = label_task_list_checkboxes(tasklist("- [ ] First\n\n- [ ] Second\n"))
    assert 'aria-label="First"' in html and 'aria-label="Second"' in html
    plain = "<ul><li>Not a task</li></ul>"
    assert label_task_list_checkboxes(plain) == plain


def test_labelling_twice_changes_nothing():
    once = label_task_list_checkboxes(tasklist("- [ ] Only once\n"))
    assert label_task_list_checkboxes(once) == once


def test_search_dialog_gets_a_name():
    page = '<div class="md-search" data-md-component="search" role="dialog"><input></div>'
    assert name_search_dialog(page) == (
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search"><input></div>'
    )
