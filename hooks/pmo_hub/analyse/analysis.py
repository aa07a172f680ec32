"""Every portfolio figure, computed once per build from the frames in :mod:`.frames`.

Figures are cached properties: a build computes each at most once, however many pages use
it. Selections (lists of projects, milestones, risks) are returned as the model objects, so
templates render typed values; the frames stay available to the downloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import pandas as pd

from pmo_hub.analyse import definitions, governance
from pmo_hub.analyse.finance import Totals, money_sum, rag_counts, totals
from pmo_hub.analyse.frames import Frames, build_frames
from pmo_hub.analyse.governance import BenefitRow, BenefitTotal, ExceptionRow, LessonGroup, Movements, PendingChange
from pmo_hub.analyse.people import SAME_PERSON_RULE, SamePerson, people_of, same_person_pairs
from pmo_hub.analyse.proposals import PoolRanking, Unranked, rank_proposals
from pmo_hub.analyse.quality import (
    RatingMismatch,
    UnappliedChange,
    missing_fields,
    rating_mismatches,
    unapplied_changes,
)
from pmo_hub.model import RAG, Objective, Portfolio, Programme, Project, Stage
from pmo_hub.model.project import Change, Issue, Milestone, Risk, Severity

NO_PROGRAMME = "No programme"


@dataclass(frozen=True)
class ProgrammeRow:
    """One programme (or the projects in none) on the dashboard."""

    programme: Programme | None
    projects: int  # projects and proposals
    proposals: int
    closed: int  # counted in money totals, not in live status
    requested: float  # proposals' requests
    totals: Totals
    rag_counts: list[tuple[RAG | None, int]]

    @property
    def name(self) -> str:
        return self.programme.name if self.programme else NO_PROGRAMME


@dataclass(frozen=True)
class Alignment:
    objective: Objective
    projects: list[Project]
    approved: float  # projects past the proposal stage
    requested: float  # proposals


@dataclass(frozen=True)
class TrendMonth:
    month: date  # first day of the month
    counts: list[tuple[RAG, int]]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass(frozen=True)
class ChangeTotal:
    status: str
    count: int
    cost_impact: float
    schedule_impact_days: int


class Analysis:
    """The figures of one portfolio; build with :func:`analyse`."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.frames: Frames = build_frames(portfolio)
        self.reporting_date = portfolio.reporting_date
        self._rd = pd.Timestamp(portfolio.reporting_date)

    # -- money and status ----------------------------------------------------------

    @cached_property
    def totals(self) -> Totals:
        return totals(self.portfolio.projects)

    @cached_property
    def rag_counts(self) -> list[tuple[RAG | None, int]]:
        """Live projects by current overall RAG (definitions.STATUS_RULE)."""
        return rag_counts(self.portfolio.projects)

    @cached_property
    def stage_counts(self) -> list[tuple[Stage, int]]:
        counts = self.frames.projects["stage"].value_counts().to_dict()
        return [(stage, int(counts.get(stage.value, 0))) for stage in Stage]

    @cached_property
    def programme_rows(self) -> list[ProgrammeRow]:
        """Every programme in portfolio.yaml order, then "No programme" if any project has none."""
        portfolio = self.portfolio
        keys: list[str | None] = [p.id for p in portfolio.settings.programmes]
        if any(project.programme is None for project in portfolio.projects):
            keys.append(None)
        rows = []
        for programme_id in keys:
            projects = portfolio.projects_in(programme_id)
            proposals = [p for p in projects if not definitions.counted_in_totals(p)]
            rows.append(
                ProgrammeRow(
                    programme=portfolio.programmes.get(programme_id) if programme_id else None,
                    projects=len(projects),
                    proposals=len(proposals),
                    closed=sum(p.stage is Stage.closed for p in projects),
                    requested=money_sum(p.approved or 0.0 for p in proposals),
                    totals=totals(projects),
                    rag_counts=rag_counts(projects),
                )
            )
        return rows

    @cached_property
    def proposals_requested(self) -> tuple[int, float]:
        proposals = self.frames.projects[~self.frames.projects["counted"]]
        return len(proposals), money_sum(proposals["approved"].fillna(0.0))

    # -- exceptions ------------------------------------------------------------------

    @cached_property
    def _live(self) -> pd.DataFrame:
        projects = self.frames.projects
        return projects[projects["stage"].isin([s.value for s in definitions.LIVE_STAGES])]

    @cached_property
    def top_slips(self) -> list[Project]:
        """Live projects forecast to finish later than planned, largest slip first."""
        return self._largest_live("slip_days")

    @cached_property
    def top_overspends(self) -> list[Project]:
        """Live projects forecast to cost more than approved, largest variance first."""
        return self._largest_live("variance")

    def _largest_live(self, column: str) -> list[Project]:
        """The live projects with the largest positive ``column``, ties by id."""
        live = self._live
        positive = live[live[column].fillna(0) > 0]
        ordered = positive.sort_values([column, "id"], ascending=[False, True], kind="stable")
        return list(ordered["_project"].head(definitions.TOP_EXCEPTIONS))

    @cached_property
    def stale(self) -> list[Project]:
        """Projects whose newest update is older than stale_after_days, oldest first."""
        projects = self.frames.projects
        return list(projects[projects["stale"]].sort_values(["last_update", "id"], kind="stable")["_project"])

    @cached_property
    def never_reported(self) -> list[Project]:
        """Projects past the proposal stage with no update at all."""
        projects = self.frames.projects
        return list(projects[projects["never_reported"] & projects["reports_status"]]["_project"])

    # -- milestones --------------------------------------------------------------------

    def _milestones(
        self, mask: pd.Series, by: list[str], ascending: list[bool] | bool = True
    ) -> list[tuple[Project, Milestone]]:
        frame = self.frames.milestones[mask].sort_values(by, ascending=ascending, kind="stable")
        return list(zip(frame["_project"], frame["_item"], strict=True))

    @cached_property
    def overdue_milestones(self) -> list[tuple[Project, Milestone]]:
        """Not done and due before the reporting date, oldest first."""
        m = self.frames.milestones
        return self._milestones(m["state"] == "overdue", ["due", "project_id"])

    @cached_property
    def overdue_without_forecast(self) -> list[tuple[Project, Milestone]]:
        m = self.frames.milestones
        return self._milestones((m["state"] == "overdue") & m["forecast"].isna(), ["due", "project_id"])

    @cached_property
    def due_soon(self) -> list[tuple[Project, Milestone]]:
        """Not done and due from the reporting date to DUE_SOON_DAYS after it, inclusive."""
        m = self.frames.milestones
        horizon = self._rd + pd.Timedelta(days=definitions.DUE_SOON_DAYS)
        return self._milestones(
            m["done"].isna() & (m["due"] >= self._rd) & (m["due"] <= horizon), ["due", "project_id"]
        )

    @cached_property
    def recently_done(self) -> list[tuple[Project, Milestone]]:
        """Done in the RECENT_DAYS up to the reporting date, inclusive; most recent first."""
        m = self.frames.milestones
        since = self._rd - pd.Timedelta(days=definitions.RECENT_DAYS)
        return self._milestones((m["done"] >= since) & (m["done"] <= self._rd), ["done", "project_id"], [False, True])

    @cached_property
    def slipped_milestones(self) -> list[tuple[Project, Milestone]]:
        """Not done, forecast later than due; largest slip first."""
        m = self.frames.milestones
        return self._milestones(
            m["done"].isna() & (m["forecast"] > m["due"]), ["slip_days", "project_id"], [False, True]
        )

    # -- risks, issues, changes ----------------------------------------------------------

    @cached_property
    def _open_risks(self) -> pd.DataFrame:
        r = self.frames.risks
        return r[r["status"] == "open"].sort_values(
            ["score", "impact", "project_id", "risk_id"], ascending=[False, False, True, True], kind="stable"
        )

    @cached_property
    def heat_map(self) -> list[tuple[int, list[tuple[int, int]]]]:
        """Open risks counted by probability (rows, 5 first) and impact (columns, 1 first)."""
        r = self._open_risks
        counts = pd.crosstab(r["probability"], r["impact"]).reindex(
            index=range(1, 6), columns=range(1, 6), fill_value=0
        )
        return [(p, [(i, int(counts.loc[p, i])) for i in range(1, 6)]) for p in range(5, 0, -1)]

    @cached_property
    def risk_cells(self) -> list[tuple[int, int, list[tuple[Project, Risk]]]]:
        """The open risks behind each non-empty heat-map cell, highest score first."""
        r = self._open_risks
        cells = []
        for (p, i), group in r.groupby(["probability", "impact"], sort=False):
            cells.append((int(p), int(i), list(zip(group["_project"], group["_item"], strict=True))))
        return sorted(cells, key=lambda cell: (-cell[0] * cell[1], -cell[1]))

    @cached_property
    def open_risk_count(self) -> int:
        return len(self._open_risks)

    @cached_property
    def top_risks(self) -> list[tuple[Project, Risk]]:
        r = self._open_risks.head(definitions.TOP_RISKS)
        return list(zip(r["_project"], r["_item"], strict=True))

    @cached_property
    def open_issues(self) -> list[tuple[Project, Issue]]:
        """Open issues, most severe first, then by due date (none last), project and id."""
        i = self.frames.issues
        frame = i[i["status"] == "open"].sort_values(
            ["severity_order", "due", "project_id", "issue_id"],
            ascending=[False, True, True, True],
            kind="stable",
            na_position="last",
        )
        return list(zip(frame["_project"], frame["_item"], strict=True))

    @cached_property
    def issue_counts(self) -> list[tuple[Severity, int]]:
        i = self.frames.issues
        counts = i[i["status"] == "open"]["severity"].value_counts().to_dict()
        return [(s, int(counts.get(s.value, 0))) for s in reversed(Severity)]

    @cached_property
    def changes(self) -> list[tuple[Project, Change]]:
        c = self.frames.changes  # project id order, then the file's order
        return list(zip(c["_project"], c["_item"], strict=True))

    @cached_property
    def change_totals(self) -> list[ChangeTotal]:
        c = self.frames.changes
        result = []
        for status in ("requested", "approved", "rejected"):
            rows = c[c["status"] == status]
            result.append(
                ChangeTotal(
                    status,
                    len(rows),
                    money_sum(rows["cost_impact"].dropna()),
                    int(rows["schedule_impact_days"].fillna(0).sum()),
                )
            )
        return result

    # -- alignment, proposals, dependencies ----------------------------------------------

    @cached_property
    def alignment(self) -> list[Alignment]:
        members: dict[str, list[Project]] = {o.id: [] for o in self.portfolio.settings.objectives}
        for project in self.portfolio.projects:
            for objective_id in project.objectives:
                members[objective_id].append(project)
        result = []
        for objective in self.portfolio.settings.objectives:
            projects = members[objective.id]
            result.append(
                Alignment(
                    objective,
                    projects,
                    approved=money_sum(p.approved or 0.0 for p in projects if definitions.counted_in_totals(p)),
                    requested=money_sum(p.approved or 0.0 for p in projects if not definitions.counted_in_totals(p)),
                )
            )
        return result

    @cached_property
    def unaligned(self) -> list[Project]:
        return [p for p in self.portfolio.projects if not p.objectives]

    @cached_property
    def _rankings(self) -> tuple[list[PoolRanking], list[Unranked]]:
        settings = self.portfolio.settings
        return rank_proposals(self.portfolio.projects, settings.budget_pools, settings.criteria)

    @property
    def pool_rankings(self) -> list[PoolRanking]:
        return self._rankings[0]

    @property
    def unranked_proposals(self) -> list[Unranked]:
        return self._rankings[1]

    @cached_property
    def at_risk_dependencies(self) -> list[tuple[Project, Project]]:
        """(dependant, dependency) pairs where the dependency is red or amber; worst first."""
        by_id = self.portfolio.by_id
        pairs = []
        for project in self.portfolio.projects:
            for other_id in project.dependencies:
                other = by_id[other_id]
                if other.current and definitions.is_at_risk(other.current.overall):
                    pairs.append((project, other))

        def worst_first(pair: tuple[Project, Project]) -> tuple[int, str, str]:
            current = pair[1].current
            assert current is not None  # only dependencies with a status update are paired (above)
            return (-current.overall.order, pair[1].id, pair[0].id)

        return sorted(pairs, key=worst_first)

    @cached_property
    def dependency_count(self) -> int:
        return sum(len(p.dependencies) for p in self.portfolio.projects)

    # -- data quality and trend ------------------------------------------------------------

    @cached_property
    def missing_fields(self) -> list[tuple[Project, list[str]]]:
        settings = self.portfolio.settings
        found = ((p, missing_fields(p, settings)) for p in self.portfolio.projects)
        return [(p, fields) for p, fields in found if fields]

    @cached_property
    def trend(self) -> list[TrendMonth]:
        """Live projects' status at each month end, carried forward (definitions.TREND_RULE),
        at most TREND_MONTHS months; linear in updates plus projects × months."""
        u = self.frames.updates
        live = self.frames.projects.loc[self.frames.projects["live_status"], "id"]
        u = u[(u["date"] <= self._rd) & u["project_id"].isin(live)]
        if u.empty:
            return []
        end = self._rd.to_period("M")
        month = u["date"].dt.to_period("M")
        start = max(month.min(), end - (definitions.TREND_MONTHS - 1))
        # An update before the first month shown is what that month carries forward.
        u = u.assign(month=month.where(month >= start, start), order=range(len(u)))
        # The file's order breaks ties of a date, as for a project's current update.
        last = u.sort_values(["project_id", "date", "order"], kind="stable").groupby(["project_id", "month"]).tail(1)
        months = pd.period_range(start, end, freq="M")
        # Carried forward as numbers: pandas fills text along a row a hundred times slower.
        rank = {rag.value: number for number, rag in enumerate(RAG)}
        last = last.assign(rank=last["overall"].map(rank))
        status = last.pivot(index="project_id", columns="month", values="rank").reindex(columns=months).ffill(axis=1)
        counts = {m: status[m].value_counts().to_dict() for m in months}
        return [
            TrendMonth(m.start_time.date(), [(r, int(counts[m].get(number, 0))) for number, r in enumerate(RAG)])
            for m in months
        ]

    @cached_property
    def roadmap(self) -> list[tuple[Programme | None, list[Project]]]:
        """Live projects with planned dates, by programme (portfolio.yaml order), by start."""
        groups: dict[str, list[Project]] = {p.id: [] for p in self.portfolio.settings.programmes}
        groups[""] = []
        for project in self.portfolio.projects:
            if project.stage in definitions.LIVE_STAGES and project.start and project.end:
                groups[project.programme or ""].append(project)
        result = []
        for key, projects in groups.items():
            if projects:
                projects.sort(key=lambda p: (p.start, p.id))
                result.append((self.portfolio.programmes.get(key) if key else None, projects))
        return result

    # -- the portfolio board (contract 1.1) ----------------------------------------------------

    @cached_property
    def exceptions(self) -> list[ExceptionRow]:
        return governance.exceptions(self.portfolio.projects, self.portfolio.settings)

    @cached_property
    def pending_changes(self) -> list[PendingChange]:
        return governance.pending_changes(self.portfolio.projects, self.reporting_date)

    @cached_property
    def overdue_changes(self) -> list[PendingChange]:
        """Awaiting a decision CHANGE_DECISION_DAYS or more after being raised."""
        return [row for row in self.pending_changes if row.overdue]

    @cached_property
    def untimed_changes(self) -> list[PendingChange]:
        """Awaiting a decision, with no `raised` date to time them by."""
        return [row for row in self.pending_changes if row.age_days is None]

    @cached_property
    def movements(self) -> Movements:
        return governance.movements(self.portfolio.projects)

    @cached_property
    def benefits(self) -> list[BenefitRow]:
        return governance.benefits(self.portfolio.projects, self.portfolio.settings, self.reporting_date)

    @cached_property
    def benefit_totals(self) -> list[BenefitTotal]:
        """Per status in status order, then all benefits (status None)."""
        return governance.benefit_totals(self.benefits)

    @cached_property
    def benefits_at_risk(self) -> list[BenefitRow]:
        return [row for row in self.benefits if row.benefit.status.value == "at-risk"]

    @cached_property
    def decision_log(self) -> list:
        return governance.decision_log(self.portfolio.projects)

    @cached_property
    def lessons(self) -> list[LessonGroup]:
        return governance.lessons_library(self.portfolio.projects)

    @cached_property
    def lesson_count(self) -> int:
        return sum(len(group.lessons) for group in self.lessons)

    @cached_property
    def _calendar(self) -> tuple[list, list]:
        return governance.calendar(self.portfolio.settings.meetings, self.reporting_date)

    @property
    def upcoming_meetings(self) -> list:
        return self._calendar[0]

    @property
    def past_meetings(self) -> list:
        return self._calendar[1]

    @cached_property
    def commentary(self):  # noqa: ANN201 (Commentary | None)
        return definitions.current_commentary(self.portfolio.settings, self.reporting_date)

    @cached_property
    def board_top_risks(self) -> list[tuple[Project, Risk]]:
        return self.top_risks[: definitions.BOARD_PACK_RISKS]

    @cached_property
    def rating_mismatches(self) -> list[RatingMismatch]:
        return rating_mismatches(self.portfolio.projects, self.portfolio.settings)

    @cached_property
    def unapplied_changes(self) -> list[UnappliedChange]:
        return unapplied_changes(self.portfolio.projects)

    # The sentence the data-quality page prints above the pairs (the rule is in analyse/people.py).
    same_person_rule = SAME_PERSON_RULE

    @cached_property
    def same_person(self) -> list[SamePerson]:
        """Names that seem to be one person written two ways (SAME_PERSON_RULE), by name."""
        return same_person_pairs(people_of(self.portfolio))

    def due_horizon(self) -> date:
        return self.reporting_date + timedelta(days=definitions.DUE_SOON_DAYS)

    def recent_since(self) -> date:
        return self.reporting_date - timedelta(days=definitions.RECENT_DAYS)


def analyse(portfolio: Portfolio) -> Analysis:
    """The analysis of one portfolio (figures are computed on first use, once)."""
    return Analysis(portfolio)
