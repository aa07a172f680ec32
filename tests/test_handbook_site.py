"""The handbook in built sites: owner rule in strict builds, content review page, glossary
tooltips, page facts and template downloads."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from support import HOOK, ROOT, build, copy_fixture, site_config

EPOCH = "1780000000"  # 2026-05-28 20:26:40 UTC; the fixture folders are not in git

OWNER_MISSING = (
    "WARNING -  docs/no-owner.md:1: owner: missing; every hand-written page needs "
    "`owner: <role id>` in its front matter (one of: project-manager, sponsor)"
)


def page(src: str, owner: str | None, review_by: str, body: str = "Text.") -> tuple[str, str]:
    lines = ["---", f"title: {Path(src).stem.replace('-', ' ').capitalize()}"]
    lines += [f"owner: {owner}"] if owner else []
    lines += [f"review_by: {review_by}", "tags: [testing]", "---", "", body, ""]
    return src, "\n".join(lines)


def handbook_site(tmp: Path, pages: list[tuple[str, str]], extra_files: dict[str, str] | None = None) -> Path:
    """A small site with the hook, the theme overrides and the glossary; returns mkdocs.yml."""
    docs = tmp / "docs"
    for src, text in [*pages, *(extra_files or {}).items()]:
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    data = copy_fixture("minimal", tmp / "data")
    return site_config(
        tmp,
        data,
        docs_dir=docs,
        hooks=[str(HOOK)],
        theme={"name": "material", "font": False, "custom_dir": str(ROOT / "overrides")},
        markdown_extensions=["abbr", "tables"],
        exclude_docs=".*\n/includes/\n!/templates/\n",
    )


def run_build(config: Path, strict: bool) -> subprocess.CompletedProcess[str]:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH  # inherited by the build only for this call
    try:
        return build(config, strict=strict)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_a_page_without_owner_fails_the_strict_build(tmp_path: Path) -> None:
    config = handbook_site(
        tmp_path,
        [page("index.md", "sponsor", "2027-01-01"), page("no-owner.md", None, "2027-01-01")],
        {"includes/abbreviations.md": "*[SRO]: Senior Responsible Owner\n"},
    )
    result = run_build(config, strict=True)
    assert result.returncode == 1
    assert warnings(result) == [OWNER_MISSING]


# One non-strict build (as `mkdocs serve` does) of a site with every case, shared below.

PAGES = [
    page("index.md", "sponsor", "2027-12-31", "The SRO chairs the board."),
    page("standards/old.md", "project-manager", "2026-01-15"),
    page("standards/yesterday.md", "sponsor", "2026-06-29"),
    page("standards/today.md", "sponsor", "2026-06-30"),
    page("standards/in-60-days.md", "project-manager", "2026-08-29"),
    page("standards/in-61-days.md", "sponsor", "2026-08-30"),
    page("no-owner.md", None, "2027-01-01"),
    page(
        "templates/index.md",
        "project-manager",
        "2027-01-01",
        "[Brief](files/brief.md) · [Log](files/log.csv) · [Log for Excel](files/log.xlsx)",
    ),
]
FILES = {
    "includes/abbreviations.md": "*[SRO]: Senior Responsible Owner\n*[PMO]: Project Management Office\n",
    "templates/files/brief.md": "# Project brief\n\n## Objectives\n\nWhat the PMO and the SRO expect.\n",
    "templates/files/log.csv": 'id,title,score\nL-001,"Brief members early, in writing",12\nL-002,Trial migration,\n',
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("handbook")
    result = run_build(handbook_site(tmp, PAGES, FILES), strict=False)
    assert result.returncode == 0, result.stderr
    # Without --strict the missing owner is only a warning, and the site is built.
    assert warnings(result) == [OWNER_MISSING]
    return tmp / "site"


def review_rows(site: Path) -> dict[str, list[tuple[str, ...]]]:
    """Section heading → rows of (page source, owner, review date, days) on the review page."""
    markup = (site / "content-review/index.html").read_text(encoding="utf-8")
    sections = re.split(r'<h2 id="([^"]+)"', markup)
    found = {}
    for name, body in zip(sections[1::2], sections[2::2], strict=False):
        rows = re.findall(r'<tr data-page="([^"]+)">(.*?)</tr>', body)
        found[name] = [
            (src, *[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)[2:]]) for src, row in rows
        ]
    return found


def test_content_review_lists_overdue_due_and_ownerless_pages(site: Path) -> None:
    # Fixture reporting date: 2026-06-30. 2026-01-15 is 16+28+31+30+31+30 = 166 days before it.
    assert review_rows(site) == {
        "past-review-date": [
            ("standards/old.md", "Project Manager", "15 Jan 2026", "166"),
            ("standards/yesterday.md", "Sponsor", "29 Jun 2026", "1"),
        ],
        "no-owner": [("no-owner.md", "No owner", "01 Jan 2027")],
        "due-in-the-next-60-days": [
            ("standards/today.md", "Sponsor", "30 Jun 2026", "0"),
            ("standards/in-60-days.md", "Project Manager", "29 Aug 2026", "60"),
        ],
    }


def test_content_review_links_pages_and_owners(site: Path) -> None:
    markup = (site / "content-review/index.html").read_text(encoding="utf-8")
    assert '<a href="../standards/old/">Old</a>' in markup
    assert '<a href="../roles/profiles/project-manager/">Project Manager</a>' in markup


def test_every_hand_written_page_shows_owner_and_dates(site: Path) -> None:
    markup = (site / "standards/old/index.html").read_text(encoding="utf-8")
    facts = re.search(r'<aside class="pmo-page-facts".*?</aside>', markup, re.S)
    assert facts is not None
    assert (
        text_of(facts.group())
        == "Owner: Project Manager · Last updated: 28 May 2026 · Review by: 15 Jan 2026 review overdue"
    )
    assert '<a href="../../roles/profiles/project-manager/">Project Manager</a>' in facts.group()
    # Pages generated from the data have no owner line.
    for generated in ("content-review/index.html", "portfolio/projects/ALPHA/index.html"):
        assert '<aside class="pmo-page-facts"' not in (site / generated).read_text(encoding="utf-8")


def test_glossary_abbreviations_become_tooltips_on_pages_that_do_not_define_them(site: Path) -> None:
    markup = (site / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Senior Responsible Owner">SRO</abbr> chairs the board.' in markup
    assert "*[SRO]" not in markup


def test_template_documents_are_downloads_not_pages(site: Path) -> None:
    assert (site / "templates/files/brief.md").read_text(encoding="utf-8") == FILES["templates/files/brief.md"]
    assert not (site / "templates/files/brief/index.html").exists()
    markup = (site / "templates/index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="(files/[^"]+)"', markup) == ["files/brief.md", "files/log.csv", "files/log.xlsx"]


def test_each_csv_gets_an_xlsx_with_the_same_rows(site: Path) -> None:
    sheet = openpyxl.load_workbook(site / "templates/files/log.xlsx").active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["id", "title", "score"],
        ["L-001", "Brief members early, in writing", 12],
        ["L-002", "Trial migration", None],
    ]
    assert sheet["A1"].font.b


# -- the demo site ----------------------------------------------------------------------
# One test, so that parallel workers never build the demo twice. Slow: 10-25 s as the demo grows;
# the fixture site above covers the same machinery in the fast run.


@pytest.mark.slow
def test_demo_site_template_downloads_exist_and_open(tmp_path: Path) -> None:
    demo = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(demo)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    # The handbook text is checked by its own tests; here: no page breaks the metadata rule.
    metadata = [line for line in warnings(result) if re.match(r"WARNING -  docs/\S+\.md:\d+: ", line)]
    assert metadata == [], "\n".join(metadata)

    sources = ROOT / "docs/templates/files"
    expected = {p.name for p in sources.iterdir() if not p.name.startswith(".")}
    expected |= {p.stem + ".xlsx" for p in sources.glob("*.csv")}
    built = {p.name for p in (demo / "templates/files").iterdir()}
    assert built == expected  # no .md template was turned into a page folder
    linked = {
        href
        for index in (demo / "templates").glob("*/index.html")
        for href in re.findall(r'href="\.\./files/([^"#?]+)"', index.read_text(encoding="utf-8"))
    }
    assert linked <= built
    for name in sorted(built):
        path = demo / "templates/files" / name
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
            assert len(rows) >= 1 and all(rows[0]), name
            assert len({len(row) for row in rows}) == 1, f"{name}: rows of different lengths"
            sheet = openpyxl.load_workbook(path.with_suffix(".xlsx")).active
            cells = [
                ["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
            assert cells == rows, name
            assert all(cell.font.b for cell in sheet[1]), name
        elif name.endswith(".md"):
            assert path.read_bytes() == (sources / name).read_bytes()

    markup = (demo / "standards/stage-gates/index.html").read_text(encoding="utf-8")
    assert '<aside class="pmo-page-facts"' in markup
    assert '<abbr title="Project Management Office">PMO</abbr>' in markup
    assert (demo / "content-review/index.html").is_file() and (demo / "tags/index.html").is_file()
