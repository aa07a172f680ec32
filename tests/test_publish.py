"""``pmo-hub publish`` / ``make publish``: only a fully successful build replaces the published site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import HOOK, copy_fixture, pmo_hub, site_config, write_project


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    data = copy_fixture("minimal", tmp_path / "data")
    return site_config(tmp_path, data, hooks=[str(HOOK)])


def publish(config: Path, *args: str):
    return pmo_hub("--config", config.name, "publish", *args, cwd=config.parent)


def test_builds_checks_and_swaps_atomically_then_refuses_a_failed_build(config: Path, tmp_path: Path) -> None:
    www = tmp_path / "www" / "pmo-hub"
    releases = tmp_path / "www" / ".pmo-hub.releases"

    first = publish(config, "--dest", "www/pmo-hub")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "published www/.pmo-hub.releases/release-000001 at www/pmo-hub\n"
    assert www.is_symlink() and os.readlink(www) == ".pmo-hub.releases/release-000001"
    assert (www / "index.html").is_file() and (www / "build-info.json").is_file()
    assert (www / "portfolio" / "projects" / "ALPHA" / "index.html").is_file()
    published = files_of(www)

    # Bad data: the strict build fails, so nothing changes for readers of the site.
    write_project(tmp_path / "data", "BROKEN", "id: BROKEN\nname: Broken\nstage: delivery\n")
    failed = publish(config, "--dest", "www/pmo-hub")
    assert failed.returncode == 1
    assert "pmo-hub publish: not published: the build failed" in failed.stderr
    assert "BROKEN.yaml:1: start: required from stage 'initiation' on" in failed.stderr
    assert os.readlink(www) == ".pmo-hub.releases/release-000001"
    assert files_of(www) == published
    assert sorted(p.name for p in releases.iterdir()) == [".lock", "release-000001"]  # no half-built folder left

    (tmp_path / "data" / "projects" / "BROKEN.yaml").unlink()
    second = publish(config, "--dest", "www/pmo-hub")
    assert second.returncode == 0, second.stderr
    assert os.readlink(www) == ".pmo-hub.releases/release-000002"
    assert sorted(p.name for p in releases.iterdir()) == [".lock", "release-000001", "release-000002"]


def test_a_site_with_broken_links_is_not_published(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "index.html").write_text('<a href="#x" id="x">ok</a>', encoding="utf-8")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "index.html").write_text('<a href="missing/">gone</a>', encoding="utf-8")
    assert pmo_hub("publish", "--dest", "www", "--site", "good", cwd=tmp_path).returncode == 0
    refused = pmo_hub("publish", "--dest", "www", "--site", "bad", cwd=tmp_path)
    assert refused.returncode == 1
    assert "1 broken internal links:" in refused.stderr and "'missing/': no such file in the site" in refused.stderr
    assert (tmp_path / "www" / "index.html").read_text(encoding="utf-8") == '<a href="#x" id="x">ok</a>'
    assert pmo_hub("publish", "--dest", "www", "--site", "bad", "--no-check-links", cwd=tmp_path).returncode == 0


def test_an_adopted_folder_is_kept_aside_and_old_releases_are_pruned(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("hand-copied site", encoding="utf-8")
    releases = tmp_path / ".www.releases"
    for number in range(1, 5):
        (site / "index.html").write_text(f"build {number}", encoding="utf-8")
        done = pmo_hub("publish", "--dest", "www", "--site", "site", "--keep", "1", "--adopt-folder", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert (www / "index.html").read_text(encoding="utf-8") == f"build {number}"
    assert sorted(p.name for p in releases.iterdir()) == [
        ".lock",
        "folder-before-release-000001",
        "release-000003",
        "release-000004",
    ]
    assert (releases / "folder-before-release-000001" / "index.html").read_text(encoding="utf-8") == "hand-copied site"
    assert "removed 1 old releases" in done.stdout


def test_refuses_a_destination_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "www").write_text("not a folder", encoding="utf-8")
    done = pmo_hub("publish", "--dest", "www", "--site", "site", cwd=tmp_path)
    assert done.returncode == 1 and "is not a folder or a link" in done.stderr
    assert (tmp_path / "www").read_text(encoding="utf-8") == "not a folder"
