"""The views job: the portfolio views and downloads rendered in a second process give the
same files as rendered in the build's own process, and its failures reach the build."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.load.settings import HubSettings
from pmo_hub.model import Portfolio
from pmo_hub.render import views_job as job
from pmo_hub.render.pages import GeneratedPage
from pmo_hub.render.views import view_pages
from pmo_hub.render.views_job import ViewsJob, download_paths, expected_paths, page_paths
from support import build, copy_fixture, site_config

BACKGROUND = HubSettings(views_in_background=True)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    return load_portfolio(copy_fixture("insight", tmp_path_factory.mktemp("job") / "data"))


def as_tuples(pages: list) -> list[tuple]:
    return [(page.path, page.content, page.listed, page.search_text) for page in pages]


def made(views: ViewsJob) -> list:
    return [*views.pages(), *views.downloads()]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_second_process_renders_the_same_pages(
    portfolio: Portfolio, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(job, "_start_method", lambda: method)
    background = ViewsJob(portfolio, BACKGROUND)
    assert background.in_background
    pages = made(background)
    assert [page.path for page in pages] == expected_paths()
    assert as_tuples(pages) == as_tuples(list(view_pages(portfolio, HubSettings())))
    assert made(background) == pages  # collected once
    assert background.pages()[0] is pages[0]


def test_each_page_is_taken_as_soon_as_it_is_made(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The build converts the first views while the second process renders the next ones, and
    writes the pages while it makes the downloads."""
    second_page, first_download = page_paths()[1], download_paths()[0]

    def made_when_told(*args: object) -> Iterator[GeneratedPage]:
        for page in view_pages(*args):  # type: ignore[arg-type]
            deadline = time.monotonic() + 20
            while page.path in (second_page, first_download) and not (tmp_path / page.path.replace("/", "_")).exists():
                if time.monotonic() > deadline:  # the build waited for it: fail, rather than hang
                    raise RuntimeError(f"{page.path} was waited for before it was let go")
                time.sleep(0.01)
            yield page

    def go_on_to(path: str) -> None:
        (tmp_path / path.replace("/", "_")).touch()

    monkeypatch.setattr(job, "_start_method", lambda: "fork")  # the fork inherits the patched function
    monkeypatch.setattr(job, "view_pages", made_when_told)
    views = ViewsJob(portfolio, BACKGROUND)
    assert views.page(page_paths()[0]).path == page_paths()[0]
    go_on_to(second_page)
    assert [page.path for page in views.pages()] == page_paths()
    assert views.in_background  # still making the downloads
    go_on_to(first_download)
    assert [page.path for page in views.downloads()] == download_paths()
    assert not views.in_background  # done: let go


def test_small_portfolios_render_in_this_process(portfolio: Portfolio) -> None:
    views = ViewsJob(portfolio, HubSettings())  # 8 projects: below the threshold
    assert not views.in_background
    assert [page.path for page in made(views)] == expected_paths()
    assert not ViewsJob(portfolio, HubSettings(views_in_background=False)).in_background


def test_without_a_second_process_the_views_render_here(portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes() -> None:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(job, "_core_importable", no_processes)  # called as the process starts
    views = ViewsJob(portfolio, BACKGROUND)
    assert not views.in_background
    assert [page.path for page in made(views)] == expected_paths()


def test_an_error_in_the_second_process_fails_with_its_traceback(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> list:
        raise ValueError("the analysis broke")

    monkeypatch.setattr(job, "_start_method", lambda: "fork")  # the fork inherits the patched function
    monkeypatch.setattr(job, "view_pages", broken)
    with pytest.raises(
        RuntimeError, match=r"(?s)rendering the portfolio views failed:.*ValueError: the analysis broke"
    ):
        ViewsJob(portfolio, BACKGROUND).pages()


def test_a_second_process_that_dies_is_reported(portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job, "_start_method", lambda: "fork")
    monkeypatch.setattr(job, "view_pages", lambda *args: os._exit(3))
    with pytest.raises(RuntimeError, match=r"the views process stopped \(exit code 3\) before it sent the views"):
        ViewsJob(portfolio, BACKGROUND).pages()


def test_cancel_stops_the_second_process(portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job, "_start_method", lambda: "fork")
    monkeypatch.setattr(job, "view_pages", lambda *args: __import__("time").sleep(60))
    views = ViewsJob(portfolio, BACKGROUND)
    process = views._process
    assert process is not None and process.is_alive()
    views.cancel()
    assert not process.is_alive()
    assert not views.in_background


def test_a_site_built_with_the_views_in_background_is_the_same(tmp_path: Path) -> None:
    """Every file, byte for byte, whichever process rendered the views and downloads."""
    sites = {}
    for background in (False, True):
        tmp = tmp_path / str(background)
        data = copy_fixture("insight", tmp / "data")
        result = build(site_config(tmp, data, extra={"pmo": {"data_dir": "data", "views_in_background": background}}))
        assert result.returncode == 0, result.stderr
        site = tmp / "site"
        sites[background] = {
            path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()
        }
    assert sites[True].keys() == sites[False].keys()
    assert "portfolio/downloads/portfolio.xlsx" in sites[True]
    assert "portfolio/risks/index.html" in sites[True]
    different = [path for path in sites[True] if sites[True][path] != sites[False][path]]
    assert different == []
