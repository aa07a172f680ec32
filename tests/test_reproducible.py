"""Reproducible builds: the same inputs give a byte-identical site, and every page says what it
was built from (footer line and ``build-info.json``)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pmo_hub.load import build_info
from support import HOOK, ROOT, copy_fixture, pmo_hub, site_config

DEMO_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "hooks")


def copy_demo(target: Path) -> Path:
    """The demo site's sources, outside git (so nothing depends on the working tree's state)."""
    target.mkdir(parents=True)
    for part in DEMO_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / part)
    return target / "mkdocs.yml"


def mkdocs_build(config: Path, site: Path, **env: str) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PMO_BUILD_COMMIT", "GITHUB_SHA")}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=600,
        env={**clean, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    assert done.returncode == 0, done.stderr[-3000:]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def expected_data_hash(data_dir: Path) -> str:
    """build-info.json's data_sha256, computed the way its documentation describes it."""
    digest = hashlib.sha256()
    names = sorted(
        p.relative_to(data_dir).as_posix()
        for p in data_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(data_dir).parts)
    )
    for name in names:
        digest.update(name.encode() + b"\0" + hashlib.sha256((data_dir / name).read_bytes()).digest())
    return digest.hexdigest()


@pytest.mark.slow
def test_demo_builds_twice_byte_for_byte(tmp_path: Path) -> None:
    config = copy_demo(tmp_path / "src")
    # No SOURCE_DATE_EPOCH: the build hook takes the time from the data's reporting date.
    mkdocs_build(config, tmp_path / "one", PMO_BUILD_COMMIT="0123456789abcdef0123")
    mkdocs_build(config, tmp_path / "two", PMO_BUILD_COMMIT="0123456789abcdef0123")
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
    assert len(one) > 100

    info = json.loads(one["build-info.json"])
    assert info["commit"] == "0123456789abcdef0123"
    assert info["reporting_date"] == "2026-11-20"
    assert info["source_date_epoch"] == (date(2026, 11, 20) - date(1970, 1, 1)).days * 86_400  # midnight UTC
    assert info["built"] == "2026-11-20T00:00:00Z"
    assert info["data_sha256"] == expected_data_hash(tmp_path / "src" / "data")
    assert set(info["versions"]) >= {"python", "mkdocs", "mkdocs-material", "pmo-hub"}

    footer = (
        'data as of <time datetime="2026-11-20">20 Nov 2026</time> · built from '
        '<code title="0123456789abcdef0123">0123456789</code>'
    )
    for page in ("index.html", "portfolio/projects/NMC-001/index.html", "standards/lifecycle/index.html"):
        assert footer in one[page].decode("utf-8"), page

    links = pmo_hub("check-links", "one", cwd=tmp_path)
    assert links.returncode == 0, links.stdout[-3000:]


def test_source_date_epoch_wins_and_data_changes_change_the_hash(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    config = site_config(
        tmp_path,
        data,
        hooks=[str(HOOK)],
        theme={"name": "material", "font": False, "custom_dir": str(ROOT / "overrides")},
    )
    mkdocs_build(config, tmp_path / "a", SOURCE_DATE_EPOCH="1700000000")
    info = json.loads((tmp_path / "a" / "build-info.json").read_text(encoding="utf-8"))
    assert info["source_date_epoch"] == 1700000000 and info["built"] == "2023-11-14T22:13:20Z"
    assert info["reporting_date"] == "2026-06-30"
    assert 'data as of <time datetime="2026-06-30">30 Jun 2026</time>' in (tmp_path / "a" / "index.html").read_text(
        encoding="utf-8"
    )

    before = build_info.data_hash(data)
    assert before == expected_data_hash(data)
    (data / ".DS_Store").write_bytes(b"litter")  # not data
    (data / "projects" / ".BETA.yaml.swp").write_bytes(b"editor swap file")
    assert build_info.data_hash(data) == before
    beta = data / "projects" / "BETA.yaml"
    beta.write_text(beta.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build_info.data_hash(data) != before


def test_commit_comes_from_the_environment_or_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_SHA", raising=False)
    monkeypatch.setenv("PMO_BUILD_COMMIT", "feedface")
    assert build_info.git_commit(tmp_path) == ("feedface", False)
    monkeypatch.delenv("PMO_BUILD_COMMIT")
    monkeypatch.setenv("GITHUB_SHA", "c0ffee")
    assert build_info.git_commit(tmp_path) == ("c0ffee", False)
    monkeypatch.delenv("GITHUB_SHA")
    assert build_info.git_commit(tmp_path) == (None, False)  # /tmp is not a git repository
    info = build_info.BuildInfo(None, False, "0" * 64, None, 0, {})
    assert info.footer()["commit_text"] == "an unknown commit"
    dirty = build_info.BuildInfo("a" * 40, True, "0" * 64, None, 0, {})
    assert dirty.footer()["commit_text"] == "aaaaaaaaaa (with local changes)"


def test_the_data_hash_never_reads_through_a_link_or_opens_a_fifo(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    secret = tmp_path / "secret.txt"
    secret.write_text("one", encoding="utf-8")
    (data / "projects" / "LEAK.yaml").symlink_to(secret)
    os.mkfifo(data / "projects" / "PIPE.yaml")  # opening it for reading would wait for ever
    before = build_info.data_hash(data)
    secret.write_text("two", encoding="utf-8")
    assert build_info.data_hash(data) == before  # the link counts by where it points, not by what is there
    (data / "projects" / "LEAK.yaml").unlink()
    (data / "projects" / "LEAK.yaml").symlink_to(tmp_path / "elsewhere.txt")
    assert build_info.data_hash(data) != before
