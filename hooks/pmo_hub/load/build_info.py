"""Where a build came from: versions, commit, a hash of the data, and its one timestamp.

Reproducible builds: the same inputs give a byte-identical site. Nothing here reads the
wall clock when it can avoid it: the build time is ``SOURCE_DATE_EPOCH`` (``make`` sets it
from the last commit) or else midnight UTC of the data's reporting date. This module is the
one reader of ``SOURCE_DATE_EPOCH``: the rest of the package is given the date it needs.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from importlib import metadata
from pathlib import Path
from typing import Any

from pmo_hub.load.safe_files import UnsafeFile, read_regular_file
from pmo_hub.load.yaml_source import MAX_BYTES

BUILD_INFO_FILE = "build-info.json"
# Distributions whose versions decide what the site looks like.
DISTRIBUTIONS = (
    "pmo-hub",
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "jinja2",
    "pydantic",
    "pyyaml",
    "openpyxl",
    "feedgen",
)


@dataclass(frozen=True)
class BuildInfo:
    commit: str | None
    dirty: bool
    data_sha256: str
    reporting_date: date | None
    source_date_epoch: int
    versions: dict[str, str]

    @property
    def short_commit(self) -> str:
        if not self.commit:
            return "an unknown commit"
        return self.commit[:10] + (" (with local changes)" if self.dirty else "")

    def as_json(self) -> str:
        """The text of ``build-info.json``: sorted keys, so it is stable byte for byte."""
        built = self.built
        record: dict[str, Any] = {
            "commit": self.commit,
            "dirty": self.dirty,
            "data_sha256": self.data_sha256,
            "reporting_date": self.reporting_date.isoformat() if self.reporting_date else None,
            "source_date_epoch": self.source_date_epoch,
            "built": built.isoformat().replace("+00:00", "Z"),
            "versions": self.versions,
        }
        return json.dumps(record, indent=2, sort_keys=True) + "\n"

    def footer(self) -> dict[str, str]:
        """What the page footer shows (``config.extra.pmo_build``)."""
        return {
            "reporting_date": self.reporting_date.isoformat() if self.reporting_date else "",
            "reporting_date_text": self.reporting_date.strftime("%d %b %Y") if self.reporting_date else "",
            "commit": self.commit or "",
            "commit_text": self.short_commit,
        }

    @property
    def built(self) -> datetime:
        """The build's one timestamp (``SOURCE_DATE_EPOCH`` for MkDocs' sitemap and archives)."""
        return datetime.fromtimestamp(self.source_date_epoch, tz=UTC)

    @property
    def built_on(self) -> date:
        return self.built.date()


def given_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """``SOURCE_DATE_EPOCH`` as make or CI give it, if they do."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def build_day(environ: Mapping[str, str] = os.environ) -> date:
    """Today for this build: the day of ``SOURCE_DATE_EPOCH``, else the clock's (UTC). It is the
    reporting date of a portfolio that gives none, and the date of a status update imported."""
    epoch = given_epoch(environ)
    moment = datetime.fromtimestamp(epoch, tz=UTC) if epoch is not None else datetime.now(tz=UTC)
    return moment.date()


def collect(
    root: Path, data_dir: Path, reporting_date: date | None, *, environ: Mapping[str, str] = os.environ
) -> BuildInfo:
    """Gather the build's provenance. ``root`` is the folder of ``mkdocs.yml`` (the repository);
    ``reporting_date`` is the one ``portfolio.yaml`` gives (None: it gives none)."""
    commit, dirty = git_commit(root, environ)
    return BuildInfo(
        commit=commit,
        dirty=dirty,
        data_sha256=data_hash(data_dir),
        reporting_date=reporting_date,
        source_date_epoch=source_date_epoch(reporting_date, environ),
        versions=versions(),
    )


def source_date_epoch(reporting: date | None, environ: Mapping[str, str] = os.environ) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else midnight UTC of the reporting date.

    Only a portfolio without a reporting date and a build without ``SOURCE_DATE_EPOCH`` fall back
    to today (the contract's default reporting date), still at midnight so that two builds on one
    day agree.
    """
    epoch = given_epoch(environ)
    if epoch is not None:
        return epoch
    day = reporting or datetime.now(tz=UTC).date()
    return int(datetime.combine(day, time(0), tzinfo=UTC).timestamp())


def data_hash(data_dir: Path) -> str:
    """SHA-256 over every file's relative path and content, in sorted path order.

    Only regular files are read (the loader refuses anything else and says so): a link counts
    by the path it points to, never by what it points at, and a FIFO or device is never opened.
    """
    digest = hashlib.sha256()
    if data_dir.is_dir() and not data_dir.is_symlink():
        for path in sorted(_data_files(data_dir), key=lambda p: p.relative_to(data_dir).as_posix()):
            digest.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0")
            if path.is_symlink():
                digest.update(b"link:" + os.fsencode(os.readlink(path)))
            else:
                try:
                    digest.update(
                        hashlib.sha256(read_regular_file(path, max_bytes=MAX_BYTES, follow_links=False)).digest()
                    )
                except UnsafeFile as refused:
                    digest.update(b"refused:" + refused.reason.encode("utf-8"))
    return digest.hexdigest()


def _data_files(folder: Path) -> list[Path]:
    found = []
    for directory, folders, names in os.walk(folder):  # never into a linked folder
        base = Path(directory)
        # Editors' swap files and OS litter (.DS_Store, .#file) are not data.
        folders[:] = [name for name in folders if not name.startswith(".") and name != "__pycache__"]
        found += [base / name for name in names if not name.startswith(".")]
    return found


def git_commit(root: Path, environ: Mapping[str, str] = os.environ) -> tuple[str | None, bool]:
    """The commit being built and whether the working tree differs from it.

    ``PMO_BUILD_COMMIT`` or ``GITHUB_SHA`` win (CI checkouts can be shallow or detached);
    outside git the commit is unknown.
    """
    given = environ.get("PMO_BUILD_COMMIT") or environ.get("GITHUB_SHA")
    if given:
        return given, False
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None, False
    return (head or None), bool(status.strip())


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in DISTRIBUTIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return dict(sorted(found.items()))
