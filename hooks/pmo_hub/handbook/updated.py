"""When each file in the docs folder last changed: from one ``git log`` for the whole folder.

One git call per page would take minutes on thousands of pages, so a single ``git log``
lists every commit touching the folder, newest first, with the files it changed; a file's
date is that of the first commit naming it. The commit date is used, not the file's
modification time, so a fresh clone builds the same site. Outside git, or for a file git
does not track, the date is the build's (``untracked``) when given, else the file's modification time.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path


def last_updated(docs_dir: Path, src_paths: Iterable[str], untracked: date | None = None) -> dict[str, date]:
    """``src_path`` (relative to ``docs_dir``) → the date it last changed; ``untracked``: the date
    of a file git does not know (the build's date, so that two builds agree)."""
    committed = git_dates(docs_dir)
    fallback = untracked
    dates: dict[str, date] = {}
    for src_path in src_paths:
        found = committed.get(src_path)
        if found is None:
            found = fallback or _mtime_date(docs_dir / src_path)
        if found is not None:
            dates[src_path] = found
    return dates


def git_dates(docs_dir: Path) -> dict[str, date]:
    """Path relative to ``docs_dir`` → date (UTC) of the last commit that changed it; {} outside git."""
    try:
        completed = subprocess.run(
            # -z: paths are NUL-terminated and never quoted; %x01 marks the start of each commit.
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                "--relative",
                "--name-only",
                "-z",
                "--no-color",
                "--format=%x01%ct",
                "--",
                ".",
            ],
            cwd=docs_dir,
            capture_output=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if completed.returncode != 0:
        return {}  # not a repository, no commits yet, or git refuses the folder's owner
    return parse_git_log(completed.stdout)


def parse_git_log(output: bytes) -> dict[str, date]:
    """Dates from ``git log --name-only -z --format=%x01%ct`` output (newest commit first)."""
    dates: dict[str, date] = {}
    for commit in output.split(b"\x01")[1:]:
        fields = commit.split(b"\0")
        try:
            when = datetime.fromtimestamp(int(fields[0]), tz=UTC).date()
        except ValueError:
            continue
        for raw in fields[1:]:
            name = raw.lstrip(b"\n").decode("utf-8", "surrogateescape")
            if name and name not in dates:
                dates[name] = when
    return dates


def _mtime_date(path: Path) -> date | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
    except OSError:
        return None
