"""Charts as inline SVG: no JavaScript, no external files, readable without colour.

Every chart has a ``<title>`` and ``<desc>`` (``role="img"`` and ``aria-labelledby``), every
coloured mark has a text label or legend entry, and every string from the data is escaped.
The pages also show each chart's data as a table, which is the accessible source of truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from pmo_hub.model import RAG, Project

# Same colours as docs/assets/pmo.css (WCAG AA against white text).
RAG_COLOURS = {
    "green": "#1b6e3a",
    "amber-green": "#4d6b12",
    "amber": "#8a5a00",
    "amber-red": "#a34400",
    "red": "#b3261e",
    "none": "#5f6368",
}
SERIES_COLOURS = ("#3949ab", "#00796b")
FONT = 12
CHAR_WIDTH = 6.6  # average width of a 12px character, to size label columns


def rag_colour(value: RAG | None) -> str:
    return RAG_COLOURS[value.value if value else "none"]


def rag_label(value: RAG | None) -> str:
    return value.label if value else "Not reported"


def _fit(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(chart_id: str, title: str, desc: str, width: float, height: float, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pmo-chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" height="{_num(height)}" '
        f'font-size="{FONT}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "", fill: str = "currentColor") -> str:
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}"{extra}>{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str, extra: str = "") -> str:
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0))}" height="{_num(h)}" fill="{fill}"{extra}>'
        f"<title>{escape(tip)}</title></rect>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    text: str  # the value as the page shows it, e.g. "£1.2m" or "5"


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> Markup:
    """Horizontal bars, one per category, each labelled with its name and value."""
    label_w = max([len(b.label) for b in bars] + [4]) * CHAR_WIDTH + 12
    plot_w, row_h, top = 360.0, 26.0, 8.0
    top_value = max([b.value for b in bars] + [0]) or 1
    body = []
    for index, bar in enumerate(bars):
        y = top + index * row_h
        w = plot_w * bar.value / top_value
        body.append(_text(label_w - 8, y + 15, bar.label, "end"))
        body.append(_rect(label_w, y + 3, w, row_h - 8, bar.colour, f"{bar.label}: {bar.text}"))
        body.append(_text(label_w + w + 6, y + 15, bar.text))
    return _svg(chart_id, title, desc, label_w + plot_w + 80, top * 2 + row_h * len(bars), body)


def grouped_bar_chart(
    chart_id: str, title: str, desc: str, series: Sequence[str], groups: Sequence[tuple[str, Sequence[Bar]]]
) -> Markup:
    """Horizontal bars grouped by category (one bar per series), with a legend."""
    names = [_fit(name, 34) for name, _ in groups]
    label_w = max([len(n) for n in names] + [4]) * CHAR_WIDTH + 12
    plot_w, bar_h, gap, top = 360.0, 14.0, 10.0, 30.0
    values = [bar.value for _, bars in groups for bar in bars]
    top_value = max(values + [0]) or 1
    body = []
    x = label_w
    for index, name in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        body.append(f'<rect x="{_num(x)}" y="8" width="12" height="12" fill="{colour}"/>')
        body.append(_text(x + 16, 18, name))
        x += 16 + len(name) * CHAR_WIDTH + 18
    y = top
    for name, (full_name, bars) in zip(names, groups, strict=True):
        group_h = bar_h * len(bars)
        body.append(_text(label_w - 8, y + group_h / 2 + 4, name, "end"))
        for index, bar in enumerate(bars):
            w = plot_w * max(bar.value, 0) / top_value
            body.append(
                _rect(label_w, y + index * bar_h, w, bar_h - 2, bar.colour, f"{full_name}, {bar.label}: {bar.text}")
            )
            body.append(
                _text(label_w + w + 6, y + index * bar_h + 11, f"{bar.label} {bar.text}", extra=' font-size="10"')
            )
        y += group_h + gap
    return _svg(chart_id, title, desc, label_w + plot_w + 150, y + 4, body)


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    colour: str


def stacked_column_chart(
    chart_id: str,
    title: str,
    desc: str,
    legend: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, Sequence[Segment]]],
) -> Markup:
    """Vertical stacked columns (e.g. RAG mix per month), totals on top, legend above."""
    col_w, gap, plot_h, left, top = 34.0, 14.0, 160.0, 12.0, 44.0
    top_value = max([sum(s.value for s in segs) for _, segs in columns] + [0]) or 1
    body = []
    x = left
    for label, colour in legend:
        body.append(f'<rect x="{_num(x)}" y="8" width="12" height="12" fill="{colour}"/>')
        body.append(_text(x + 16, 18, label))
        x += 16 + len(label) * CHAR_WIDTH + 14
    width = max(x, left + len(columns) * (col_w + gap)) + 12
    base = top + plot_h
    for index, (label, segments) in enumerate(columns):
        cx = left + index * (col_w + gap)
        y = base
        for segment in segments:
            if not segment.value:
                continue
            h = plot_h * segment.value / top_value
            y -= h
            body.append(_rect(cx, y, col_w, h, segment.colour, f"{label}: {segment.label} {segment.value}"))
            if h >= 14:
                body.append(_text(cx + col_w / 2, y + h / 2 + 4, str(segment.value), "middle", fill="#fff"))
        total = sum(s.value for s in segments)
        body.append(_text(cx + col_w / 2, y - 4, str(total), "middle"))
        body.append(_text(cx + col_w / 2, base + 16, label, "middle", ' font-size="10"'))
    body.append(
        f'<line x1="{_num(left)}" y1="{_num(base)}" x2="{_num(width - 12)}" y2="{_num(base)}" '
        f'stroke="currentColor" stroke-width="1"/>'
    )
    return _svg(chart_id, title, desc, width, base + 26, body)


@dataclass(frozen=True)
class TimelineRow:
    label: str
    start: date
    end: date
    forecast_end: date | None
    rag: RAG | None
    tip: str


def _months_between(first: date, last: date) -> list[date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_chart(
    chart_id: str,
    title: str,
    desc: str,
    groups: Sequence[tuple[str, Sequence[TimelineRow]]],
    marker: date,
    marker_label: str,
) -> Markup:
    """A roadmap: one bar per project from planned start to end, by group, with the slip to the
    forecast end drawn as an outlined extension and a vertical line at ``marker``."""
    rows = [row for _, group in groups for row in group]
    if not rows:
        return _svg(chart_id, title, desc, 300, 30, [_text(8, 20, "No projects to show.")])
    first = min([r.start for r in rows] + [marker])
    last = max([max(r.end, r.forecast_end or r.end) for r in rows] + [marker])
    first = date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    last_q = (last.month - 1) // 3 * 3 + 4
    last = date(last.year + (last_q > 12), (last_q - 1) % 12 + 1, 1)
    span = (last - first).days or 1
    label_w, plot_w, row_h, top, right = 232.0, 420.0, 20.0, 40.0, 80.0

    def x_of(day: date) -> float:
        return label_w + plot_w * (day - first).days / span

    body = []
    quarters = [m for m in _months_between(first, last) if m.month in (1, 4, 7, 10)]
    # Label every quarter, or every second, fourth... so that labels stay at least 56px apart.
    spacing = plot_w / max(len(quarters), 1)
    step = next(n for n in (1, 2, 4, 8, 16, 32, 10**6) if spacing * n >= 56)
    height = top + row_h * (len(rows) + len(groups)) + 8
    for index, quarter in enumerate(quarters):
        x = x_of(quarter)
        body.append(
            f'<line x1="{_num(x)}" y1="{_num(top - 6)}" x2="{_num(x)}" y2="{_num(height)}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
        if index % step == 0:
            body.append(_text(x + 2, top - 10, quarter.strftime("%b %Y"), extra=' font-size="10"'))
    y = top
    for group_label, group in groups:
        body.append(_text(4, y + 14, _fit(group_label, 34), extra=' font-weight="bold"'))
        y += row_h
        for row in group:
            # No links inside: a role="img" chart must not hold focusable elements (axe
            # nested-interactive); the table under the chart links every project.
            body.append(_text(12, y + 14, _fit(row.label, 33)))
            colour = rag_colour(row.rag)
            x0, x1 = x_of(row.start), x_of(row.end)
            body.append(_rect(x0, y + 4, x1 - x0, row_h - 8, colour, row.tip))
            tail = x1
            if row.forecast_end and row.forecast_end > row.end:
                tail = x_of(row.forecast_end)
                body.append(
                    _rect(
                        x1,
                        y + 4,
                        tail - x1,
                        row_h - 8,
                        "none",
                        row.tip,
                        f' stroke="{colour}" stroke-width="1.5" stroke-dasharray="3 2"',
                    )
                )
            elif row.forecast_end and row.forecast_end < row.end:
                xf = x_of(row.forecast_end)
                body.append(
                    f'<line x1="{_num(xf)}" y1="{_num(y + 2)}" x2="{_num(xf)}" y2="{_num(y + row_h - 2)}" '
                    f'stroke="currentColor" stroke-width="2"/>'
                )
            body.append(_text(tail + 4, y + 14, rag_label(row.rag), extra=' font-size="10"'))
            y += row_h
    xm = x_of(marker)
    body.append(
        f'<line class="pmo-chart-marker" x1="{_num(xm)}" y1="{_num(top - 22)}" x2="{_num(xm)}" '
        f'y2="{_num(height)}" stroke="{RAG_COLOURS["red"]}" stroke-width="2" stroke-dasharray="5 3"/>'
    )
    body.append(_text(xm + 4, 12, marker_label, extra=' font-weight="bold"', fill=RAG_COLOURS["red"]))
    return _svg(chart_id, title, desc, label_w + plot_w + right, height, body)


def rag_trend_chart(chart_id: str, title: str, desc: str, points: Sequence[tuple[date, RAG]]) -> Markup:
    """A step line of the overall RAG at each update, oldest left; levels are named on the axis."""
    levels = list(RAG)
    label_w, row_h, top, step = 92.0, 18.0, 10.0, 56.0
    width = label_w + 20 + step * max(len(points) - 1, 1) + 40
    base = top + row_h * (len(levels) - 1)
    body = []
    for value in levels:
        y = top + row_h * value.order
        body.append(
            f'<line x1="{_num(label_w)}" y1="{_num(y)}" x2="{_num(width - 10)}" y2="{_num(y)}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
        body.append(_text(label_w - 6, y + 4, value.label, "end", ' font-size="10"'))
    coords = [(label_w + 20 + step * index, top + row_h * value.order) for index, (_, value) in enumerate(points)]
    if len(coords) > 1:
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-opacity="0.6" stroke-width="1.5"/>'
        )
    label_every = max(1, round(len(points) / 12))
    for index, ((day, value), (x, y)) in enumerate(zip(points, coords, strict=True)):
        body.append(
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="5" fill="{rag_colour(value)}">'
            f"<title>{escape(day.strftime('%d %b %Y'))}: {escape(value.label)}</title></circle>"
        )
        if index % label_every == 0 or index == len(points) - 1:
            body.append(_text(x, base + 18, day.strftime("%b %y"), "middle", ' font-size="10"'))
    return _svg(chart_id, title, desc, width, base + 26, body)


def project_trend(project: Project) -> Markup | None:
    """A project page's RAG trend: overall RAG at each update, oldest first (None without updates)."""
    points = [(u.date, u.overall) for u in reversed(project.history)]
    if not points:
        return None
    return rag_trend_chart(
        "pmo-chart-project-trend",
        f"Overall status of {project.id} over time",
        "Overall RAG at each status update, oldest first: "
        + "; ".join(f"{value.label} on {day:%d %b %Y}" for day, value in points)
        + ".",
        points,
    )
