"""Write project files that pass validation: render YAML text, check it with the core, write atomically.

Used by ``pmo-hub new project`` and ``pmo-hub import``: neither ever leaves an invalid file
in ``data/projects/``. The check is the one builds run (model + rules), on the exact text
that will be written.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pmo_hub.load import rules
from pmo_hub.load.validate import parse_model
from pmo_hub.load.yaml_source import parse_yaml
from pmo_hub.model import PortfolioSettings, Project
from pmo_hub.model.common import IDENTIFIER_PATTERN
from pmo_hub.problems import Problem

IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/project.schema.json"


def schema_comment(data_dir: Path) -> list[str]:
    """The editor hint the demo files carry, when the data folder has the schemas."""
    return [SCHEMA_COMMENT] if (data_dir / "schema" / "project.schema.json").is_file() else []


@dataclass(frozen=True)
class Checked:
    project: Project | None
    problems: list[Problem]


def existing_ids(data_dir: Path) -> dict[str, Path]:
    """Lower-cased id → file, for every project file in the data folder."""
    folder = data_dir / "projects"
    if not folder.is_dir():
        return {}
    return {path.stem.lower(): path for path in sorted(folder.glob("*.yaml")) if not path.name.startswith(".")}


class ProjectChecker:
    """Checks project texts as they would be read from ``data/projects/<id>.yaml``, from memory."""

    def __init__(self, data_dir: Path, settings: PortfolioSettings | None, known_ids: Iterable[str]) -> None:
        self.data_dir = data_dir
        self.settings = settings
        self.known_ids = set(known_ids)

    def __enter__(self) -> ProjectChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def check(self, project_id: str, text: str) -> Checked:
        """The rules a build applies within the file and to its references, on the exact text."""
        source = parse_yaml(text.encode("utf-8"), self.data_dir / "projects" / f"{project_id}.yaml")
        project = parse_model(Project, source)
        problems = list(source.problems)
        if project is not None:
            problems += rules.check_project(project, source)
            problems += rules.check_references(project, source, self.settings, self.known_ids | {project_id})
        return Checked(project if not problems else None, sorted(problems))


def dump_yaml(data: dict[str, Any]) -> str:
    """Block YAML in the given key order: readable diffs, multi-line text as ``|`` blocks."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # List items indented under their key, as people write them (and the demo files are).
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    # Short lists of ids or tags read best inline, as in the demo files: tags: [crm, cloud].
    flow = (
        bool(value)
        and all(isinstance(item, str) and "\n" not in item for item in value)
        and sum(len(item) + 2 for item in value) < 80
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.Node:
    if value == int(value) and abs(value) < 1e15:
        return dumper.represent_int(int(value))
    return yaml.SafeDumper.represent_float(dumper, value)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(float, _represent_float)
_Dumper.add_representer(date, yaml.SafeDumper.represent_date)


def stage_beside(path: Path, text: str) -> str:
    """Write ``text`` to a hidden temporary file in ``path``'s folder (so that renaming it onto
    ``path`` is atomic) and return its name. It gets the permissions of any new file, not the
    owner-only ones ``mkstemp`` gives, since the project files are shared through git."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            os.fchmod(stream.fileno(), 0o666 & ~_umask())
            stream.write(text)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write via a hidden temporary file and a rename, so readers never see half a file.

    ``exclusive``: fail with :class:`FileExistsError` if ``path`` exists (checked at rename time
    with a hard link, which is atomic, rather than with a racy exists() test).
    """
    temporary = stage_beside(path, text)
    try:
        if exclusive:
            os.link(temporary, path)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
