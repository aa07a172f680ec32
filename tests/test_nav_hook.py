"""The plugin renders the navigation of pages outside the nav once per folder (site/nav.py):
the site must be the same, byte for byte, as rendering it for every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import build, copy_fixture, site_config

FEATURES = [
    "navigation.tabs",
    "navigation.sections",
    "navigation.indexes",
    "navigation.top",
    "navigation.footer",
    "navigation.tracking",
    "toc.follow",
]
NAV = [
    {"Home": "index.md"},
    {
        "Portfolio": [
            "portfolio/index.md",
            {"All projects": "portfolio/projects/index.md"},
            {"Programmes": "portfolio/programmes/index.md"},
            {"Dashboard": "portfolio/dashboard.md"},
            {"Risks and issues": "portfolio/risks.md"},
        ]
    },
    {"Roles": ["roles/profiles/index.md", {"RACI": "roles/raci.md"}]},
]


def built_site(tmp: Path, once_per_folder: bool, directory_urls: bool) -> tuple[dict[str, bytes], str]:
    data = copy_fixture("insight", tmp / "data")
    settings = {"data_dir": "data", "navigation_once_per_folder": once_per_folder}
    config = site_config(
        tmp,
        data,
        extra={"pmo": settings},
        nav=NAV,
        use_directory_urls=directory_urls,
        theme={"name": "material", "font": False, "features": FEATURES},
        validation={"omitted_files": "info", "links": {"not_found": "warn"}},
    )
    result = build(config, strict=False, verbose=True)
    assert result.returncode == 0, result.stderr
    site = tmp / "site"
    return {
        p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }, result.stderr


@pytest.mark.parametrize("directory_urls", [True, False])
def test_navigation_rendered_once_per_folder_is_the_same(tmp_path: Path, directory_urls: bool) -> None:
    plain, _ = built_site(tmp_path / "plain", False, directory_urls)
    cached, log = built_site(tmp_path / "cached", True, directory_urls)
    assert cached.keys() == plain.keys()
    assert [path for path in cached if cached[path] != plain[path]] == []
    # The ten project pages share a folder: their nav and tabs are rendered once, reused nine times each.
    reused = int(log.split("reused ", 1)[1].split(" times", 1)[0])
    assert reused >= 18, log
    page = cached["portfolio/projects/P01/index.html"].decode()
    assert 'class="md-tabs"' in page and "md-nav--primary" in page  # the navigation is there
    assert "md-nav__link--active" not in page.split('class="md-content"')[0]
