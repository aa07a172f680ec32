"""Every kind of bad input yields exactly the expected `path:line: field: message` lines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.problems import DataProblems
from support import write_project

VALID_HEAD = "id: X\nname: A name\nstage: proposal\n"


def problems_for(data_dir: Path) -> list[str]:
    """The problem lines, with paths relative to the data folder's parent (as in the repo)."""
    here = Path.cwd()
    os.chdir(data_dir.parent)
    try:
        load_portfolio(Path("data"))
    except DataProblems as failure:
        return [str(problem) for problem in failure.problems]
    finally:
        os.chdir(here)
    return []


def test_the_fixture_is_valid(data_dir: Path) -> None:
    assert problems_for(data_dir) == []


CASES = {
    "yaml syntax error": (
        "id: X\nname: [unclosed\nstage: delivery\n",
        [
            "data/projects/X.yaml:3: YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence started on line 2)"
        ],
    ),
    "list instead of mapping": (
        "- id: X\n- name: x\n",
        ["data/projects/X.yaml:1: expected a mapping of fields, got a list"],
    ),
    "scalar instead of mapping": (
        "just some text\n",
        ["data/projects/X.yaml:1: expected a mapping of fields, got 'just some text'"],
    ),
    "nested list instead of mapping": (
        VALID_HEAD + "budget:\n  - 1\n",
        ["data/projects/X.yaml:4: budget: expected a mapping of fields, got a list"],
    ),
    "empty file": (
        "",
        ["data/projects/X.yaml:1: the file is empty; expected a mapping of fields"],
    ),
    "comments only": (
        "# nothing yet\n",
        ["data/projects/X.yaml:1: the file is empty; expected a mapping of fields"],
    ),
    "missing required field": (
        "id: X\nstage: proposal\n",
        ["data/projects/X.yaml:1: name: required field is missing"],
    ),
    "missing stage-dependent fields": (
        "id: X\nname: N\nstage: planning\nbudget:\n  actual: 3\n",
        [
            "data/projects/X.yaml:1: end: required from stage 'initiation' on (stage is 'planning')",
            "data/projects/X.yaml:1: start: required from stage 'initiation' on (stage is 'planning')",
            "data/projects/X.yaml:4: budget.approved: required from stage 'initiation' on (stage is 'planning')",
        ],
    ),
    "wrong type": (
        VALID_HEAD + "budget:\n  approved: TBC\n",
        ["data/projects/X.yaml:5: budget.approved: expected a number, got 'TBC'"],
    ),
    "number as text": (
        VALID_HEAD + "budget:\n  approved: '12'\n",
        ["data/projects/X.yaml:5: budget.approved: expected a number, got '12'"],
    ),
    "unknown enum value": (
        "id: X\nname: N\nstage: doing\n",
        [
            "data/projects/X.yaml:3: stage: expected one of 'proposal', 'initiation', 'planning', 'delivery', "
            "'closing' or 'closed', got 'doing'"
        ],
    ),
    "unknown RAG value": (
        VALID_HEAD + "updates:\n  - date: 2026-01-01\n    overall: purple\n    summary: s\n",
        [
            "data/projects/X.yaml:6: updates[0].overall: expected one of 'green', 'amber-green', 'amber', "
            "'amber-red' or 'red', got 'purple'"
        ],
    ),
    "invalid date": (
        VALID_HEAD + "start: 2026-02-30\n",
        ["data/projects/X.yaml:4: start: '2026-02-30' is not a real date (day is out of range for month)"],
    ),
    "date in another format": (
        VALID_HEAD + "start: 01.02.2026\n",
        ["data/projects/X.yaml:4: start: expected a date as YYYY-MM-DD, got '01.02.2026'"],
    ),
    "end before start": (
        VALID_HEAD + "start: 2026-03-01\nend: 2026-02-01\n",
        ["data/projects/X.yaml:5: end: 2026-02-01 is before start 2026-03-01"],
    ),
    "id not matching the file name": (
        "id: Y\nname: N\nstage: proposal\n",
        ["data/projects/X.yaml:1: id: 'Y' must equal the file name 'X'"],
    ),
    "id with a slash": (
        "id: a/b\nname: N\nstage: proposal\n",
        [
            "data/projects/X.yaml:1: id: 'a/b' is not a valid id: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 64 characters"
        ],
    ),
    "id with dots": (
        "id: ../etc\nname: N\nstage: proposal\n",
        [
            "data/projects/X.yaml:1: id: '../etc' is not a valid id: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 64 characters"
        ],
    ),
    "id with spaces": (
        "id: my project\nname: N\nstage: proposal\n",
        [
            "data/projects/X.yaml:1: id: 'my project' is not a valid id: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 64 characters"
        ],
    ),
    "unknown programme": (
        VALID_HEAD + "programme: nope\n",
        ["data/projects/X.yaml:4: programme: unknown programme 'nope'; known: prog-a"],
    ),
    "unknown objective": (
        VALID_HEAD + "objectives: [obj-1, zzz]\n",
        ["data/projects/X.yaml:4: objectives[1]: unknown objective 'zzz'; known: obj-1"],
    ),
    "unknown pool": (
        VALID_HEAD + "budget:\n  approved: 10\n  pool: deep\n",
        ["data/projects/X.yaml:6: budget.pool: unknown budget pool 'deep'; known: pool-1"],
    ),
    "unknown criterion": (
        VALID_HEAD + "scores:\n  valu: 3\n",
        ["data/projects/X.yaml:5: scores.valu: unknown scoring criterion 'valu'; known: ease, value"],
    ),
    "unknown dependency": (
        VALID_HEAD + "dependencies: [ALPHA, GHOST]\n",
        ["data/projects/X.yaml:4: dependencies[1]: unknown project 'GHOST'"],
    ),
    "probability out of range": (
        VALID_HEAD + "risks:\n  - id: R1\n    title: t\n    probability: 7\n    impact: 2\n    status: open\n",
        ["data/projects/X.yaml:7: risks[0].probability: must be at most 5, got 7"],
    ),
    "javascript link": (
        VALID_HEAD + "links:\n  - title: x\n    url: 'javascript:alert(1)'\n",
        [
            "data/projects/X.yaml:6: links[0].url: only http(s) and relative links are allowed, "
            "got 'javascript:alert(1)'"
        ],
    ),
    "unknown top-level key": (
        VALID_HEAD + "sponser: Ann\n",
        ["data/projects/X.yaml:4: sponser: unknown field (did you mean 'sponsor'?)"],
    ),
    "duplicate key": (
        VALID_HEAD + "name: Again\n",
        ["data/projects/X.yaml:4: name: duplicate key (also on line 2)"],
    ),
    "duplicate risk id": (
        VALID_HEAD + "risks:\n" + "  - {id: R1, title: t, probability: 1, impact: 1, status: open}\n" * 2,
        ["data/projects/X.yaml:6: risks[1].id: duplicate id 'R1' (also risks[0])"],
    ),
    "python tag is not executed": (
        VALID_HEAD + "summary: !!python/object/apply:os.system ['true']\n",
        [
            "data/projects/X.yaml:4: summary: the tag '!!python/object/apply:os.system' is not allowed; "
            "write plain values"
        ],
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_bad_project_file(data_dir: Path, text: str, expected: list[str]) -> None:
    write_project(data_dir, "X", text)
    assert problems_for(data_dir) == expected


def test_non_utf8_file(data_dir: Path) -> None:
    (data_dir / "projects" / "X.yaml").write_bytes(b"id: X\nname: Caf\xe9\nstage: proposal\n")
    assert problems_for(data_dir) == ["data/projects/X.yaml:2: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_duplicate_id_names_both_files(data_dir: Path) -> None:
    write_project(data_dir, "DUP", "id: ALPHA\nname: N\nstage: proposal\n")
    assert problems_for(data_dir) == [
        "data/projects/DUP.yaml:1: id: 'ALPHA' must equal the file name 'DUP'",
        "data/projects/DUP.yaml:1: id: duplicate id 'ALPHA' (also in data/projects/ALPHA.yaml)",
    ]


def test_ids_differing_only_in_case(data_dir: Path) -> None:
    write_project(data_dir, "alpha", "id: alpha\nname: N\nstage: proposal\n")
    assert problems_for(data_dir) == [
        "data/projects/alpha.yaml:1: id: same id as data/projects/ALPHA.yaml apart from letter case"
    ]


def test_file_with_wrong_extension_is_reported_not_skipped(data_dir: Path) -> None:
    (data_dir / "projects" / "GAMMA.yml").write_text("id: GAMMA\nname: G\nstage: proposal\n")
    assert problems_for(data_dir) == ["data/projects/GAMMA.yml:1: not read: project files must be named <id>.yaml"]


@pytest.mark.parametrize(
    "raci, expected",
    [
        (
            "sponsor: R\n      project-manager: R",
            "data/roles.yaml:16: activities[0].raci: 'Approve business case' needs exactly one A (accountable), has 0",
        ),
        (
            "sponsor: A\n      project-manager: I",
            "data/roles.yaml:16: activities[0].raci: 'Approve business case' needs at least one R (responsible)",
        ),
        (
            "sponsor: A\n      project-manager: A",
            "data/roles.yaml:16: activities[0].raci: 'Approve business case' needs at least one R (responsible)\n"
            "data/roles.yaml:16: activities[0].raci: 'Approve business case' needs exactly one A (accountable), has 2",
        ),
        (
            "sponsor: A\n      project-manager: C",
            "data/roles.yaml:16: activities[0].raci: 'Approve business case' needs at least one R (responsible)",
        ),
        (
            "sponsor: A\n      project-manager: R\n      ghost: I",
            "data/roles.yaml:19: activities[0].raci.ghost: unknown role 'ghost'; known: project-manager, sponsor",
        ),
        (
            "sponsor: A\n      project-manager: X",
            "data/roles.yaml:18: activities[0].raci.project-manager: expected one of 'R', 'A', 'C' or 'I', got 'X'",
        ),
    ],
)
def test_raci_rules(data_dir: Path, raci: str, expected: str) -> None:
    roles = data_dir / "roles.yaml"
    roles.write_text(roles.read_text().replace("sponsor: A\n      project-manager: R", raci))
    assert problems_for(data_dir) == expected.split("\n")


def test_unknown_reports_to(data_dir: Path) -> None:
    roles = data_dir / "roles.yaml"
    roles.write_text(roles.read_text().replace("reports_to: sponsor", "reports_to: ceo"))
    assert problems_for(data_dir) == [
        "data/roles.yaml:12: roles[1].reports_to: unknown role 'ceo'; known: project-manager, sponsor"
    ]


def test_portfolio_problems(data_dir: Path) -> None:
    portfolio = data_dir / "portfolio.yaml"
    text = portfolio.read_text().replace("currency: GBP", "currency: pounds").replace("weight: 1", "weight: 0")
    portfolio.write_text(text)
    assert problems_for(data_dir) == [
        "data/portfolio.yaml:2: currency: expected a three-letter ISO 4217 code such as GBP, got 'pounds'",
        "data/portfolio.yaml:23: scoring.criteria[1].weight: must be greater than 0, got 0",
    ]


def test_missing_required_files(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert problems_for(tmp_path / "data") == [
        "data/portfolio.yaml:1: required file is missing",
        "data/roles.yaml:1: required file is missing",
    ]


def test_all_problems_in_one_run(data_dir: Path) -> None:
    write_project(data_dir, "X", VALID_HEAD + "budget:\n  approved: TBC\n")
    write_project(data_dir, "Y", "id: Y\nname: N\nstage: doing\n")
    (data_dir / "projects" / "Z.yaml").write_text("")
    assert len(problems_for(data_dir)) == 3
