"""Page builders for the portfolio views; every figure comes from one :class:`Analysis`.

Rendered once per build, in a second process where that pays (``views_job.py``); each method
renders one page with ``PageRenderer.render`` (so links, money and escaping work as on every
other page).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pmo_hub.analyse import Analysis, analyse, definitions
from pmo_hub.analyse.headline import headline
from pmo_hub.analyse.proposals import FUNDING_RULE, RANKING_RULE
from pmo_hub.load.settings import HubSettings
from pmo_hub.model import RAG, Portfolio, Project
from pmo_hub.render import charts, formatting, paths
from pmo_hub.render.cells import raw
from pmo_hub.render.downloads import FORMATS, TABLE_CSV, build_downloads
from pmo_hub.render.outputs import LastOutputs
from pmo_hub.render.pages import GeneratedPage, PageRenderer

PROBABILITY_LABELS = {1: "Very unlikely", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Very likely"}
IMPACT_LABELS = {1: "Minimal", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


def pct(value: float | None) -> str:
    """A percentage already rounded to one decimal (``definitions.variance_pct``)."""
    return "–" if value is None else f"{value:+.1f}%"


def score_band(score: int) -> str:
    """The handbook's bands: low 1-6, medium 8-12, high 15-25 (as on project pages)."""
    return "high" if score >= 15 else ("medium" if score >= 8 else "low")


# What the risks page and the heat-map cell pages say about a probability, an impact and a score.
RISK_SCALE = {"probability_labels": PROBABILITY_LABELS, "impact_labels": IMPACT_LABELS, "score_band": score_band}


def month_label(month: date) -> str:
    return month.strftime("%b %Y")


def _month_text(label: str, segments: list[charts.Segment]) -> str:
    counts = ", ".join(f"{s.label} {s.value}" for s in segments if s.value)
    return f"{label}: {counts or 'no status yet'}"


class PortfolioViews:
    """Builds the view pages of one portfolio from its analysis."""

    def __init__(self, renderer: PageRenderer, analysis: Analysis, last: LastOutputs | None = None) -> None:
        self.renderer = renderer
        self.analysis = analysis
        self.last = last  # the downloads' outputs of the last build, if kept (``mkdocs serve``)
        self.portfolio = renderer.portfolio
        self.hub = renderer.settings

    def pages(self) -> Iterator[GeneratedPage]:
        yield self.dashboard()
        yield self.board_pack()
        yield self.exceptions()
        yield self.roadmap()
        yield self.milestones()
        yield self.risks()
        yield self.benefits()
        yield self.decisions()
        yield self.lessons()
        yield self.calendar()
        yield self.alignment()
        yield self.proposals()
        yield self.dependencies()
        yield self.data_quality()
        yield from self.risk_cells()
        for name, content in build_downloads(self.portfolio, self.analysis, last=self.last).items():
            yield GeneratedPage(paths.download(name), content)

    def render(self, template: str, path: str, **context: Any) -> GeneratedPage:
        return self.renderer.render(
            template,
            path,
            analysis=self.analysis,
            definitions=definitions,
            raw=raw,
            pct=pct,
            source=self.source,
            rag_scale=list(RAG),
            **context,
        )

    def source(self, project: Project) -> tuple[str, str | None]:
        """The project's data file as the repository names it, and its edit URL (as project pages)."""
        file_name = self.portfolio.project_files[project.id].name
        return self.renderer.data_path(project.id), self.renderer.data_edit_url(f"projects/{file_name}")

    # -- pages -----------------------------------------------------------------------------

    def dashboard(self) -> GeneratedPage:
        a = self.analysis
        money = formatting.short_money
        currency = self.portfolio.settings.currency
        rag_bars = [
            charts.Bar(charts.rag_label(value), count, charts.rag_colour(value), str(count))
            for value, count in a.rag_counts
        ]
        rag_chart = charts.bar_chart(
            "pmo-chart-rag",
            "Projects by overall status",
            "Bar chart of projects past the proposal stage by the overall RAG of their newest update: "
            + "; ".join(f"{bar.label} {bar.text}" for bar in rag_bars)
            + ".",
            rag_bars,
        )
        groups = [
            (
                row.name,
                [
                    charts.Bar(
                        "Approved", row.totals.approved, charts.SERIES_COLOURS[0], money(row.totals.approved, currency)
                    ),
                    charts.Bar(
                        "Forecast", row.totals.forecast, charts.SERIES_COLOURS[1], money(row.totals.forecast, currency)
                    ),
                ],
            )
            for row in a.programme_rows
        ]
        finance_chart = charts.grouped_bar_chart(
            "pmo-chart-finance",
            "Approved budget and forecast at completion by programme",
            "Bar chart comparing approved budget with forecast at completion for each programme, proposals "
            "excluded: "
            + "; ".join(f"{name}: approved {bars[0].text}, forecast {bars[1].text}" for name, bars in groups)
            + ".",
            ["Approved", "Forecast at completion"],
            groups,
        )
        legend = [(charts.rag_label(value), charts.rag_colour(value)) for value in RAG]
        columns = [
            (
                month_label(m.month),
                [charts.Segment(charts.rag_label(value), count, charts.rag_colour(value)) for value, count in m.counts],
            )
            for m in a.trend
        ]
        trend_chart = (
            charts.stacked_column_chart(
                "pmo-chart-trend",
                "Portfolio status mix by month",
                "Stacked columns: for each month, the live projects by the overall RAG of their newest update "
                "on or before the month's end: " + "; ".join(_month_text(label, segs) for label, segs in columns) + ".",
                legend,
                columns,
            )
            if a.trend
            else None
        )
        return self.render(
            "view_dashboard.md.j2",
            paths.DASHBOARD,
            headline=headline(self.portfolio),
            rag_chart=rag_chart,
            finance_chart=finance_chart,
            trend_chart=trend_chart,
            month_label=month_label,
            downloads=FORMATS,
        )

    def roadmap(self) -> GeneratedPage:
        a = self.analysis
        groups = []
        for programme, projects in a.roadmap:
            rows = []
            for p in projects:
                assert p.start is not None and p.end is not None  # the roadmap lists projects with both
                rag = p.current.overall if p.current else None
                tip = (
                    f"{p.id} {p.name}: planned {p.start:%d %b %Y} to {p.end:%d %b %Y}"
                    + (
                        f", forecast end {p.forecast_end:%d %b %Y} ({formatting.days(p.slip_days)})"
                        if p.forecast_end
                        else ""
                    )
                    + f"; {charts.rag_label(rag)}"
                )
                rows.append(charts.TimelineRow(f"{p.id} {p.name}", p.start, p.end, p.forecast_end, rag, tip))
            groups.append((programme.name if programme else "No programme", rows))
        count = sum(len(rows) for _, rows in groups)
        chart = charts.timeline_chart(
            "pmo-chart-roadmap",
            "Roadmap of live projects by programme",
            f"Timeline of {count} projects from initiation to closing, grouped by programme: each bar runs "
            "from planned start to planned end, coloured and labelled by overall RAG; an outlined extension "
            "shows slip to a later forecast end; the dashed line marks the reporting date "
            f"{self.portfolio.reporting_date:%d %b %Y}. The same data is in the table below.",
            groups,
            self.portfolio.reporting_date,
            f"Reporting date {self.portfolio.reporting_date:%d %b %Y}",
        )
        return self.render("view_roadmap.md.j2", paths.ROADMAP, chart=chart)

    def milestones(self) -> GeneratedPage:
        return self.render("view_milestones.md.j2", paths.MILESTONES)

    def risks(self) -> GeneratedPage:
        return self.render("view_risks.md.j2", paths.RISKS, **RISK_SCALE)

    def risk_cells(self) -> Iterator[GeneratedPage]:
        """A page per heat-map cell: the heat map's counts link to them (all 25, empty ones too)."""
        items = {(p, i): risks for p, i, risks in self.analysis.risk_cells}
        for p, i in paths.HEAT_MAP_CELLS:
            yield self.render(
                "view_risk_cell.md.j2",
                paths.risk_cell(p, i),
                probability=p,
                impact=i,
                items=items.get((p, i), []),
                **RISK_SCALE,
            )

    def alignment(self) -> GeneratedPage:
        return self.render("view_alignment.md.j2", paths.ALIGNMENT)

    def proposals(self) -> GeneratedPage:
        criteria = self.portfolio.settings.criteria
        total_weight = sum(c.weight for c in criteria)
        return self.render(
            "view_proposals.md.j2",
            paths.PROPOSALS,
            criteria=criteria,
            total_weight=total_weight,
            ranking_rule=RANKING_RULE,
            funding_rule=FUNDING_RULE,
        )

    def dependencies(self) -> GeneratedPage:
        return self.render("view_dependencies.md.j2", paths.DEPENDENCIES)

    def data_quality(self) -> GeneratedPage:
        return self.render(
            "view_data_quality.md.j2",
            paths.DATA_QUALITY,
            expected=definitions.EXPECTED_FIELDS,
            stale_delta=timedelta(days=self.portfolio.settings.stale_after_days),
        )

    # -- the portfolio board's pages --------------------------------------------------------

    def board_pack(self) -> GeneratedPage:
        return self.render("view_board_pack.md.j2", paths.BOARD_PACK, tiers=self._tiers(), **RISK_SCALE)

    def exceptions(self) -> GeneratedPage:
        return self.render("view_exceptions.md.j2", paths.EXCEPTIONS, tiers=self._tiers(), table_csv=TABLE_CSV)

    def benefits(self) -> GeneratedPage:
        return self.render("view_benefits.md.j2", paths.BENEFITS, table_csv=TABLE_CSV)

    def decisions(self) -> GeneratedPage:
        return self.render("view_decisions.md.j2", paths.DECISIONS, table_csv=TABLE_CSV)

    def lessons(self) -> GeneratedPage:
        return self.render("view_lessons.md.j2", paths.LESSONS, table_csv=TABLE_CSV)

    def calendar(self) -> GeneratedPage:
        return self.render("view_calendar.md.j2", paths.CALENDAR)

    def _tiers(self) -> dict[str, str]:
        return {tier.id: tier.name for tier in self.portfolio.settings.tiers}


# Pages whose size grows with the portfolio are found by their title and description in search:
# their rows are the projects, each found on its own page. (The decision log, the lessons library
# and the benefits register are text people search for, and indexed as they are.)
LIST_VIEWS = frozenset(
    {
        paths.DASHBOARD,
        paths.BOARD_PACK,
        paths.EXCEPTIONS,
        paths.ROADMAP,
        paths.MILESTONES,
        paths.RISKS,
        paths.ALIGNMENT,
        paths.PROPOSALS,
        paths.DEPENDENCIES,
        paths.DATA_QUALITY,
    }
)


def view_pages(portfolio: Portfolio, settings: HubSettings, last: LastOutputs | None = None) -> Iterator[GeneratedPage]:
    """The portfolio views and downloads, in ``paths.VIEW_PAGES`` order, then the heat map's cells
    and the downloads (``last``: the downloads' outputs of the last build, to reuse)."""
    for view in PortfolioViews(PageRenderer(portfolio, settings), analyse(portfolio), last).pages():
        yield view.with_search_text("") if view.path in LIST_VIEWS else view
