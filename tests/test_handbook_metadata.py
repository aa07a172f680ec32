"""Handbook page metadata: the front matter rule, the content review lists, last-updated dates."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pmo_hub.handbook import check_pages, content_review, handbook_sources, last_updated, read_front_matter, read_pages
from pmo_hub.handbook import updated as updated_module
from pmo_hub.handbook.updated import parse_git_log
from pmo_hub.problems import Problem

ROLES = ["sponsor", "project-manager"]
VALID = "---\ntitle: A page\nowner: sponsor\nreview_by: 2027-06-30\ntags: [governance, lifecycle]\n---\n# A page\n"


def write(docs: Path, src: str, text: str) -> Path:
    path = docs / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(docs: Path, src: str, text: str) -> list[Problem]:
    write(docs, src, text)
    return check_pages(read_pages(docs, [src]), ROLES)


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working folder, as in builds
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


def test_a_complete_page_has_no_problems(docs: Path) -> None:
    assert problems_of(docs, "ok.md", VALID) == []
    [page] = read_pages(docs, ["ok.md"])
    assert (page.title, page.owner, page.review_by, page.tags) == (
        "A page",
        "sponsor",
        date(2027, 6, 30),
        ("governance", "lifecycle"),
    )


def test_a_page_without_owner_is_a_problem_on_line_1(docs: Path) -> None:
    text = "---\ntitle: Orphan\nreview_by: 2027-06-30\ntags: [x]\n---\n# Orphan\n"
    assert [str(p) for p in problems_of(docs, "orphan.md", text)] == [
        "docs/orphan.md:1: owner: missing; every hand-written page needs `owner: <role id>` in its front matter"
        " (one of: project-manager, sponsor)",
    ]


def test_a_page_without_front_matter_lacks_all_three_fields(docs: Path) -> None:
    found = problems_of(docs, "bare.md", "# Bare page\n\nText.\n")
    assert [(p.path, p.line, p.field) for p in found] == [
        ("docs/bare.md", 1, "owner"),
        ("docs/bare.md", 1, "review_by"),
        ("docs/bare.md", 1, "tags"),
    ]


def test_problems_point_at_the_line_of_the_field(docs: Path) -> None:
    text = "---\ntitle: Wrong\ntags: governance\nowner: chief-executive\nreview_by: 2027-13-01\n---\n"
    assert [str(p) for p in problems_of(docs, "sub/wrong.md", text)] == [
        "docs/sub/wrong.md:4: owner: unknown role 'chief-executive'; expected one of: project-manager, sponsor",
        "docs/sub/wrong.md:5: review_by: expected an ISO date such as 2027-06-30, got '2027-13-01'",
        "docs/sub/wrong.md:3: tags: expected a list such as [governance, lifecycle], got 'governance'",
    ]


@pytest.mark.parametrize("value", ["30/06/2027", "2027-6-30", "next year", "20270630", "[2027-06-30]"])
def test_review_by_must_be_an_iso_date(docs: Path, value: str) -> None:
    text = f"---\nowner: sponsor\nreview_by: {value}\ntags: [x]\n---\n"
    assert [(p.line, p.field) for p in problems_of(docs, "p.md", text)] == [(3, "review_by")]


def test_owner_must_be_one_role_and_tags_names(docs: Path) -> None:
    text = "---\nowner: [sponsor, project-manager]\nreview_by: 2027-01-01\ntags: [ok, '', 3]\n---\n"
    assert [(p.line, p.field, p.message) for p in problems_of(docs, "p.md", text)] == [
        (2, "owner", "expected one role id, got a list (one of: project-manager, sponsor)"),
        (4, "tags[1]", "expected a tag name, got ''"),
        (4, "tags[2]", "expected a tag name, got 3"),
    ]


def test_broken_front_matter_yaml_is_reported_with_its_line(docs: Path) -> None:
    text = "---\nowner: sponsor\nreview_by: 2027-01-01\ntags: [a, b\n---\n"
    found = problems_of(docs, "p.md", text)
    assert found[0].path == "docs/p.md" and found[0].line == 5 and "YAML error" in found[0].message


def test_only_the_front_matter_is_read(docs: Path) -> None:
    # A body that is not UTF-8 would fail if the reader went past the closing marker.
    path = docs / "big.md"
    path.write_bytes(VALID.encode() + b"\xff\xfe not text" * 1000)
    front = read_front_matter(path, "docs/big.md")
    assert front.present and front.problems == [] and front.lines == {"title": 2, "owner": 3, "review_by": 4, "tags": 5}


def test_unclosed_front_matter_counts_as_none(docs: Path) -> None:
    found = problems_of(docs, "p.md", "---\nowner: sponsor\n# Heading\n")
    assert [p.field for p in found] == ["owner", "review_by", "tags"]


def test_handbook_sources_skip_snippets_downloads_and_hidden_files(docs: Path) -> None:
    for src in [
        "index.md",
        "a/b.md",
        "includes/abbreviations.md",
        "templates/files/brief.md",
        "templates/brief.md",
        ".drafts/x.md",
        "a/.hidden.md",
        "a/notes.txt",
    ]:
        write(docs, src, VALID)
    assert handbook_sources(docs) == ["a/b.md", "index.md", "templates/brief.md"]


# -- content review ---------------------------------------------------------------------


def test_content_review_sorts_pages_by_review_date_as_of_a_day(docs: Path) -> None:
    pages = {
        "old.md": ("sponsor", "2026-01-15"),
        "yesterday.md": ("sponsor", "2026-06-29"),
        "today.md": ("project-manager", "2026-06-30"),
        "in-60-days.md": ("sponsor", "2026-08-29"),
        "in-61-days.md": ("sponsor", "2026-08-30"),
        "unknown-owner.md": ("cfo", "2027-01-01"),
        "no-owner.md": (None, "2027-01-01"),
        "no-date.md": ("sponsor", None),
    }
    for src, (owner, review_by) in pages.items():
        lines = ["---", "tags: [x]"]
        lines += [f"owner: {owner}"] if owner else []
        lines += [f"review_by: {review_by}"] if review_by else []
        write(docs, src, "\n".join([*lines, "---", ""]))
    review = content_review(read_pages(docs, sorted(pages)), date(2026, 6, 30), ROLES)

    def names(found: list) -> list[str]:
        return [page.src_path for page in found]

    assert names(review.overdue) == ["old.md", "yesterday.md"]
    assert names(review.due_soon) == ["today.md", "in-60-days.md"]
    assert names(review.no_owner) == ["no-owner.md", "unknown-owner.md"]
    assert names(review.no_review_date) == ["no-date.md"]
    assert review.total == 8


# -- last updated -----------------------------------------------------------------------


def git(cwd: Path, *args: str, when: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_last_updated_comes_from_one_git_log_for_the_whole_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    docs = repo / "docs"
    write(docs, "a.md", "one")
    write(docs, "sub/b c.md", "one")
    write(repo, "outside.md", "one")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first", when="2026-03-01T12:00:00+00:00")
    write(docs, "a.md", "two")
    write(repo, "outside.md", "two")
    git(repo, "commit", "-q", "-am", "second", when="2026-04-02T23:30:00-05:00")  # 3 April in UTC
    write(docs, "new.md", "untracked")

    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
        calls.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(updated_module.subprocess, "run", counting_run)
    dates = last_updated(docs, ["a.md", "sub/b c.md", "new.md"], untracked=date(2026, 5, 28))
    assert dates == {"a.md": date(2026, 4, 3), "sub/b c.md": date(2026, 3, 1), "new.md": date(2026, 5, 28)}
    assert len(calls) == 1


def test_outside_git_the_date_is_the_builds_else_the_file_time(tmp_path: Path) -> None:
    path = write(tmp_path, "page.md", "text")
    os.utime(path, (1700000000, 1700000000))  # 2023-11-14 22:13:20 UTC
    assert last_updated(tmp_path, ["page.md"], untracked=date(2026, 5, 28)) == {"page.md": date(2026, 5, 28)}
    assert last_updated(tmp_path, ["page.md"]) == {"page.md": date(2023, 11, 14)}


def test_git_log_output_with_unusual_file_names() -> None:
    output = (
        b"\x011780000000\x00\nnew\xc3\xa9 page.md\x00a.md\x00"
        b"\x011700000000\x00\na.md\x00old.md\x00"
        b"\x01not-a-time\x00\nbroken.md\x00"
    )
    assert parse_git_log(output) == {
        "newé page.md": date(2026, 5, 28),
        "a.md": date(2026, 5, 28),
        "old.md": date(2023, 11, 14),
    }
