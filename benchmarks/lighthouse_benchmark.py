"""Lighthouse performance of the main pages, served as an intranet web server would serve them.

Builds the demo site (or the real site configuration over a synthetic portfolio of N projects)
into a temporary folder, serves it on 127.0.0.1 with gzip for text and long cache lifetimes for
``/assets/`` (``serve_site``), and runs Lighthouse 12.2.3 (``benchmarks/package.json``, installed
by ``make bench-deps``) in its default mobile mode against the home page, the projects index,
the dashboard and a project page, with Debian's chromium. It prints, per page, the median over
``--runs`` runs of the performance score, LCP, CLS, TBT and the bytes of CSS and JavaScript the
page loads but does not use, and the render-blocking requests of the last run.

    .venv/bin/python benchmarks/lighthouse_benchmark.py              # the demo, 3 runs a page
    .venv/bin/python benchmarks/lighthouse_benchmark.py --count 1000 --runs 1
    .venv/bin/python benchmarks/lighthouse_benchmark.py --site /tmp/built-site --no-gzip

It prints figures and asserts nothing (house rule: speed goals are read off benchmarks). The
last line, ``lighthouse-json: {...}``, carries the medians for ``bench.py``.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, make_portfolio  # noqa: E402

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
# The house's chrome-launcher flags: Debian's chromium, no background connections (offline intranet).
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
PAGES = {"home": "", "projects": "portfolio/projects/", "dashboard": "portfolio/dashboard/"}
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class IntranetHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with what a configured intranet server adds: gzip for text types and a
    year-long cache lifetime for /assets/ (Material's bundles carry a hash in their names)."""

    compressed: dict[str, bytes] = {}  # path -> gzip bytes; one cache per server class
    use_gzip = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def end_headers(self) -> None:
        cache = "public, max-age=31536000" if self.path.startswith("/assets/") else "no-cache"
        self.send_header("Cache-Control", cache)
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.use_gzip and wants_gzip and kind.startswith(TEXT_TYPES) and os.path.isfile(path)):
            return super().send_head()  # a redirect, a 404, an image: as the stdlib serves them
        body = self.compressed.get(path)
        if body is None:
            # mtime=0: the same bytes on every request, as a server's precompressed files would be.
            body = self.compressed[path] = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_site(site: Path, use_gzip: bool = True) -> Iterator[str]:
    """Serve ``site`` on a free loopback port from a thread; yields the base URL."""
    handler = type("Handler", (IntranetHandler,), {"compressed": {}, "use_gzip": use_gzip})

    def make(*args: object, **kwargs: object) -> IntranetHandler:
        return handler(*args, directory=str(site), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_site(dest: Path, count: int | None) -> Path:
    """The demo site (count None) or the real configuration over ``count`` synthetic projects."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    source = ROOT
    if count is not None:
        source = dest.parent / "source"
        for name in ("docs", "overrides"):
            shutil.copytree(ROOT / name, source / name)
        shutil.copytree(ROOT / "hooks", source / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", source / "mkdocs.yml")
        make_portfolio(source / "data", count)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(dest)],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{done.stdout}\n{done.stderr}")
    return dest


def project_page(site: Path) -> str:
    """The first project page of the site, as a path below its root."""
    first = sorted(p for p in (site / "portfolio" / "projects").iterdir() if (p / "index.html").is_file())[0]
    return f"portfolio/projects/{first.name}/"


@dataclass
class Figures:
    score: float  # 0-100
    lcp_ms: float
    cls: float
    tbt_ms: float
    fcp_ms: float
    unused_css_kb: float
    unused_js_kb: float
    blocking: str  # render-blocking requests, last path part each


def run_lighthouse(url: str, work: Path) -> Figures:
    out = work / "report.json"
    profile = Path(tempfile.mkdtemp(prefix="lh-profile-", dir=work))
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--only-categories=performance",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed for {url}:\n{done.stderr[-3000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]

    def savings(name: str) -> float:
        return (audits[name].get("details") or {}).get("overallSavingsBytes", 0) / 1024

    blocking = [
        item["url"].rsplit("/", 1)[-1]
        for item in (audits["render-blocking-resources"].get("details") or {}).get("items", [])
    ]
    return Figures(
        score=round(100 * (report["categories"]["performance"]["score"] or 0)),
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        fcp_ms=audits["first-contentful-paint"]["numericValue"],
        unused_css_kb=savings("unused-css-rules"),
        unused_js_kb=savings("unused-javascript"),
        blocking=" ".join(blocking) or "-",
    )


def median_figures(runs: list[Figures]) -> Figures:
    numeric = {
        name: statistics.median(getattr(r, name) for r in runs)
        for name in ("score", "lcp_ms", "cls", "tbt_ms", "fcp_ms", "unused_css_kb", "unused_js_kb")
    }
    return Figures(**numeric, blocking=runs[-1].blocking)


def measure(site: Path, runs: int, use_gzip: bool = True, pages: dict[str, str] | None = None) -> dict[str, Figures]:
    """Median Lighthouse figures of each page of ``site`` (name -> figures), printed as they come."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} not found: run `make bench-deps`")
    pages = pages or {**PAGES, "project": project_page(site)}
    results: dict[str, Figures] = {}
    print(
        f"{'page':<10} {'score':>5} {'LCP ms':>7} {'CLS':>6} {'TBT ms':>6} {'FCP ms':>6} {'unused CSS KB':>13} "
        f"{'unused JS KB':>12}  render-blocking",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="pmo-lighthouse-") as tmp, serve_site(site, use_gzip) as base:
        for name, path in pages.items():
            figures = median_figures([run_lighthouse(base + path, Path(tmp)) for _ in range(runs)])
            results[name] = figures
            print(
                f"{name:<10} {figures.score:>5.0f} {figures.lcp_ms:>7.0f} {figures.cls:>6.3f} {figures.tbt_ms:>6.0f} "
                f"{figures.fcp_ms:>6.0f} {figures.unused_css_kb:>13.1f} {figures.unused_js_kb:>12.1f}  "
                f"{figures.blocking}",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, help="synthetic projects instead of the demo portfolio")
    parser.add_argument("--site", type=Path, help="an already built site folder (no build)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs a page; the median is printed (default 3)")
    parser.add_argument("--no-gzip", action="store_true", help="serve without compression")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmo-lighthouse-site-") as tmp:
        site = args.site or build_site(Path(tmp) / "site", args.count)
        results = measure(site, args.runs, use_gzip=not args.no_gzip)
    print("lighthouse-json: " + json.dumps({name: asdict(f) for name, f in results.items()}), flush=True)


if __name__ == "__main__":
    main()
