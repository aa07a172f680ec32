"""Publish a site to a served folder so that a failed build never replaces the published one.

``pmo-hub publish --dest /srv/www/pmo-hub`` (or ``make publish DEST=…``):

1. builds the site (``mkdocs build --strict``) into a new release folder beside DEST,
   ``.<name>.releases/release-000042.tmp``, and checks its internal links;
2. only if both succeed, renames it to ``release-000042`` and points DEST at it by
   replacing the symbolic link DEST in one atomic rename: a reader sees the old site or
   the new one, never a mix, a half-copied folder or nothing;
3. keeps the previous releases (three by default) for rollback: point DEST back with
   ``ln -sfn .<name>.releases/release-000041 DEST`` (and ``mv -T`` for atomicity).

DEST must be outside the site's sources: never the repository itself (or a folder holding
it), nor inside ``docs/``, ``data/``, the theme overrides or the hooks. An existing DEST must
be an earlier publish (a link into the releases folder). A folder there that is not (a site
copied by hand) is moved into the releases folder and replaced by the link only when asked
with ``--adopt-folder``; that one swap takes two renames. The web server must follow
symbolic links (nginx does by default; Apache needs ``Options FollowSymLinks``).

The build runs in its own process group and dies with the publish: interrupted (Ctrl-C,
SIGTERM, SIGHUP) it stops its build and removes the unfinished release; killed outright, its
``mkdocs build`` gets SIGKILL from the kernel (Linux) and the next publish removes the
unfinished ``release-N.tmp``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmo_hub.load.mkdocs_config import read_site_config
from pmo_hub.tools.check_links import check_site, format_report
from pmo_hub.tools.options import shown

_RELEASE = re.compile(r"^release-(\d{6})$")
_UNFINISHED = re.compile(r"^release-\d{6}\.tmp$")
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class PublishError(Exception):
    """The build or its checks failed, or DEST is not safe to replace; the published site was not touched."""


@dataclass(frozen=True)
class Published:
    dest: Path
    release: Path
    removed: list[Path]
    unfinished: list[Path] = field(default_factory=list)  # left by a publish that was killed


def releases_dir(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.releases"


def publish(
    dest: Path,
    *,
    config: Path | None = None,
    site: Path | None = None,
    keep: int = 3,
    check_links: bool = True,
    adopt_folder: bool = False,
) -> Published:
    """Build (from ``config``) or take a built ``site``, check it, and swap it in at ``dest``."""
    dest = Path(os.path.abspath(dest))  # not resolve(): dest itself is the link we replace
    config = config or Path("mkdocs.yml")
    check_destination(dest, config, adopt_folder=adopt_folder)
    releases = releases_dir(dest)
    releases.mkdir(parents=True, exist_ok=True)
    with open(releases / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two publishes at once would race for the link
        return _publish(dest, releases, config, site, keep, check_links)


def check_destination(dest: Path, config: Path, *, adopt_folder: bool = False) -> None:
    """Refuse a DEST whose replacement would move the sources aside or lose a folder.

    Replacing DEST renames what is there, so ``--dest docs`` or ``--dest .`` would move the
    handbook or the whole repository aside and put a link to the built site in its place.
    """
    real = Path(os.path.realpath(dest.parent)) / dest.name
    repository = Path(os.path.realpath(config.absolute().parent))
    if _within(repository, real):
        raise PublishError(
            f"{dest} is the repository or holds it; publish outside the sources (for example /srv/www/pmo-hub)"
        )
    for folder in _source_folders(config):
        if _within(real, folder) or _within(folder, real):
            raise PublishError(f"{dest} would replace the site's sources ({folder}); publish outside them")
    if dest.is_symlink():
        if _within(Path(os.path.realpath(dest)), Path(os.path.realpath(releases_dir(dest)))) or adopt_folder:
            return
        raise PublishError(
            f"{dest} is a link to {os.readlink(dest)}, not an earlier publish; not replacing it "
            "(--adopt-folder replaces the link, leaving its target as it is)"
        )
    if dest.is_dir():
        if adopt_folder:
            return
        raise PublishError(
            f"{dest} is an existing folder, not an earlier publish; not moving it aside. If it is a "
            "site copied there by hand, publish once with --adopt-folder to keep it as the oldest release"
        )
    if os.path.lexists(dest):
        raise PublishError(f"{dest} exists and is not a folder or a link; not replacing it")


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _source_folders(config: Path) -> list[Path]:
    """The folders the build reads: docs, data, theme overrides, hooks (real paths)."""
    site_config = read_site_config(config.absolute())
    base = site_config.root
    folders = [site_config.docs_dir, site_config.data_dir]
    if site_config.theme_dir is not None:
        folders.append(site_config.theme_dir)
    folders += [hook.parent for hook in site_config.hooks]
    # A hook may sit at the top of the repository: that makes the repository no source folder.
    return [real for folder in folders if (real := Path(os.path.realpath(folder))) != Path(os.path.realpath(base))]


def _publish(dest: Path, releases: Path, config: Path, site: Path | None, keep: int, check_links: bool) -> Published:
    unfinished = _remove_unfinished(releases)  # we hold the lock: no other publish is writing them
    name = f"release-{_next_number(releases):06d}"
    staging = releases / f"{name}.tmp"
    try:
        with _stopped_by_signals():
            if site is not None:
                if not (site / "index.html").is_file():
                    raise PublishError(f"{site} has no index.html: not a built site")
                shutil.copytree(site, staging, symlinks=True)
            else:
                _build(config, staging)
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
    return Published(dest, release, _prune(releases, release, keep), unfinished)


def _build(config: Path, site_dir: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config.resolve()),
        "--site-dir",
        str(site_dir),
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Its own process group, so that stopping the publish can stop the build and whatever
    # the build started; and on Linux the kernel kills it if the publish is killed outright.
    with subprocess.Popen(
        command,
        cwd=config.resolve().parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=_dying_with(os.getpid()),
    ) as process:
        try:
            output, _ = process.communicate()
        except BaseException:
            _kill_group(process)
            raise
    if process.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-40:])
        raise PublishError(
            f"the build failed (mkdocs exit {process.returncode}); the published site is unchanged:\n{tail}"
        )


def _dying_with(parent: int) -> Callable[[], None] | None:
    """A child set-up that has the kernel send SIGKILL to the child when ``parent`` dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up now: nothing to import after fork
    except (OSError, AttributeError):
        return None

    def set_up() -> None:
        prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the publish died before the line above took effect
            os._exit(1)

    return set_up


def _kill_group(process: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class _Stopped(PublishError):
    pass


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the build like Ctrl-C does: the build is killed, the release removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number: int, frame: object) -> None:
        raise _Stopped(f"stopped by {signal.Signals(number).name}; the published site is unchanged")

    previous = {number: signal.signal(number, stop) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _remove_unfinished(releases: Path) -> list[Path]:
    found = sorted(path for path in releases.iterdir() if _UNFINISHED.match(path.name))
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    return found


def _point(dest: Path, release: Path) -> None:
    """Make ``dest`` a link to ``release`` with a single atomic rename over the old link."""
    target = os.path.relpath(release, dest.parent)
    link = dest.parent / f".{dest.name}.swap"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(target, link, target_is_directory=True)
    if dest.is_dir() and not dest.is_symlink():
        # First publish over an ordinary folder (--adopt-folder): keep it as the oldest release.
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


def run(args: argparse.Namespace) -> int:
    try:
        done = publish(
            Path(args.dest),
            config=Path(args.config),
            site=Path(args.site) if args.site else None,
            keep=args.keep,
            check_links=not args.no_check_links,
            adopt_folder=args.adopt_folder,
        )
    except PublishError as error:
        print(f"pmo-hub publish: not published: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pmo-hub publish: not published: interrupted; the published site is unchanged", file=sys.stderr)
        return 130
    print(
        f"published {shown(done.release)} at {os.path.relpath(done.dest)}"  # the link, not its target
        + (f"; removed {len(done.removed)} old releases" if done.removed else "")
        + (f"; removed {len(done.unfinished)} unfinished releases of an interrupted publish" if done.unfinished else "")
    )
    return 0
