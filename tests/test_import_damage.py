"""``pmo-hub import`` on damaged registers: each damage is refused with its line, nothing is written.

Regression tests for issue 11: before, each of these imported wrong values (or crashed with a
traceback) with exit status 0 or after earlier rows were already written. The command runs
in-process (``cli.main``), so an exception would fail the test rather than hide in stderr.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from pmo_hub.cli import main
from pmo_hub.tools.importer import values
from pmo_hub.tools.importer.ownership import Ownership, ownership
from support import ROOT, copy_fixture

GMPP = ROOT.parent / "shared" / "data" / "gmpp" / "gmpp_2023.csv"

HEADER = ["Ref", "Title", "Dept", "Start", "Finish", "Budget", "Needs", "RAG", "Comment"]
P1 = [
    "P1",
    "Library kiosks – phase 1",
    "prog-a",
    "01.01.2026",
    "31.12.2026",
    "1,234.5",
    "",
    "Amber",
    "Going well.\r\nNext: tender.",
]
P2 = ["P2", "Depot roof", "prog-a", "01.09.2026", "31.03.2027", "80", "P1", "Red", "Late."]
# Lines: header 1; P1 on 2 (its comment runs onto 3); P2 on 4.
MAPPING = """\
source: {encoding: cp1252, delimiter: ";"}
dates: "%d.%m.%Y"
money: {scale: £k}
fields:
  id: Ref
  name: Title
  programme: Dept
  start: Start
  end: Finish
  budget.approved: Budget
  dependencies: {column: Needs, split: " "}
  stage: {derive: {}}
update:
  overall: RAG
  summary: {column: Comment, default: No commentary.}
"""


def register_text(*rows: list[str], header: list[str] = HEADER) -> str:
    stream = io.StringIO(newline="")
    csv.writer(stream, delimiter=";").writerows([header, *rows])
    return stream.getvalue()


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding data/ (the minimal portfolio) and map.yaml; the working folder of the run."""
    copy_fixture("minimal", tmp_path / "data")
    (tmp_path / "map.yaml").write_text(MAPPING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(
    capsys: pytest.CaptureFixture[str], register: str = "register.csv", *extra: str
) -> tuple[int, list[str], list[str]]:
    code = main(["import", register, "--mapping", "map.yaml", "--data-dir", "data", *extra])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def projects(work: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((work / "data" / "projects").iterdir())}


def test_a_clean_register_imports(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "register.csv").write_bytes(register_text(P1, P2).encode("cp1252"))
    code, out, err = run(capsys)
    assert (code, err) == (0, [])
    assert out[-1] == (
        "register.csv: 2 rows (encoding cp1252, delimiter ';'): 2 created, 0 updated, 0 unchanged, 0 kept, 0 refused."
    )
    p1 = (work / "data" / "projects" / "P1.yaml").read_text(encoding="utf-8")
    assert "name: Library kiosks – phase 1\n" in p1 and "approved: 1234500\n" in p1


def test_a_register_cut_inside_a_record_is_refused_and_the_good_file_kept(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "register.csv").write_bytes(register_text(P1, P2).encode("cp1252"))
    run(capsys)
    before = projects(work)
    full = register_text(P2, P1).encode("cp1252")
    # Cut in P1's budget: before, P1.yaml lost start, end, budget and update and went back to proposal.
    (work / "register.csv").write_bytes(full[: full.index(b"01.01.2026")])
    code, out, err = run(capsys)
    assert code == 1
    assert err == [
        "register.csv:3: the file ends inside this row, without a line break: it looks cut short "
        "(an interrupted download?); if the row is complete, end the file with a line break",
        "1 problem in 1 row: nothing was written.",
    ]
    assert out[1] == "row 3: refused: see register.csv:3"
    assert projects(work) == before

    # Cut inside the quoted, multi-line comment: the quote is never closed.
    (work / "register.csv").write_bytes(full[: full.index(b"Next: tender")])
    code, out, err = run(capsys, "register.csv", "--partial")
    assert code == 1
    assert err[0] == (
        "register.csv:3: a quoted cell is not closed before the end of the file: the file is cut "
        "short (an interrupted download?)"
    )
    assert out[1] == "row 3: refused: see register.csv:3"
    assert projects(work) == before  # P2 unchanged, P1 left as it was


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            P2[:7],
            "register.csv:4: 7 cells for 9 columns: a cell is missing, so the values cannot be matched to their "
            "columns",
        ),
        (
            [*P2[:2], "extra", *P2[2:]],
            "register.csv:4: 10 cells for 9 columns: an extra cell 'Late.', so the values "
            "cannot be matched to their columns (a ';' inside a value must be quoted)",
        ),
        (
            [*P2, ""],
            "register.csv:4: 10 cells for 9 columns: extra empty cells, so the values cannot be matched to "
            "their columns (a ';' inside a value must be quoted)",
        ),
    ],
)
def test_rows_with_too_few_or_too_many_cells_are_refused(
    work: Path, capsys: pytest.CaptureFixture[str], row: list[str], message: str
) -> None:
    (work / "register.csv").write_bytes(register_text(P1, row).encode("cp1252"))
    code, out, err = run(capsys)
    assert code == 1
    assert err == [message, "1 problem in 1 row: nothing was written."]
    assert projects(work) == {"ALPHA.yaml": projects(work)["ALPHA.yaml"], "BETA.yaml": projects(work)["BETA.yaml"]}
    code, out, err = run(capsys, "register.csv", "--partial")
    assert code == 1 and sorted(projects(work)) == ["ALPHA.yaml", "BETA.yaml", "P1.yaml"]


@pytest.mark.parametrize(
    ("cell", "decimal", "amount"),
    [
        ("1,234", ".", 1234),
        ("1,234.5", ".", 1234.5),
        ("12,345,678.25", ".", 12345678.25),
        ("34.5", ".", 34.5),
        ("£ 1 234.5", ".", 1234.5),
        ("(1,000)", ".", -1000),
        (".5", ".", 0.5),
        ("1.5E+3", ".", 1500),
        ("1.234", ",", 1234),
        ("1.234,5", ",", 1234.5),
        ("34,5", ",", 34.5),
        ("1 234,5", ",", 1234.5),
    ],
)
def test_amounts_that_fit_the_decimal_convention(cell: str, decimal: str, amount: float) -> None:
    assert values.parse_money(cell, Decimal(1), decimal) == amount


@pytest.mark.parametrize(
    ("cell", "decimal"),
    [
        ("34,5", "."),
        ("1.234,5", "."),
        ("1,23", "."),
        ("12,34,567", "."),
        ("1.2.3", "."),
        ("1,234,5", "."),
        ("34.5", ","),
        ("1,234.5", ","),
        ("1'234", "."),
        ("5.", "."),
    ],
)
def test_ambiguous_amounts_are_refused_not_guessed(cell: str, decimal: str) -> None:
    with pytest.raises(values.Refused, match="does not fit the decimal mark"):
        values.parse_money(cell, Decimal(1), decimal)


@pytest.mark.parametrize(
    "cell",
    ["1e400", "12345678901234567890123456789", "inf", "-Infinity", "NaN", float("inf"), float("nan"), "10000000000000"],
)
def test_amounts_out_of_range_are_refused(cell: object) -> None:
    with pytest.raises(values.Refused, match="out of range|not a finite amount"):
        values.parse_money(cell, Decimal(1), ".")
    assert values.parse_money("9999999999999.99", Decimal(1), ".") == 9999999999999.99


def test_an_ambiguous_amount_refuses_its_row(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: '34,5' became 345 (£345k instead of £34.5k) and '1.234,5' became 1.23.
    (work / "register.csv").write_bytes(register_text(P1, [*P2[:5], "34,5", *P2[6:]]).encode("cp1252"))
    code, out, err = run(capsys)
    assert code == 1
    assert err == [
        "register.csv:4: column 'Budget': '34,5' does not fit the decimal mark '.' (as in 1,234.5): "
        "refused rather than guessed; if the register writes decimals with ',', set decimal: ',' in the "
        "mapping's money section",
        "1 problem in 1 row: nothing was written.",
    ]


@pytest.mark.parametrize(("amount", "shown"), [("1e400", "'1e400'"), ("9" * 29, repr("9" * 29))])
def test_a_huge_amount_is_a_problem_not_a_traceback(
    work: Path, capsys: pytest.CaptureFixture[str], amount: str, shown: str
) -> None:
    # Before: a decimal.InvalidOperation traceback after P1.yaml was already written, and no summary.
    (work / "register.csv").write_bytes(register_text(P1, [*P2[:5], amount, *P2[6:]]).encode("cp1252"))
    code, out, err = run(capsys)
    assert code == 1
    assert err[0] == (
        f"register.csv:4: column 'Budget': {shown} is out of range: an amount must be below "
        "10,000,000,000,000 (10^13) in the portfolio currency"
    )
    assert "P1.yaml" not in projects(work)


def test_utf8_read_as_cp1252_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: written as 'Library kiosks â€“ phase 1', exit 0.
    (work / "register.csv").write_bytes(register_text(P1, P2).encode("utf-8"))
    code, out, err = run(capsys)
    assert code == 1
    assert err == [
        "register.csv:2: the file is UTF-8, not cp1252: read as cp1252, '–' would be written as 'â€“'; "
        "give --encoding utf-8 (or source.encoding: utf-8 in the mapping)"
    ]
    assert "P1.yaml" not in projects(work)
    code, out, err = run(capsys, "register.csv", "--encoding", "utf-8")
    assert code == 0 and "name: Library kiosks – phase 1\n" in (work / "data/projects/P1.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        (
            "utf-16",
            "register.csv:1: the file starts with a UTF-16 byte order mark: it is UTF-16, not cp1252; "
            "give --encoding utf-16 (or save it as CSV UTF-8)",
        ),
        (
            "utf-8-sig",
            "register.csv:1: the file starts with a UTF-8 byte order mark: it is UTF-8, not cp1252; "
            "give --encoding utf-8",
        ),
        (
            "utf-16-le",
            "register.csv:1: the file holds NUL bytes: it is UTF-16 or UTF-32, not cp1252; give the right "
            "--encoding (or source.encoding in the mapping) instead of cp1252",
        ),
    ],
)
def test_unicode_files_under_a_single_byte_encoding_are_refused(
    work: Path, capsys: pytest.CaptureFixture[str], encoding: str, message: str
) -> None:
    (work / "register.csv").write_bytes(register_text(P1, P2).encode(encoding))
    code, out, err = run(capsys)
    assert (code, err) == (1, [message])
    assert "P1.yaml" not in projects(work)


def test_utf16_is_detected_when_no_encoding_is_given(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "map.yaml").write_text(MAPPING.replace("encoding: cp1252, ", ""), encoding="utf-8")
    (work / "register.csv").write_bytes(register_text(P1, P2).encode("utf-16"))
    code, out, err = run(capsys)
    assert (code, err) == (0, [])
    assert "(encoding utf-16, delimiter ';'): 2 created" in out[-1]
    assert "name: Library kiosks – phase 1\n" in (work / "data/projects/P1.yaml").read_text("utf-8")


def test_an_existing_file_that_is_not_utf8_is_reported_and_left_alone(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: a UnicodeDecodeError traceback, after the rows before it were written.
    broken = "id: P2\nname: Depot roof £\n".encode("cp1252")
    (work / "data" / "projects" / "P2.yaml").write_bytes(broken)
    (work / "register.csv").write_bytes(register_text(P1, P2).encode("cp1252"))
    code, out, err = run(capsys, "register.csv", "--force")
    assert code == 1
    assert err == [
        "data/projects/P2.yaml:2: not valid UTF-8 (byte 0xa3): left alone; save it as UTF-8 or remove "
        "it, then import again",
        "1 problem in 1 row: nothing was written.",
    ]
    assert out[1] == "row 3: P2: refused: see data/projects/P2.yaml:2"
    assert (work / "data" / "projects" / "P2.yaml").read_bytes() == broken
    assert "P1.yaml" not in projects(work)


def test_a_formula_without_a_saved_value_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([*P1[:5], 1234.5, *P1[6:]])
    sheet.append([*P2[:5], "=F2*2", *P2[6:]])  # openpyxl saves formulas without computing them
    book.save(work / "reg.xlsx")
    # Before: P2 was written without a budget (so as a proposal) and no note said why.
    code, out, err = run(capsys, "reg.xlsx")
    assert code == 1
    assert err == [
        "reg.xlsx:3: column 'Budget': formula '=F2*2' has no saved value (the workbook was written by a "
        "program that does not calculate): open and save it in Excel or LibreOffice",
        "1 problem in 1 row: nothing was written.",
    ]


def test_a_comment_added_above_the_header_counts_as_a_hand_change(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "register.csv").write_bytes(register_text(P1, P2).encode("cp1252"))
    run(capsys)
    p2 = work / "data" / "projects" / "P2.yaml"
    annotated = "# Budget under review: do not re-import until the board decides.\n" + p2.read_text("utf-8")
    p2.write_text(annotated, encoding="utf-8")
    assert ownership(annotated) is Ownership.commented
    (work / "register.csv").write_bytes(register_text(P1, [*P2[:5], "90", *P2[6:]]).encode("cp1252"))
    # Before: P2 was rewritten and the comment silently removed.
    code, out, err = run(capsys)
    assert (code, err) == (0, [])
    assert out[1] == (
        "row 3: P2: kept data/projects/P2.yaml (a comment was added above its import header, which "
        "counts as a change by hand; --force replaces it)"
    )
    assert p2.read_text("utf-8") == annotated
    code, out, err = run(capsys, "register.csv", "--force")
    assert out[1] == (
        "row 3: P2: updated data/projects/P2.yaml (changed by hand; replaced because of --force) — "
        "stage initiation: starts after 2026-06-30"
    )
    assert "approved: 90000\n" in p2.read_text("utf-8") and "Budget under review" not in p2.read_text("utf-8")


def test_a_dependency_on_a_refused_row_is_refused_too(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "register.csv").write_bytes(register_text([*P1[:5], "34,5", *P1[6:]], P2).encode("cp1252"))
    code, out, err = run(capsys, "register.csv", "--partial")
    assert code == 1
    assert err[:2] == [
        "register.csv:2: column 'Budget': '34,5' does not fit the decimal mark '.' (as in 1,234.5): "
        "refused rather than guessed; if the register writes decimals with ',', set decimal: ',' in "
        "the mapping's money section",
        "register.csv:4: column 'Needs': depends on project 'P1', whose row is refused",
    ]
    assert sorted(projects(work)) == ["ALPHA.yaml", "BETA.yaml"]  # P2 would point at a project that is not there


def test_a_failed_write_leaves_every_file_as_it_was(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmo_hub.tools.importer import staging

    (work / "register.csv").write_bytes(register_text(P1, P2).encode("cp1252"))
    real = staging.os.fdopen
    calls = []

    def disk_full_on_the_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(staging.os, "fdopen", disk_full_on_the_second)
    code, out, err = run(capsys)
    assert code == 1
    assert err == ["data/projects/P2.yaml:1: cannot write: No space left on device: nothing was written"]
    assert out[-1].endswith("0 refused (nothing written: see the problem below).")
    assert sorted(p.name for p in (work / "data" / "projects").iterdir()) == ["ALPHA.yaml", "BETA.yaml"]


def test_mapping_typos_inside_fields_and_update_get_a_suggestion(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "register.csv").write_bytes(register_text(P1).encode("cp1252"))
    (work / "map.yaml").write_text(
        MAPPING.replace("  overall: RAG\n", "  overall: {colum: RAG}\n").replace(
            "  start: Start\n", "  start: {column: Start, dflt: x}\n"
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys)
    assert code == 1
    assert err == [
        "map.yaml:8: fields.start.dflt: unknown field (did you mean 'default'?)",
        "map.yaml:14: update.overall.colum: unknown field (did you mean 'column'?)",
    ]


@pytest.mark.skipif(not GMPP.is_file(), reason=f"the GMPP export is not at {GMPP} (../shared beside the repo)")
def test_the_gmpp_export_cut_short_is_refused_at_its_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "data" / "portfolio.yaml").write_bytes((ROOT / "examples" / "gmpp" / "portfolio.yaml").read_bytes())
    (work / "gmpp_2023.csv").write_bytes(GMPP.read_bytes()[:300_000])
    code = main(
        ["import", "gmpp_2023.csv", "--mapping", str(ROOT / "examples" / "gmpp" / "mapping.yaml"), "--data-dir", "data"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    # Independently: line 541 is where the last, unclosed quoted cell of the cut file starts.
    cut = GMPP.read_bytes()[:300_000].decode("cp1252").replace("\r\n", "\n")
    assert cut[: cut.rindex(';"') + 1].count("\n") + 1 == 541
    assert err.splitlines() == [
        "gmpp_2023.csv:541: a quoted cell is not closed before the end of the file: the file "
        "is cut short (an interrupted download?)",
        "1 problem in 1 row: nothing was written.",
    ]
    assert sorted(projects(work)) == ["ALPHA.yaml", "BETA.yaml"]


def test_a_tier_column_imports_and_an_unknown_tier_refuses_its_row(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Contract 1.1: `tier` is a field a column can feed, checked against portfolio.yaml's tiers."""
    with (work / "data" / "portfolio.yaml").open("a", encoding="utf-8") as settings:
        settings.write("tiers:\n  - id: t1\n    name: Tier 1\n")
    (work / "map.yaml").write_text(
        MAPPING.replace("  dependencies:", "  tier: Tier\n  dependencies:"), encoding="utf-8"
    )
    header = [*HEADER, "Tier"]
    (work / "register.csv").write_bytes(register_text([*P1, "t1"], [*P2, "t9"], header=header).encode("cp1252"))
    code, out, err = run(capsys, "register.csv", "--partial")
    assert code == 1
    assert err == [
        "register.csv:4: column 'Tier': tier 't9' not found in data/portfolio.yaml",
        "1 problem in 1 row: the other rows were written (--partial).",
    ]
    assert "1 tier id not found (1 rows refused): t9" in out
    p1 = (work / "data" / "projects" / "P1.yaml").read_text(encoding="utf-8")
    assert "\ntier: t1\n" in p1
    assert not (work / "data" / "projects" / "P2.yaml").exists()
