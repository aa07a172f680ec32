"""The portfolio's headline figures: what the dashboard's tiles and the home page show first.

One pass over the projects, with the rules of :mod:`.definitions` and :mod:`.status` and the
totals of :mod:`.finance`, so that the tiles, the dashboard's tables and the home page agree.
No pandas: the home page needs these in the build's own process, where the frames are not made.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmo_hub.analyse import definitions, status
from pmo_hub.analyse.finance import Totals, money_sum, rag_counts, totals
from pmo_hub.model import RAG, Portfolio


@dataclass(frozen=True)
class Headline:
    live: int  # projects in live status (initiation to closing)
    rag_counts: list[tuple[RAG | None, int]]  # live projects by overall RAG, best first; None: not reported
    totals: Totals  # projects past the proposal stage
    proposals: int
    requested: float  # what the proposals ask for
    exceptions: int  # projects beyond tolerance
    overdue_milestones: int


def headline(portfolio: Portfolio) -> Headline:
    projects = portfolio.projects
    settings = portfolio.settings
    day = portfolio.reporting_date
    proposals = [p for p in projects if not definitions.counted_in_totals(p)]
    counts = rag_counts(projects)
    return Headline(
        live=sum(count for _, count in counts),
        rag_counts=counts,
        totals=totals(projects),
        proposals=len(proposals),
        requested=money_sum(p.approved or 0.0 for p in proposals),
        exceptions=sum(definitions.in_exception(p, settings) for p in projects),
        overdue_milestones=sum(status.milestone_state(m, day) == "overdue" for p in projects for m in p.milestones),
    )
