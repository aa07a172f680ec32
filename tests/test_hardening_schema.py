"""The JSON Schemas refuse what the validator refuses, wherever JSON Schema can say it.

Each input below is refused by the validator. check-jsonschema (what editors' schema
checks and pre-commit use, reading YAML 1.2 with ruamel) must refuse every one marked
``SCHEMA``; those marked ``RULE`` are rules JSON Schema cannot state, each with why, and the
test checks they are still accepted by the schema, so that a list that goes stale fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_validation import problems_for

from support import ROOT, copy_fixture

pytest.importorskip("check_jsonschema", reason="check-jsonschema is a test dependency (requirements.in)")

HEAD = "id: X\nname: N\nstage: proposal\n"
RISK = "risks:\n  - {id: R1, title: t, probability: %s, impact: 2, status: open}\n"
LINK = "links:\n  - {title: t, url: '%s'}\n"
SCHEMA, RULE = "schema", "rule"

PROJECTS: dict[str, tuple[str, str]] = {
    "missing name": (SCHEMA, "id: X\nstage: proposal\n"),
    "unknown stage": (SCHEMA, "id: X\nname: N\nstage: doing\n"),
    "amount as text": (SCHEMA, HEAD + "budget: {approved: TBC}\n"),
    "amount quoted": (SCHEMA, HEAD + "budget: {approved: '12'}\n"),
    "negative amount": (SCHEMA, HEAD + "budget: {approved: -1}\n"),
    "infinite amount": (SCHEMA, HEAD + "budget: {approved: .inf}\n"),
    "minus infinite amount": (SCHEMA, HEAD + "budget: {approved: -.inf}\n"),
    "nan amount": (SCHEMA, HEAD + "budget: {approved: .nan}\n"),
    "amount beyond 10^15": (SCHEMA, HEAD + "budget: {approved: 1e16}\n"),
    "nan cost impact": (SCHEMA, HEAD + "changes:\n  - {id: C1, title: t, status: approved, cost_impact: .nan}\n"),
    "infinite cost impact": (SCHEMA, HEAD + "changes:\n  - {id: C1, title: t, status: approved, cost_impact: -.inf}\n"),
    "fractional days": (
        SCHEMA,
        HEAD + "changes:\n  - {id: C1, title: t, status: approved, schedule_impact_days: 1.5}\n",
    ),
    "days beyond a century": (
        SCHEMA,
        HEAD + "changes:\n  - {id: C1, title: t, status: approved, schedule_impact_days: 40000}\n",
    ),
    "probability 7": (SCHEMA, HEAD + RISK % "7"),
    "probability 0": (SCHEMA, HEAD + RISK % "0"),
    "probability 3.5": (SCHEMA, HEAD + RISK % "3.5"),
    "probability nan": (SCHEMA, HEAD + RISK % ".nan"),
    "probability as text": (SCHEMA, HEAD + RISK % "'3'"),
    "probability true": (SCHEMA, HEAD + RISK % "true"),
    "score 6": (SCHEMA, HEAD + "scores: {value: 6}\n"),
    "score nan": (SCHEMA, HEAD + "scores: {value: .nan}\n"),
    "score key not an id": (SCHEMA, HEAD + "scores: {'a b': 3}\n"),
    "id with a slash": (SCHEMA, "id: a/b\nname: N\nstage: proposal\n"),
    "dependency with dots": (SCHEMA, HEAD + "dependencies: ['../x']\n"),
    "javascript link": (SCHEMA, HEAD + LINK % "javascript:alert(1)"),
    "data link": (SCHEMA, HEAD + LINK % "data:text/html,x"),
    "protocol-relative link": (SCHEMA, HEAD + LINK % "//evil.example/x"),
    "http link without host": (SCHEMA, HEAD + LINK % "http:/x"),
    "link with a space": (SCHEMA, HEAD + LINK % "a b"),
    "empty link": (SCHEMA, HEAD + LINK % ""),
    "impossible date": (SCHEMA, HEAD + "start: 2026-02-30\n"),
    "date in another format": (SCHEMA, HEAD + "start: 01.02.2026\n"),
    "unknown field": (SCHEMA, HEAD + "sponser: Ann\n"),
    "list instead of mapping": (SCHEMA, "- id: X\n"),
    "empty name": (SCHEMA, "id: X\nname: ''\nstage: proposal\n"),
    "empty tag": (SCHEMA, HEAD + "tags: ['']\n"),
    "unknown RAG": (SCHEMA, HEAD + "updates:\n  - {date: 2026-01-01, overall: purple, summary: s}\n"),
    "delivery without dates and budget": (SCHEMA, "id: X\nname: N\nstage: delivery\n"),
    "planning without approved budget": (
        SCHEMA,
        "id: X\nname: N\nstage: planning\nstart: 2026-01-01\nend: 2026-12-31\nbudget: {actual: 3}\n",
    ),
    "duplicate key": (SCHEMA, HEAD + "name: Again\n"),  # refused by the YAML parser, as by ours
    "python tag": (SCHEMA, HEAD + "summary: !!python/object/apply:os.system ['true']\n"),
    # Rules across fields, items or files: JSON Schema validates one document by its shape.
    "id not the file name": (RULE, "id: Y\nname: N\nstage: proposal\n"),  # the schema never sees the file name
    "end before start": (RULE, HEAD + "start: 2026-03-01\nend: 2026-02-01\n"),  # no comparison of two values
    "duplicate risk ids": (
        RULE,
        HEAD + "risks:\n" + "  - {id: R1, title: t, probability: 1, impact: 1, status: open}\n" * 2,
    ),  # uniqueItems compares whole items
    "depends on itself": (RULE, HEAD + "dependencies: [X]\n"),  # no reference from one value to another
    "unknown programme": (RULE, HEAD + "programme: nope\n"),  # defined in another file
    "unknown dependency": (RULE, HEAD + "dependencies: [GHOST]\n"),  # another file
    "unknown criterion": (RULE, HEAD + "scores: {valu: 3}\n"),  # another file
    # ruamel reads YAML 1.1's 1_000 as 1000, beyond the YAML 1.2 core schema (where it is text,
    # as yaml-language-server and we read it): a difference of parsers the schema cannot see.
    "underscore number": (RULE, HEAD + "budget: {approved: 1_000}\n"),
}

PORTFOLIO: dict[str, tuple[str, str, str]] = {
    "currency not a code": (SCHEMA, "currency: GBP", "currency: pounds"),
    "weight 0": (SCHEMA, "weight: 1", "weight: 0"),
    "weight nan": (SCHEMA, "weight: 1", "weight: .nan"),
    "pool amount infinite": (SCHEMA, "amount: 1000000", "amount: .inf"),
    "stale after 0 days": (SCHEMA, "stale_after_days: 30", "stale_after_days: 0"),
    "stale after 1.5 days": (SCHEMA, "stale_after_days: 30", "stale_after_days: 1.5"),
    "stale after a million days": (SCHEMA, "stale_after_days: 30", "stale_after_days: 1000000"),
    "duplicate programme ids": (RULE, "id: prog-a\n", "id: prog-a\n    name: Again\n  - id: prog-a\n"),
}

ROLES: dict[str, tuple[str, str, str]] = {
    "RACI letter X": (SCHEMA, "project-manager: R", "project-manager: X"),
    # "exactly one A, at least one R" counts the values of a mapping: JSON Schema cannot count them.
    "two accountable": (RULE, "project-manager: R", "project-manager: A"),
    "unknown role in RACI": (RULE, "project-manager: R", "project-manager: R\n      ghost: I"),  # a role list elsewhere
}


def schema_refuses(schema: str, files: dict[str, str], folder: Path) -> set[str]:
    """The names of ``files`` that check-jsonschema refuses with ``schema``."""
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(ROOT / "data" / "schema" / schema),
            "-o",
            "json",
            *sorted(str(p) for p in folder.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    return {Path(error["filename"]).stem for error in report.get("errors", []) + report.get("parse_errors", [])}


def refused_by_the_validator(data_dir: Path, edit) -> bool:
    edit()
    return bool(problems_for(data_dir))


def test_project_schema_refuses_what_the_validator_refuses(tmp_path: Path) -> None:
    for name, (_, text) in PROJECTS.items():
        data = copy_fixture("minimal", tmp_path / name / "data")
        (data / "projects" / "X.yaml").write_text(text, encoding="utf-8")
        assert problems_for(data), f"the validator accepts {name!r}"
    refused = schema_refuses(
        "project.schema.json",
        {name.replace(" ", "_"): text for name, (_, text) in PROJECTS.items()},
        tmp_path / "check",
    )
    for name, (kind, _) in PROJECTS.items():
        assert (name.replace(" ", "_") in refused) == (kind == SCHEMA), (name, kind)


@pytest.mark.parametrize(
    "cases, file, schema",
    [(PORTFOLIO, "portfolio.yaml", "portfolio.schema.json"), (ROLES, "roles.yaml", "roles.schema.json")],
    ids=["portfolio", "roles"],
)
def test_settings_schemas_refuse_what_the_validator_refuses(
    tmp_path: Path, cases: dict, file: str, schema: str
) -> None:
    original = (copy_fixture("minimal", tmp_path / "fixture") / file).read_text(encoding="utf-8")
    texts = {}
    for name, (_, old, new) in cases.items():
        assert old in original, name
        texts[name.replace(" ", "_")] = original.replace(old, new, 1)
        data = copy_fixture("minimal", tmp_path / name / "data")
        (data / file).write_text(texts[name.replace(" ", "_")], encoding="utf-8")
        assert problems_for(data), f"the validator accepts {name!r}"
    refused = schema_refuses(schema, texts, tmp_path / "check")
    for name, (kind, _, _) in cases.items():
        assert (name.replace(" ", "_") in refused) == (kind == SCHEMA), (name, kind)


def test_the_valid_fixture_passes_the_schemas(tmp_path: Path) -> None:
    fixture = copy_fixture("minimal", tmp_path / "data")
    for file, schema in (("portfolio.yaml", "portfolio.schema.json"), ("roles.yaml", "roles.schema.json")):
        assert (
            schema_refuses(
                schema, {file.removesuffix(".yaml"): (fixture / file).read_text(encoding="utf-8")}, tmp_path / file
            )
            == set()
        )
    projects = {p.stem: p.read_text(encoding="utf-8") for p in (fixture / "projects").glob("*.yaml")}
    assert schema_refuses("project.schema.json", projects, tmp_path / "projects") == set()
    assert os.path.isdir(fixture)
