"""Proposal scoring, ranking within each budget pool, and the funding line.

Scores are computed with exact fractions and rounded half up to two decimals, the figure
the page shows; ranking uses that figure, so a reader can check every rank by eye.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from pmo_hub.model import Project, Stage
from pmo_hub.model.portfolio_file import BudgetPool, Criterion

RANKING_RULE = (
    "Weighted score = Σ (score × weight) ÷ Σ weights, over the criteria in portfolio.yaml; a criterion "
    "a proposal has no score for counts as 0. Scores are shown and compared to two decimals. Within "
    "each budget pool proposals are ranked by weighted score, highest first; ties go to the smaller "
    "request, then to the lower id (in character order)."
)
FUNDING_RULE = (
    "Proposals are funded in rank order while the running total of requests stays within the pool. "
    "Funding stops at the first proposal that does not fit: proposals ranked below it are not funded, "
    "even if a smaller one would fit in what is left, so the funding line follows the ranking."
)


@dataclass(frozen=True)
class ScoredProposal:
    project: Project
    score: float  # rounded to two decimals
    request: float | None


@dataclass(frozen=True)
class RankedProposal(ScoredProposal):
    request: float  # only proposals with a requested amount are ranked
    rank: int
    cumulative: float
    funded: bool


@dataclass(frozen=True)
class PoolRanking:
    pool: BudgetPool
    proposals: list[RankedProposal]

    @property
    def funded(self) -> list[RankedProposal]:
        return [p for p in self.proposals if p.funded]

    @property
    def not_funded(self) -> list[RankedProposal]:
        return [p for p in self.proposals if not p.funded]

    @property
    def funded_total(self) -> float:
        return self.funded[-1].cumulative if self.funded else 0.0

    @property
    def requested_total(self) -> float:
        return self.proposals[-1].cumulative if self.proposals else 0.0

    @property
    def not_funded_total(self) -> float:
        return float(sum((exact(p.request) for p in self.not_funded), Fraction(0)))

    @property
    def remaining(self) -> float:
        funded = sum((exact(p.request) for p in self.funded), Fraction(0))
        return float(exact(self.pool.amount) - funded)


@dataclass(frozen=True)
class Unranked(ScoredProposal):
    reason: str


def exact(value: float) -> Fraction:
    """The decimal number the YAML file wrote (0.1 is one tenth, not its nearest binary float)."""
    return Fraction(repr(float(value)))


def weighted_score(project: Project, criteria: list[Criterion]) -> float:
    """Σ score × weight ÷ Σ weight, rounded half up to two decimals (0 with no criteria)."""
    total_weight = sum(exact(c.weight) for c in criteria)
    if not total_weight:
        return 0.0
    score = sum(exact(project.scores.get(c.id, 0)) * exact(c.weight) for c in criteria) / total_weight
    hundredths = (score * 100 + Fraction(1, 2)).__floor__()
    return hundredths / 100


def rank_proposals(
    projects: tuple[Project, ...] | list[Project], pools: list[BudgetPool], criteria: list[Criterion]
) -> tuple[list[PoolRanking], list[Unranked]]:
    """Rank every proposal in its pool; those without a pool or a request are listed apart."""
    by_pool: dict[str, list[ScoredProposal]] = {pool.id: [] for pool in pools}
    unranked: list[Unranked] = []
    for project in projects:
        if project.stage is not Stage.proposal:
            continue
        scored = ScoredProposal(project, weighted_score(project, criteria), project.approved)
        pool_id = project.budget.pool if project.budget else None
        if pool_id is None:
            unranked.append(Unranked(**vars(scored), reason="no budget pool"))
        elif project.approved is None:
            unranked.append(Unranked(**vars(scored), reason="no requested amount"))
        else:
            by_pool[pool_id].append(scored)
    rankings = []
    for pool in pools:
        ordered = sorted(by_pool[pool.id], key=lambda s: (-s.score, s.request, s.project.id))
        running, ranked = Fraction(0), []
        for rank, scored in enumerate(ordered, start=1):
            assert scored.request is not None  # proposals without a request are unranked (above)
            running += exact(scored.request)
            # Requests are never negative, so the running total only grows: "within the pool"
            # holds for a prefix of the ranking and fails from the first proposal that does not fit.
            ranked.append(
                RankedProposal(
                    **vars(scored), rank=rank, cumulative=float(running), funded=running <= exact(pool.amount)
                )
            )
        rankings.append(PoolRanking(pool, ranked))
    unranked.sort(key=lambda u: (-u.score, u.project.id))
    return rankings, unranked
