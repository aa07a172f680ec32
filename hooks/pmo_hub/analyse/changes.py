"""What changed in the portfolio, commit by commit: the events the changes page and feed list.

Between each snapshot of the data's history (``load/history.py``) and the one before it:

- ``rag``: a project's overall status moved, from its current update's ``overall`` to the new
  current update's, *improved* or *worsened* by the RAG order (``model.RAG``); a first status
  report is no move;
- ``stage``: a project changed stage (``planning`` → ``delivery``), forward or back;
- ``closed``: a project's stage became ``closed`` (instead of a ``stage`` change);
- ``proposal``: a new proposal appeared (a project file not there before, at stage ``proposal``);
- ``risk``: a new high risk: an open risk scoring at least :data:`HIGH_RISK_SCORE` (the handbook's
  "high" band, 15-25, as ``render.views.score_band`` shows it) that was not, before, an open
  risk with such a score (new, raised, or reopened);
- ``decision``: a new decision: a decision id the project did not have before.

A project whose file did not parse at a commit is as it last parsed, so it shows no change
until its file parses again. A project removed shows nothing. When the state before holds no
project file at all, the commit brings the portfolio in: its projects are the starting point, not
changes.

Each change has a **stable id**, a tag URI (RFC 4151) made from what it is, never the clock or
the build::

    tag:<host>,2026:<project id>/<kind>/<commit, 12 hex digits>/<detail>

``<host>`` is given (:func:`tag_host`: the site URL's host name, else ``pmo-hub.invalid``),
``2026`` is fixed, and ``<detail>`` tells apart the changes of one kind, project and commit:
``amber-to-red`` (rag), ``planning-to-delivery`` (stage), ``closing-to-closed`` (closed),
``new`` (proposal), the risk's or decision's id. A change keeps its id as long as its commit
is in the history (rebuilds, later commits, a longer or shorter history); rewriting the commit
(rebase, amend) gives it a new one.

Order, everywhere: newest commit first (by commit time, then the history's order), then project
id, kind (:class:`ChangeKind`'s order) and detail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TypeVar
from urllib.parse import quote, urlsplit

from pmo_hub.load.history import Commit, History, Snapshot
from pmo_hub.model import Project, Stage
from pmo_hub.model.common import positions
from pmo_hub.model.project import OpenClosed, Risk

# The handbook's "high" band of risk scores (probability × impact): 15-25.
HIGH_RISK_SCORE = 15
DEFAULT_HOST = "pmo-hub.invalid"
# The date of the tag URIs: fixed, so that ids never depend on when they are made.
TAG_DATE = "2026"

_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ChangeKind(str, Enum):
    """The kinds of change, in the order the changes page and every list group them."""

    rag = "rag"
    risk = "risk"
    decision = "decision"
    stage = "stage"
    closed = "closed"
    proposal = "proposal"

    @property
    def order(self) -> int:
        return positions(ChangeKind)[self]

    @property
    def label(self) -> str:
        """A heading for the changes of this kind."""
        return _LABELS[self]


_LABELS = {
    ChangeKind.rag: "Overall status",
    ChangeKind.risk: "New high risks",
    ChangeKind.decision: "New decisions",
    ChangeKind.stage: "Stage changes",
    ChangeKind.closed: "Projects closed",
    ChangeKind.proposal: "New proposals",
}


@dataclass(frozen=True)
class Change:
    """One change to one project at one commit."""

    kind: ChangeKind
    project_id: str
    project_name: str
    what: str  # the change after the project's id and name: "moved from Amber to Red"
    detail: str  # tells apart the changes of one kind, project and commit (the id's last part)
    commit: Commit
    id: str  # the stable id (the module's description)
    direction: str | None = None  # rag: "improved" or "worsened"

    @property
    def summary(self) -> str:
        """One line in plain English: "NMC-004 Library refurbishment moved from Amber to Red"."""
        return f"{self.project_id} {self.project_name} {self.what}"

    @property
    def time(self) -> datetime:
        """The commit's time, UTC."""
        return self.commit.time

    @property
    def day(self) -> date:
        """The commit's day, UTC."""
        return self.commit.time.date()


@dataclass(frozen=True)
class ChangeLog:
    """Every change of a history, newest first, and the day of the last change to the data."""

    changes: tuple[Change, ...]  # the feed: every change, newest first
    last_day: date | None  # the most recent UTC day on which a commit changed the data
    last_day_commits: tuple[Commit, ...]  # that day's commits, newest first
    newest_commit: Commit | None  # the newest commit that changed the data
    host: str = DEFAULT_HOST  # the host name of the changes' ids (and of the feed's)

    @property
    def latest(self) -> tuple[Change, ...]:
        """What changed at the last rebuild: the changes of every commit of ``last_day``."""
        return tuple(change for change in self.changes if change.day == self.last_day)

    @property
    def earlier(self) -> tuple[Change, ...]:
        """The changes before ``last_day``."""
        return tuple(change for change in self.changes if change.day != self.last_day)

    def latest_by_kind(self) -> list[tuple[ChangeKind, list[Change]]]:
        """``latest`` grouped by kind, in :class:`ChangeKind`'s order (kinds without changes left out)."""
        return [
            (kind, found) for kind in ChangeKind if (found := [change for change in self.latest if change.kind is kind])
        ]

    def earlier_by_day(self) -> list[tuple[date, list[Change]]]:
        """``earlier`` grouped by UTC day, newest first."""
        days: dict[date, list[Change]] = {}
        for change in self.earlier:
            days.setdefault(change.day, []).append(change)
        return sorted(days.items(), reverse=True)

    @property
    def updated(self) -> datetime | None:
        """When the log last changed: the newest change's time, else the newest commit's."""
        if self.changes:
            return max(change.time for change in self.changes)
        return self.newest_commit.time if self.newest_commit else None


def change_log(history: History, *, host: str = DEFAULT_HOST) -> ChangeLog:
    """The changes of ``history`` (empty for an empty history), with the last day's."""
    changes = portfolio_changes(history, host=host)
    commits = history.commits
    last_day = max((commit.time.date() for commit in commits), default=None)
    return ChangeLog(
        changes=changes,
        last_day=last_day,
        last_day_commits=tuple(commit for commit in commits if commit.time.date() == last_day),
        newest_commit=max(commits, key=lambda commit: commit.time, default=None),
        host=checked_host(host),
    )


def portfolio_changes(history: History, *, host: str = DEFAULT_HOST) -> tuple[Change, ...]:
    """Every change between consecutive snapshots of ``history``, newest first."""
    position = {commit.hash: index for index, commit in enumerate(history.commits)}
    found = [change for before, after in history.steps() for change in changes_between(before, after, host=host)]
    return tuple(
        sorted(
            found,
            key=lambda c: (-c.time.timestamp(), position.get(c.commit.hash, 0), c.project_id, c.kind.order, c.detail),
        )
    )


def changes_between(before: Snapshot, after: Snapshot, *, host: str = DEFAULT_HOST) -> list[Change]:
    """The changes from ``before`` to ``after`` (a snapshot and the one before it), in order.

    Only the projects whose file ``after``'s commit changed can have changed: the others are
    the same objects.
    """
    commit = after.commit
    if commit is None or not before.files:
        return []
    found: list[Change] = []
    for project_id in sorted(after.changed):
        new = after.project(project_id)
        old = before.project(project_id)
        if new is None or new is old:
            continue
        found += _project_changes(old, new, commit, host)
    return sorted(found, key=lambda c: (c.project_id, c.kind.order, c.detail))


def tag_host(site_url: str | None) -> str:
    """The host name of the stable ids: ``site_url``'s (lower case), else ``pmo-hub.invalid``.

    A tag URI names a domain (RFC 4151): an IP address or ``localhost`` (``mkdocs serve``) gives
    the default, so that ids never depend on where a preview runs.
    """
    if site_url:
        try:
            host = (urlsplit(site_url).hostname or "").lower().rstrip(".")
        except ValueError:
            host = ""
        return checked_host(host)
    return DEFAULT_HOST


def checked_host(host: str | None) -> str:
    """``host`` if it is a domain name a tag URI may carry (lower case), else ``pmo-hub.invalid``."""
    if not host or not _HOST.match(host) or host == "localhost" or host.endswith(".localhost"):
        return DEFAULT_HOST
    if all(label.isdigit() for label in host.split(".")):
        return DEFAULT_HOST  # an IPv4 address
    return host


def change_id(host: str, project_id: str, kind: ChangeKind, commit: Commit, detail: str) -> str:
    """``tag:<host>,2026:<project>/<kind>/<commit>/<detail>`` (the module's description)."""
    host = checked_host(host)
    return f"tag:{host},{TAG_DATE}:{_part(project_id)}/{kind.value}/{commit.short}/{_part(detail)}"


def day_text(day: date) -> str:
    """``21 Jun 2026``, whatever the locale."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


# -- one project ---------------------------------------------------------------------------


def _project_changes(old: Project | None, new: Project, commit: Commit, host: str) -> list[Change]:
    make = _Maker(new, commit, host)
    found: list[Change] = []
    if old is None:
        if new.stage is Stage.proposal:
            found.append(make(ChangeKind.proposal, "was proposed", "new"))
    else:
        found += _status_change(old, new, make)
        if new.stage is not old.stage:
            detail = f"{old.stage.value}-to-{new.stage.value}"
            if new.stage is Stage.closed:
                found.append(make(ChangeKind.closed, "was closed", detail))
            else:
                back = "back " if new.stage.order < old.stage.order else ""
                found.append(make(ChangeKind.stage, f"moved {back}from {old.stage.label} to {new.stage.label}", detail))
    found += _new_high_risks(old, new, make)
    found += _new_decisions(old, new, make)
    return found


@dataclass(frozen=True)
class _Maker:
    """Makes the changes of one project at one commit."""

    project: Project
    commit: Commit
    host: str

    def __call__(self, kind: ChangeKind, what: str, detail: str, direction: str | None = None) -> Change:
        return Change(
            kind=kind,
            project_id=self.project.id,
            project_name=_line(self.project.name),
            what=_line(what),
            detail=detail,
            commit=self.commit,
            id=change_id(self.host, self.project.id, kind, self.commit, detail),
            direction=direction,
        )


def _status_change(old: Project, new: Project, make: _Maker) -> list[Change]:
    before, after = old.current, new.current
    if before is None or after is None or before.overall is after.overall:
        return []
    direction = "improved" if after.overall.order < before.overall.order else "worsened"
    what = f"moved from {before.overall.label} to {after.overall.label}"
    return [make(ChangeKind.rag, what, f"{before.overall.value}-to-{after.overall.value}", direction)]


def _is_high(risk: Risk | None) -> bool:
    return risk is not None and risk.status is OpenClosed.open and risk.score >= HIGH_RISK_SCORE


def _new_high_risks(old: Project | None, new: Project, make: _Maker) -> list[Change]:
    earlier = _first_by_id((risk.id, risk) for risk in old.risks) if old else {}
    found = []
    for risk_id, risk in _first_by_id((risk.id, risk) for risk in new.risks).items():
        was = earlier.get(risk_id)
        if not _is_high(risk) or _is_high(was):
            continue
        if was is None:
            what = f"has a new high risk: {risk_id} {risk.title} (score {risk.score})"
        elif was.status is not OpenClosed.open:
            what = f"reopened risk {risk_id} {risk.title}, now high (score {risk.score})"
        else:
            what = f"raised risk {risk_id} {risk.title} to high (score {was.score} to {risk.score})"
        found.append(make(ChangeKind.risk, what, risk_id))
    return found


def _new_decisions(old: Project | None, new: Project, make: _Maker) -> list[Change]:
    earlier = {decision.id for decision in old.decisions} if old else set()
    return [
        make(
            ChangeKind.decision,
            f"recorded decision {decision_id}: {decision.title} ({day_text(decision.date)})",
            decision_id,
        )
        for decision_id, decision in _first_by_id((d.id, d) for d in new.decisions).items()
        if decision_id not in earlier
    ]


T = TypeVar("T")


def _first_by_id(pairs: Iterable[tuple[str, T]]) -> dict[str, T]:
    """Items by id, the first of each id (ids are unique in valid data; history need not be)."""
    found: dict[str, T] = {}
    for key, value in pairs:
        found.setdefault(key, value)
    return found


def _line(text: str) -> str:
    """Text on one line: a title written over several lines of YAML reads as one."""
    return " ".join(text.split())


def _part(text: str) -> str:
    """A path segment of a tag URI: ids are letters, digits, ``.``, ``_`` and ``-`` already."""
    return quote(text, safe="")
