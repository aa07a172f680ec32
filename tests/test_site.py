"""End to end: build a small site from fixture data and read the HTML people get."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from support import build, copy_fixture, site_config, write_project

HOSTILE_NAME = "<script>alert(1)</script> & Co"
HOSTILE_SUMMARY = """**Bold** and a [safe link](https://example.org/x).

<script>alert('summary')</script>

<img src=x onerror="alert(2)"> and <b onclick="alert(3)">bold tag</b>

[bad link](javascript:alert(4))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build shared by the tests of this module (builds cost seconds)."""
    tmp = tmp_path_factory.mktemp("site")
    data = copy_fixture("minimal", tmp / "data")
    write_project(
        data,
        "EVIL",
        "\n".join(
            [
                "id: EVIL",
                f"name: {json.dumps(HOSTILE_NAME)}",
                "stage: proposal",
                "summary: |",
                *("  " + line for line in HOSTILE_SUMMARY.splitlines()),
                'manager: "<i>Mallory</i>"',
                "tags: ['<em>tag</em>']",
                "",
            ]
        ),
    )
    theme = {"name": "material", "font": False, "features": ["content.action.edit"]}
    result = build(site_config(tmp, data, theme=theme))
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """Visible text, roughly: tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_every_project_gets_exactly_one_page(site: Path) -> None:
    pages = sorted(p.parent.name for p in (site / "portfolio/projects").glob("*/index.html"))
    assert pages == ["ALPHA", "BETA", "EVIL"]


def test_data_strings_are_escaped_everywhere(site: Path) -> None:
    for path in site.rglob("*.html"):
        markup = path.read_text(encoding="utf-8")
        assert "<script>alert" not in markup, path
        assert not re.search(r"<[^>]*\s(onerror|onclick)=", markup), path
        assert "<i>Mallory" not in markup and "<em>tag" not in markup, path
        assert "javascript:" not in markup, path
    evil = page(site, "portfolio/projects/EVIL/index.html")
    assert '<h1 id="project">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</h1>' in evil
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co - Test hub</title>" in evil


def test_summary_markdown_renders_but_raw_html_shows_as_text(site: Path) -> None:
    evil = page(site, "portfolio/projects/EVIL/index.html")
    assert "<strong>Bold</strong>" in evil
    assert '<a href="https://example.org/x">safe link</a>' in evil
    assert "&lt;script&gt;alert('summary')&lt;/script&gt;" in evil.replace("&#39;", "'")
    assert "&lt;b onclick=" in evil
    assert "<a>bad link</a>" in evil


def test_project_page_shows_the_record(site: Path) -> None:
    alpha = text_of(page(site, "portfolio/projects/ALPHA/index.html"))
    for expected in [
        "ALPHA Delivery Amber",
        "Programme Programme A",
        "Sponsor Sam Sponsor",
        "Manager Pat Manager",
        "Planned end 31 Dec 2026",
        "Forecast end 30 Jan 2027",
        "Slip +30 days",
        "Approved £500k",
        "Actual to date £200k",
        "Forecast at completion £550k",
        "Variance (forecast − approved) £50k +10.0%",
        "Overall Schedule Cost Scope Risk Amber Amber Amber/Red Not reported Not reported",
        "Data migrated 01 Jun 2026 01 Aug 2026 (+61 days) – Overdue",
        "Design signed off 01 Mar 2026 – 05 Mar 2026 Done",
        "R1 Supplier capacity 4 3 12",
        "I1 Test environment unavailable High",
        "C1 Add reporting module Approved £50k +30 days 20 May 2026",
        "Depended on by Beta proposal (BETA)",
    ]:
        assert expected in alpha, expected
    # Newest update first in the history, whatever the order in the file.
    assert alpha.index("15 Jun 2026 Amber") < alpha.index("15 May 2026 Green")


def test_amounts_carry_exact_values(site: Path) -> None:
    alpha = page(site, "portfolio/projects/ALPHA/index.html")
    assert '<span class="pmo-money" title="£500,000" data-value="500000.0">£500k</span>' in alpha


def test_rag_is_never_colour_alone(site: Path) -> None:
    for path in site.rglob("*.html"):
        for badge in re.findall(r'<span class="pmo-rag[^"]*"[^>]*>(.*?)</span>', path.read_text(encoding="utf-8")):
            assert badge.strip(), path


def test_edit_links_open_the_data_file(site: Path) -> None:
    alpha = page(site, "portfolio/projects/ALPHA/index.html")
    url = "https://git.example/pmo/hub/edit/main/data/projects/ALPHA.yaml"
    assert f'<a href="{url}">Edit this project' in alpha
    assert f'<a href="{url}" title="Edit this page" class="md-content__button' in alpha
    # Generated pages without a data file of their own get no edit button at all.
    assert 'title="Edit this page"' not in page(site, "portfolio/projects/index.html")


def test_project_pages_are_not_in_the_sidebar(site: Path) -> None:
    home = page(site, "index.html")
    assert "portfolio/projects/ALPHA/" not in home
    assert "portfolio/projects/" in home  # the index page is listed


def test_portfolio_index_lists_every_project_with_links(site: Path) -> None:
    index = page(site, "portfolio/projects/index.html")
    rows = re.findall(
        r'<tr data-programme="[^"]*" data-stage="(\w+)" data-rag="([\w-]+)">\s*'
        r'<td data-value="\w+"><a href="([^"]+)">(\w+)</a>',
        index,
    )
    assert rows == [
        ("delivery", "amber", "ALPHA/", "ALPHA"),
        ("proposal", "none", "BETA/", "BETA"),
        ("proposal", "none", "EVIL/", "EVIL"),
    ]


def test_role_and_raci_pages(site: Path) -> None:
    raci = text_of(page(site, "roles/raci/index.html"))
    assert "Initiation Approve business case A R" in raci
    manager = text_of(page(site, "roles/profiles/project-manager/index.html"))
    assert "Reports to Sponsor" in manager
    assert "Approve business case Initiation R Responsible" in manager


def test_schemas_are_served(site: Path) -> None:
    schema = json.loads(page(site, "schema/project.schema.json"))
    assert schema["title"] == "Project"
    assert "sponsor" in schema["properties"]


def test_bad_data_fails_the_build_with_lines_not_a_traceback(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    write_project(data, "X", "id: X\nname: N\nstage: proposal\nbudget:\n  approved: TBC\n")
    write_project(data, "Y", "id: Y\nname: N\nstage: planning\n")
    result = build(site_config(tmp_path, data))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/projects/X.yaml:5: budget.approved: expected a number, got 'TBC'" in result.stderr
    assert "data/projects/Y.yaml:1: start: required from stage 'initiation' on (stage is 'planning')" in result.stderr
    assert "4 data problems: fix the lines above and build again" in result.stderr
    assert not (tmp_path / "site" / "portfolio").exists()


def test_bad_settings_fail_the_build(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    config = site_config(tmp_path, data, extra={"pmo": {"data_dir": "data", "dta_edit_uri": "x"}})
    result = build(config)
    assert result.returncode == 1
    line = next(number for number, text in enumerate(config.read_text().splitlines(), 1) if "dta_edit_uri" in text)
    assert (
        f"mkdocs.yml:{line}: Config value 'extra.pmo.dta_edit_uri': unknown setting (did you mean "
        "'data_edit_uri'?); known: data_dir, data_edit_uri, views_in_background, navigation_once_per_folder\n"
        in result.stderr
    )
    assert "Aborted with 1 configuration error in extra.pmo" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_indexes_projects_from_their_data(site: Path) -> None:
    entries = json.loads(page(site, "search/search_index.json"))["docs"]
    alpha = [e for e in entries if e["location"].startswith("portfolio/projects/ALPHA/")]
    assert len(alpha) == 1  # one compact entry, not one per section of the parsed page
    assert alpha[0]["title"] == "Alpha system replacement"
    for text in ("Project ALPHA", "Pat Manager", "Supplier capacity", "Data migrated", "Replace the Alpha system."):
        assert text in alpha[0]["text"], text
    evil = next(e for e in entries if e["location"] == "portfolio/projects/EVIL/")
    assert evil["title"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"
    assert "<script>" not in json.dumps(entries)
    assert "&lt;i&gt;Mallory&lt;/i&gt;" in evil["text"]


def test_an_external_asset_fails_the_strict_build(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n![logo](https://cdn.example.org/logo.png)\n", encoding="utf-8")
    plugins = [
        "search",
        {"privacy": {"assets_fetch": False, "links": False, "assets_exclude": ["*/mermaid@*/dist/mermaid.min.js"]}},
    ]
    result = build(site_config(tmp_path, data, docs_dir=docs, plugins=plugins))
    assert result.returncode == 1
    assert "External file: https://cdn.example.org/logo.png" in result.stderr
