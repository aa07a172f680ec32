"""Helpers for tests: copy fixture data, edit it, build a site from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOOK = ROOT / "hooks" / "pmo_hub_hook.py"
# A hand-written page with the front matter every handbook page needs (both fixtures have the role).
HOME_PAGE = "---\nowner: sponsor\nreview_by: 2099-12-31\ntags: [testing]\n---\n\n# Test site\n\nHello.\n"


def copy_fixture(name: str, target: Path) -> Path:
    """A writable copy of ``tests/fixtures/<name>`` at ``target``."""
    shutil.copytree(FIXTURES / name, target)
    return target


def write_project(data_dir: Path, project_id: str, text: str) -> Path:
    path = data_dir / "projects" / f"{project_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def site_config(tmp: Path, data_dir: Path, docs_dir: Path | None = None, **overrides: object) -> Path:
    """A small mkdocs.yml using our hook; handbook pages come from ``docs_dir`` (default: one page)."""
    if docs_dir is None:
        docs_dir = tmp / "docs"
        docs_dir.mkdir(exist_ok=True)
        (docs_dir / "index.md").write_text(HOME_PAGE, encoding="utf-8")
    config: dict[str, object] = {
        "site_name": "Test hub",
        "docs_dir": str(docs_dir),
        "site_dir": str(tmp / "site"),
        "repo_url": "https://git.example/pmo/hub",
        "edit_uri": "edit/main/docs/",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "hooks": [str(HOOK)],
        "extra": {"pmo": {"data_dir": os.path.relpath(data_dir, tmp)}},
        "validation": {"links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"}},
    }
    config.update(overrides)
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build(config_file: Path, strict: bool = True, verbose: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` as editors do; returns the finished process (check returncode)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)]
    if strict:
        command.append("--strict")
    if verbose:
        command.append("--verbose")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, capture_output=True, text=True, cwd=config_file.parent, env=env, timeout=600)


def pmo_hub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``pmo-hub`` command line."""
    return subprocess.run(
        [sys.executable, "-m", "pmo_hub", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def generate_pages(portfolio: Any, settings: Any) -> Iterator[Any]:
    """Every page generated from the data, as the site gets them: the portfolio's, then the views'."""
    from pmo_hub.render.pages import site_pages
    from pmo_hub.render.views import view_pages

    yield from site_pages(portfolio, settings)
    yield from view_pages(portfolio, settings)
