"""The Atom feed of portfolio changes and the changes page (render/feed.py), from scratch git
repositories with fixed commit times (the story of tests/test_history.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
from test_history import ScratchRepo, at, build_story, expected_changes

from pmo_hub.analyse.changes import ChangeLog, change_log, tag_host
from pmo_hub.load.history import History, read_history
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.load.settings import HubSettings
from pmo_hub.render.feed import EPOCH, atom_feed, changes_pages
from pmo_hub.render.pages import PageRenderer
from pmo_hub.render.paths import CHANGES_FEED, CHANGES_PAGE
from support import copy_fixture

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://pmo.example.org/hub/"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScratchRepo, dict[str, str]]:
    return build_story(tmp_path_factory.mktemp("feed") / "repo")


def pages_of(repo: ScratchRepo, site_url: str | None = SITE, **settings: Any) -> tuple[str, bytes, History, ChangeLog]:
    """The changes page and feed as the site would make them from ``repo`` now."""
    history = read_history(repo.data)
    log = change_log(history, host=tag_host(site_url))
    renderer = PageRenderer(load_portfolio(repo.data), HubSettings(**settings))
    page, feed = changes_pages(renderer, history, log, site_url=site_url)
    assert (page.path, feed.path) == (CHANGES_PAGE, CHANGES_FEED) == ("portfolio/changes.md", "portfolio/changes.xml")
    assert isinstance(page.content, str) and isinstance(feed.content, bytes)
    return page.content, feed.content, history, log


# -- the feed -------------------------------------------------------------------------------


def test_the_feed_has_an_entry_per_change_newest_first(story: tuple[ScratchRepo, dict[str, str]]) -> None:
    repo, commits = story
    _, feed, _, _ = pages_of(repo)
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Test Borough portfolio changes"
    assert parsed.feed.id == "tag:pmo.example.org,2026:portfolio/changes.xml"
    assert parsed.feed.updated == "2026-06-06T17:30:00+00:00"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {
        "self": "https://pmo.example.org/hub/portfolio/changes.xml",
        "alternate": "https://pmo.example.org/hub/portfolio/changes/",
    }
    expected = expected_changes(commits, "pmo.example.org")
    assert [entry.id for entry in parsed.entries] == [change_id for change_id, *_ in expected]
    assert [entry.title for entry in parsed.entries] == [summary for _, _, summary, _ in expected]
    assert [entry.link for entry in parsed.entries] == [
        f"https://pmo.example.org/hub/portfolio/projects/{project}/"
        for project in ("ALPHA", "BETA", "GAMMA", "ALPHA", "ALPHA", "ALPHA", "BETA", "ALPHA")
    ]
    assert [entry.updated for entry in parsed.entries][:3] == [
        "2026-06-06T17:30:00+00:00",
        "2026-06-06T08:00:00+00:00",
        "2026-06-05T13:00:00+00:00",
    ]
    assert [entry.tags[0].term for entry in parsed.entries] == [kind for _, kind, _, _ in expected]
    first = parsed.entries[0]
    assert first.summary == (
        f"ALPHA Alpha system replacement moved from Red to Amber (improved). Commit {commits['amber'][:12]} "
        "of 06 Jun 2026 17:30 UTC: ALPHA recovering"
    )


def test_the_feed_is_well_formed_and_names_no_time_or_version_of_its_own(
    story: tuple[ScratchRepo, dict[str, str]],
) -> None:
    repo, _ = story
    _, feed, history, _ = pages_of(repo)
    assert feed.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    root = ElementTree.fromstring(feed)
    assert root.tag == f"{ATOM}feed"
    generator = root.find(f"{ATOM}generator")
    assert generator is not None and generator.text == "PMO Hub" and generator.attrib == {}
    commit_times = {commit.time.isoformat() for commit in history.commits}
    times = [element.text for element in root.iter(f"{ATOM}updated")]
    assert len(times) == 1 + len(root.findall(f"{ATOM}entry")) and set(times) <= commit_times
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # Atom needs an author of the feed or each entry
    assert not re.search(rb"feedgen|lastBuildDate|pubDate|published", feed)


def test_the_feed_is_the_same_bytes_on_every_run(story: tuple[ScratchRepo, dict[str, str]], tmp_path: Path) -> None:
    repo, _ = story
    _, first, _, _ = pages_of(repo)
    _, second, _, _ = pages_of(repo)
    assert first == second
    again, _ = build_story(tmp_path / "again")  # the same story, built again
    assert pages_of(again)[1] == first


def test_without_a_site_url_links_are_relative_to_the_feed(story: tuple[ScratchRepo, dict[str, str]]) -> None:
    repo, commits = story
    _, feed, _, _ = pages_of(repo, site_url=None)
    parsed = feedparser.parse(feed)
    assert parsed.feed.id == "tag:pmo-hub.invalid,2026:portfolio/changes.xml"
    assert {link.rel: link.href for link in parsed.feed.links} == {"self": "changes.xml", "alternate": "changes/"}
    assert parsed.entries[0].link == "projects/ALPHA/"
    assert [entry.id for entry in parsed.entries] == [change_id for change_id, *_ in expected_changes(commits)]
    plain = feedparser.parse(pages_of(repo, site_url=None, directory_urls=False)[1])
    assert {link.rel: link.href for link in plain.feed.links}["alternate"] == "changes.html"
    assert plain.entries[0].link == "projects/ALPHA/index.html"


def test_a_project_the_site_no_longer_has_links_to_the_changes_page(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.commit("Import", at(1, 9))
    repo.write("GAMMA", "id: GAMMA\nname: Gamma idea\nstage: proposal\n")
    repo.commit("GAMMA proposed", at(2, 9))
    (repo.data / "projects" / "GAMMA.yaml").unlink()
    repo.commit("GAMMA withdrawn", at(3, 9))
    page, feed, _, log = pages_of(repo)
    assert [change.summary for change in log.changes] == ["GAMMA Gamma idea was proposed"]
    assert feedparser.parse(feed).entries[0].link == "https://pmo.example.org/hub/portfolio/changes/"
    assert "<li>GAMMA Gamma idea was proposed" in page  # no link to a page the site does not have


def test_an_empty_history_gives_an_empty_feed_at_a_fixed_time(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    history = read_history(data)
    log = change_log(history)
    renderer = PageRenderer(load_portfolio(data), HubSettings())
    page, feed = changes_pages(renderer, history, log)
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated == EPOCH.isoformat() == "1970-01-01T00:00:00+00:00"
    given = datetime(2026, 6, 30, 12, tzinfo=UTC)
    later = atom_feed([], organisation="Test Borough", project_url=lambda _: None, updated=given)
    assert feedparser.parse(later).feed.updated == "2026-06-30T12:00:00+00:00"
    assert isinstance(page.content, str)
    assert "<p>No change can be shown: the data folder is not in a git repository.</p>" in page.content


def test_data_strings_are_escaped_in_the_feed_and_the_page(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.commit("Import", at(1, 9))
    name = 'Gamma <script>alert("x")</script> & co \x85'
    repo.write("GAMMA", f"id: GAMMA\nname: '{name}'\nstage: proposal\n")
    repo.commit("GAMMA <b>proposed</b> & \x1b[31mred\x1b[0m", at(2, 9))
    page, feed, _, _ = pages_of(repo)
    entry = feedparser.parse(feed).entries[0]
    assert entry.title == f"GAMMA {' '.join(name.split())} was proposed"
    assert "<script>" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
    assert "GAMMA &lt;b&gt;proposed&lt;/b&gt; &amp;" in page
    assert b"<script>" not in feed and b"\x1b" not in feed and "\x1b" not in page
    assert "\\x1b[31mred" in page  # control characters of a commit subject are shown escaped


# -- the page -------------------------------------------------------------------------------


def test_the_page_shows_the_last_day_by_kind_then_earlier_days(story: tuple[ScratchRepo, dict[str, str]]) -> None:
    repo, commits = story
    page, _, _, _ = pages_of(repo)
    assert page.startswith("---\ntitle: Portfolio changes\ndescription: ")
    assert '<h1 id="portfolio-changes">Portfolio changes</h1>' in page
    headings = re.findall(r'<h([23]) id="([^"]+)">', page)
    assert headings == [
        ("2", "latest"),
        ("3", "latest-rag"),
        ("3", "latest-closed"),
        ("2", "earlier"),
        ("3", "changes-2026-06-05"),
        ("3", "changes-2026-06-04"),
        ("3", "changes-2026-06-03"),
        ("3", "changes-2026-06-02"),
        ("2", "about"),
    ]
    latest = page[page.index('id="latest"') : page.index('id="earlier"')]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a> ([^<]+?) <', latest) == [
        ("../projects/ALPHA/", "ALPHA Alpha system replacement", "moved from Red to Amber"),
        ("../projects/BETA/", "BETA Beta proposal", "was closed"),
    ]
    assert '<span class="pmo-change pmo-change--improved">improved</span>' in latest
    assert f"<code>{commits['amber'][:12]}</code>" in latest
    assert page.count("<li>") == len(expected_changes(commits))
    assert '<a href="../changes.xml" type="application/atom+xml">Subscribe to the changes feed</a>' in page
    assert "the last 60 commits that changed it" in page and "(<code>data/</code>)" in page


def test_the_page_without_directory_urls_links_the_same_pages(story: tuple[ScratchRepo, dict[str, str]]) -> None:
    repo, _ = story
    page, _, _, _ = pages_of(repo, directory_urls=False)
    assert '<a href="projects/ALPHA/index.html">ALPHA Alpha system replacement</a>' in page
    assert '<a href="changes.xml" type="application/atom+xml">' in page
