"""The plugin object: the same site whether the hook hosts it or MkDocs loads it by its entry
point, and settings validated once, with the line they are on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import build, copy_fixture, site_config


def built(tmp: Path, **overrides: Any) -> dict[str, bytes]:
    data = copy_fixture("insight", tmp / "data")
    result = build(site_config(tmp, data, **overrides))
    assert result.returncode == 0, result.stderr
    site = tmp / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_registered_plugin_builds_the_same_site_as_the_hook(tmp_path: Path) -> None:
    hooked = built(tmp_path / "hook")
    # Listed before search: event priorities, not list order, put its handlers where they belong.
    plugin = built(tmp_path / "plugin", hooks=[], plugins=["pmo-hub", "search"])
    assert plugin.keys() == hooked.keys()
    assert [path for path in plugin if plugin[path] != hooked[path]] == []
    assert b'"identity"' in plugin["search/search_index.json"]  # the project entries and their fields


@pytest.mark.parametrize(
    ("data_dir", "message"),
    [
        ("../elsewhere", "must be a folder inside the site's folder, relative to mkdocs.yml, got '../elsewhere'"),
        ("/etc", "must be a folder inside the site's folder, relative to mkdocs.yml, got '/etc'"),
        (3, "expected text, got 3"),
    ],
)
def test_a_data_dir_outside_the_site_is_refused_once_with_its_line(
    tmp_path: Path, data_dir: object, message: str
) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    config = site_config(tmp_path, data, extra={"pmo": {"data_dir": data_dir}})
    result = build(config)
    assert result.returncode == 1
    line = next(number for number, text in enumerate(config.read_text().splitlines(), 1) if "data_dir:" in text)
    assert f"mkdocs.yml:{line}: Config value 'extra.pmo.data_dir': {message}\n" in result.stderr
    assert result.stderr.count("Config value") == 1
    assert "Traceback" not in result.stderr
