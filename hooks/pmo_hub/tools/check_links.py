"""Check the internal links of a built site: every link to the site itself must land.

MkDocs validates Markdown links, but generated pages write their tables as raw HTML, and
MkDocs neither rewrites nor checks links inside HTML. This reads the built site instead:
every ``href``/``src`` that points into the site must resolve to a file, and every
``#anchor`` must name an ``id`` on the target page. External links are not followed
(the intranet build has no internet); they are counted, not checked.
"""

from __future__ import annotations

import argparse
import bisect
import html
import posixpath
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that make the browser fetch or navigate to a URL.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the page with the link, relative to the site folder
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.url!r}: {self.reason}"


@dataclass(frozen=True)
class _Link:
    line: int
    url: str


# A tokenizer for the HTML MkDocs writes: comments and script/style bodies are skipped whole
# (a "<a href" inside a script is not a link); attribute values are quoted or bare. About ten
# times faster than html.parser, which matters at a thousand pages.
_ATTRIBUTES = r"""([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)"""
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(script|style)\b" + _ATTRIBUTES + r">.*?</\1\s*>"
    r"|<([a-zA-Z][a-zA-Z0-9-]*)" + _ATTRIBUTES + ">",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class _PageParser:
    """Collects a page's link targets and the ids it defines, with line numbers."""

    def __init__(self) -> None:
        self.links: list[_Link] = []
        self.ids: set[str] = set()

    def feed(self, text: str) -> None:
        newlines = [match.start() for match in re.finditer("\n", text)]
        for token in _TOKEN.finditer(text):
            tag = (token.group(1) or token.group(3) or "").lower()
            if not tag:
                continue  # a comment
            attributes = token.group(2) if token.group(1) else token.group(4)
            values: dict[str, str] = {}
            for match in _ATTRIBUTE.finditer(attributes or ""):
                value = (
                    match.group(2)
                    if match.group(2) is not None
                    else (match.group(3) if match.group(3) is not None else match.group(4))
                )
                if value is not None:
                    values.setdefault(match.group(1).lower(), html.unescape(value))
            self._tag(tag, values, bisect.bisect_right(newlines, token.start()) + 1)

    def _tag(self, tag: str, values: dict[str, str], line: int) -> None:
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.links.append(_Link(line, url))
            else:
                self.links.append(_Link(line, value.strip()))


@dataclass
class LinkReport:
    pages: int
    internal: int
    external: int
    broken: list[BrokenLink]


def check_site(site_dir: Path) -> LinkReport:
    """Every internal link of every HTML page under ``site_dir``; broken ones sorted by page and line."""
    site_dir = site_dir.resolve()
    pages = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html"))
    parsed: dict[str, _PageParser] = {}
    for page in pages:
        parser = _PageParser()
        parser.feed((site_dir / page).read_text(encoding="utf-8", errors="replace"))
        parsed[page] = parser

    broken: list[BrokenLink] = []
    internal = external = 0
    for page in pages:
        for link in parsed[page].links:
            reason, is_internal = _check(site_dir, page, link.url, parsed)
            if not is_internal:
                external += 1
                continue
            internal += 1
            if reason:
                broken.append(BrokenLink(page, link.line, link.url, reason))
    return LinkReport(pages=len(pages), internal=internal, external=external, broken=sorted(broken))


def _check(site_dir: Path, page: str, url: str, parsed: dict[str, _PageParser]) -> tuple[str | None, bool]:
    """(what is wrong or None, whether the link points into the site)."""
    if not url or url.lower().startswith(_NOT_FETCHED):
        return None, False
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, False
    path = unquote(parts.path)
    target: str | None
    if not path:
        target = page
    else:
        base = "" if path.startswith("/") else posixpath.dirname(page)
        joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if joined == ".." or joined.startswith("../"):
            return "points outside the site folder", True
        target = _resolve(site_dir, "" if joined == "." else joined, path.endswith("/"))
        if target is None:
            return f"no such file in the site ({joined})", True
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        ids = parsed[target].ids if target in parsed else set()
        if fragment not in ids:
            return f"no element with id '{fragment}' on {target}", True
    return None, True


def _resolve(site_dir: Path, joined: str, wants_folder: bool) -> str | None:
    """The site file a URL path serves, the way a static web server finds it."""
    candidate = site_dir / joined if joined else site_dir
    if candidate.is_dir():
        index = candidate / "index.html"
        return index.relative_to(site_dir).as_posix() if index.is_file() else None
    if wants_folder or not candidate.is_file():
        return None
    return joined


def format_report(report: LinkReport, site_dir: Path) -> Iterable[str]:
    prefix = site_dir.as_posix().rstrip("/") + "/"
    for link in report.broken:
        yield f"{prefix}{link}"


def run(args: argparse.Namespace) -> int:
    site = Path(args.site_dir)
    if not site.is_dir():
        print(f"pmo-hub check-links: {site} is not a folder (build the site first)", file=sys.stderr)
        return 1
    report = check_site(site)
    for line in format_report(report, site):
        print(line)
    verdict = f"{len(report.broken)} broken" if report.broken else "all resolve"
    print(
        f"{site}: {report.pages} pages, {report.internal} internal links: {verdict} "
        f"({report.external} external links not checked).",
        file=sys.stderr,
    )
    return 1 if report.broken else 0
