"""Fixtures for the browser tests: one demo-site build, one local server and one Chromium.

Under pytest-xdist every worker is its own process, so the build is shared through a file lock
in the run's common temporary folder: the first worker builds, the others wait and reuse it.
Set PMO_BROWSER_SITE=site to test an already built site instead (quick reruns while editing).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

import harness


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    prebuilt = os.environ.get("PMO_BROWSER_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    # The base temp of a worker is <run>/popen-gwN; <run> is common to all workers of this run.
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    site = shared / "browser-site"
    done = shared / "browser-site.ok"
    with open(shared / "browser-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                harness.build_site(site)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return site


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    with harness.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not harness.AXE.exists():
        pytest.fail(f"{harness.AXE} not found: {harness.INSTALL_HINT}")
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        yield browser
        browser.close()


class Visit:
    """Opens pages of the served site in fresh browser contexts, all guarded (harness.Guard)."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.guard = harness.Guard(harness.origin_of(base_url))
        self._contexts: list = []

    def __call__(self, path: str, **context_options: Any) -> Page:
        options: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}, **context_options}
        context = self.browser.new_context(base_url=self.base_url, **options)
        context.set_default_timeout(15_000)
        self.guard.attach(context)
        self._contexts.append(context)
        page = context.new_page()
        page.goto(path)
        harness.settle(page)
        return page

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def visit(chromium: Browser, site_url: str) -> Iterator[Callable[..., Page]]:
    """visit(path, **new_context_options) -> Page. Fails the test if anything left the server."""
    v = Visit(chromium, site_url)
    yield v
    v.close()
    assert v.guard.foreign == [], "requests to other origins"
