"""``pmo-hub new project ID``: a new, valid project file to fill in.

The file is the handbook's download template (``docs/templates/files/new-project.yaml``,
explained on the "New project file" page) with the id filled in and every example value
commented out, so the guidance is the same as the download's but nothing fictional reaches
the portfolio if the file is merged before it is filled in. Only ``id``, ``name`` and
``stage: proposal`` are live. Without the template a built-in skeleton is used.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pmo_hub.load.portfolio import read_portfolio_settings
from pmo_hub.problems import display_path
from pmo_hub.tools.options import data_dir, shown
from pmo_hub.tools.project_files import (
    IDENTIFIER,
    ProjectChecker,
    dump_yaml,
    existing_ids,
    schema_comment,
    write_atomically,
)

TEMPLATE = Path("templates") / "files" / "new-project.yaml"  # relative to the docs folder
LIVE_FIELDS = ("id", "name", "stage")
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:")

BUILT_IN = """\
# New project file. Fill in what you know, then run `make validate`.
# Fields and rules: handbook > Contributing > Data format reference.
# From stage initiation on, start, end and budget.approved are required.

id: NMC-000
name: New project
stage: proposal

# summary: |
#   Two or three sentences of Markdown: the problem and the aim.
# programme: a programme id from data/portfolio.yaml
# objectives: [an objective id from data/portfolio.yaml]
# sponsor: Name Surname
# manager: Name Surname
# start: 2027-01-04
# end: 2027-12-17
# budget:
#   approved: 100000
# updates:
#   - date: 2027-01-29
#     overall: green
#     summary: What happened and what comes next.
# tags: [a-tag]
"""


class ScaffoldError(Exception):
    """Why the file was not written (one line for people)."""


@dataclass(frozen=True)
class Scaffolded:
    path: Path
    template: Path | None


def new_project(
    data_dir: Path, project_id: str, *, name: str | None = None, template: Path | None = None
) -> Scaffolded:
    """Write ``data_dir/projects/<project_id>.yaml``; raise :class:`ScaffoldError` instead of
    overwriting a file, using a bad id, or writing a file that would not validate."""
    if not IDENTIFIER.match(project_id):
        raise ScaffoldError(
            f"'{project_id}' is not a valid id: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 64 characters"
        )
    target = data_dir / "projects" / f"{project_id}.yaml"
    taken = existing_ids(data_dir).get(project_id.lower())
    if taken is not None:
        same = (
            "already exists" if taken.name == target.name else f"differs only in letter case from {display_path(taken)}"
        )
        raise ScaffoldError(f"{display_path(target)} {same}: not overwritten; choose another id")

    source = template if template is not None and template.is_file() else None
    base = source.read_text(encoding="utf-8") if source else BUILT_IN
    text = fill_template(base, project_id, name or f"New project {project_id}", schema_comment(data_dir))

    with ProjectChecker(data_dir, read_portfolio_settings(data_dir), existing_ids(data_dir)) as checker:
        checked = checker.check(project_id, text)
    if checked.problems:
        raise ScaffoldError("the new file would not validate:\n" + "\n".join(map(str, checked.problems)))
    try:
        write_atomically(target, text, exclusive=True)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(target)} already exists: not overwritten") from None
    return Scaffolded(target, source)


def fill_template(text: str, project_id: str, name: str, header: list[str]) -> str:
    """The template with id, name and stage set and every other top-level field commented out."""
    placeholder = _value_of(text, "id")
    live = {"id": project_id, "name": name, "stage": "proposal"}
    out: list[str] = list(header)
    seen: set[str] = set()
    current: str | None = None
    for line in text.splitlines():
        if line.startswith("# yaml-language-server:"):
            continue  # replaced by ``header``: the schema's path from data/projects/ differs
        if placeholder and placeholder != project_id:
            line = line.replace(placeholder, project_id)
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            current = match.group(1)
            if current in LIVE_FIELDS:
                seen.add(current)
                out.append(dump_yaml({current: live[current]}).rstrip("\n"))
                continue
        elif not line.strip() or line.lstrip().startswith("#") or current is None:
            out.append(line)
            continue
        elif current in LIVE_FIELDS:
            continue  # continuation of a live value (a folded name): replaced above
        out.append(f"# {line}")
    missing = [dump_yaml({key: live[key]}).rstrip("\n") for key in LIVE_FIELDS if key not in seen]
    if missing:  # a template without them still gives a valid file
        out[len(header) : len(header)] = missing + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _value_of(text: str, key: str) -> str | None:
    for line in text.splitlines():
        if line.startswith(f"{key}:"):
            value = line.split(":", 1)[1].split("#", 1)[0].strip().strip("'\"")
            return value or None
    return None


def run(args: argparse.Namespace) -> int:
    template = Path(args.template) if args.template else Path(args.config).parent / "docs" / TEMPLATE
    try:
        made = new_project(data_dir(args), args.id, name=args.name, template=template)
    except ScaffoldError as error:
        print(f"pmo-hub new project: {error}", file=sys.stderr)
        return 1
    print(f"wrote {shown(made.path)}: fill it in, then run `make validate`")
    return 0
