"""The "Content review" page: hand-written pages past their review date, due soon, or with no owner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from pmo_hub.handbook.metadata import PageMeta
from pmo_hub.render.pages import GeneratedPage, PageRenderer
from pmo_hub.render.paths import CONTENT_REVIEW

# Owners are warned this many days before a page's review date.
REVIEW_WINDOW_DAYS = 60


@dataclass(frozen=True)
class ContentReview:
    """Pages to act on, as of one date. Overdue and due pages are oldest first."""

    as_of: date
    overdue: list[PageMeta]
    due_soon: list[PageMeta]
    no_owner: list[PageMeta]
    no_review_date: list[PageMeta]
    total: int


def content_review(
    pages: Iterable[PageMeta], as_of: date, role_ids: Iterable[str], window_days: int = REVIEW_WINDOW_DAYS
) -> ContentReview:
    """Sort ``pages`` into the lists of the review page.

    A page is overdue when its ``review_by`` is before ``as_of``, due soon when it falls
    within ``window_days`` from ``as_of`` (inclusive). An owner that is not a role counts as none.
    """
    pages = list(pages)
    known = set(role_ids)
    horizon = as_of + timedelta(days=window_days)

    def dated(page: PageMeta) -> tuple[date, str]:
        assert page.review_by is not None
        return page.review_by, page.src_path

    with_dates = [page for page in pages if page.review_by is not None]
    return ContentReview(
        as_of=as_of,
        overdue=sorted((p for p in with_dates if p.review_by < as_of), key=dated),  # type: ignore[operator]
        due_soon=sorted((p for p in with_dates if as_of <= p.review_by <= horizon), key=dated),  # type: ignore[operator]
        no_owner=sorted((p for p in pages if p.owner not in known), key=lambda p: p.src_path),
        no_review_date=sorted((p for p in pages if p.review_by is None), key=lambda p: p.src_path),
        total=len(pages),
    )


def render_content_review(
    renderer: PageRenderer, review: ContentReview, window_days: int = REVIEW_WINDOW_DAYS
) -> GeneratedPage:
    """The page ``content-review.md``, rendered like the other generated pages."""
    roles = {role.id: role for role in renderer.portfolio.roles}
    return renderer.render("content_review.md.j2", CONTENT_REVIEW, review=review, roles=roles, window_days=window_days)
