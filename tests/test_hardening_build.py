"""Whole builds over hostile input: a problem line, never a traceback or a copied outside file."""

from __future__ import annotations

from pathlib import Path

from support import HOOK, build, copy_fixture, site_config, write_project

SECRET = "SECRET-RUNNER-TOKEN 0123456789"


def test_an_infinite_budget_fails_the_build_with_a_problem_line(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    write_project(data, "X", "id: X\nname: N\nstage: proposal\nbudget:\n  approved: .inf\n")
    done = build(site_config(tmp_path, data))
    assert done.returncode == 1
    assert "data/projects/X.yaml:5: budget.approved: expected a finite number, got .inf" in done.stderr
    assert "Traceback" not in done.stderr and "OverflowError" not in done.stderr


def test_a_link_in_docs_to_a_file_outside_is_refused_and_not_copied(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text(SECRET, encoding="utf-8")
    data = copy_fixture("minimal", tmp_path / "data")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "---\nowner: project-manager\nreview_by: 2027-01-31\ntags: [testing]\n---\n\n# Home\n", encoding="utf-8"
    )
    (docs / "leak.txt").symlink_to(outside)
    (docs / "inside.txt").symlink_to(tmp_path / "data" / "portfolio.yaml")  # inside the repository: fine
    config = site_config(tmp_path, data, docs_dir=docs, hooks=[str(HOOK)])

    strict = build(config)
    assert strict.returncode == 1
    assert "docs/leak.txt:1: not a regular file inside the repository" in strict.stderr

    lenient = build(config, strict=False)
    assert lenient.returncode == 0, lenient.stderr
    site = tmp_path / "site"
    assert not (site / "leak.txt").exists() and (site / "inside.txt").is_file()
    assert not any(SECRET.encode() in path.read_bytes() for path in site.rglob("*") if path.is_file())
