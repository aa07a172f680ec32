"""Publish a site to a served folder so that a failed build never replaces the published one.

``pmo-hub publish --dest /srv/www/pmo-hub`` (or ``make publish DEST=…``):

1. builds the site (``mkdocs build --strict``) into a new release folder beside DEST,
   ``.<name>.releases/release-000042.tmp``, and checks its internal links;
2. only if both succeed, renames it to ``release-000042`` and points DEST at it by
   replacing the symbolic link DEST in one atomic rename: a reader sees the old site or
   the new one, never a mix, a half-copied folder or nothing;
3. keeps the previous releases (three by default) for rollback: point DEST back with
   ``ln -sfn .<name>.releases/release-000041 DEST`` (and ``mv -T`` for atomicity).

If DEST is an existing ordinary folder (a first publish over a site copied by hand), it is
moved into the releases folder and replaced by the link; that one swap takes two renames.
The web server must follow symbolic links (nginx does by default; Apache needs
``Options FollowSymLinks``).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .links import check_site, format_report

_RELEASE = re.compile(r"^release-(\d{6})$")


class PublishError(Exception):
    """The build or its checks failed; the published site was not touched."""


@dataclass(frozen=True)
class Published:
    dest: Path
    release: Path
    removed: list[Path]


def releases_dir(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.releases"


def publish(dest: Path, *, config: Path | None = None, site: Path | None = None, keep: int = 3,
            check_links: bool = True) -> Published:
    """Build (from ``config``) or take a built ``site``, check it, and swap it in at ``dest``."""
    dest = Path(os.path.abspath(dest))  # not resolve(): dest itself is the link we replace
    if dest.exists() and not dest.is_symlink() and not dest.is_dir():
        raise PublishError(f"{dest} exists and is not a folder or a link; not replacing it")
    releases = releases_dir(dest)
    releases.mkdir(parents=True, exist_ok=True)
    with open(releases / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two publishes at once would race for the link
        return _publish(dest, releases, config, site, keep, check_links)


def _publish(dest: Path, releases: Path, config: Path | None, site: Path | None, keep: int,
             check_links: bool) -> Published:
    name = f"release-{_next_number(releases):06d}"
    staging = releases / f"{name}.tmp"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        if site is not None:
            if not (site / "index.html").is_file():
                raise PublishError(f"{site} has no index.html: not a built site")
            shutil.copytree(site, staging, symlinks=True)
        else:
            _build(config or Path("mkdocs.yml"), staging)
        if check_links:
            report = check_site(staging)
            if report.broken:
                lines = list(format_report(report, staging))
                raise PublishError(f"{len(lines)} broken internal links:\n" + "\n".join(lines[:50]))
        release = releases / name
        os.rename(staging, release)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point(dest, release)
    return Published(dest, release, _prune(releases, release, keep))


def _build(config: Path, site_dir: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config.resolve()),
               "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=config.resolve().parent, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-40:])
        raise PublishError(f"the build failed (mkdocs exit {done.returncode}); the published site is unchanged:\n{tail}")


def _point(dest: Path, release: Path) -> None:
    """Make ``dest`` a link to ``release`` with a single atomic rename over the old link."""
    target = os.path.relpath(release, dest.parent)
    link = dest.parent / f".{dest.name}.swap"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(target, link, target_is_directory=True)
    if dest.is_dir() and not dest.is_symlink():
        # First publish over an ordinary folder: keep it as the oldest release.
        os.rename(dest, releases_dir(dest) / f"folder-before-{release.name}")
    os.replace(link, dest)


def _next_number(releases: Path) -> int:
    numbers = [int(m.group(1)) for p in releases.iterdir() if (m := _RELEASE.match(p.name.removesuffix(".tmp")))]
    return max(numbers, default=0) + 1


def _prune(releases: Path, current: Path, keep: int) -> list[Path]:
    """Remove releases beyond the ``keep`` newest before ``current``."""
    older = sorted((p for p in releases.iterdir() if p != current and _RELEASE.match(p.name)), reverse=True)
    # A folder that was DEST before the first publish is never removed automatically.
    removed = older[keep:]
    for path in removed:
        shutil.rmtree(path)
    return removed
