"""The portfolio's changes as an Atom 1.0 feed (``portfolio/changes.xml``) and as a page
(``portfolio/changes.md``), from the data's history (``load/history.py``, ``analyse/changes.py``).

The feed is written with feedgen, and is the same bytes for the same history: nothing in it
comes from the clock or the software's version. feedgen stamps a new feed and each entry with
*now* and names itself and its version as the generator; here every ``updated`` is a commit's
time (the feed's: the newest change's, else the newest commit's, else the ``updated`` given,
else 1970-01-01) and the generator is plain "PMO Hub". The feed's id is the tag URI
``tag:<host>,2026:portfolio/changes.xml``; each entry's is its change's (``analyse/changes.py``).

Links: Atom readers need absolute URLs, so with a ``site_url`` every link is absolute
(``https://pmo.example/portfolio/projects/NMC-004/``). Without one they are relative to the
feed itself (``projects/NMC-004/``), which readers resolve against the feed's own URL.
feedgen 1.0.0 writes an entry's link with its ``href`` only (it drops ``rel`` and ``type``):
an Atom link without ``rel`` is the entry's alternate link, as meant.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from pmo_hub.analyse.changes import (
    HIGH_RISK_SCORE,
    TAG_DATE,
    Change,
    ChangeLog,
    checked_host,
    day_text,
    tag_host,
)
from pmo_hub.load.history import History
from pmo_hub.render import paths
from pmo_hub.render.pages import GeneratedPage, PageRenderer

TEMPLATE = "changes.md.j2"
GENERATOR = "PMO Hub"
# The feed's updated time when there is no history and none is given: a fixed instant, never now.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Characters XML 1.0 cannot hold (lxml refuses them): dropped from every text of the feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def atom_feed(
    changes: Sequence[Change],
    *,
    organisation: str,
    project_url: Callable[[str], str | None],
    site_url: str | None = None,
    host: str | None = None,
    updated: datetime | None = None,
    directory_urls: bool = True,
) -> bytes:
    """The Atom feed of ``changes`` (newest first, as :func:`analyse.changes.change_log` gives
    them), one entry per change, as UTF-8 bytes.

    ``project_url(id)`` is the URL of a project's page, absolute or relative to the site's
    root (``portfolio/projects/NMC-004/``), or None for a project the site has no page for
    (removed since): its entries link to the changes page. With ``site_url`` every link is made
    absolute; without it, relative to the feed (see the module's description). ``host`` is the
    tag URI host of the feed's own id (default: :func:`analyse.changes.tag_host` of
    ``site_url``); each entry's id is its change's stable id. ``updated`` is the feed's time when
    there is no change (give the newest commit's time).
    """
    base = site_url.rstrip("/") + "/" if site_url else None

    def absolute(site_path: str) -> str:
        """A site-relative URL (or an absolute one) as the feed writes it."""
        if urlsplit(site_path).scheme:
            return site_path
        if base is not None:
            return urljoin(base, site_path)
        feed_folder = posixpath.dirname(paths.CHANGES_FEED)
        relative = posixpath.relpath(site_path or ".", feed_folder)
        return relative + "/" if site_path.endswith("/") and not relative.endswith("/") else relative

    page = absolute(paths.page_url(paths.CHANGES_PAGE, directory_urls))
    feed = FeedGenerator()
    feed.id(f"tag:{checked_host(host) if host else tag_host(site_url)},{TAG_DATE}:{paths.CHANGES_FEED}")
    feed.title(_text(f"{organisation} portfolio changes"))
    feed.subtitle(_text(f"Changes to the projects of the {organisation} portfolio, from its data's history"))
    feed.author({"name": _text(organisation)})
    feed.link(href=absolute(paths.CHANGES_FEED), rel="self", type="application/atom+xml")
    feed.link(href=page, rel="alternate", type="text/html")
    feed.generator(GENERATOR)  # no version, no URI: the same bytes whatever the release
    feed.language("en")
    times = [change.time for change in changes]
    feed.updated(max(times) if times else (updated or EPOCH))
    for change in changes:
        entry = feed.add_entry(order="append")
        entry.id(change.id)
        entry.title(_text(change.summary))
        entry.updated(change.time)
        target = project_url(change.project_id)
        entry.link(href=absolute(target) if target is not None else page, rel="alternate", type="text/html")
        entry.summary(_text(entry_text(change)), type="text")
        entry.category(term=change.kind.value, label=change.kind.label)
    result: bytes = feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return result


def entry_text(change: Change) -> str:
    """An entry's summary: the change in a line, its direction, and the commit it came with."""
    direction = f" ({change.direction})" if change.direction else ""
    when = f"{day_text(change.day)} {change.time:%H:%M} UTC"
    return f"{change.summary}{direction}. Commit {change.commit.short} of {when}: {change.commit.subject}"


def changes_pages(
    renderer: PageRenderer,
    history: History,
    log: ChangeLog,
    *,
    site_url: str | None = None,
    host: str | None = None,
) -> tuple[GeneratedPage, GeneratedPage]:
    """The changes page (``portfolio/changes.md``) and its feed (``portfolio/changes.xml``).

    ``log`` is :func:`analyse.changes.change_log` of ``history``; the feed's id has the host
    name of its changes' ids (``log.host``) unless ``host`` is given. ``site_url`` makes the
    feed's links absolute (:func:`atom_feed`). Projects link to their pages while the portfolio
    still has them, else to the changes page.
    """
    portfolio = renderer.portfolio
    directory_urls = renderer.settings.directory_urls

    def project_url(project_id: str) -> str | None:
        if project_id not in portfolio.by_id:
            return None
        return paths.page_url(paths.project_page(project_id), directory_urls)

    page = renderer.render(
        TEMPLATE,
        paths.CHANGES_PAGE,
        history=history,
        log=log,
        feed_path=paths.CHANGES_FEED,
        high_risk_score=HIGH_RISK_SCORE,
        day_text=day_text,
        project_pages=portfolio.by_id,
    )
    feed = atom_feed(
        log.changes,
        organisation=portfolio.settings.organisation,
        project_url=project_url,
        site_url=site_url,
        host=host or log.host,
        updated=log.updated,
        directory_urls=directory_urls,
    )
    return page, GeneratedPage(paths.CHANGES_FEED, feed)


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)
