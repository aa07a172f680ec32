"""Mutated project files only ever produce worded problems: never an exception, never a silent drop."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.problems import DataProblems
from support import FIXTURES

PROBLEM_LINE = re.compile(r"^\S+\.ya?ml:\d+: (\S+: )?\S.*$")
VALID = (FIXTURES / "minimal" / "projects" / "ALPHA.yaml").read_text(encoding="utf-8")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["2026-02-30", "TBC", "red", "javascript:x", "../x", "", "R1", "No", "010", "x\n::error::y", "x" * 500]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, prefix + (index,))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    data = yaml.safe_load(VALID)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        target = draw(st.sampled_from(paths))
        parent = data
        for part in target[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[target[-1]] = draw(values)
        elif action == "delete":
            del parent[target[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(values)
        else:
            parent.append(draw(values))
        if not isinstance(data, dict):
            break
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def damaged_text(draw: st.DrawFn) -> bytes:
    raw = VALID.encode("utf-8")
    cut = draw(st.integers(0, len(raw)))
    junk = draw(
        st.binary(max_size=12)
        | st.sampled_from(
            [
                b":",
                b"- ",
                b"\t",
                b"[",
                b"{",
                b"&a *a",
                b"!!binary x",
                b"\xff",
                # YAML 1.1 traps, non-finite numbers, aliases and merges, deep nesting
                b"010",
                b"No",
                b"1_000",
                b".nan",
                b"-.inf",
                b"1e999",
                b"&b [*b]",
                b"*nowhere",
                b"<<: *a",
                b"<<: 1",
                b"[" * 200,
                b"\n---\n",
                b"? [a]\n: b\n",
            ]
        )
    )
    return raw[:cut] + junk + raw[cut + draw(st.integers(0, 20)) :]


def check(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(FIXTURES / "minimal", data)
    (data / "projects" / "ALPHA.yaml").write_bytes(content)
    (data / "projects" / "BETA.yaml").unlink()  # BETA depends on ALPHA; keep the problems about ALPHA alone
    try:
        portfolio = load_portfolio(data)
    except DataProblems as failure:
        assert failure.problems
        for problem in failure.problems:
            line = str(problem)
            assert PROBLEM_LINE.match(line.replace(str(tmp_path), "tmp")), line
            assert problem.line >= 1
    else:
        assert [p.id for p in portfolio.projects] == ["ALPHA"]  # valid → kept, never dropped


FUZZ = settings(
    max_examples=int(os.environ.get("PMO_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(document=mutated_documents())
def test_mutated_values(tmp_path: Path, document: str) -> None:
    check(tmp_path, document.encode("utf-8"))


@FUZZ
@given(content=damaged_text())
def test_damaged_bytes(tmp_path: Path, content: bytes) -> None:
    check(tmp_path, content)
