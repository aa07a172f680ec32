"""The portfolio analysis on the hand-made "insight" fixture: every expected figure below was
worked out by hand (tests/fixtures/insight/README.md), never by calling the code under test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pmo_hub.analyse import analyse
from pmo_hub.analyse.proposals import rank_proposals, weighted_score
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.model import RAG, Project
from pmo_hub.model.portfolio_file import BudgetPool, Criterion
from pmo_hub.render import pages
from support import FIXTURES


@pytest.fixture(scope="module")
def analysis():
    return analyse(load_portfolio(FIXTURES / "insight"))


def ids(projects) -> list[str]:
    return [p.id for p in projects]


def pairs(items) -> list[tuple[str, str]]:
    return [(p.id, getattr(item, "name", None) or item.id) for p, item in items]


def test_totals_exclude_proposals_and_fall_back_to_approved(analysis) -> None:
    t = analysis.totals
    assert (t.projects, t.approved, t.actual, t.forecast) == (5, 4_050_000, 2_270_000, 4_170_000)
    assert t.variance == 120_000
    assert t.variance_pct == 3.0  # 120,000 / 4,050,000 = 2.96%
    # Gross: P01 +200,000 and P04 +20,000 over; P03 −100,000 under (README "Board pages").
    assert (t.overspend, t.underspend) == (220_000, -100_000)
    assert t.overspend + t.underspend == t.variance


def test_totals_per_programme(analysis) -> None:
    rows = {(r.programme.id if r.programme else None): r for r in analysis.programme_rows}
    assert list(rows) == ["prog-a", "prog-b", None]
    a, b, none = rows["prog-a"], rows["prog-b"], rows[None]
    assert (a.totals.approved, a.totals.actual, a.totals.forecast, a.totals.variance) == (
        1_500_000,
        450_000,
        1_700_000,
        200_000,
    )
    assert a.totals.variance_pct == 13.3
    assert (b.totals.approved, b.totals.actual, b.totals.forecast, b.totals.variance) == (
        2_300_000,
        1_820_000,
        2_220_000,
        -80_000,
    )
    assert b.totals.variance_pct == -3.5
    assert [(r.totals.overspend, r.totals.underspend) for r in (a, b, none)] == [
        (200_000, 0),
        (20_000, -100_000),
        (0, 0),
    ]
    assert [r.closed for r in (a, b, none)] == [0, 1, 0]  # P04
    assert (none.totals.approved, none.totals.actual, none.totals.forecast) == (250_000, 0, 250_000)
    assert [(r.projects, r.proposals, r.requested) for r in (a, b, none)] == [
        (4, 2, 700_000),
        (4, 2, 500_000),
        (2, 1, 150_000),
    ]
    assert analysis.proposals_requested == (5, 1_350_000)


def test_existing_pages_share_the_one_implementation(analysis) -> None:
    """Programme pages call pages.totals(); the dashboard reads the analysis: same numbers."""
    portfolio = analysis.portfolio
    for row in analysis.programme_rows:
        members = portfolio.projects_in(row.programme.id if row.programme else None)
        assert pages.totals(members) == row.totals
        assert pages.rag_counts(members) == row.rag_counts
    assert pages.totals(portfolio.projects) == analysis.totals
    assert pages.rag_counts(portfolio.projects) == analysis.rag_counts


def test_money_sums_do_not_depend_on_order() -> None:
    """Pence amounts: a plain float sum depends on order; totals must not (pages == dashboard)."""
    portfolio = load_portfolio(FIXTURES / "insight")
    amounts = [0.1, 0.2, 0.3, 1e6 + 0.07, 0.01] * 3
    projects = [
        Project.model_validate(
            {
                "id": f"X{i}",
                "name": "x",
                "stage": "delivery",
                "start": "2026-01-01",
                "end": "2026-02-01",
                "budget": {"approved": a},
            }
        )
        for i, a in enumerate(amounts)
    ]
    forward = pages.totals(projects).approved
    backward = pages.totals(projects[::-1]).approved

    def approved(project: Project) -> float:
        assert project.approved is not None  # every project above has an approved budget
        return project.approved

    assert forward == backward == pages.totals(sorted(projects, key=approved)).approved
    assert portfolio.projects  # the fixture loads


def test_status_and_stage_counts(analysis) -> None:
    # Live projects only: P04 (closed, green) has left the status totals.
    assert analysis.rag_counts == [
        (RAG.green, 1),
        (RAG.amber_green, 0),
        (RAG.amber, 1),
        (RAG.amber_red, 0),
        (RAG.red, 1),
        (None, 1),
    ]
    rows = {(r.programme.id if r.programme else None): dict(r.rag_counts) for r in analysis.programme_rows}
    assert rows["prog-b"][RAG.green] == 1  # P03; P04 is closed
    assert [(s.value, n) for s, n in analysis.stage_counts] == [
        ("proposal", 5),
        ("initiation", 1),
        ("planning", 1),
        ("delivery", 2),
        ("closing", 0),
        ("closed", 1),
    ]


def test_exceptions(analysis) -> None:
    assert ids(analysis.top_slips) == ["P01", "P02"]  # P04 slipped 31 days but is closed
    assert [p.slip_days for p in analysis.top_slips] == [59, 30]
    assert ids(analysis.top_overspends) == ["P01"]


def test_stale_and_never_reported(analysis) -> None:
    assert ids(analysis.stale) == ["P04", "P02"]  # oldest update first
    assert ids(analysis.never_reported) == ["P05"]  # proposals are not expected to report


def test_milestone_lists(analysis) -> None:
    assert pairs(analysis.overdue_milestones) == [("P01", "Build"), ("P02", "Plan approved")]
    assert pairs(analysis.overdue_without_forecast) == [("P02", "Plan approved")]
    assert pairs(analysis.due_soon) == [("P05", "Kick-off"), ("P01", "Go-live"), ("P03", "Phase 2")]
    assert pairs(analysis.recently_done) == [("P03", "Phase 1")]
    assert pairs(analysis.slipped_milestones) == [("P01", "Build"), ("P03", "Phase 2")]
    assert [m.slip_days for _, m in analysis.slipped_milestones] == [61, 19]
    assert analysis.due_horizon() == date(2026, 9, 28)


def test_heat_map_counts_open_risks_only(analysis) -> None:
    grid = {(p, i): n for p, cells in analysis.heat_map for i, n in cells}
    expected = {(4, 5): 2, (3, 3): 1, (2, 3): 1, (1, 1): 1, (5, 4): 1}
    assert {cell: n for cell, n in grid.items() if n} == expected
    assert len(grid) == 25 and analysis.open_risk_count == 6
    assert [p for p, _ in analysis.heat_map] == [5, 4, 3, 2, 1]
    cells = {(p, i): pairs(items) for p, i, items in analysis.risk_cells}
    assert cells[(4, 5)] == [("P01", "R1"), ("P02", "R1")]
    assert set(cells) == set(expected)


def test_top_risks_order(analysis) -> None:
    # Score, then impact (P06's 5x4 after the 4x5s), then project id, then risk id.
    assert pairs(analysis.top_risks) == [
        ("P01", "R1"),
        ("P02", "R1"),
        ("P06", "R1"),
        ("P01", "R2"),
        ("P03", "R1"),
        ("P03", "R2"),
    ]


def test_issues_and_changes(analysis) -> None:
    assert [(s.value, n) for s, n in analysis.issue_counts] == [("critical", 1), ("high", 1), ("medium", 1), ("low", 0)]
    assert pairs(analysis.open_issues) == [("P01", "I1"), ("P02", "I1"), ("P03", "I1")]
    totals = {t.status: (t.count, t.cost_impact, t.schedule_impact_days) for t in analysis.change_totals}
    assert totals == {"requested": (2, 25_000, 10), "approved": (2, 20_000, 25), "rejected": (1, 100_000, 60)}


def test_alignment(analysis) -> None:
    rows = {a.objective.id: (ids(a.projects), a.approved, a.requested) for a in analysis.alignment}
    assert rows == {
        "obj-1": (["P01", "P02", "P05", "P08"], 1_750_000, 200_000),
        "obj-2": (["P02", "P03", "P06"], 2_500_000, 600_000),
        "obj-3": (["P07"], 0, 300_000),
    }
    assert ids(analysis.unaligned) == ["P04", "P09", "P10"]


def test_proposal_ranking_and_funding_line(analysis) -> None:
    x, y = analysis.pool_rankings
    assert (x.pool.id, y.pool.id) == ("pool-x", "pool-y")
    ranked = [(p.project.id, p.rank, p.score, p.request, p.cumulative, p.funded) for p in x.proposals]
    assert ranked == [
        ("P06", 1, 4.0, 600_000, 600_000, True),
        ("P08", 2, 3.75, 200_000, 800_000, True),  # ties P07 on 3.75; smaller request first
        ("P07", 3, 3.75, 300_000, 1_100_000, False),  # first that does not fit: the line
        ("P09", 4, 1.5, 100_000, 1_200_000, False),  # would fit the 200k left: funding has stopped
    ]
    assert (x.funded_total, x.remaining, x.not_funded_total) == (800_000, 200_000, 400_000)
    assert y.proposals == []
    assert [(u.project.id, u.score, u.reason) for u in analysis.unranked_proposals] == [("P10", 5.0, "no budget pool")]


def test_dependencies_on_red_or_amber(analysis) -> None:
    assert [(a.id, b.id) for a, b in analysis.at_risk_dependencies] == [("P02", "P01"), ("P07", "P01"), ("P08", "P02")]
    assert analysis.dependency_count == 4


def test_missing_fields_for_stage(analysis) -> None:
    assert [(p.id, fields) for p, fields in analysis.missing_fields] == [
        ("P05", ["manager"]),
        ("P09", ["scores.c2"]),
        ("P10", ["budget.pool"]),
    ]


def test_trend_counts_status_carried_forward(analysis) -> None:
    """Each live project's newest RAG at each month end, carried forward (README "Trend"); P04 is
    closed, so January and February (its months only) are not shown at all."""
    months = {m.month.strftime("%Y-%m"): {r.value: n for r, n in m.counts if n} for m in analysis.trend}
    assert months == {
        "2026-03": {"amber": 1},  # P03
        "2026-04": {"green": 1, "amber": 1},  # P01 green (10 Apr); P03 amber carried from March
        "2026-05": {"amber": 3},  # P01 amber (15 May), P02 amber (1 May), P03 carried
        "2026-06": {"red": 1, "amber": 1, "green": 1},  # P01 red, P02 carried, P03 green
    }
    assert [m.total for m in analysis.trend] == [1, 2, 3, 3]


def test_trend_carries_a_status_from_before_the_window(tmp_path: Path) -> None:
    """A project whose only update is older than the months shown still counts in each of them."""
    from support import copy_fixture, write_project

    data = copy_fixture("insight", tmp_path / "data")
    write_project(
        data,
        "P11",
        "id: P11\nname: Eleven\nstage: delivery\nstart: 2024-01-01\nend: 2027-01-01\n"
        "budget: {approved: 1}\nupdates:\n  - {date: 2024-02-10, overall: amber-red, summary: Old.}\n",
    )
    trend = analyse(load_portfolio(data)).trend
    assert len(trend) == 12 and trend[0].month == date(2025, 7, 1)
    assert all(dict(m.counts)[RAG.amber_red] == 1 for m in trend)


# -- the ranking rules on small cases ---------------------------------------------------------


def proposal(pid: str, request: float | None, pool: str | None = "p", **scores: float) -> Project:
    budget = {k: v for k, v in (("approved", request), ("pool", pool)) if v is not None}
    return Project.model_validate({"id": pid, "name": pid, "stage": "proposal", "budget": budget, "scores": scores})


def test_weighted_score_rounds_half_up_exactly() -> None:
    criteria = [Criterion(id="a", name="A", weight=1), Criterion(id="b", name="B", weight=7)]
    # (1*0.5 + 7*0) / 8 = 0.0625 -> 0.06; (1*1 + 7*0.1)/8 = 0.2125 -> 0.21; (3 + 0)/8 = 0.375 -> 0.38
    assert weighted_score(proposal("x", 1, a=0.5), criteria) == 0.06
    assert weighted_score(proposal("x", 1, a=1, b=0.1), criteria) == 0.21
    assert weighted_score(proposal("x", 1, a=3), criteria) == 0.38
    assert weighted_score(proposal("x", 1, a=1), criteria) == 0.13  # 0.125: half up, not to even
    assert weighted_score(proposal("x", 1, a=5), []) == 0.0


def test_ties_go_to_smaller_request_then_id() -> None:
    criteria = [Criterion(id="a", name="A", weight=1)]
    pool = BudgetPool(id="p", name="P", amount=100)
    projects = [proposal("B", 10, a=3), proposal("A", 10, a=3), proposal("C", 5, a=3), proposal("D", 50, a=4)]
    (ranking,), _ = rank_proposals(projects, [pool], criteria)
    assert [(p.project.id, p.rank) for p in ranking.proposals] == [("D", 1), ("C", 2), ("A", 3), ("B", 4)]


def test_funding_stops_at_the_first_that_does_not_fit() -> None:
    criteria = [Criterion(id="a", name="A", weight=1)]
    pool = BudgetPool(id="p", name="P", amount=100)
    projects = [proposal("A", 60, a=5), proposal("B", 40, a=4), proposal("C", 1, a=3)]
    (ranking,), _ = rank_proposals(projects, [pool], criteria)
    # A + B = 100 fits exactly; C would need 101.
    assert [(p.project.id, p.funded) for p in ranking.proposals] == [("A", True), ("B", True), ("C", False)]
    projects = [proposal("A", 60, a=5), proposal("B", 50, a=4), proposal("C", 1, a=3)]
    (ranking,), _ = rank_proposals(projects, [pool], criteria)
    assert [(p.project.id, p.funded) for p in ranking.proposals] == [("A", True), ("B", False), ("C", False)]


def test_exact_fit_with_pence() -> None:
    """0.1 + 0.2 fits a pool of 0.3 (floats would say 0.30000000000000004 > 0.3)."""
    pool = BudgetPool(id="p", name="P", amount=0.3)
    projects = [proposal("A", 0.1, a=5), proposal("B", 0.2, a=4)]
    (ranking,), _ = rank_proposals(projects, [pool], [Criterion(id="a", name="A", weight=1)])
    assert [p.funded for p in ranking.proposals] == [True, True]


def test_proposals_without_pool_or_request_are_listed_apart() -> None:
    pool = BudgetPool(id="p", name="P", amount=100)
    (ranking,), unranked = rank_proposals(
        [proposal("A", None, a=1), proposal("B", 5, pool=None, a=2), proposal("C", 5, a=0)],
        [pool],
        [Criterion(id="a", name="A", weight=1)],
    )
    assert [p.project.id for p in ranking.proposals] == ["C"]
    assert [(u.project.id, u.reason) for u in unranked] == [("B", "no budget pool"), ("A", "no requested amount")]


# -- scale ------------------------------------------------------------------------------------


def synthetic_portfolio(tmp: Path, count: int) -> Path:
    """``count`` projects, each with updates, milestones, risks, issues and a change."""
    from support import copy_fixture

    data = copy_fixture("insight", tmp / f"data{count}")
    template = (data / "projects" / "P01.yaml").read_text(encoding="utf-8")
    for index in range(count):
        pid = f"S{index:05d}"
        text = template.replace("id: P01", f"id: {pid}").replace("prog-a", "prog-b" if index % 2 else "prog-a")
        (data / "projects" / f"{pid}.yaml").write_text(text, encoding="utf-8")
    return data


def test_every_figure_of_a_large_portfolio_counts_each_project_once(analysis, tmp_path: Path) -> None:
    """Many projects alike (same milestones, risks, programmes) are each counted, none merged.
    How the analysis time grows with N is measured by benchmarks/analysis_benchmark.py."""
    a = analyse(load_portfolio(synthetic_portfolio(tmp_path, 40)))
    for name in (
        "programme_rows",
        "top_slips",
        "stale",
        "overdue_milestones",
        "heat_map",
        "risk_cells",
        "top_risks",
        "open_issues",
        "alignment",
        "at_risk_dependencies",
        "missing_fields",
        "trend",
        "roadmap",
        "pool_rankings",
    ):
        getattr(a, name)
    assert a.totals.projects == 40 + 5
    live = sum(len(projects) for _, projects in analysis.roadmap)
    assert sum(len(projects) for _, projects in a.roadmap) == live + 40  # each copy is a live project
