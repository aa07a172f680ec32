"""Load a whole data folder into one validated, immutable portfolio."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pmo_hub.load import rules
from pmo_hub.load.safe_files import NOT_REGULAR
from pmo_hub.load.validate import parse_model
from pmo_hub.load.yaml_source import Source, read_yaml
from pmo_hub.model import Portfolio, PortfolioSettings, Project, RolesFile
from pmo_hub.problems import DataProblems, Problem, display_path

PORTFOLIO_FILE = "portfolio.yaml"
ROLES_FILE = "roles.yaml"
PROJECTS_DIR = "projects"


def load_portfolio(
    data_dir: Path, *, today: date | None = None, reuse: dict[Path, ProjectFile] | None = None
) -> Portfolio:
    """Read and check every file in ``data_dir``; raise :class:`DataProblems` with all problems.

    ``today`` is the reporting date of a portfolio whose ``portfolio.yaml`` gives none (the
    build's date, ``BuildInfo.today``; the clock's date when not given).
    ``reuse`` keeps each project file as read and checked on its own, by path; a file whose
    stamp (inode, size, modification time) is unchanged is not read again. The rules across
    files run over the whole set every time: they are cheap, and any edit may break them.
    """
    problems: list[Problem] = []
    if _is_link(data_dir):
        raise DataProblems([Problem(display_path(data_dir), 1, "", NOT_REGULAR_FOLDER, kind="unreadable")])
    settings, settings_source = _load_required(data_dir / PORTFOLIO_FILE, PortfolioSettings, problems)
    if settings is not None:
        problems += rules.check_settings(settings, settings_source)
    roles, roles_source = _load_required(data_dir / ROLES_FILE, RolesFile, problems)
    if roles is not None:
        problems += rules.check_roles(roles, roles_source)
    if settings is not None and roles is not None:
        problems += rules.check_tier_approvers(settings, settings_source, roles)

    projects: list[tuple[Project, Source]] = []
    files = _project_files(data_dir / PROJECTS_DIR, problems, reuse if reuse is not None else {})
    sources = [file.source for file in files]
    for file in files:
        problems += file.problems
        if file.project is not None:
            projects.append((file.project, file.source))
    problems += rules.check_file_names(sources)
    problems += rules.check_unique_ids(projects)
    # Dependencies may name any project file, even one with problems of its own.
    known_ids = {source.path.stem for source in sources}
    for project, source in projects:
        problems += rules.check_references(project, source, settings, known_ids)

    if problems or settings is None or roles is None:
        raise DataProblems(problems)
    ordered = sorted(projects, key=lambda pair: pair[0].id)
    return Portfolio(
        settings=settings,
        roles_file=roles,
        projects=tuple(project for project, _ in ordered),
        reporting_date=settings.reporting_date or today or datetime.now(tz=UTC).date(),
        data_dir=data_dir,
        project_files={project.id: source.path for project, source in ordered},
    )


class PortfolioLoader:
    """One data folder, loaded again whenever asked (``mkdocs serve`` asks after every edit),
    parsing only the project files that changed since the last load.

    A stat of each file is far cheaper than parsing thousands of them again. A Project is
    immutable, so the unchanged ones are the same objects in the new portfolio, which is how
    the pages that show them are known not to need rendering again.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._files: dict[Path, ProjectFile] = {}
        self._last: tuple[tuple[object, ...], Portfolio] | None = None

    def load(self, *, today: date | None = None) -> Portfolio:
        """The portfolio as the files are now: the last one if no file changed."""
        signature = (today, *_file_signature(self.data_dir.resolve()))
        if self._last is not None and self._last[0] == signature:
            return self._last[1]
        portfolio = load_portfolio(self.data_dir, today=today, reuse=self._files)
        self._last = (signature, portfolio)
        return portfolio


def read_portfolio_settings(data_dir: Path) -> PortfolioSettings | None:
    """``portfolio.yaml`` alone, for the tools that write project files (None if it is unusable:
    the loader reports why)."""
    problems: list[Problem] = []
    settings, _ = _load_required(data_dir / PORTFOLIO_FILE, PortfolioSettings, problems)
    return settings


def _file_signature(folder: Path) -> list[tuple[str, int, int, int]]:
    # lstat: a link or a FIFO put in place of a file changes the signature, and is never opened.
    found = []
    for directory in (folder, folder / PROJECTS_DIR):
        if directory.is_dir():
            with os.scandir(directory) as entries:
                for entry in entries:
                    if not entry.is_dir(follow_symlinks=False):
                        status = entry.stat(follow_symlinks=False)
                        found.append((entry.path, status.st_mode, status.st_size, status.st_mtime_ns))
    return sorted(found)


def _load_required(path: Path, model: type, problems: list[Problem]):
    if not os.path.lexists(path):
        problems.append(Problem(display_path(path), 1, "", "required file is missing", kind="missing"))
        return None, None
    source = read_yaml(path, follow_links=False)
    parsed = parse_model(model, source)
    problems += source.problems
    return parsed, source


@dataclass(frozen=True)
class ProjectFile:
    """One project file as read and checked on its own (the rules within the file)."""

    stamp: tuple[int, int, int, int]  # inode, mode, size, modification time (ns), taken before reading
    source: Source
    project: Project | None
    problems: list[Problem]


def _project_files(folder: Path, problems: list[Problem], reuse: dict[Path, ProjectFile]) -> list[ProjectFile]:
    """Every ``<id>.yaml`` in ``folder``; links and special files are refused, never opened.

    ``reuse`` is updated to hold exactly the files read now."""
    found: list[ProjectFile] = []
    if _is_link(folder):
        problems.append(Problem(display_path(folder), 1, "", NOT_REGULAR_FOLDER, kind="unreadable"))
    elif folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            try:
                status = path.lstat()
            except OSError:  # removed while we looked
                continue
            if stat.S_ISDIR(status.st_mode):
                continue
            if not stat.S_ISREG(status.st_mode):
                problems.append(Problem(display_path(path), 1, "", NOT_REGULAR, kind="unreadable"))
                continue
            if path.suffix != ".yaml":
                problems.append(Problem(display_path(path), 1, "", "not read: project files must be named <id>.yaml"))
                continue
            stamp = (status.st_ino, status.st_mode, status.st_size, status.st_mtime_ns)
            known = reuse.get(path)
            found.append(known if known is not None and known.stamp == stamp else _read_project_file(path, stamp))
    reuse.clear()
    reuse.update((file.source.path, file) for file in found)
    return found


def _read_project_file(path: Path, stamp: tuple[int, int, int, int]) -> ProjectFile:
    source = read_yaml(path, follow_links=False)
    project = parse_model(Project, source)
    problems = list(source.problems)
    if project is not None:
        problems += rules.check_project(project, source)
    # Kept while the data is loaded again and again (`mkdocs serve`): the rules across files
    # need the lines of a few fields only, not the values or the line of every one.
    return ProjectFile(stamp, source.kept_for(rules.ACROSS_FILES), project, problems)


NOT_REGULAR_FOLDER = "not a regular folder inside the repository"


def _is_link(path: Path) -> bool:
    """A data folder that is a link could bring in files from anywhere on the machine."""
    return path.is_symlink()
