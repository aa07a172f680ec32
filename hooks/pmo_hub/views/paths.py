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

DOWNLOADS_DIR = "portfolio/downloads"

# Every view is listed in the sidebar, in this order (mkdocs.yml lists them the same way).
VIEW_PAGES = (DASHBOARD, ROADMAP, MILESTONES, RISKS, ALIGNMENT, PROPOSALS, DEPENDENCIES, DATA_QUALITY)


def download(filename: str) -> str:
    return f"{DOWNLOADS_DIR}/{filename}"
