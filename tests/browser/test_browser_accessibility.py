"""axe-core finds no serious or critical violation on any kind of page, in the light and the
dark scheme.

axe-core comes from tests/browser/node_modules (npm ci from the lockfile) and is injected into
the page from that file: nothing is fetched. Material chooses its palette two ways and both are
tested: from the reader's prefers-color-scheme when no choice is stored (every page, in each
scheme), and from its palette toggle, which stores the choice in localStorage. Before each scan
the pointer rests where nothing reacts to it and the page is still (no transition running, no
tooltip showing): axe reads colours as they are painted at that moment."""

from __future__ import annotations

import pytest

from harness import AXE, CHART_PAGES, PAGES, rest_pointer

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
BLOCKING = {"serious", "critical"}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary.replace(/\\s+/g, " "))
  }));
}"""


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def blocking(page) -> str:
    """The serious and critical violations axe finds on the still page, one paragraph each."""
    rest_pointer(page)
    found = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"]) for v in found)


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violation(name, scheme, visit):
    page = visit(PAGES[name], color_scheme=scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert blocking(page) == ""


def test_the_palette_toggle_switches_the_scheme_and_remembers_it(visit):
    """The reader's choice wins over prefers-color-scheme and is stored; the page it leaves,
    with the toggle's own tooltip faded out, passes axe."""
    page = visit(PAGES["projects"], color_scheme="dark")
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES["dark"]
    page.locator("label[title='Switch to light mode']").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.endsWith('__palette'))")
    assert len(stored) == 1
    assert blocking(page) == ""

    page.goto(PAGES["project"])  # the next page opens in the scheme chosen, not the emulated one
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES["light"]


@pytest.mark.parametrize("name", ["projects", "project", "dashboard"])
def test_rag_is_never_shown_by_colour_alone(name, visit):
    page = visit(PAGES[name])
    badges = page.locator(".pmo-rag")
    assert badges.count() > 0
    texts = badges.all_inner_texts()
    allowed = {"Green", "Amber/Green", "Amber", "Amber/Red", "Red", "Not reported"}
    assert set(texts) <= allowed, set(texts) - allowed


@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_charts_and_heat_map_have_text_alternatives(name, visit):
    """Every picture in the page body is named (role=img with a name, or <title>) or is hidden
    from assistive technology; every heat-map cell shows its count as text."""
    page = visit(CHART_PAGES[name])
    pictures = page.evaluate("""() => [...document.querySelectorAll('article svg, article canvas, article img')]
      .filter(el => !el.closest('[aria-hidden="true"], .md-icon, .twemoji, .headerlink'))
      .map(el => {
        const ids = (el.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
        const name = el.getAttribute('aria-label') || el.getAttribute('alt')
          || ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ')
          || (el.querySelector(':scope > title') || {}).textContent || '';
        return {html: el.outerHTML.slice(0, 120), role: el.getAttribute('role'), name: name.trim()};
      })""")
    heat_cells = page.locator("table.pmo-heatmap tbody td").all_inner_texts()
    assert pictures or heat_cells, "no chart or heat map on the page"
    assert [p for p in pictures if not p["name"]] == []
    assert [p for p in pictures if p["html"].startswith("<svg") and p["role"] != "img"] == []
    assert [t for t in heat_cells if not t.strip().isdigit()] == []
