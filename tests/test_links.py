"""The internal link checker (``pmo-hub check-links``) on small hand-made sites."""

from __future__ import annotations

from pathlib import Path

from pmo_hub.tools.check_links import BrokenLink, check_site
from support import pmo_hub


def write(site: Path, path: str, body: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n", encoding="utf-8")


def make_site(site: Path) -> None:
    write(
        site,
        "index.html",
        "\n".join(
            [
                '<a href="portfolio/">ok: folder with index.html</a>',
                '<a href="portfolio/#totals">ok: anchor that exists</a>',
                '<a href="portfolio/#nowhere">broken: no such anchor</a>',
                '<a href="portfolio/projects/P-9/">broken: no such page</a>',
                '<a href="https://intranet.example/x">external: not checked</a>',
                '<a href="mailto:pmo@example.org">mail: not checked</a>',
                '<a href="#top">ok: anchor on this page</a><h1 id="top">Top</h1>',
                '<img src="assets/logo.png" srcset="assets/logo.png 1x, assets/logo@2x.png 2x">',
                "<script>var html = '<a href=\"not-a-link/\">';</script>",
                '<!-- <a href="commented-out/"> -->',
                '<link rel="stylesheet" href="assets/pmo.css">',
                '<a href="../outside.html">broken: outside the site</a>',
                '<a href="a%20b/">ok: percent-encoded folder name</a>',
                "<a href='portfolio/?sort=name&amp;x=1#totals'>ok: query string and entity</a>",
            ]
        ),
    )
    write(
        site,
        "portfolio/index.html",
        '<h2 id="totals">Totals</h2>\n<a href="../">home</a>\n<a href="../index.html#top">ok</a>',
    )
    write(site, "a b/index.html", "<p>space</p>")
    (site / "assets").mkdir(exist_ok=True)
    (site / "assets" / "logo.png").write_bytes(b"png")
    (site / "assets" / "pmo.css").write_text("body{}", encoding="utf-8")


def test_finds_exactly_the_broken_internal_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_site(site)
    report = check_site(site)
    assert report.pages == 3
    assert report.broken == [
        BrokenLink("index.html", 5, "portfolio/#nowhere", "no element with id 'nowhere' on portfolio/index.html"),
        BrokenLink("index.html", 6, "portfolio/projects/P-9/", "no such file in the site (portfolio/projects/P-9)"),
        BrokenLink("index.html", 10, "assets/logo@2x.png", "no such file in the site (assets/logo@2x.png)"),
        BrokenLink("index.html", 14, "../outside.html", "points outside the site folder"),
    ]
    # index.html: 12 internal (8 <a>, 1 <link>, 1 img src, 2 srcset candidates) and 2 external; portfolio/: 2.
    assert report.external == 2
    assert report.internal == 12 + 2


def test_a_folder_without_index_and_a_file_wanted_as_folder_are_broken(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "index.html", '<a href="empty/">x</a>\n<a href="page.html/">y</a>\n<a href="page.html">ok</a>')
    (site / "empty").mkdir()
    write(site, "page.html", "<p>page</p>")
    broken = check_site(site).broken
    assert [(b.line, b.url) for b in broken] == [(3, "empty/"), (4, "page.html/")]


def test_command_line_exit_status_and_lines(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_site(site)
    done = pmo_hub("check-links", "site", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "site/index.html:5: 'portfolio/#nowhere': no element with id 'nowhere' on portfolio/index.html",
        "site/index.html:6: 'portfolio/projects/P-9/': no such file in the site (portfolio/projects/P-9)",
        "site/index.html:10: 'assets/logo@2x.png': no such file in the site (assets/logo@2x.png)",
        "site/index.html:14: '../outside.html': points outside the site folder",
    ]
    assert "4 broken" in done.stderr

    (site / "index.html").unlink()
    write(site, "index.html", '<a id="top" href="portfolio/#totals">fine</a>')
    done = pmo_hub("check-links", "site", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all resolve" in done.stderr

    missing = pmo_hub("check-links", "no-site", cwd=tmp_path)
    assert missing.returncode == 1 and "build the site first" in missing.stderr
