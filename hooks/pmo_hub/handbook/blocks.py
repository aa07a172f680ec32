"""Generated blocks in hand-written pages: figures from the data where the PMO puts a marker.

A page of ``docs/`` (the home page above all) stays Markdown the PMO edits around the
generated parts: a line ``<!-- pmo-hub: portfolio-at-a-glance -->`` is replaced by the block of
that name, rendered from the data like every generated page (its links relative to the page,
every data string escaped). A marker inside a fenced code block is left alone, so a page can
show how to write one. An unknown name is a problem (``docs/index.md:12: …``), which fails a
strict build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pmo_hub.analyse.changes import ChangeLog, day_text
from pmo_hub.analyse.headline import Headline
from pmo_hub.handbook.review import REVIEW_WINDOW_DAYS, ContentReview
from pmo_hub.load.history import History
from pmo_hub.problems import Problem
from pmo_hub.render import paths
from pmo_hub.render.pages import PageRenderer

MARKER = re.compile(r"^<!--\s*pmo-hub:\s*(?P<name>[A-Za-z0-9_-]+)\s*-->[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# How many items a block lists before it points to the page with all of them.
LISTED = 8


@dataclass
class Blocks:
    """The blocks of one build: what they show is computed once, rendered per page."""

    renderer: PageRenderer
    headline: Headline
    review: ContentReview
    history: History
    log: ChangeLog

    @property
    def names(self) -> list[str]:
        return sorted(self._blocks())

    def fill_in(self, markdown: str, src_path: str, shown_path: str, first_line: int = 1) -> tuple[str, list[Problem]]:
        """``markdown`` (the page at ``src_path``) with each marker replaced by its block.

        ``first_line``: the line of the file ``markdown`` starts at (MkDocs hands a page on
        without its front matter), so that a problem names the line as the editor sees it.
        """
        if "pmo-hub:" not in markdown:
            return markdown, []
        blocks = self._blocks()
        problems: list[Problem] = []
        lines, fence = [], ""
        for number, line in enumerate(markdown.splitlines(keepends=True), start=first_line):
            opening = _FENCE.match(line)
            marker = None if fence or opening else MARKER.match(line.rstrip("\n"))
            if fence and opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            elif not fence and opening:
                fence = opening.group(1)
            if marker is None:
                lines.append(line)
                continue
            name = marker["name"]
            make = blocks.get(name)
            if make is None:
                problems.append(
                    Problem(
                        shown_path,
                        number,
                        "",
                        f"unknown generated block '{name}'; known: {', '.join(self.names)}",
                        kind="unknown_reference",
                        value=name,
                    )
                )
                lines.append(line)
                continue
            template, context = make()
            html = str(self.renderer.render(template, src_path, **context).content).strip()
            lines.append(f"\n{html}\n\n")  # an HTML block of its own: Markdown leaves it as it is
        return "".join(lines), problems

    def _blocks(self) -> dict[str, Callable[[], tuple[str, dict[str, Any]]]]:
        roles = {role.id: role for role in self.renderer.portfolio.roles}
        return {
            "portfolio-at-a-glance": lambda: ("block_portfolio_at_a_glance.html.j2", {"headline": self.headline}),
            "pages-due-for-review": lambda: (
                "block_pages_due_for_review.html.j2",
                {"review": self.review, "roles": roles, "limit": LISTED, "window_days": REVIEW_WINDOW_DAYS},
            ),
            "recent-changes": lambda: (
                "block_recent_changes.html.j2",
                {
                    "history": self.history,
                    "log": self.log,
                    "limit": LISTED,
                    "day_text": day_text,
                    "project_pages": self.renderer.portfolio.by_id,
                    "changes_page": paths.CHANGES_PAGE,
                    "changes_feed": paths.CHANGES_FEED,
                },
            ),
        }
