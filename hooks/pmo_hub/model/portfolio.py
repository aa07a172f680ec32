"""The portfolio as a whole: every file of ``data/``, loaded and checked (``load.portfolio``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from pmo_hub.model.portfolio_file import PortfolioSettings, Programme
from pmo_hub.model.project import Project
from pmo_hub.model.roles import Role, RolesFile


@dataclass(frozen=True)
class Portfolio:
    """Everything in ``data/``, valid by construction. Projects are sorted by id."""

    settings: PortfolioSettings
    roles_file: RolesFile
    projects: tuple[Project, ...]
    reporting_date: date
    data_dir: Path
    project_files: dict[str, Path] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Project]:
        return {project.id: project for project in self.projects}

    @cached_property
    def dependants(self) -> dict[str, list[Project]]:
        """Project id → the projects that depend on it."""
        found: dict[str, list[Project]] = {project.id: [] for project in self.projects}
        for project in self.projects:
            for other in project.dependencies:
                found[other].append(project)
        return found

    @property
    def roles(self) -> list[Role]:
        return self.roles_file.roles

    @cached_property
    def programmes(self) -> dict[str, Programme]:
        return {programme.id: programme for programme in self.settings.programmes}

    def projects_in(self, programme_id: str | None) -> list[Project]:
        return [project for project in self.projects if project.programme == programme_id]
