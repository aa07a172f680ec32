"""``pmo-hub generate`` keeps its promise: other generators build its output without our hooks.

Each engine (pinned in requirements.in, so ``make install`` / ``make test`` install them into
``.venv``) builds the generated docs of a small fixture portfolio with a small handbook and of the
whole demo, and every internal link of the result resolves (``pmo-hub check-links``).

- ProperDocs, the maintained fork of MkDocs 1.6, runs Material for MkDocs as MkDocs does.
- Zensical, Material's successor, reads mkdocs.yml but renders with its own theme (MiniJinja
  templates) and rewrites every relative link of a page, raw HTML too, as relative to the page's
  source file: the generated docs hold generated pages as index pages for that reason
  (``tools/generate.index_moves``).
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from test_reproducible import copy_demo

from support import ROOT, copy_fixture, pmo_hub, site_config

pytestmark = pytest.mark.slow

ENV = {"PMO_BUILD_COMMIT": "fedcba9876543210", "SOURCE_DATE_EPOCH": "1795132800", "NO_MKDOCS_2_WARNING": "1"}
# Zensical's own JavaScript bundle names CDN copies of libraries it loads only for features we do not
# use (Pyodide, the Ace editor, GLightbox); the privacy plugin reports them on every build.
ZENSICAL_BUNDLE = re.compile(
    r"^WARNING -\s+\[privacy\] External file: https://unpkg\.com/\S+ in "
    r"'assets/javascripts/bundle\.[0-9a-f]+\.min\.js'$"
)


@dataclass
class Site:
    config: Path  # the generated mkdocs.yml (no hooks)
    project: tuple[str, str, str]  # id, name, approved budget as the page's exact figure shows it
    programme: tuple[str, str]  # id, name
    handbook_page: str  # a hand-written page with owner and review date, as built
    review_by: str  # its review date, ISO


def _small_handbook(tmp: Path) -> Site:
    """The "insight" fixture portfolio with two handbook pages that link to generated pages."""
    data = copy_fixture("insight", tmp / "data")
    docs = tmp / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_text(
        "---\ntitle: Home\nowner: project-manager\nreview_by: 2027-01-31\n---\n\n# Home\n\n"
        "See the [dashboard](portfolio/dashboard.md), the [RACI matrix](roles/raci.md#raci-matrix) "
        "and the [reading guide](guide/reading.md).\n",
        encoding="utf-8",
    )
    (docs / "guide" / "reading.md").write_text(
        "---\nowner: sponsor\nreview_by: 2026-01-31\n---\n\n# Reading the portfolio\n\n"
        "Start with the [risks][risks] and the [projects](../portfolio/projects/index.md).\n\n"
        "```markdown\n[not a link](../portfolio/risks.md)\n```\n\n"
        "[risks]: ../portfolio/risks.md\n",
        encoding="utf-8",
    )
    config = site_config(
        tmp,
        data,
        docs_dir=docs,
        theme={"name": "material", "font": False, "custom_dir": str(ROOT / "overrides")},
        markdown_extensions=["abbr", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
    )
    done = pmo_hub("generate", "--out", "build/docs", "--config-out", "build/mkdocs.yml", cwd=tmp)
    assert done.returncode == 0, done.stderr
    reading = (tmp / "build" / "docs" / "guide" / "reading.md").read_text(encoding="utf-8")
    assert "[risks]: ../portfolio/risks/index.md\n" in reading  # rewritten for the moved page
    assert "[not a link](../portfolio/risks.md)" in reading  # code is left alone
    assert config.is_file()
    return Site(
        tmp / "build" / "mkdocs.yml",
        ("P01", "Project One", "£1,000,000"),
        ("prog-a", "Alpha Programme"),
        "guide/reading/index.html",
        "2026-01-31",
    )


def _demo(tmp: Path) -> Site:
    config = copy_demo(tmp / "src")
    src = config.parent
    done = pmo_hub("generate", "--out", "build/docs", "--config-out", "build/mkdocs.yml", cwd=src)
    assert done.returncode == 0, done.stderr
    project = yaml.safe_load((src / "data" / "projects" / "NMC-001.yaml").read_text(encoding="utf-8"))
    portfolio = yaml.safe_load((src / "data" / "portfolio.yaml").read_text(encoding="utf-8"))
    programme = next(p for p in portfolio["programmes"] if p["id"] == project["programme"])
    front = (src / "docs" / "about" / "agile.md").read_text(encoding="utf-8").split("---")[1]
    return Site(
        src / "build" / "mkdocs.yml",
        ("NMC-001", project["name"], f"£{project['budget']['approved']:,.0f}"),
        (programme["id"], programme["name"]),
        "about/agile/index.html",
        str(yaml.safe_load(front)["review_by"]),
    )


@pytest.fixture(scope="module", params=["small", "demo"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp(request.param)
    saved = {name: os.environ.get(name) for name in ENV}
    os.environ.update(ENV)
    try:
        return _small_handbook(tmp) if request.param == "small" else _demo(tmp)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _engine(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.fail(
            f"{module} is not installed in {sys.prefix}: requirements.in pins it, so "
            "`make lock` then `make install` (or `make test`) installs it"
        )


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PMO_BUILD_COMMIT", "GITHUB_SHA")}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env={**clean, **ENV})


def build_with_properdocs(site: Site, out: Path) -> Path:
    _engine("properdocs")
    done = _run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(site.config), "-d", str(out)],
        site.config.parent,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def build_with_zensical(site: Site, out: Path) -> Path:
    """Zensical builds into the config's ``site_dir`` (it refuses one outside the config's folder)."""
    _engine("zensical")
    config = yaml.safe_load(site.config.read_text(encoding="utf-8").replace("!relative", ""))
    built = site.config.parent / config["site_dir"]
    done = _run([sys.executable, "-m", "zensical", "build", "--clean", "-f", str(site.config)], site.config.parent)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-3000:]
    assert "Build finished" in log, log[-3000:]
    # Not --strict: it fails on the bundle's warnings. Every other warning fails the test.
    warnings = [line for line in log.splitlines() if line.startswith("WARNING") and not ZENSICAL_BUNDLE.match(line)]
    assert warnings == []
    built.rename(out)
    return out


ENGINES = {
    "properdocs": (build_with_properdocs, "search/search_index.json"),
    "zensical": (build_with_zensical, "search.json"),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_engine_builds_the_generated_site_with_every_link_resolving(engine: str, site: Site, tmp_path: Path) -> None:
    build, search_index = ENGINES[engine]
    out = build(site, tmp_path / engine)

    checked = pmo_hub("check-links", str(out), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert "internal links: all resolve" in checked.stderr

    def page(path: str) -> str:
        return (out / path).read_text(encoding="utf-8")

    project_id, name, budget = site.project
    project = page(f"portfolio/projects/{project_id}/index.html")
    assert html.escape(name, quote=False) in project and f'title="{budget}"' in project
    programme_id, programme_name = site.programme
    assert html.escape(programme_name, quote=False) in page(f"portfolio/programmes/{programme_id}/index.html")
    assert (out / "portfolio" / "dashboard" / "index.html").is_file()  # a generated page, same URL as hooked
    assert 'data as of <time datetime="' in page("index.html")  # the footer's build line

    # The page facts of a hand-written page (front matter dates: strings in Zensical's templates).
    facts = page(site.handbook_page)
    review = re.search(r'Review by:\s*<time datetime="([0-9-]+)">([^<]+)</time>', facts)
    assert review and review.group(1) == site.review_by, facts[-5000:]

    index = json.loads(page(search_index))
    assert name in json.dumps(index, ensure_ascii=False)
