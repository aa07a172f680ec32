"""Rules that span fields or files: stage requirements, references, uniqueness, RACI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pmo_hub.load.yaml_source import Source
from pmo_hub.model import PortfolioSettings, Project, RolesFile, Stage
from pmo_hub.model.roles import Raci
from pmo_hub.problems import Problem

# The fields of a project file that the rules across files report problems at.
ACROSS_FILES = frozenset({"id", "dependencies", "programme", "objectives", "budget", "scores", "tier"})


def check_project(project: Project, source: Source) -> list[Problem]:
    """Rules within one project file."""
    problems: list[Problem] = []
    if project.id != source.path.stem:
        problems.append(source.problem(("id",), f"'{project.id}' must equal the file name '{source.path.stem}'"))
    if project.stage.order >= Stage.initiation.order:
        needed = f"required from stage 'initiation' on (stage is '{project.stage.value}')"
        for name in ("start", "end"):
            if getattr(project, name) is None:
                problems.append(source.problem((name,), needed, field_name=name, kind="missing"))
        if project.approved is None:
            problems.append(
                source.problem(("budget", "approved"), needed, field_name="budget.approved", kind="missing")
            )
    if project.start and project.end and project.end < project.start:
        problems.append(source.problem(("end",), f"{project.end} is before start {project.start}"))
    for kind in ("risks", "issues", "changes", "benefits"):
        problems += _duplicates(source, kind, [item.id for item in getattr(project, kind)])
    if project.id in project.dependencies:
        problems.append(source.problem(("dependencies",), "a project cannot depend on itself"))
    return problems


def check_references(
    project: Project, source: Source, settings: PortfolioSettings | None, project_ids: set[str]
) -> list[Problem]:
    """References from one project to the portfolio settings and to other projects."""
    problems: list[Problem] = []
    for index, other in enumerate(project.dependencies):
        if other not in project_ids:
            problems.append(
                source.problem(
                    ("dependencies", index), f"unknown project '{other}'", kind="unknown_reference", value=other
                )
            )
    if settings is None:  # its own problems are reported; don't pile guesses on them
        return problems
    programmes = {p.id for p in settings.programmes}
    if project.programme and project.programme not in programmes:
        problems.append(
            source.problem(
                ("programme",),
                _unknown("programme", project.programme, programmes),
                kind="unknown_reference",
                value=project.programme,
            )
        )
    objectives = {o.id for o in settings.objectives}
    for index, objective in enumerate(project.objectives):
        if objective not in objectives:
            problems.append(
                source.problem(
                    ("objectives", index),
                    _unknown("objective", objective, objectives),
                    kind="unknown_reference",
                    value=objective,
                )
            )
    pools = {p.id for p in settings.budget_pools}
    if project.budget and project.budget.pool and project.budget.pool not in pools:
        problems.append(
            source.problem(
                ("budget", "pool"),
                _unknown("budget pool", project.budget.pool, pools),
                kind="unknown_reference",
                value=project.budget.pool,
            )
        )
    criteria = {c.id for c in settings.criteria}
    for criterion in project.scores:
        if criterion not in criteria:
            problems.append(
                source.problem(
                    ("scores", criterion),
                    _unknown("scoring criterion", criterion, criteria),
                    kind="unknown_reference",
                    value=criterion,
                )
            )
    tiers = {t.id for t in settings.tiers}
    if project.tier and project.tier not in tiers:
        problems.append(
            source.problem(
                ("tier",), _unknown("tier", project.tier, tiers), kind="unknown_reference", value=project.tier
            )
        )
    return problems


def check_settings(settings: PortfolioSettings, source: Source) -> list[Problem]:
    problems: list[Problem] = []
    for kind in ("programmes", "objectives", "budget_pools", "tiers"):
        problems += _duplicates(source, kind, [item.id for item in getattr(settings, kind)])
    if settings.scoring:
        problems += _duplicates(
            source, "scoring.criteria", [c.id for c in settings.scoring.criteria], location=("scoring", "criteria")
        )
    return problems


def check_tier_approvers(settings: PortfolioSettings, source: Source, roles: RolesFile) -> list[Problem]:
    """A tier's approver is a role of roles.yaml: the body that approves its gates."""
    known = {role.id for role in roles.roles}
    return [
        source.problem(
            ("tiers", index, "approver"),
            _unknown("role", tier.approver, known),
            kind="unknown_reference",
            value=tier.approver,
        )
        for index, tier in enumerate(settings.tiers)
        if tier.approver and tier.approver not in known
    ]


def check_roles(roles: RolesFile, source: Source) -> list[Problem]:
    """Role references and the RACI rules: one A, at least one R, known roles only."""
    problems = _duplicates(source, "roles", [role.id for role in roles.roles])
    known = {role.id for role in roles.roles}
    for index, role in enumerate(roles.roles):
        if role.reports_to and role.reports_to not in known:
            problems.append(
                source.problem(
                    ("roles", index, "reports_to"),
                    _unknown("role", role.reports_to, known),
                    kind="unknown_reference",
                    value=role.reports_to,
                )
            )
        elif role.reports_to == role.id:
            problems.append(source.problem(("roles", index, "reports_to"), "a role cannot report to itself"))
    for index, activity in enumerate(roles.activities):
        where = ("activities", index, "raci")
        for role_id in activity.raci:
            if role_id not in known:
                problems.append(
                    source.problem(
                        where + (role_id,), _unknown("role", role_id, known), kind="unknown_reference", value=role_id
                    )
                )
        letters = Counter(activity.raci.values())
        if letters[Raci.A] != 1:
            problems.append(
                source.problem(where, f"'{activity.name}' needs exactly one A (accountable), has {letters[Raci.A]}")
            )
        if letters[Raci.R] < 1:
            problems.append(source.problem(where, f"'{activity.name}' needs at least one R (responsible)"))
    return problems


def check_file_names(sources: Iterable[Source]) -> list[Problem]:
    """Ids that differ only in case collide on Windows and macOS checkouts and in URLs."""
    problems: list[Problem] = []
    seen: dict[str, Source] = {}
    for source in sources:
        key = source.path.stem.lower()
        if key in seen:
            first = seen[key]
            problems.append(
                source.problem(("id",), f"same id as {first.shown_path} apart from letter case", field_name="id")
            )
        else:
            seen[key] = source
    return problems


def check_unique_ids(projects: list[tuple[Project, Source]]) -> list[Problem]:
    """Two files claiming one id: each is reported, naming the other."""
    problems: list[Problem] = []
    first: dict[str, Source] = {}
    for project, source in projects:
        if project.id in first:
            problems.append(
                source.problem(
                    ("id",),
                    f"duplicate id '{project.id}' (also in {first[project.id].shown_path})",
                    kind="duplicate",
                    value=project.id,
                )
            )
        else:
            first[project.id] = source
    return problems


def _duplicates(source: Source, kind: str, ids: list[str], location: tuple[str, ...] | None = None) -> list[Problem]:
    where = location or (kind,)
    first: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        if item_id in first:
            problems.append(
                source.problem(
                    where + (index, "id"),
                    f"duplicate id '{item_id}' (also {kind}[{first[item_id]}])",
                    kind="duplicate",
                    value=item_id,
                )
            )
        else:
            first[item_id] = index
    return problems


def _unknown(kind: str, value: str, known: set[str]) -> str:
    listed = ", ".join(sorted(known)) if known and len(known) <= 12 else None
    if not known:
        return f"unknown {kind} '{value}' (none are defined)"
    return f"unknown {kind} '{value}'" + (f"; known: {listed}" if listed else "")
