"""`make serve` rebuilds incrementally (`mkdocs serve --dirty`) and the result is the site a clean
build of the edited sources makes, byte for byte.

The builds run in a second process (``serve_like`` below, this file run as a script) that does
what ``mkdocs serve --dirty`` does on each change: load the configuration again and call
MkDocs' ``build`` with ``dirty=True`` into the same site folder. Each test waits for that
process to finish, never for a time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.load.settings import HubSettings
from pmo_hub.problems import DataProblems
from pmo_hub.render import views_job as job
from pmo_hub.render.views import view_pages
from pmo_hub.render.views_job import ViewsJob
from support import copy_fixture

ROOT = Path(__file__).resolve().parent.parent
SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1790000000"  # fixed, so that the footer and sitemap of both builds agree

EDITED = "NMC-012"  # the demo's NMC-013 depends on it, and it depends on NMC-001
NAME = "name: Adult social care case management system replacement\n"
NEW_NAME = "name: Adult social care case system, renamed\n"
PAGE = "docs/standards/closure.md"


def test_an_edit_reads_again_only_the_project_files_that_changed(tmp_path: Path) -> None:
    data = copy_fixture("insight", tmp_path / "data")
    files: dict = {}
    before = load_portfolio(data, reuse=files)
    edited = data / "projects" / "P01.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("name: Project One", "name: Project Uno"), encoding="utf-8"
    )
    after = load_portfolio(data, reuse=files)
    assert after.by_id["P01"].name == "Project Uno"
    assert [p.id for p in after.projects if p is not before.by_id[p.id]] == ["P01"]  # the others: not read again
    assert after == load_portfolio(data)  # the same portfolio as read from scratch
    edited.write_text("id: P01\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataProblems):  # a broken file is reported, never taken from before
        load_portfolio(data, reuse=files)


def test_the_kept_views_process_renders_each_next_portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job, "_start_method", lambda: "fork")
    data = copy_fixture("insight", tmp_path / "data")
    files: dict = {}
    first = load_portfolio(data, reuse=files)
    edited = data / "projects" / "P02.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("name: Project Two", "name: Project Deux"), encoding="utf-8"
    )
    second = load_portfolio(data, reuse=files)
    settings = HubSettings(views_in_background=True)

    def made(views: ViewsJob) -> list:
        return [*views.pages(), *views.downloads()]

    try:
        pages = made(ViewsJob(first, settings, keep_process=True))
        assert job._kept is not None
        process = job._kept[0]
        assert [(p.path, p.content) for p in pages] == [(p.path, p.content) for p in view_pages(first, settings)]
        again = ViewsJob(second, settings, keep_process=True)
        assert again.in_background and job._kept is None  # given to the kept process
        pages = made(again)
        assert [(p.path, p.content) for p in pages] == [(p.path, p.content) for p in view_pages(second, settings)]
        assert any("Project Deux" in str(p.content) for p in pages)
        assert job._kept is not None and job._kept[0] is process
    finally:
        if job._kept is not None:
            job._kept[0].terminate()
            job._kept = None


def demo_copy(target: Path) -> Path:
    """The demo site (handbook, data, theme overrides, every hook) in a folder of its own (the hooks
    copied too: the builds compare them before and after an edit)."""
    target.mkdir(parents=True)
    for name in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def serve_builds(
    folder: Path, site: Path, edits: list[list[tuple[str, str, str | None]]], *, dirty: bool = True
) -> list[str]:
    """Build ``folder`` into ``site`` as ``mkdocs serve`` does, then after each step of edits
    (see :func:`edit`) build again; returns each build's log. The site
    as each build left it is copied to ``site.0``, ``site.1``, …"""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, __file__, str(folder / "mkdocs.yml"), str(site), json.dumps(edits)]
    if not dirty:
        command.append("--clean")
    done = subprocess.run(command, capture_output=True, text=True, cwd=folder, env=env, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.split("\x00")[1:]


def edit(folder: Path, step: list[tuple[str, str, str | None]]) -> None:
    """Replace the first ``old`` text in a file by ``new``; remove the file if ``new`` is None."""
    for name, old, new in step:
        path = folder / name
        if new is None:
            path.unlink()
            continue
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files_of(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def assert_same_site(built: Path, clean: Path) -> None:
    ours, theirs = files_of(built), files_of(clean)
    assert sorted(ours) == sorted(theirs), "the incremental build has other files than a clean build"
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert differing == [], f"differ from a clean build: {differing[:20]}"


@pytest.mark.slow
def test_rebuilds_after_edits_are_the_site_a_clean_build_makes(tmp_path: Path) -> None:
    folder = demo_copy(tmp_path / "served")
    steps: list[list[tuple[str, str, str | None]]] = [
        [(f"data/projects/{EDITED}.yaml", NAME, NEW_NAME)],  # a project: its page, its neighbours', the views
        [
            (PAGE, "tags: [standards, lifecycle, lessons]", "tags: [standards, lifecycle, closure]"),  # tags index
            (PAGE, "handed over, contracts ended", "handed over, every contract ended"),
        ],  # text, search index
        [
            (PAGE, "# Closure and lessons learned\n", "# Closing a project\n"),  # a title in the sidebar of every page
            (PAGE, "title: Closure and lessons learned\n", "title: Closing a project\n"),
        ],
        [("data/projects/NMC-026.yaml", "", None)],  # a project removed: its page must go too
    ]
    logs = serve_builds(folder, tmp_path / "site", steps)
    assert [log.count("everything rebuilt") for log in logs] == [1, 0, 0, 1, 1], logs  # title, removal: all

    reference = demo_copy(tmp_path / "edited")
    for number, step in enumerate(steps, start=1):
        edit(reference, step)
        if number >= 2:  # after the handbook edit (the project edit in it), the title and the removal
            serve_builds(reference, tmp_path / f"clean.{number}", [], dirty=False)
            assert_same_site(tmp_path / f"site.{number}", tmp_path / f"clean.{number}")


@pytest.mark.slow
def test_a_project_edit_writes_its_page_its_neighbours_and_the_views_only(tmp_path: Path) -> None:
    folder = demo_copy(tmp_path / "served")
    site = tmp_path / "site"
    logs = serve_builds(folder, site, [[(f"data/projects/{EDITED}.yaml", NAME, NEW_NAME)]])
    written = sorted(line.split(" ", 1)[1] for line in logs[1].splitlines() if line.startswith("written "))
    projects = sorted(
        name for name in written if name.startswith("portfolio/projects/") and name != "portfolio/projects/index.md"
    )
    # Its page, and the pages of the project it depends on and of those depending on it (they name it).
    assert projects == [f"portfolio/projects/{name}/index.md" for name in ("NMC-001", EDITED, "NMC-013", "NMC-023")]
    assert {
        "portfolio/projects/index.md",
        "portfolio/programmes/adult-social-care/index.md",
        "portfolio/dashboard.md",
    } <= set(written), written  # lists that name it
    assert "portfolio/index.md" not in written  # totals only: rendered again, the same, not written
    handbook = [name for name in written if (folder / "docs" / name).exists()]
    assert handbook == []  # no hand-written page shows a project's name
    assert all(name.startswith("portfolio/") for name in written), written
    # … and that is all that changed: the folder is the one a clean build makes.
    reference = demo_copy(tmp_path / "edited")
    edit(reference, [(f"data/projects/{EDITED}.yaml", NAME, NEW_NAME)])
    serve_builds(reference, tmp_path / "clean", [], dirty=False)
    assert_same_site(site, tmp_path / "clean")


def serve_like(config_file: str, site_dir: str, edits: list[list[tuple[str, str, str | None]]], dirty: bool) -> None:
    """What ``mkdocs serve [--dirty]`` does: a configuration loaded afresh for every build, into
    one site folder; prints each build's log (the pages written, the hook's messages) after a NUL.
    ``edits`` are :func:`serve_builds`' steps read back from JSON (each edit a list, unpacked as
    the tuple it was)."""
    import logging

    import mkdocs.commands.build as build_module
    from mkdocs.commands.build import _build_page, build
    from mkdocs.config import load_config

    written: list[str] = []

    def noting_build_page(
        page,
        config,
        doc_files,
        nav,
        env,
        dirty=False,
        excluded=False,
    ):
        if not dirty or page.file.is_modified():
            written.append(page.file.src_uri)
        _build_page(page, config, doc_files, nav, env, dirty, excluded)

    build_module._build_page = noting_build_page
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logging.getLogger("mkdocs").addHandler(Collect())
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    first = True
    builds = 0
    for step in [[], *edits]:
        edit(Path.cwd(), step)
        config = load_config(config_file, site_dir=site_dir)
        config.site_url = SERVE_URL
        if first:
            config.plugins.on_startup(command="serve", dirty=dirty)
            first = False
        written.clear()
        messages.clear()
        build(config, serve_url=SERVE_URL, dirty=dirty)
        shutil.copytree(site_dir, f"{site_dir}.{builds}", symlinks=True)
        builds += 1
        print("\x00" + "\n".join([*messages, *(f"written {name}" for name in written)]), end="", flush=True)


if __name__ == "__main__":
    serve_like(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), dirty="--clean" not in sys.argv[4:])
