"""Where the portfolio views and downloads live in the site (relative to the docs folder)."""

from __future__ import annotations

DASHBOARD = "portfolio/dashboard.md"
ROADMAP = "portfolio/roadmap.md"
MILESTONES = "portfolio/milestones.md"
RISKS = "portfolio/risks.md"
ALIGNMENT = "portfolio/alignment.md"
PROPOSALS = "portfolio/proposals.md"
DEPENDENCIES = "portfolio/dependencies.md"
DATA_QUALITY = "portfolio/data-quality.md"
# The portfolio board's pages (contract 1.1).
BOARD_PACK = "portfolio/board-pack.md"
EXCEPTIONS = "portfolio/exceptions.md"
BENEFITS = "portfolio/benefits.md"
DECISIONS = "portfolio/decisions.md"
LESSONS = "portfolio/lessons.md"
CALENDAR = "portfolio/calendar.md"

DOWNLOADS_DIR = "portfolio/downloads"

# Every view is listed in the sidebar, in this order (mkdocs.yml lists them the same way).
VIEW_PAGES = (DASHBOARD, BOARD_PACK, EXCEPTIONS, ROADMAP, MILESTONES, RISKS, BENEFITS, DECISIONS, LESSONS, CALENDAR,
              ALIGNMENT, PROPOSALS, DEPENDENCIES, DATA_QUALITY)


def risk_cell(probability: int, impact: int) -> str:
    """The page listing the open risks of one heat-map cell."""
    return f"portfolio/risks/p{probability}-i{impact}.md"


# The 5 × 5 heat map's cells as (probability, impact), in reading order; one page each, empty
# cells too (so the paths never depend on the data).
HEAT_MAP_CELLS = tuple((p, i) for p in range(5, 0, -1) for i in range(1, 6))
RISK_CELL_PAGES = tuple(risk_cell(p, i) for p, i in HEAT_MAP_CELLS)


def download(filename: str) -> str:
    return f"{DOWNLOADS_DIR}/{filename}"
