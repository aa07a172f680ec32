"""Build the demo site, serve it on loopback and drive Debian's Chromium over it.

Shared by the browser tests (conftest.py) and `make screenshots` (screenshots.py). Staff read
the hub on an intranet that usually cannot reach the internet, so the browser runs with every
background connection switched off and every request is checked against the local origin.
"""

from __future__ import annotations

import functools
import http.server
import os
import posixpath
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request

from pmo_hub.render.paths import VIEW_PAGES

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "run `make browser-deps` (apt-get installs chromium, npm ci installs axe-core)"

# Debian's Chromium, never a browser downloaded by Playwright. Without the background-networking
# flags Chromium keeps trying to reach Google's services, which an offline intranet refuses.
# Playwright adds --headless and its own fresh, temporary --user-data-dir to every launch.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# One page of every kind the site has, by name: path below the site root. The accessibility and
# offline tests visit them all; the first six are the pages staff use most.
PAGES = {
    "home": "",
    "dashboard": "portfolio/dashboard/",
    "projects": "portfolio/projects/",
    "project": "portfolio/projects/NMC-001/",
    "raci": "roles/raci/",
    "handbook": "standards/stage-gates/",
    "template": "templates/business-case/",
    "portfolio": "portfolio/",
    "programmes": "portfolio/programmes/",
    "programme": "portfolio/programmes/digital-services/",
    "people": "portfolio/people/",
    "person": "portfolio/people/tom-ellison/",
    "changes": "portfolio/changes/",
    "heat-map-cell": "portfolio/risks/p4-i4/",
    "role": "roles/profiles/project-manager/",
    "content-review": "content-review/",
    "data-reference": "contributing/data-reference/",
}
# Every portfolio view, from the list the site is built from: a new view joins the tour.
PAGES.update({posixpath.splitext(posixpath.basename(path))[0]: path.removesuffix(".md") + "/" for path in VIEW_PAGES})
# Pages that have charts or a heat map, once they exist.
CHART_PAGES = {"dashboard": "portfolio/dashboard/", "risks": "portfolio/risks/"}

A4_WIDTH_PX = 794  # 210 mm at 96 dpi


def build_site(dest: Path) -> Path:
    """`mkdocs build --strict` of the demo site into ``dest``; fails with MkDocs' own output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(dest)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 (random free port) from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Playwright) -> Browser:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} not found: {INSTALL_HINT}")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


@dataclass
class Guard:
    """Records what a browser context did that an offline intranet would not allow.

    Every request from pages and workers of the context goes through route(): one to another
    origin is recorded and aborted (so a test never waits on the closed network). Console
    errors, uncaught exceptions and failed local responses (404s) are recorded too."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.on("request", self._request)
        context.on("page", self._page)
        context.on("weberror", lambda e: self.errors.append(f"uncaught: {e.error}"))

    def _local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def _route(self, route) -> None:
        if self._local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _request(self, request: Request) -> None:
        if not self._local(request.url):
            self.foreign.append(request.url)

    def _page(self, page: Page) -> None:
        page.on(
            "console", lambda m: self.errors.append(f"console: {m.text} ({page.url})") if m.type == "error" else None
        )
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


def origin_of(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


# The page is still: nothing is animating (an animation that never ends, such as a spinner,
# does not count) and no tooltip is showing. Material fades tooltips in and out over 250 ms and
# keeps one open for 250 ms after the pointer leaves: a colour check in between reads a
# half-transparent tooltip (axe once measured 1.06:1 on one).
STILL = """() => document.getAnimations().every(a => a.playState !== 'running'
                                            || a.effect.getComputedTiming().endTime === Infinity)
  && document.querySelector('.md-tooltip--active, .md-tooltip2--active') === null"""

# Where the pointer rests while a test looks at colours: the header's margin, left of the logo,
# where nothing reacts to hover (rest_pointer checks that).
REST = (1, 1)


def settle(page: Page) -> None:
    """Wait until the page has loaded, Material has chosen its palette and the page is still
    (Material's header tabs fade in one after another), so colour checks and screenshots see
    the final colours."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.body && document.body.dataset.mdColorScheme !== undefined")
    wait_until_still(page)


def wait_until_still(page: Page) -> None:
    page.wait_for_function(STILL)


def rest_pointer(page: Page) -> None:
    """Move the pointer off anything that reacts to hover (a tooltip, a highlighted row), then
    wait until what it left has faded out."""
    under = page.evaluate(
        """([x, y]) => {
      const el = document.elementFromPoint(x, y);
      const live = el && el.closest('a, button, label, input, select, summary, tr, [title], [tabindex]');
      return live ? live.outerHTML.slice(0, 120) : null;
    }""",
        list(REST),
    )
    assert under is None, f"the pointer's resting place {REST} is over {under}"
    page.mouse.move(*REST)
    wait_until_still(page)


# Layout shifts since the page started loading (a buffered PerformanceObserver), after the next
# two frames have been drawn so that every change made so far has been laid out and reported.
LAYOUT_SHIFTS = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: 'layout-shift', buffered: true});
  const shifts = observer.takeRecords().filter(e => !e.hadRecentInput);
  observer.disconnect();
  const name = node => node && node.nodeType === 1
    ? node.tagName.toLowerCase() + (node.className ? '.' + String(node.className).split(' ').join('.') : '')
    : String(node && node.nodeName);
  return shifts.map(e => ({value: e.value, sources: (e.sources || []).map(s =>
    `${name(s.node)} y ${Math.round(s.previousRect.y)}->${Math.round(s.currentRect.y)}`
    + ` x ${Math.round(s.previousRect.x)}->${Math.round(s.currentRect.x)}`)}));
}"""


def layout_shifts(page: Page) -> list[dict]:
    """Every layout shift of the page not caused by input: {value, sources} (what moved, where)."""
    return page.evaluate(LAYOUT_SHIFTS)


def visible_display(page: Page, selector: str) -> list[str]:
    """Computed display of every element matching selector."""
    return page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).display)")
