"""`pmo-hub validate` prints the same lines as the build and exits 0 or 1."""

from __future__ import annotations

from pathlib import Path

from support import ROOT, pmo_hub, write_project


def test_valid_data(data_dir: Path) -> None:
    result = pmo_hub("validate", "data", cwd=data_dir.parent)
    assert result.returncode == 0
    assert result.stdout == "data: 2 projects, 2 roles: all valid.\n"


def test_invalid_data_lists_every_problem(data_dir: Path) -> None:
    write_project(data_dir, "X", "id: X\nname: N\nstage: proposal\nbudget:\n  approved: TBC\n")
    write_project(data_dir, "Y", "id: Y\nname: N\nstage: proposal\nsponser: Ann\n")
    result = pmo_hub("validate", "data", cwd=data_dir.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/projects/X.yaml:5: budget.approved: expected a number, got 'TBC'",
        "data/projects/Y.yaml:4: sponser: unknown field (did you mean 'sponsor'?)",
        "2 problems found.",
    ]
    assert "Traceback" not in result.stderr


def test_github_annotations(data_dir: Path) -> None:
    write_project(data_dir, "X", "id: X\nname: N\nstage: proposal\nbudget:\n  approved: TBC\n")
    result = pmo_hub("validate", "data", "--format", "github", cwd=data_dir.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/projects/X.yaml,line=5::"
        "data/projects/X.yaml:5: budget.approved: expected a number, got 'TBC'"
    ]


def test_the_demo_portfolio_is_valid() -> None:
    result = pmo_hub("validate", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("data: ")
