"""Per-project judgements the pages and checks share: stale, overdue, milestone state."""

from __future__ import annotations

from datetime import date, timedelta

from pmo_hub.model import Project
from pmo_hub.model.project import Milestone


def is_stale(project: Project, reporting_date: date, stale_after_days: int) -> bool:
    """True when the newest update is older than ``stale_after_days`` before the reporting date.

    A project with no update at all is not "stale" but "never reported"; see :func:`never_reported`.
    """
    current = project.current
    return current is not None and current.date < reporting_date - timedelta(days=stale_after_days)


def never_reported(project: Project) -> bool:
    return not project.updates


def milestone_state(milestone: Milestone, reporting_date: date) -> str:
    """``done``, ``overdue`` or ``upcoming``."""
    if milestone.done is not None:
        return "done"
    return "overdue" if milestone.is_overdue(reporting_date) else "upcoming"
