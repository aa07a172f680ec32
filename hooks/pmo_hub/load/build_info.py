"""Where a build came from: versions, commit, a hash of the data, and its one timestamp.

Reproducible builds: the same inputs give a byte-identical site. Nothing here reads the
wall clock when it can avoid it: the build time is ``SOURCE_DATE_EPOCH`` (``make`` sets it
from the last commit) or else midnight UTC of the data's reporting date.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from pmo_hub.model import PortfolioSettings
from pmo_hub.load.validate import parse_model
from pmo_hub.load.yaml_source import read_yaml

BUILD_INFO_FILE = "build-info.json"
# Distributions whose versions decide what the site looks like.
DISTRIBUTIONS = ("pmo-hub", "mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2",
                 "pydantic", "pyyaml", "xlsxwriter", "openpyxl")


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
        built = datetime.fromtimestamp(self.source_date_epoch, tz=timezone.utc)
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


def collect(root: Path, data_dir: Path) -> BuildInfo:
    """Gather the build's provenance. ``root`` is the folder of ``mkdocs.yml`` (the repository)."""
    reporting = reporting_date(data_dir)
    commit, dirty = git_commit(root)
    return BuildInfo(
        commit=commit,
        dirty=dirty,
        data_sha256=data_hash(data_dir),
        reporting_date=reporting,
        source_date_epoch=source_date_epoch(reporting),
        versions=versions(),
    )


def source_date_epoch(reporting: date | None) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else midnight UTC of the reporting date.

    Only a portfolio without a reporting date and a build without ``SOURCE_DATE_EPOCH`` fall back
    to today (the contract's default reporting date), still at midnight so that two builds on one
    day agree.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return int(epoch)
    day = reporting or datetime.now(tz=timezone.utc).date()
    return int(datetime.combine(day, time(0), tzinfo=timezone.utc).timestamp())


def pin_source_date_epoch(info: BuildInfo) -> None:
    """Make MkDocs (sitemap dates, gzip headers) and our code use the build's timestamp."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(info.source_date_epoch))


def reporting_date(data_dir: Path) -> date | None:
    """The portfolio's reporting date, or ``None`` (bad data is reported by the data hook, not here)."""
    path = data_dir / "portfolio.yaml"
    if not path.is_file():
        return None
    settings = parse_model(PortfolioSettings, read_yaml(path))
    return settings.reporting_date if settings else None


def data_hash(data_dir: Path) -> str:
    """SHA-256 over every file's relative path and content, in sorted path order."""
    digest = hashlib.sha256()
    if data_dir.is_dir():
        for path in sorted(_data_files(data_dir), key=lambda p: p.relative_to(data_dir).as_posix()):
            digest.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _data_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        # Editors' swap files and OS litter (.DS_Store, .#file) are not data.
        if any(part.startswith(".") or part == "__pycache__" for part in parts) or not path.is_file():
            continue
        found.append(path)
    return found


def git_commit(root: Path) -> tuple[str | None, bool]:
    """The commit being built and whether the working tree differs from it.

    ``PMO_BUILD_COMMIT`` or ``GITHUB_SHA`` win (CI checkouts can be shallow or detached);
    outside git the commit is unknown.
    """
    given = os.environ.get("PMO_BUILD_COMMIT") or os.environ.get("GITHUB_SHA")
    if given:
        return given, False
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=30, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, timeout=30, check=True).stdout
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
