"""Damaged registers never import wrong values: a run writes the clean output or reports the line.

Hypothesis writes small valid registers, imports each cleanly, then damages it: cut at any
byte, a cell added to or removed from one row, or the whole file saved in another encoding.
The property, for the default (all or nothing) and for ``partial``:

- every file written is byte for byte the file the clean register gives for that project;
- every damaged row is refused, with a problem on one of the register lines the row spans;
- all or nothing: if anything is refused, nothing is written; otherwise exactly the rows
  the damaged file still holds whole are written (a cut between rows just shortens it);
- partial: exactly the rows that are whole and undamaged are written.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo_hub.tools.importer import MappingError, import_register, load_mapping
from support import FIXTURES

HEADER = ["Ref", "Title", "Start", "Finish", "Budget", "RAG", "Comment"]
MAPPING = """\
source: {encoding: cp1252, delimiter: ";"}
dates: "%d.%m.%Y"
money: {scale: £k}
fields:
  id: Ref
  name: Title
  start: Start
  end: Finish
  budget.approved: Budget
  stage: {derive: {}}
update:
  overall: {column: RAG, default: null}
  summary: {column: Comment, default: No commentary.}
"""
PROBLEM = re.compile(r"register\.csv:(\d+): ")

rows = st.lists(
    st.tuples(
        st.text(alphabet='abcXYZ –é£,;"', min_size=1, max_size=10).filter(str.strip),
        st.sampled_from([("01.01.2026", "31.12.2026"), ("01.09.2026", "31.03.2027"), ("", "")]),
        st.sampled_from(["80", "1,234.5", "34.5", "", "£12", "TBC"]),
        st.sampled_from(["Amber", "red", "Amber/Green", ""]),
        st.text(alphabet='ab –\n;"', max_size=8),
    ),
    min_size=1,
    max_size=4,
)


@dataclass
class Register:
    data: bytes
    spans: list[tuple[int, int]]  # each row's bytes, line break included
    lines: list[tuple[int, int]]  # each row's first and last line
    ids: list[str]


def write_register(values: list[tuple], damage: tuple[int, int, str] | None = None) -> Register:
    """cp1252 bytes of the register; ``damage``: (row, cell, 'add' | 'drop') changes one row's cells."""

    def record(cells: list[str]) -> str:
        stream = io.StringIO(newline="")
        csv.writer(stream, delimiter=";").writerow(cells)
        return stream.getvalue()

    text, spans, lines, ids = record(HEADER), [], [], []
    line = 2
    for number, (name, (start, end), budget, rating, comment) in enumerate(values, start=1):
        cells = [f"P{number}", name, start, end, budget, rating, comment]
        if damage and damage[0] == number - 1:
            if damage[2] == "add":
                cells.insert(damage[1] % (len(cells) + 1), "x")
            else:
                del cells[damage[1] % len(cells)]
        one = record(cells)
        before = len(text.encode("cp1252"))
        text += one
        spans.append((before, len(text.encode("cp1252"))))
        last = line + one.count("\n") - 1
        lines.append((line, last))
        line = last + 1
        ids.append(f"P{number}")
    return Register(text.encode("cp1252"), spans, lines, ids)


def run(work: Path, name: str, data: bytes, *, partial: bool) -> tuple[dict[str, bytes], list[int] | None, list]:
    """(files written, problem lines, or None when the whole register was refused, results)."""
    data_dir = work / name
    shutil.copytree(FIXTURES / "minimal", data_dir)
    before = {path.name for path in (data_dir / "projects").iterdir()}
    register = work / name / "register.csv"
    register.write_bytes(data)
    try:
        report = import_register(register, load_mapping(work / "map.yaml"), data_dir, partial=partial)
    except MappingError as error:
        assert all(line.strip() for line in error.problems)
        problems, results = None, []
    else:
        problems = []
        for problem in report.problems:
            match = PROBLEM.search(str(problem))
            assert match, str(problem)
            problems.append(int(match.group(1)))
        results = report.results
    written = {path.stem: path.read_bytes() for path in (data_dir / "projects").iterdir() if path.name not in before}
    return written, problems, results


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(values=rows, data=st.data())
def test_a_damaged_register_writes_the_clean_output_or_reports_the_line(
    values: list[tuple], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory(prefix="pmo-import-fuzz-") as folder:
        work = Path(folder)
        (work / "map.yaml").write_text(MAPPING, encoding="utf-8")
        clean = write_register(values)
        expected, problems, _ = run(work, "clean", clean.data, partial=False)
        assert problems == [] and sorted(expected) == clean.ids  # every generated row is valid

        kind = data.draw(st.sampled_from(["cut", "add", "drop", "encoding"]), label="damage")
        damaged_rows: set[int] = set()
        whole = set(range(len(values)))
        if kind == "cut":
            at = data.draw(st.integers(0, len(clean.data) - 1), label="cut at")
            register = Register(clean.data[:at], clean.spans, clean.lines, clean.ids)
            # A row is whole if all of it but at most the "\n" of its "\r\n" survived.
            whole = {i for i, (start, end) in enumerate(clean.spans) if at >= end - 1}
            damaged_rows = {i for i, (start, end) in enumerate(clean.spans) if start < at < end - 1}
        elif kind in ("add", "drop"):
            row = data.draw(st.integers(0, len(values) - 1), label="row")
            cell = data.draw(st.integers(0, len(HEADER)), label="cell")
            register = write_register(values, (row, cell, kind))
            damaged_rows = {row}
        else:
            encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le"]), label="encoding")
            text = clean.data.decode("cp1252")
            register = Register(text.encode(encoding), clean.spans, clean.lines, clean.ids)
            if register.data != clean.data:
                damaged_rows = whole  # the whole file is in the wrong encoding

        for partial in (False, True):
            written, problems, results = run(work, f"damaged-{partial}", register.data, partial=partial)
            for project_id, content in written.items():
                assert content == expected[project_id], f"{project_id} differs from the clean import"
            if problems is None:  # the register as a whole was refused
                assert written == {}
                assert damaged_rows or kind == "cut"
                continue
            refused = {result.row - 2 for result in results if result.action == "refused"}
            assert refused == damaged_rows, problems
            for i in damaged_rows:
                first, last = register.lines[i]
                assert any(first <= line <= last for line in problems), (i, problems)
            if partial or not problems:
                assert sorted(written) == sorted(clean.ids[i] for i in whole - damaged_rows)
            else:
                assert written == {}
