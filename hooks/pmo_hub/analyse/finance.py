"""Budget totals and status counts: the single implementation every page and download uses.

Sums use :func:`math.fsum`, which is exactly rounded and so independent of order: a total
computed here over a list of projects equals the same total computed by a pandas group-by
over the frame (see :mod:`.analysis`), to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pmo_hub.analyse.definitions import counted_in_totals, forecast_at_completion, in_live_status, variance_pct
from pmo_hub.model import RAG, Project


@dataclass(frozen=True)
class Totals:
    """Money over the projects counted in totals (see ``definitions.TOTALS_RULE``)."""

    approved: float
    actual: float
    forecast: float
    projects: int = 0
    # GROSS_RULE: the positive and the negative project variances, summed apart.
    overspend: float = 0.0
    underspend: float = 0.0

    @property
    def variance(self) -> float:
        return self.forecast - self.approved

    @property
    def variance_pct(self) -> float | None:
        return variance_pct(self.variance, self.approved)


def money_sum(values: Iterable[float]) -> float:
    """Exactly rounded sum (order-independent), so every path to a total gives the same number."""
    return math.fsum(values)


def totals(projects: Sequence[Project]) -> Totals:
    """Sums over projects past the proposal stage (a proposal's amount is a request, not a budget)."""
    counted = [p for p in projects if counted_in_totals(p)]
    variances = [(forecast_at_completion(p) or 0.0) - (p.approved or 0.0) for p in counted]
    return Totals(
        approved=money_sum(p.approved or 0.0 for p in counted),
        actual=money_sum(p.actual or 0.0 for p in counted),
        forecast=money_sum(forecast_at_completion(p) or 0.0 for p in counted),
        projects=len(counted),
        overspend=money_sum(v for v in variances if v > 0),
        underspend=money_sum(v for v in variances if v < 0),
    )


def rag_counts(projects: Sequence[Project]) -> list[tuple[RAG | None, int]]:
    """How many live projects (``definitions.STATUS_RULE``) have each current overall RAG, best
    first; ``None`` counts those with no update yet."""
    counts: dict[RAG | None, int] = {value: 0 for value in RAG}
    counts[None] = 0
    for project in projects:
        if in_live_status(project):
            counts[project.current.overall if project.current else None] += 1
    return list(counts.items())
