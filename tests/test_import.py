"""``pmo-hub import``: register rows become valid project files, safely and repeatably.

Expected values are worked out by hand from the register rows written here (the fixture
portfolio's reporting date is 2026-06-30).
"""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from pmo_hub.load.portfolio import load_portfolio
from support import ROOT, build, pmo_hub, site_config

SHARED = Path(__file__).resolve().parents[2] / "shared"
GMPP = SHARED / "data" / "gmpp" / "gmpp_2023.csv"

HEADER = ["Ref", "Title", "Dept", "Start", "Finish", "Budget (£k)", "IPA", "SRO", "Comment"]
EXEMPT = "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial Interests)"
ROWS = [
    # row 2: id slugified; in progress on 2026-06-30; 1,234.5 £k; IPA rating mapped
    [
        "P 1/A",
        "Library kiosks",
        "prog-a",
        "01.01.2026",
        "31.12.2026",
        "1,234.5",
        "Amber/Green",
        "Red",
        "Line one  \r\nLine two",
    ],
    # row 3: starts after the reporting date; no IPA rating, so the SRO's
    ["P2", "Depot roof", "prog-a", "01.09.2026", "31.03.2027", "80", "", "red", ""],
    # row 4: ended before the reporting date; both ratings withheld
    ["P3", "Old scheme", "", "01.01.2025", "31.03.2026", "£50", EXEMPT, EXEMPT, "Withheld."],
    # row 5: dates and money withheld: can only be a proposal
    ["P4", "Secret project", "prog-a", EXEMPT, EXEMPT, EXEMPT, "Green", "", "Fine."],
    # row 6: finish before start: the finish is left out, so a proposal
    ["P5", "Backwards", "prog-a", "20.02.2026", "20.01.2026", "10", "", "", ""],
    # row 7: a department that is not a programme
    ["P6", "Elsewhere", "unknown-dept", "01.01.2026", "31.12.2026", "5", "Red", "", "x"],
    # row 8: the same id again
    ["P2", "Depot roof again", "prog-a", "01.09.2026", "31.03.2027", "80", "", "", ""],
    # row 9: no name
    ["P7", "", "prog-a", "01.01.2026", "31.12.2026", "5", "", "", ""],
    # row 10: blank (ignored)
    ["", "", "", "", "", "", "", "", ""],
    # row 11: an existing, hand-written project file
    ["ALPHA", "Alpha from the register", "prog-a", "01.01.2026", "31.12.2026", "500", "", "", ""],
]

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
  budget.approved: "Budget (£k)"
  stage: {derive: {}}
update:
  overall:
    column: [IPA, SRO]
    map: {Amber/Green: amber-green}
    default: null
  summary: {column: Comment, default: No commentary.}
"""


def write_register(path: Path, rows: list[list[str]], encoding: str = "cp1252", delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows([HEADER, *rows])
    return path


@pytest.fixture
def register(data_dir: Path) -> tuple[Path, Path]:
    tmp = data_dir.parent
    (tmp / "map.yaml").write_text(MAPPING, encoding="utf-8")
    return write_register(tmp / "register.csv", ROWS), tmp / "map.yaml"


def run_import(data_dir: Path, register: Path, mapping: Path, *extra: str):
    return pmo_hub(
        "import", register.name, "--mapping", mapping.name, "--data-dir", "data", *extra, cwd=data_dir.parent
    )


def project(data_dir: Path, project_id: str) -> dict:
    """The file's data, dates as the ISO text they are written as."""
    return _plain(yaml.safe_load((data_dir / "projects" / f"{project_id}.yaml").read_text(encoding="utf-8")))


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


# Row 2's comment holds a line break, so from row 3 on the file line is the row number + 1.
PROBLEMS = [
    "register.csv:8: column 'Dept': programme 'unknown-dept' not found in data/portfolio.yaml",
    "register.csv:9: column 'Ref': same id as line 4",
    "register.csv:10: column 'Title': no name: a project needs one",
]


def test_rows_become_valid_project_files(data_dir: Path, register: tuple[Path, Path]) -> None:
    alpha_before = (data_dir / "projects" / "ALPHA.yaml").read_bytes()
    done = run_import(data_dir, *register, "--partial")
    assert done.returncode == 1, done.stderr  # rows were refused
    assert done.stderr.splitlines() == [*PROBLEMS, "3 problems in 3 rows: the other rows were written (--partial)."]
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "row 2: P-1-A: created data/projects/P-1-A.yaml — stage delivery; id 'P 1/A' is not a valid id: 'P-1-A' used"
    )
    assert lines[1] == "row 3: P2: created data/projects/P2.yaml — stage initiation: starts after 2026-06-30"
    assert lines[2].startswith(
        "row 4: P3: created data/projects/P3.yaml — stage closing: ended before 2026-06-30; "
        "overall: 'Exempt under Section 43 of the Freedom …' is not a rating (IPA); "
    )
    assert lines[2].endswith("is not a rating (SRO): left out; no status update (no recognised overall rating)")
    assert lines[3].startswith(
        "row 5: P4: created data/projects/P4.yaml — stage proposal: no start, end, "
        "budget.approved (required from initiation on); start: 'Exempt under"
    )
    assert lines[4] == (
        "row 6: P5: created data/projects/P5.yaml — stage proposal: no end (required from "
        "initiation on); no status update (no recognised overall rating); "
        "end: 2026-01-20 is before start 2026-02-20: left out"
    )
    assert lines[5] == "row 7: P6: refused: see register.csv:8"
    assert lines[6] == "row 8: P2: refused: see register.csv:9"
    assert lines[7] == "row 9: P7: refused: see register.csv:10"
    assert lines[8] == (
        "row 11: ALPHA: kept data/projects/ALPHA.yaml (changed by hand since the last import; --force replaces it)"
    )
    assert lines[9] == (
        "register.csv: 9 rows (encoding cp1252, delimiter ';'): 5 created, 0 updated, 0 unchanged, 1 kept, 3 refused."
    )
    assert lines[10] == "1 programme id not found (1 rows refused): unknown-dept"
    assert lines[11:] == [
        "Add them to data/portfolio.yaml (then import again), e.g.:",
        "programmes:",
        "  - id: unknown-dept",
        "    name: unknown-dept",
    ]

    assert project(data_dir, "P-1-A") == {
        "id": "P-1-A",
        "name": "Library kiosks",
        "stage": "delivery",
        "programme": "prog-a",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "budget": {"approved": 1234500},
        "updates": [{"date": "2026-06-30", "overall": "amber-green", "summary": "Line one\nLine two"}],
    }
    assert project(data_dir, "P2")["updates"] == [{"date": "2026-06-30", "overall": "red", "summary": "No commentary."}]
    assert project(data_dir, "P3") == {
        "id": "P3",
        "name": "Old scheme",
        "stage": "closing",
        "start": "2025-01-01",
        "end": "2026-03-31",
        "budget": {"approved": 50000},
    }
    assert project(data_dir, "P4") == {
        "id": "P4",
        "name": "Secret project",
        "stage": "proposal",
        "programme": "prog-a",
        "updates": [{"date": "2026-06-30", "overall": "green", "summary": "Fine."}],
    }
    assert project(data_dir, "P5") == {
        "id": "P5",
        "name": "Backwards",
        "stage": "proposal",
        "programme": "prog-a",
        "start": "2026-02-20",
        "budget": {"approved": 10000},
    }
    assert not (data_dir / "projects" / "P6.yaml").exists()
    assert (data_dir / "projects" / "ALPHA.yaml").read_bytes() == alpha_before
    # Everything written passes the build's own checks.
    assert [p.id for p in load_portfolio(data_dir).projects] == ["ALPHA", "BETA", "P-1-A", "P2", "P3", "P4", "P5"]


def test_import_is_all_or_nothing_by_default(data_dir: Path, register: tuple[Path, Path]) -> None:
    before = {p.name: p.read_bytes() for p in (data_dir / "projects").iterdir()}
    done = run_import(data_dir, *register)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [*PROBLEMS, "3 problems in 3 rows: nothing was written."]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("row 2: P-1-A: would be created data/projects/P-1-A.yaml — stage delivery")
    assert lines[9] == (
        "register.csv: 9 rows (encoding cp1252, delimiter ';'): 5 to create, 0 to update, "
        "0 unchanged, 1 kept, 3 refused (nothing written: the import is all or nothing; fix the "
        "refused rows, or give --partial to write the others)."
    )
    assert {p.name: p.read_bytes() for p in (data_dir / "projects").iterdir()} == before

    # Fixed rows: now everything is written.
    path, mapping = register
    write_register(path, [row for row in ROWS if row[0] not in ("P6", "P7") and row[1] != "Depot roof again"])
    done = run_import(data_dir, path, mapping)
    assert done.returncode == 0, done.stderr
    assert "5 created, 0 updated, 0 unchanged, 1 kept, 0 refused." in done.stdout
    assert done.stderr == ""


def test_dry_run_writes_nothing(data_dir: Path, register: tuple[Path, Path]) -> None:
    before = sorted(p.name for p in (data_dir / "projects").iterdir())
    done = run_import(data_dir, *register, "--dry-run")
    assert done.stdout.splitlines()[1] == (
        "row 3: P2: would be created data/projects/P2.yaml — stage initiation: starts after 2026-06-30"
    )
    assert "(dry run: nothing written)" in done.stdout
    assert sorted(p.name for p in (data_dir / "projects").iterdir()) == before


def test_reimport_is_idempotent_and_respects_hand_edits(data_dir: Path, register: tuple[Path, Path]) -> None:
    path, mapping = register
    run_import(data_dir, path, mapping, "--partial")
    again = run_import(data_dir, path, mapping, "--partial")
    assert "0 created, 0 updated, 5 unchanged, 1 kept, 3 refused." in again.stdout

    p2 = data_dir / "projects" / "P2.yaml"
    edited = p2.read_text(encoding="utf-8").replace("name: Depot roof", "name: Depot roof (phase 1)")
    p2.write_text(edited, encoding="utf-8")
    rows = [list(row) for row in ROWS]
    rows[1][5] = "90"  # P2's budget changes in the register
    rows[2][5] = "60"  # and P3's
    write_register(path, rows)
    third = run_import(data_dir, path, mapping, "--partial")
    assert (
        "row 3: P2: kept data/projects/P2.yaml (changed by hand since the last import; --force replaces it)"
        in third.stdout.splitlines()
    )
    assert "row 4: P3: updated data/projects/P3.yaml" in third.stdout
    assert p2.read_text(encoding="utf-8") == edited
    assert project(data_dir, "P3")["budget"] == {"approved": 60000}

    forced = run_import(data_dir, path, mapping, "--force", "--partial")
    assert "row 3: P2: updated data/projects/P2.yaml (changed by hand; replaced because of --force)" in forced.stdout
    assert project(data_dir, "P2")["name"] == "Depot roof" and project(data_dir, "P2")["budget"] == {"approved": 90000}
    assert "row 11: ALPHA: updated" in forced.stdout  # --force replaces hand-written files too
    load_portfolio(data_dir)


def test_never_writes_a_file_the_build_would_reject(data_dir: Path) -> None:
    tmp = data_dir.parent
    (tmp / "map.yaml").write_text(
        "fields:\n  id: Ref\n  name: Title\n  stage: Stage\n  start: Start\n  tags: Tags\n", encoding="utf-8"
    )
    (tmp / "reg.csv").write_text(
        "Ref,Title,Stage,Start,Tags\n"
        "Q1,Needs dates,delivery,2026-01-01,a\n"  # delivery without end and budget: cannot be fixed
        'Q2,Fine,Planning,,"x, y, x"\n'  # stage matched ignoring case; tags split and deduplicated
        "Q3,Odd stage,someday,,\n",  # not a stage: reported, and a proposal by default
        encoding="utf-8",
    )
    done = pmo_hub("import", "reg.csv", "--mapping", "map.yaml", "--data-dir", "data", "--partial", cwd=tmp)
    assert done.stderr.splitlines() == [
        "reg.csv:2: budget.approved: required from stage 'initiation' on (stage is 'delivery')",
        "reg.csv:2: end: required from stage 'initiation' on (stage is 'delivery')",
        "reg.csv:3: budget.approved: required from stage 'initiation' on (stage is 'planning')",
        "reg.csv:3: end: required from stage 'initiation' on (stage is 'planning')",
        "reg.csv:3: column 'Start': start: required from stage 'initiation' on (stage is 'planning')",
        "5 problems in 2 rows: the other rows were written (--partial).",
    ]
    lines = done.stdout.splitlines()
    assert lines[0] == "row 2: Q1: refused: see reg.csv:2 and 1 more"
    assert lines[1] == "row 3: Q2: refused: see reg.csv:3 and 2 more"
    assert lines[2] == (
        "row 4: Q3: created data/projects/Q3.yaml — stage proposal (no stage given); "
        "stage: 'someday' is not a stage: left out"
    )
    assert "encoding utf-8, delimiter ','" in lines[3]
    assert sorted(p.name for p in (data_dir / "projects").iterdir()) == ["ALPHA.yaml", "BETA.yaml", "Q3.yaml"]
    load_portfolio(data_dir)


def test_encoding_and_delimiter_are_detected(data_dir: Path) -> None:
    tmp = data_dir.parent
    mapping = MAPPING.replace('source: {encoding: cp1252, delimiter: ";"}\n', "")
    (tmp / "map.yaml").write_text(mapping, encoding="utf-8")
    for name, encoding, delimiter in (("a.csv", "cp1252", ";"), ("b.csv", "utf-8-sig", ","), ("c.csv", "utf-8", "\t")):
        write_register(tmp / name, ROWS[:1], encoding=encoding, delimiter=delimiter)
        done = pmo_hub("import", name, "--mapping", "map.yaml", "--data-dir", "data", "--dry-run", cwd=tmp)
        shown = "utf-8" if encoding.startswith("utf-8") else encoding
        assert f"{name}: 1 rows (encoding {shown}, delimiter {delimiter!r}): 1 to create" in done.stdout, done.stdout
    # The options win over detection: read as UTF-8, the cp1252 '£' is not valid.
    done = pmo_hub("import", "a.csv", "--mapping", "map.yaml", "--data-dir", "data", "--encoding", "utf-8", cwd=tmp)
    assert done.returncode == 1
    assert done.stderr == "a.csv:1: byte 0xa3 is not valid utf-8; give the right --encoding\n"


def test_xlsx_register(data_dir: Path) -> None:
    from openpyxl import Workbook

    tmp = data_dir.parent
    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Register")
    sheet.append(["Ref", "Title", "Start", "End", "Budget", "RAG"])
    sheet.append(["X1", "From Excel", datetime(2026, 2, 1), datetime(2026, 11, 30), 250000.0, "Amber / Red"])
    sheet.append(["X2", "Text dates", "2026-03-01", "2026-04-01", "1,000", "GREEN"])
    book.save(tmp / "reg.xlsx")
    (tmp / "map.yaml").write_text(
        "source: {sheet: Register}\nfields:\n  id: Ref\n  name: Title\n  start: 3\n  end: End\n"
        "  budget.approved: Budget\n  stage: {derive: {}}\nupdate:\n  overall: RAG\n",
        encoding="utf-8",
    )
    done = pmo_hub("import", "reg.xlsx", "--mapping", "map.yaml", "--data-dir", "data", cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    assert project(data_dir, "X1") == {
        "id": "X1",
        "name": "From Excel",
        "stage": "delivery",
        "start": "2026-02-01",
        "end": "2026-11-30",
        "budget": {"approved": 250000},
        "updates": [{"date": "2026-06-30", "overall": "amber-red", "summary": "No commentary given."}],
    }
    assert project(data_dir, "X2")["stage"] == "closing"
    assert project(data_dir, "X2")["budget"] == {"approved": 1000}
    assert project(data_dir, "X2")["updates"][0]["overall"] == "green"


def test_mapping_mistakes_are_reported_with_lines(data_dir: Path, register: tuple[Path, Path]) -> None:
    path, mapping = register
    mapping.write_text(MAPPING.replace("  name: Title\n", "  name: Titel\n"), encoding="utf-8")
    done = run_import(data_dir, path, mapping)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "fields.name.column: no column 'Titel' in register.csv (did you mean 'Title'?); "
        "columns: Ref, Title, Dept, Start, Finish, Budget (£k), IPA, SRO, Comment"
    )
    mapping.write_text(MAPPING.replace("  name: Title\n", "  name: {colum: Title}\n"), encoding="utf-8")
    done = run_import(data_dir, path, mapping)
    assert done.returncode == 1
    assert "map.yaml:6: fields.name.colum: unknown field (did you mean 'column'?)" in done.stderr
    assert sorted(p.name for p in (data_dir / "projects").iterdir()) == ["ALPHA.yaml", "BETA.yaml"]


@pytest.mark.slow
@pytest.mark.skipif(not GMPP.is_file(), reason=f"the GMPP export is not at {GMPP} (../shared beside the repo)")
def test_gmpp_export_gives_244_valid_projects_and_a_site(tmp_path: Path) -> None:
    register = shutil.copy(GMPP, tmp_path / "gmpp_2023.csv")
    data = tmp_path / "data"
    (data / "projects").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "gmpp" / "portfolio.yaml", data / "portfolio.yaml")
    shutil.copy(ROOT / "data" / "roles.yaml", data / "roles.yaml")

    done = pmo_hub(
        "import",
        "gmpp_2023.csv",
        "--mapping",
        str(ROOT / "examples" / "gmpp" / "mapping.yaml"),
        "--data-dir",
        "data",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert (
        "gmpp_2023.csv: 244 rows (encoding cp1252, delimiter ';'): "
        "244 created, 0 updated, 0 unchanged, 0 kept, 0 refused."
    ) in done.stdout
    assert done.stderr == ""

    # Independent reading of the export with the csv module: every row's id is a file.
    with open(register, encoding="cp1252", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 244
    ids = sorted(row[header.index("project_number")] for row in body)
    assert sorted(p.stem for p in (data / "projects").glob("*.yaml")) == ids
    portfolio = load_portfolio(data)
    assert len(portfolio.projects) == 244

    # Spot checks against the raw rows: CO_0024_2021-Q2 has no IPA rating and an SRO "Amber",
    # a whole-life cost of 34 (£m) and runs 20.05.2020-30.09.2024, so it is in delivery on 2023-03-31.
    first = next(row for row in body if row[1] == "CO_0024_2021-Q2")
    assert (first[6], first[7], first[15], first[9], first[10]) == ("", "Amber", "34", "20.05.2020", "30.09.2024")
    co24 = portfolio.by_id["CO_0024_2021-Q2"]
    assert co24.stage.value == "delivery" and co24.approved == 34_000_000 and co24.programme == "co"
    assert co24.current is not None and co24.current.overall.value == "amber"
    assert str(co24.start) == "2020-05-20" and str(co24.end) == "2024-09-30"
    # Rows whose both ratings are exemption text get no status update.
    withheld = [row[1] for row in body if row[6].startswith("Exempt") and row[7].strip() not in RATINGS]
    assert withheld and all(not portfolio.by_id[i].updates for i in withheld)

    config = site_config(tmp_path, data)
    built = build(config)
    assert built.returncode == 0, built.stderr[-3000:]
    pages = list((tmp_path / "site" / "portfolio" / "projects").glob("*/index.html"))
    assert len(pages) == 244
    links = pmo_hub("check-links", "site", cwd=tmp_path)
    assert links.returncode == 0, links.stdout[-2000:]


RATINGS = {"Green", "Amber/Green", "Amber", "Amber/Red", "Red"}
