"""Page metadata of hand-written pages: who owns each page, when it must be reviewed, its tags.

Every hand-written page names an ``owner`` (a role id from ``data/roles.yaml``), a
``review_by`` date and its ``tags``. Pages generated from the data are exempt: the data
files have owners of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pmo_hub.handbook.front_matter import FrontMatter, read_front_matter
from pmo_hub.problems import Problem, display_path

# Folders of docs/ that hold no pages: snippets appended to pages, and template files
# offered as downloads (a template's headings are not a handbook page).
NOT_PAGES = ("includes/", "templates/files/")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class PageMeta:
    """What the handbook knows about one hand-written page, read from its front matter.

    ``src_path`` is relative to the docs folder (``standards/stage-gates.md``). ``owner``
    and ``review_by`` are None when missing or unusable (the problems say why).
    """

    src_path: str
    shown_path: str
    title: str
    owner: str | None
    review_by: date | None
    tags: tuple[str, ...]
    front_matter: FrontMatter


def handbook_sources(docs_dir: Path) -> list[str]:
    """Every hand-written page under ``docs_dir`` (``a/b.md``), sorted; skips dot-files and non-pages."""
    found = []
    for path in docs_dir.rglob("*.md"):
        relative = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in relative.split("/")) or relative.startswith(NOT_PAGES):
            continue
        found.append(relative)
    return sorted(found)


def read_pages(docs_dir: Path, src_paths: Iterable[str]) -> list[PageMeta]:
    """The metadata of each page (reads only the front matter of each file)."""
    shown_dir = display_path(docs_dir)  # once: resolving every page's path costs more than reading it
    return [read_page(docs_dir, src_path, shown_dir) for src_path in src_paths]


def read_page(docs_dir: Path, src_path: str, shown_dir: str | None = None) -> PageMeta:
    shown_dir = display_path(docs_dir) if shown_dir is None else shown_dir
    front = read_front_matter(docs_dir / src_path, f"{shown_dir}/{src_path}" if shown_dir != "." else src_path)
    data = front.data
    owner = data.get("owner")
    tags = data.get("tags")
    title = data.get("title")
    return PageMeta(
        src_path=src_path,
        shown_path=front.shown_path,
        title=title.strip() if isinstance(title, str) and title.strip() else _title_from_name(src_path),
        owner=owner.strip() if isinstance(owner, str) and owner.strip() else None,
        review_by=_iso_date(data.get("review_by")),
        tags=tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
        front_matter=front,
    )


def check_pages(pages: Iterable[PageMeta], role_ids: Iterable[str]) -> list[Problem]:
    """Every metadata problem of ``pages``, in page order."""
    known = sorted(role_ids)
    problems: list[Problem] = []
    for page in pages:
        problems += check_page(page, known)
    return problems


def check_page(page: PageMeta, role_ids: list[str]) -> list[Problem]:
    """``owner`` is a known role id, ``review_by`` an ISO date, ``tags`` a list of names."""
    front = page.front_matter
    problems = list(front.problems)
    data = front.data

    def problem(key: str, message: str) -> None:
        problems.append(Problem(page.shown_path, front.line_of(key), key, message))

    roles = ", ".join(role_ids)
    owner = data.get("owner")
    if owner is None or (isinstance(owner, str) and not owner.strip()):
        problem(
            "owner", f"missing; every hand-written page needs `owner: <role id>` in its front matter (one of: {roles})"
        )
    elif not isinstance(owner, str):
        problem("owner", f"expected one role id, got {_describe(owner)} (one of: {roles})")
    elif owner.strip() not in role_ids:
        problem("owner", f"unknown role {owner.strip()!r}; expected one of: {roles}")

    review_by = data.get("review_by")
    if review_by is None:
        problem("review_by", "missing; add `review_by: YYYY-MM-DD`, the date by which the owner must check the page")
    elif page.review_by is None:
        problem("review_by", f"expected an ISO date such as 2027-06-30, got {review_by!r}")

    tags = data.get("tags")
    if tags is None:
        problem("tags", "missing; add `tags: [topic, ...]` so readers can browse to the page")
    elif not isinstance(tags, list):
        problem("tags", f"expected a list such as [governance, lifecycle], got {_describe(tags)}")
    else:
        for index, tag in enumerate(tags):
            if not isinstance(tag, str) or not tag.strip():
                problems.append(
                    Problem(
                        page.shown_path,
                        front.line_of("tags"),
                        f"tags[{index}]",
                        f"expected a tag name, got {_describe(tag)}",
                    )
                )
    return problems


def _iso_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _title_from_name(src_path: str) -> str:
    """``about/pmo-models.md`` → ``Pmo models``; ``about/index.md`` → ``About``."""
    parts = src_path.removesuffix(".md").split("/")
    name = parts[-1] if parts[-1] not in ("index", "README") or len(parts) == 1 else parts[-2]
    if name in ("index", "README"):
        return "Home"
    return name.replace("-", " ").replace("_", " ").capitalize()


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
