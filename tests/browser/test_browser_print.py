"""Board packs are printed: print media hides navigation and tables fit an A4 page."""

from __future__ import annotations

import pytest

from harness import A4_WIDTH_PX, PAGES

pytestmark = pytest.mark.browser

NAVIGATION = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .pmo-filter__field"

FITS = """() => {
  const content = document.querySelector('.md-content__inner') || document.querySelector('article');
  const width = content.clientWidth;
  return [...content.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().width > 0)
    .map(t => ({caption: (t.caption ? t.caption.textContent : t.className).trim(),
                scroll: t.scrollWidth, width: t.getBoundingClientRect().width, page: width,
                right: t.getBoundingClientRect().right, viewport: document.documentElement.clientWidth}))
    .filter(t => t.scroll > t.page + 1 || t.width > t.page + 1 || t.right > t.viewport);
}"""


@pytest.mark.parametrize("name", ["board-pack", "exceptions", "project", "dashboard", "projects"])
def test_print_hides_navigation_and_keeps_tables_within_the_page(name, visit, tmp_path):
    page = visit(PAGES[name], viewport={"width": A4_WIDTH_PX, "height": 1123})
    page.emulate_media(media="print")
    shown = page.evaluate(f"""() => [...document.querySelectorAll({NAVIGATION!r})]
      .filter(el => getComputedStyle(el).display !== 'none').map(el => el.className)""")
    assert shown == []
    assert page.locator("table").count() > 0
    assert page.evaluate(FITS) == []

    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 1
