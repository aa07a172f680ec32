"""Version 1.1 of the data contract: governance, benefits and learning.

Validation gives the same `path:line: field: message` lines as 1.0; the derived rules
(effective tolerances, exception, movement, current commentary) are checked against
figures worked out by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_validation import VALID_HEAD, problems_for

from pmo_hub.analyse.definitions import (
    EffectiveTolerances,
    Movement,
    current_commentary,
    effective_tolerances,
    in_exception,
    movement,
)
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.model import BenefitStatus, PortfolioSettings, Project, Stage
from pmo_hub.render.reference import reference_sections
from support import ROOT, write_project

# Appended to the minimal fixture's portfolio.yaml, whose last line is 23: `tolerances` is line 24,
# `tiers` 27, `commentary` 35, `meetings` 38.
GOVERNANCE = """\
tolerances:
  schedule_days: 28
  cost_percent: 10
tiers:
  - id: t1
    name: Tier 1
    approver: sponsor
    tolerances:
      schedule_days: 14
  - id: t3
    name: Tier 3
commentary:
  - date: 2026-06-28
    text: A quiet month.
meetings:
  - date: 2026-07-14
    board: Portfolio board
"""

BENEFIT = "  - {id: B1, title: t, measure: m, target: 10, due: 2027-01-01, status: planned}\n"


@pytest.fixture
def governed(data_dir: Path) -> Path:
    """The minimal fixture with 1.1 governance settings in portfolio.yaml."""
    portfolio = data_dir / "portfolio.yaml"
    portfolio.write_text(portfolio.read_text() + GOVERNANCE)
    return data_dir


def test_governance_settings_are_valid_and_read(governed: Path) -> None:
    portfolio = load_portfolio(governed)
    settings = portfolio.settings
    assert settings.tolerances is not None
    assert (settings.tolerances.schedule_days, settings.tolerances.cost_percent) == (28, 10)
    assert [(t.id, t.approver) for t in settings.tiers] == [("t1", "sponsor"), ("t3", None)]
    assert settings.tiers[0].tolerances is not None and settings.tiers[0].tolerances.cost_percent is None
    assert [(c.date, c.text) for c in settings.commentary] == [(date(2026, 6, 28), "A quiet month.")]
    assert [(m.date, m.board, m.purpose) for m in settings.meetings] == [(date(2026, 7, 14), "Portfolio board", None)]


def test_full_project_is_valid_and_read(governed: Path) -> None:
    write_project(
        governed,
        "X",
        VALID_HEAD
        + """\
tier: t1
benefits:
  - id: B1
    title: Fewer calls
    owner: Ann Owner
    measure: Calls a month
    unit: calls
    baseline: 1200
    target: 800
    due: 2027-03-31
    actuals:
      - {date: 2026-12-31, value: 1010.5}
    status: on-track
decisions:
  - {id: D1, date: 2026-05-01, title: Go with supplier A, decided_by: sponsor, rationale: Cheapest}
lessons:
  - {id: L1, date: 2026-06-01, title: Survey early, category: procurement, what_happened: Late survey,
     recommendation: Survey first}
changes:
  - {id: C1, title: t, status: approved, raised: 2026-04-01, decided: 2026-04-20, decided_by: Project board}
""",
    )
    project = load_portfolio(governed).by_id["X"]
    assert project.tier == "t1"
    benefit = project.benefits[0]
    assert (benefit.baseline, benefit.target, benefit.status) == (1200, 800, BenefitStatus.on_track)
    assert [(a.date, a.value) for a in benefit.actuals] == [(date(2026, 12, 31), 1010.5)]
    assert [(d.id, d.decided_by, d.rationale) for d in project.decisions] == [("D1", "sponsor", "Cheapest")]
    assert [(lesson.category, lesson.recommendation) for lesson in project.lessons] == [("procurement", "Survey first")]
    change = project.changes[0]
    assert (change.raised, change.decided, change.decided_by) == (date(2026, 4, 1), date(2026, 4, 20), "Project board")


PROJECT_CASES = {
    "unknown tier": (
        VALID_HEAD + "tier: t2\n",
        ["data/projects/X.yaml:4: tier: unknown tier 't2'; known: t1, t3"],
    ),
    "duplicate benefit id": (
        VALID_HEAD + "benefits:\n" + BENEFIT * 2,
        ["data/projects/X.yaml:6: benefits[1].id: duplicate id 'B1' (also benefits[0])"],
    ),
    "benefit status outside the list": (
        VALID_HEAD + "benefits:\n" + BENEFIT.replace("planned", "banked"),
        [
            "data/projects/X.yaml:5: benefits[0].status: expected one of 'planned', 'on-track', 'at-risk', "
            "'realised' or 'not-realised', got 'banked'"
        ],
    ),
    "benefit without a target": (
        VALID_HEAD + "benefits:\n" + BENEFIT.replace(" target: 10,", ""),
        ["data/projects/X.yaml:5: benefits[0].target: required field is missing"],
    ),
    "benefit actual that is not a number": (
        VALID_HEAD + "benefits:\n" + BENEFIT.replace("status:", "actuals: [{date: 2026-01-01, value: lots}], status:"),
        ["data/projects/X.yaml:5: benefits[0].actuals[0].value: expected a number, got 'lots'"],
    ),
    "lesson without what_happened": (
        VALID_HEAD + "lessons:\n  - id: L1\n    date: 2026-06-01\n    title: t\n    recommendation: r\n",
        ["data/projects/X.yaml:5: lessons[0].what_happened: required field is missing"],
    ),
    "lesson without recommendation, and an empty what_happened": (
        VALID_HEAD + "lessons:\n  - id: L1\n    date: 2026-06-01\n    title: t\n    what_happened: ''\n",
        [
            "data/projects/X.yaml:5: lessons[0].recommendation: required field is missing",
            "data/projects/X.yaml:8: lessons[0].what_happened: must not be empty",
        ],
    ),
    "decision without decided_by": (
        VALID_HEAD + "decisions:\n  - {id: D1, date: 2026-05-01, title: t}\n",
        ["data/projects/X.yaml:5: decisions[0].decided_by: required field is missing"],
    ),
    "change raised on a date that is not one": (
        VALID_HEAD + "changes:\n  - {id: C1, title: t, status: requested, raised: soon}\n",
        ["data/projects/X.yaml:5: changes[0].raised: expected a date as YYYY-MM-DD, got 'soon'"],
    ),
}


@pytest.mark.parametrize("text, expected", PROJECT_CASES.values(), ids=PROJECT_CASES.keys())
def test_bad_project_file(governed: Path, text: str, expected: list[str]) -> None:
    write_project(governed, "X", text)
    assert problems_for(governed) == expected


def test_tier_when_no_tiers_are_defined(data_dir: Path) -> None:
    write_project(data_dir, "X", VALID_HEAD + "tier: t1\n")
    assert problems_for(data_dir) == ["data/projects/X.yaml:4: tier: unknown tier 't1' (none are defined)"]


SETTINGS_CASES = {
    "approver not a role id": (
        ("approver: sponsor", "approver: cabinet"),
        ["data/portfolio.yaml:30: tiers[0].approver: unknown role 'cabinet'; known: project-manager, sponsor"],
    ),
    "duplicate tier id": (
        ("id: t3", "id: t1"),
        ["data/portfolio.yaml:33: tiers[1].id: duplicate id 't1' (also tiers[0])"],
    ),
    "negative schedule tolerance": (
        ("schedule_days: 28", "schedule_days: -1"),
        ["data/portfolio.yaml:25: tolerances.schedule_days: must be at least 0, got -1"],
    ),
    "fractional schedule tolerance": (
        ("schedule_days: 14", "schedule_days: 2.5"),
        ["data/portfolio.yaml:32: tiers[0].tolerances.schedule_days: expected a whole number, got 2.5"],
    ),
    "cost tolerance that is not a number": (
        ("cost_percent: 10", "cost_percent: 10%"),
        ["data/portfolio.yaml:26: tolerances.cost_percent: expected a number, got '10%'"],
    ),
    "infinite cost tolerance": (
        ("cost_percent: 10", "cost_percent: .inf"),
        ["data/portfolio.yaml:26: tolerances.cost_percent: expected a finite number, got .inf"],
    ),
    "default tolerances need both fields": (
        ("  cost_percent: 10\n", ""),
        ["data/portfolio.yaml:24: tolerances.cost_percent: required field is missing"],
    ),
    "commentary without text": (
        ("    text: A quiet month.\n", ""),
        ["data/portfolio.yaml:36: commentary[0].text: required field is missing"],
    ),
    "meeting without a board": (
        ("    board: Portfolio board\n", ""),
        ["data/portfolio.yaml:39: meetings[0].board: required field is missing"],
    ),
}


@pytest.mark.parametrize("change, expected", SETTINGS_CASES.values(), ids=SETTINGS_CASES.keys())
def test_bad_governance_settings(governed: Path, change: tuple[str, str], expected: list[str]) -> None:
    portfolio = governed / "portfolio.yaml"
    text = portfolio.read_text()
    assert text.count(change[0]) == 1
    portfolio.write_text(text.replace(*change))
    assert problems_for(governed) == expected


# -- derived rules, worked out by hand -----------------------------------------------------


def settings(**extra: Any) -> PortfolioSettings:
    return PortfolioSettings.model_validate({"organisation": "O", "currency": "GBP", **extra})


TIERED = settings(
    tolerances={"schedule_days": 28, "cost_percent": 10},
    tiers=[
        {"id": "t1", "name": "Tier 1", "tolerances": {"schedule_days": 14}},
        {"id": "t2", "name": "Tier 2", "tolerances": {"cost_percent": 5, "schedule_days": 0}},
        {"id": "t3", "name": "Tier 3"},
    ],
)


def project(
    stage: str = "delivery",
    tier: str | None = None,
    end: str = "2026-06-30",
    forecast_end: str | None = None,
    approved: float = 1_000_000,
    forecast: float | None = None,
    updates: list[tuple[str, str]] | None = None,
) -> Project:
    data: dict[str, Any] = {
        "id": "P",
        "name": "P",
        "stage": stage,
        "start": "2026-01-01",
        "end": end,
        "budget": {"approved": approved},
    }
    if tier:
        data["tier"] = tier
    if forecast_end:
        data["forecast_end"] = forecast_end
    if forecast is not None:
        data["budget"]["forecast"] = forecast
    data["updates"] = [{"date": day, "overall": rag, "summary": "s"} for day, rag in (updates or [])]
    return Project.model_validate(data)


@pytest.mark.parametrize(
    "tier, expected",
    [
        (None, EffectiveTolerances(28, 10)),  # no tier: the defaults
        ("t3", EffectiveTolerances(28, 10)),  # a tier without tolerances: the defaults
        ("t1", EffectiveTolerances(14, 10)),  # days overridden, cost kept from the default
        ("t2", EffectiveTolerances(0, 5)),  # both overridden; 0 is a value, not "unset"
    ],
)
def test_effective_tolerances(tier: str | None, expected: EffectiveTolerances) -> None:
    assert effective_tolerances(project(tier=tier), TIERED) == expected


def test_tier_tolerances_without_defaults_set_only_their_fields() -> None:
    only_tiers = settings(tiers=[{"id": "t1", "name": "T", "tolerances": {"cost_percent": 7.5}}])
    assert effective_tolerances(project(tier="t1"), only_tiers) == EffectiveTolerances(None, 7.5)
    # No schedule tolerance anywhere: a year's slip is not an exception; 7.6% over is.
    assert not in_exception(project(tier="t1", forecast_end="2027-06-30"), only_tiers)
    assert in_exception(project(tier="t1", forecast=1_076_000), only_tiers)


@pytest.mark.parametrize(
    "case, expected",
    [
        # end 2026-06-30 + 28 days = 2026-07-28: exactly 28 days' slip is inside, 29 is beyond.
        (dict(forecast_end="2026-07-28"), False),
        (dict(forecast_end="2026-07-29"), True),
        # Tier 1 allows 14 days: 2026-07-14 is inside, 2026-07-15 (15 days) beyond.
        (dict(tier="t1", forecast_end="2026-07-14"), False),
        (dict(tier="t1", forecast_end="2026-07-15"), True),
        # Tier 2 allows no slip at all, but finishing early is fine.
        (dict(tier="t2", forecast_end="2026-07-01"), True),
        (dict(tier="t2", forecast_end="2026-06-01"), False),
        # Cost: 10% of 1,000,000 is 100,000; exactly 1,100,000 is inside, 1,100,001 beyond.
        (dict(forecast=1_100_000), False),
        (dict(forecast=1_100_001), True),
        # Tier 2: 5% of 820,000 is 41,000.
        (dict(tier="t2", approved=820_000, forecast=861_000), False),
        (dict(tier="t2", approved=820_000, forecast=861_000.5), True),
        # An underspend, or no forecast (forecast = approved), is never a cost exception.
        (dict(forecast=500_000), False),
        (dict(), False),
        # Closed projects never are, nor proposals (no tolerances before Gate 1), whatever the figures.
        (dict(stage="closed", forecast_end="2026-12-31", forecast=2_000_000), False),
        (dict(stage="proposal", forecast_end="2026-12-31", forecast=2_000_000), False),
        (dict(stage="closing", forecast_end="2026-12-31"), True),
    ],
)
def test_in_exception(case: dict[str, Any], expected: bool) -> None:
    assert in_exception(project(**case), TIERED) is expected


def test_no_tolerances_means_no_exception() -> None:
    assert not in_exception(project(forecast_end="2030-01-01", forecast=9_000_000), settings())


def test_cost_tolerance_with_a_fractional_percentage() -> None:
    # 2.3% of 820,000 is 18,860: a forecast of 838,860 is exactly at the limit, so inside it.
    # In binary floats 2.3 × 820,000 is 1,885,999.9999999998, just under 18,860 × 100, and
    # 820,000 × 1.023 is 838,859.9999999999: worked that way, it would be flagged.
    custom = settings(tolerances={"schedule_days": 0, "cost_percent": 2.3})
    assert not in_exception(project(approved=820_000, forecast=838_860), custom)
    assert in_exception(project(approved=820_000, forecast=838_860.5), custom)


@pytest.mark.parametrize(
    "updates, expected",
    [
        ([], None),
        ([("2026-06-01", "amber")], Movement.new),
        # Written in any order: the newest two are compared.
        ([("2026-06-01", "amber"), ("2026-04-01", "red"), ("2026-05-01", "red")], Movement.improved),
        ([("2026-05-01", "green"), ("2026-06-01", "amber-green")], Movement.worsened),
        ([("2026-05-01", "amber-red"), ("2026-06-01", "amber-red")], Movement.unchanged),
        # Two on the same date: the one written later is the current one.
        ([("2026-06-01", "green"), ("2026-06-01", "red")], Movement.worsened),
    ],
)
def test_movement(updates: list[tuple[str, str]], expected: Movement | None) -> None:
    assert movement(project(updates=updates)) == expected


def test_current_commentary() -> None:
    with_commentary = settings(
        commentary=[
            {"date": "2026-05-29", "text": "May"},
            {"date": "2026-07-31", "text": "July"},
            {"date": "2026-06-30", "text": "June"},
            {"date": "2026-06-30", "text": "June, revised"},
        ]
    )
    june = current_commentary(with_commentary, date(2026, 6, 30))
    assert june is not None and june.text == "June, revised"
    may = current_commentary(with_commentary, date(2026, 6, 29))
    assert may is not None and may.text == "May"
    assert current_commentary(with_commentary, date(2026, 5, 1)) is None
    assert current_commentary(settings(), date(2026, 5, 1)) is None


# -- the generated reference, and the demo data --------------------------------------------


def test_reference_lists_the_new_fields() -> None:
    rows = {(section.file, row.name): row for section in reference_sections() for row in section.rows}
    assert rows[("data/portfolio.yaml", "tolerances.schedule_days")].type == "whole number 0–36500"
    assert rows[("data/portfolio.yaml", "tolerances.schedule_days")].required == "yes"
    assert rows[("data/portfolio.yaml", "tiers[].approver")].type == "id"
    assert rows[("data/projects/<id>.yaml", "tier")].required == "no"
    assert rows[("data/projects/<id>.yaml", "benefits[].status")].type == (
        "one of: `planned`, `on-track`, `at-risk`, `realised`, `not-realised`"
    )
    for name in (
        "benefits[].actuals[].value",
        "decisions[].decided_by",
        "lessons[].what_happened",
        "lessons[].recommendation",
        "changes[].raised",
        "changes[].decided_by",
    ):
        assert ("data/projects/<id>.yaml", name) in rows, name


def test_demo_data_uses_the_governance_fields() -> None:
    portfolio = load_portfolio(ROOT / "data")
    tiers = {tier.id for tier in portfolio.settings.tiers}
    assert len(tiers) == 3
    untiered = [p.id for p in portfolio.projects if p.stage is not Stage.proposal and p.tier is None]
    assert untiered == []
    statuses = {b.status for p in portfolio.projects for b in p.benefits}
    assert statuses == set(BenefitStatus)
    ending = [p for p in portfolio.projects if p.stage in (Stage.closing, Stage.closed)]
    assert ending and all(p.lessons for p in ending)
    assert current_commentary(portfolio.settings, portfolio.reporting_date) is not None
