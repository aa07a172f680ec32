"""Screenshots of the main pages for a reviewer: `make screenshots` (or this script with a folder).

Builds the demo site (or uses PMO_BROWSER_SITE), serves it on loopback and writes, for every
page in harness.PAGES and harness.CHART_PAGES, full-page PNGs named <page>-light.png,
<page>-dark.png and <page>-print.png (print media, A4 width) into the folder given; for the
pages staff open first (FRONT_PAGES) also <page>-phone-light.png and <page>-phone-dark.png at
390 px, and <page>-first-screen.png: what shows at 1280 × 900 before any scrolling.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

import harness

VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FRONT_PAGES = ("home", "dashboard", "person", "project")


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pmo-screens-") as tmp:
        prebuilt = os.environ.get("PMO_BROWSER_SITE")
        site = Path(prebuilt) if prebuilt else harness.build_site(Path(tmp) / "site")
        pages = {**harness.PAGES, **harness.CHART_PAGES}
        with harness.serve(site) as url, sync_playwright() as playwright:
            browser = harness.launch(playwright)
            front = {name: pages[name] for name in FRONT_PAGES}
            shots: list[tuple[str, dict[str, Any], dict[str, str]]] = [
                ("light", {"color_scheme": "light", "viewport": VIEWPORT}, pages),
                ("dark", {"color_scheme": "dark", "viewport": VIEWPORT}, pages),
                ("print", {"viewport": {"width": harness.A4_WIDTH_PX, "height": 1123}}, pages),
                ("phone-light", {"color_scheme": "light", "viewport": PHONE, "is_mobile": True}, front),
                ("phone-dark", {"color_scheme": "dark", "viewport": PHONE, "is_mobile": True}, front),
                ("first-screen", {"color_scheme": "light", "viewport": VIEWPORT}, front),
            ]
            for kind, options, shown in shots:
                context = browser.new_context(base_url=url, **options)
                guard = harness.Guard(harness.origin_of(url))
                guard.attach(context)
                page = context.new_page()
                if kind == "print":
                    page.emulate_media(media="print")
                for name, path in shown.items():
                    page.goto(path)
                    harness.settle(page)
                    target = out / f"{name}-{kind}.png"
                    page.screenshot(path=str(target), full_page=kind != "first-screen", animations="disabled")
                    print(target)
                context.close()
                if guard.foreign:
                    print("requests to other origins:", *guard.foreign, sep="\n  ", file=sys.stderr)
                    return 1
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
