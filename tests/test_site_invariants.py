"""Invariants over every page of a built site, whatever template, hook or override made it.

A whole page type once shipped broken (front matter shown as text, malformed edit links) with
every test green, because each test looked only at the pages it was written for. These tests
read every HTML file of two builds: the demo handbook and portfolio, and the "insight" fixture
portfolio with a project whose name is made of Markdown and HTML syntax.
"""

from __future__ import annotations

import collections
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pmo_hub.tools.check_links import check_site
from support import ROOT, build, copy_fixture, site_config, write_project

pytestmark = pytest.mark.slow

VNU = ROOT / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# A name that is Markdown, attr_list and HTML syntax all at once: it must show as written.
HOSTILE_NAME = "Phase *2* [pilot](x) <b>bold</b> & {: #injected } `code` #1 \\ _under_"
HOSTILE_MANAGER = "[Lee](javascript:alert(1))"
HOSTILE_PROJECT = f"""\
id: P99
name: {json.dumps(HOSTILE_NAME)}
stage: delivery
programme: prog-a
sponsor: "Dana <i>Kerr</i>"
manager: {json.dumps(HOSTILE_MANAGER)}
start: 2026-01-05
end: 2026-12-18
budget: {{approved: 120000, actual: 30000, forecast: 125000}}
summary: "A **real** summary with <script>alert(1)</script> in it."
"""


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("demo") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "--strict", "--site-dir", str(site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def insight_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("insight")
    data = copy_fixture("insight", tmp / "data")
    write_project(data, "P99", HOSTILE_PROJECT)
    theme = {"name": "material", "font": False, "custom_dir": str(ROOT / "overrides")}
    result = build(site_config(tmp, data, theme=theme))
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "site"


@pytest.fixture(params=["demo_site", "insight_site"])
def site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


def pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


class _Page(HTMLParser):
    """The facts of one page these invariants need, from one pass of the parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.h1: list[dict[str, str | None]] = []
        self.title = ""
        self.text: list[str] = []  # visible text of the article, outside code
        self._in_title = False
        self._article = 0
        self._code = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id") is not None:
            self.ids.append(values["id"] or "")
        for name in ("href", "src"):
            if name in values:
                self.urls.append((tag, name, values[name] or ""))
        if tag == "h1":
            self.h1.append(values)
        if tag == "title":
            self._in_title = True
        if tag == "article":
            self._article += 1
        if tag in ("code", "pre", "kbd"):
            self._code += 1
        if tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "article":
            self._article -= 1
        if tag in ("code", "pre", "kbd"):
            self._code -= 1
        if tag in ("script", "style", "svg"):
            self._skip -= 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "dd", "dt", "caption", "div"):
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._article and not self._code and not self._skip:
            self.text.append(data)


def parsed(site: Path) -> Iterator[tuple[str, _Page]]:
    for name, markup in pages(site):
        page = _Page()
        page.feed(markup)
        yield name, page


FRONT_MATTER_KEY = re.compile(r"^\s*(title|description|owner|review_by|tags|search|hide|pmo_[a-z_]+):\s", re.M)
# Markdown or attr_list syntax that survived into the text a reader sees.
MARKDOWN_SOURCE = re.compile(r"\]\(|\*\*|\{:|\{ ?#[\w-]+ ?\}|^\s*#{1,6} |^\s*---\s*$|\[TOC\]", re.M)


def test_no_front_matter_or_markdown_source_shown_as_text(site: Path) -> None:
    leaks = []
    for name, page in parsed(site):
        text = "".join(page.text)
        for written in (HOSTILE_NAME, HOSTILE_MANAGER):  # data shown as written, on purpose
            text = text.replace(written, "")
        for match in (FRONT_MATTER_KEY.search(text), MARKDOWN_SOURCE.search(text)):
            if match:
                leaks.append(f"{name}: {text[max(0, match.start() - 40) : match.end() + 40]!r}")
    assert leaks == []


def test_urls_are_well_formed(site: Path) -> None:
    bad = []
    for name, page in parsed(site):
        for tag, attribute, url in page.urls:
            if (
                url != url.strip()
                or any(c in url for c in "\"'<> \n")
                or "{{" in url
                or url in ("None", "")
                and not (tag == "a" and attribute == "href" and url == "")
            ):
                bad.append(f"{name}: <{tag} {attribute}={url!r}>")
    assert bad == []


def test_ids_are_unique_on_every_page(site: Path) -> None:
    duplicates = []
    for name, page in parsed(site):
        repeated = sorted(i for i, n in collections.Counter(page.ids).items() if n > 1)
        if repeated:
            duplicates.append(f"{name}: {', '.join(repeated)}")
    assert duplicates == []


def test_every_page_has_a_real_title_and_one_h1_with_an_id(site: Path) -> None:
    site_name = "Northmoor PMO Hub" if (site / "portfolio" / "projects" / "NMC-001").exists() else "Test hub"
    wrong = []
    for name, page in parsed(site):
        title = " ".join(page.title.split())
        heading = title.removesuffix(f" - {site_name}")
        if not heading or heading.lower() == "index" or heading.startswith(("title:", '"')):
            wrong.append(f"{name}: <title> {title!r}")
        if len(page.h1) != 1 or not page.h1[0].get("id"):
            wrong.append(f"{name}: h1 {page.h1!r}")
    assert wrong == []


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    report = check_site(site)
    assert report.pages > 20
    assert [str(link) for link in report.broken] == []


def test_the_skip_link_lands_on_the_page_heading(site: Path) -> None:
    wrong = []
    for name, markup in pages(site):
        skip = re.search(r'<a href="#([^"]+)" class="md-skip">', markup)
        heading = re.search(r'<h1 id="([^"]+)"', markup)
        if skip and heading and skip.group(1) != heading.group(1):
            wrong.append(f"{name}: skips to #{skip.group(1)}, heading is #{heading.group(1)}")
    assert wrong == []


DEMO_REPOSITORY = "https://git.northmoor.example/pmo/pmo-hub/"  # mkdocs.yml: repo_url


def test_every_edit_and_view_button_opens_the_file_the_page_comes_from(demo_site: Path) -> None:
    """A generated page opens its data file (a project its own file, programmes portfolio.yaml,
    roles roles.yaml), a hand-written page its Markdown: a file that exists in the repository."""
    expected = {
        "portfolio/projects/NMC-001/index.html": "data/projects/NMC-001.yaml",
        "portfolio/programmes/digital-services/index.html": "data/portfolio.yaml",
        "portfolio/programmes/index.html": "data/portfolio.yaml",
        "roles/raci/index.html": "data/roles.yaml",
        "standards/stage-gates/index.html": "docs/standards/stage-gates.md",
    }
    found: dict[str, str] = {}
    wrong = []
    for name, markup in pages(demo_site):
        for url, title in re.findall(r'<a href="([^"]+)" title="(Edit this page|View source of this page)"', markup):
            path = re.sub(r"^(edit|raw|blob)/main/", "", url.removeprefix(DEMO_REPOSITORY))
            if not url.startswith(DEMO_REPOSITORY) or not (ROOT / path).is_file():
                wrong.append(f"{name}: {title}: {url}")
            found.setdefault(name, path)
    assert wrong == []
    assert {page: found.get(page) for page in expected} == expected


def test_a_hostile_project_name_shows_as_written(insight_site: Path) -> None:
    markup = (insight_site / "portfolio" / "projects" / "P99" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r'<h1 id="project">(.*?)</h1>', markup, re.S)
    assert heading, "the project heading keeps its id"
    assert html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() == HOSTILE_NAME
    assert 'id="injected"' not in markup
    assert "<b>bold</b>" not in markup and "<i>Kerr</i>" not in markup and "<script>alert" not in markup


# Errors in Material's own markup, which we do not control: (message start, markup it is in).
MATERIAL_MARKUP = [
    ("Attribute “autocomplete” is only allowed", 'class="md-toggle"'),
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        'class="md-nav__title" for="__toc"',
    ),
]


def is_materials(message: dict[str, str]) -> bool:
    return any(
        message["message"].startswith(text) and markup in message.get("extract", "") for text, markup in MATERIAL_MARKUP
    )


def test_the_nu_html_checker_finds_no_error_in_our_markup(site: Path) -> None:
    assert VNU.exists(), f"{VNU} not found: run `make browser-deps` (npm ci installs vnu-jar)"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    ours = [
        f"{m['url'].rsplit(str(site), 1)[-1]}:{m.get('lastLine')}: {m['message']} :: {m.get('extract', '')!r}"
        for m in messages
        if m["type"] in ("error", "non-document-error") and not is_materials(m)
    ]
    assert ours == []
    assert len(messages) > 0, "Material's known errors are seen: the checker really read the site"
