"""``pmo-hub publish`` never replaces the sources or a folder it did not publish, and a stopped or
killed publish leaves neither a build running nor an unfinished release behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import HOOK, copy_fixture, pmo_hub, site_config

BLOCKING_HOOK = """
import os, threading
from pathlib import Path

def on_config(config):
    # Write half a site, say which process builds, then block: the test stops the publish mid-build.
    Path(config.site_dir).mkdir(parents=True, exist_ok=True)
    (Path(config.site_dir) / "half.html").write_text("half")
    Path(os.environ["PMO_TEST_BUILD_PID"]).write_text(str(os.getpid()))
    threading.Event().wait()
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository: mkdocs.yml, docs/ and data/ in one folder."""
    data = copy_fixture("minimal", tmp_path / "data")
    site_config(tmp_path, data)
    return tmp_path


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "dest, reason",
    [
        ("docs", "would replace the site's sources ({repo}/docs); publish outside them"),
        ("docs/published", "would replace the site's sources ({repo}/docs); publish outside them"),
        ("data", "would replace the site's sources ({repo}/data); publish outside them"),
        (".", "is the repository or holds it; publish outside the sources (for example /srv/www/pmo-hub)"),
        ("..", "is the repository or holds it; publish outside the sources (for example /srv/www/pmo-hub)"),
    ],
)
def test_refuses_to_replace_the_sources(repo: Path, dest: str, reason: str) -> None:
    (repo / "site").mkdir()
    (repo / "site" / "index.html").write_text("built", encoding="utf-8")
    before = contents(repo)
    done = pmo_hub("publish", "--dest", dest, "--site", "site", "--adopt-folder", cwd=repo)
    assert done.returncode == 1
    shown = os.path.abspath(repo / dest)
    assert done.stderr == f"pmo-hub publish: not published: {shown} {reason.format(repo=repo)}\n"
    assert contents(repo) == before and not (repo / "docs").is_symlink()
    assert not any(path.name.endswith(".releases") for path in repo.parent.iterdir())


def test_refuses_an_existing_folder_that_is_not_an_earlier_publish(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("new", encoding="utf-8")
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "notes.txt").write_text("someone's files", encoding="utf-8")
    done = pmo_hub("publish", "--dest", "www", "--site", "site", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        f"pmo-hub publish: not published: {tmp_path / 'www'} is an existing folder, not an earlier "
        "publish; not moving it aside. If it is a site copied there by hand, publish once with "
        "--adopt-folder to keep it as the oldest release\n"
    )
    assert (tmp_path / "www" / "notes.txt").read_text(encoding="utf-8") == "someone's files"
    assert not (tmp_path / ".www.releases").exists()


def test_refuses_a_link_that_is_not_an_earlier_publish(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("new", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "www").symlink_to("other")
    done = pmo_hub("publish", "--dest", "www", "--site", "site", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        f"pmo-hub publish: not published: {tmp_path / 'www'} is a link to other, not an earlier "
        "publish; not replacing it (--adopt-folder replaces the link, leaving its target as it is)\n"
    )
    assert os.readlink(tmp_path / "www") == "other"


def test_republishing_over_an_earlier_publish_needs_no_flag(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    for build in ("one", "two"):
        (tmp_path / "site" / "index.html").write_text(build, encoding="utf-8")
        done = pmo_hub("publish", "--dest", "www", "--site", "site", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "www" / "index.html").read_text(encoding="utf-8") == "two"


def _wait_for(condition, what: str) -> None:
    """Wait for a state (not for a time); the bound only turns a hang into a failure."""
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.02)


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie no longer runs
    except FileNotFoundError:
        return True


def _start_blocked_publish(repo: Path) -> tuple[subprocess.Popen[str], int]:
    hook = repo / "blocking_hook.py"
    hook.write_text(BLOCKING_HOOK, encoding="utf-8")
    site_config(repo, repo / "data", hooks=[str(HOOK), str(hook)])
    pid_file = repo / "build.pid"
    env = {**os.environ, "PMO_TEST_BUILD_PID": str(pid_file)}
    publish = subprocess.Popen(
        [sys.executable, "-m", "pmo_hub", "publish", "--dest", "www"],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(lambda: publish.poll() is not None or (pid_file.exists() and pid_file.read_text()), "the build to start")
    assert publish.poll() is None, publish.communicate()
    return publish, int(pid_file.read_text())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_a_killed_publish_kills_its_build_and_the_next_publish_prunes_its_release(repo: Path) -> None:
    publish, build = _start_blocked_publish(repo)
    assert os.getpgid(build) == build != os.getpgid(publish.pid)  # the build leads its own process group
    publish.kill()
    publish.communicate()
    _wait_for(lambda: _gone(build), "the build to die with its publish")
    releases = repo / ".www.releases"
    assert sorted(p.name for p in releases.iterdir()) == [".lock", "release-000001.tmp"]

    (repo / "site").mkdir()
    (repo / "site" / "index.html").write_text("built", encoding="utf-8")
    done = pmo_hub("publish", "--dest", "www", "--site", "site", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "published .www.releases/release-000001 at www; removed 1 unfinished releases of an interrupted publish\n"
    )
    assert sorted(p.name for p in releases.iterdir()) == [".lock", "release-000001"]


def test_a_stopped_publish_stops_its_build_and_removes_its_release(repo: Path) -> None:
    publish, build = _start_blocked_publish(repo)
    publish.send_signal(signal.SIGTERM)
    _, stderr = publish.communicate()
    assert publish.returncode == 1
    assert stderr == "pmo-hub publish: not published: stopped by SIGTERM; the published site is unchanged\n"
    _wait_for(lambda: _gone(build), "the build to be stopped")
    assert sorted(p.name for p in (repo / ".www.releases").iterdir()) == [".lock"]
    assert not os.path.lexists(repo / "www")
