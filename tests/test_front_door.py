"""The home page's generated blocks (handbook/blocks.py) and the headline figures they show
(analyse/headline.py): a hand-written page with markers, built from the "minimal" fixture whose
figures are worked out here by hand, and the demo site, whose home page and dashboard must agree."""

from __future__ import annotations

import re
from pathlib import Path

from pmo_hub.analyse.headline import headline
from pmo_hub.load.portfolio import load_portfolio
from support import ROOT, build, copy_fixture, site_config

HOME = """\
---
title: Home
owner: sponsor
review_by: 2026-07-15
tags: [home]
---

# Home

<!-- pmo-hub: portfolio-at-a-glance -->

How to write a marker:

```markdown
<!-- pmo-hub: recent-changes -->
```

<!-- pmo-hub: recent-changes -->

<!--  pmo-hub:  pages-due-for-review  -->
"""


def home_site(tmp_path: Path, text: str) -> tuple[Path, str]:
    """Builds the minimal fixture with ``text`` as docs/index.md; the site and the build's log."""
    data = copy_fixture("minimal", tmp_path / "data")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(text, encoding="utf-8")
    theme = {"name": "material", "font": False, "custom_dir": str(ROOT / "overrides")}  # the hub's own theme
    result = build(site_config(tmp_path, data, docs, theme=theme))
    return tmp_path / "site", result.stderr if result.returncode == 0 else "FAILED\n" + result.stderr


def article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def tiles(html: str) -> dict[str, str]:
    """Each headline tile's label → its figure and detail as text."""
    found = re.findall(
        r'<span class="pmo-tile__label">([^<]+)</span> <span class="pmo-tile__figure"[^>]*>(.*?)</span> '
        r'<span class="pmo-tile__detail">(.*?)</span></a>',
        html,
    )
    assert found, "no tiles"
    return {label: text_of(f"{figure} | {detail}") for label, figure, detail in found}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_the_glance_block_shows_the_figures_worked_out_by_hand(tmp_path: Path) -> None:
    site, log = home_site(tmp_path, HOME)
    assert "FAILED" not in log, log
    html = article(site / "index.html")
    # ALPHA is the one live project (amber; approved 500k, forecast 550k; "Data migrated" due
    # 1 June, not done on the reporting date 30 June); BETA is a proposal asking for 300k.
    assert tiles(html) == {
        "Live projects": "1 | Amber 1",
        "Forecast against approved": "£550k | of £500k approved, +10.0%",
        "Gross overspend": "£50k | and £0 underspend",
        "In exception": "0 | projects beyond tolerance",
        "Overdue milestones": "1 | not done, due before 30 Jun 2026",
        "Proposals": "1 | requesting £300k",
    }
    assert 'data-value="-0.0"' not in html  # no minus zero for "no underspend"
    # Each tile leads to the page with the detail, relative to the home page.
    assert re.findall(r'class="pmo-tile__link" href="([^"]+)"', html) == [
        "portfolio/dashboard/#status",
        "portfolio/dashboard/#finance",
        "portfolio/dashboard/#finance",
        "portfolio/exceptions/",
        "portfolio/milestones/#overdue",
        "portfolio/proposals/",
    ]


def test_markers_become_blocks_except_inside_code(tmp_path: Path) -> None:
    site, log = home_site(tmp_path, HOME)
    assert "FAILED" not in log, log
    html = article(site / "index.html")
    assert html.count('class="pmo-block ') == 3
    assert "<!-- pmo-hub" not in html
    # The example in the fenced block is shown as written, not replaced.
    assert '<code class="language-markdown">&lt;!-- pmo-hub: recent-changes --&gt;' in html
    # Outside git there is no history: the block says so, and still offers the page and the feed.
    changes = html[html.index("pmo-block--changes") :]
    assert "No history of the data to show: the data folder is not in a git repository." in changes
    assert '<a href="portfolio/changes/">All recent changes</a>' in changes
    assert '<a href="portfolio/changes.xml" type="application/atom+xml">' in changes
    assert (site / "portfolio" / "changes.xml").is_file()
    # No <link rel="alternate"> for the feed in the page's head: Material's instant navigation
    # fetches sitemap.xml beside every alternate link (portfolio/sitemap.xml: a 404 on every page).
    assert 'type="application/atom+xml" title=' not in (site / "index.html").read_text(encoding="utf-8")
    # The one hand-written page is due within the review window (60 days of 30 June).
    review = text_of(html[html.index("pmo-block--review") :])
    assert "Home: review by 15 Jul 2026 (Sponsor)" in review
    assert "0 pages past their review date, 1 due within 60 days." in review


def test_an_unknown_block_fails_the_build_with_its_line(tmp_path: Path) -> None:
    page = HOME.replace("<!-- pmo-hub: recent-changes -->\n\n<!--", "<!-- pmo-hub: recent-chnages -->\n\n<!--")
    _, log = home_site(tmp_path, page)
    assert log.startswith("FAILED"), log
    line = page.splitlines().index("<!-- pmo-hub: recent-chnages -->") + 1
    assert (
        f"docs/index.md:{line}: unknown generated block 'recent-chnages'; known: "
        "pages-due-for-review, portfolio-at-a-glance, recent-changes"
    ) in log


def test_home_and_dashboard_show_the_same_tiles_as_the_data(tmp_path: Path) -> None:
    site, log = home_site(tmp_path, HOME)
    assert "FAILED" not in log, log
    home = tiles(article(site / "index.html"))
    assert tiles(article(site / "portfolio" / "dashboard" / "index.html")) == home
    figures = headline(load_portfolio(tmp_path / "data"))
    counted = {"Live projects": figures.live, "In exception": figures.exceptions}
    counted |= {"Overdue milestones": figures.overdue_milestones, "Proposals": figures.proposals}
    assert {label: int(home[label].split(" | ")[0]) for label in counted} == counted
