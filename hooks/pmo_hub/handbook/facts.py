"""What the theme shows under a hand-written page: its owner, when it last changed, its review date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from pmo_hub.handbook.metadata import PageMeta
from pmo_hub.model import Portfolio
from pmo_hub.render import paths


@dataclass(frozen=True)
class PageFacts:
    """``pmo_page`` in the theme's templates (``overrides/partials/pmo-page-facts.html``).

    The dates are also given as text: a site built by ``pmo-hub generate`` carries the facts in
    its front matter, and Zensical's templates (MiniJinja) see front-matter dates as strings.
    """

    owner_id: str | None
    owner_name: str | None
    owner_url: str | None  # site-relative; templates pass it through the `url` filter
    updated: date | None
    updated_text: str | None
    review_by: date | None
    review_by_text: str | None
    review_overdue: bool

    def as_front_matter(self) -> dict[str, Any]:
        return asdict(self)


def page_facts(
    pages: Iterable[PageMeta], updated: Mapping[str, date], portfolio: Portfolio, directory_urls: bool
) -> dict[str, PageFacts]:
    """Source path → the facts of each page; an owner that is no role shows as none."""
    roles = {role.id: role for role in portfolio.roles}
    found = {}
    for page in pages:
        role = roles.get(page.owner) if page.owner else None
        changed = updated.get(page.src_path)
        found[page.src_path] = PageFacts(
            owner_id=role.id if role else None,
            owner_name=role.name if role else None,
            owner_url=paths.page_url(paths.role_page(role.id), directory_urls) if role else None,
            updated=changed,
            updated_text=_date_text(changed),
            review_by=page.review_by,
            review_by_text=_date_text(page.review_by),
            review_overdue=page.review_by is not None and page.review_by < portfolio.reporting_date,
        )
    return found


def _date_text(value: date | None) -> str | None:
    return value.strftime("%d %b %Y") if value else None
