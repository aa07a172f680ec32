"""Row → project → checked with the core → written, or skipped with the reason.

Guarantees: a file is written only if it passes the same checks as a build (model + rules,
including references to portfolio.yaml and other projects); a file changed by hand since
the last import is never replaced without ``force``; every row gets one report line.
A value the contract rejects in an optional field (an ``end`` before ``start``, a negative
amount) is left out and reported rather than costing the whole row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..data import build_date
from ..model import RAG, Stage
from ..problems import Problem, display_path
from ..project_file import ProjectChecker, dump_yaml, existing_ids, load_settings, schema_comment, write_atomically
from . import values as v
from .mapping import (DATE_FIELDS, ID_FIELDS, ID_LIST_FIELDS, MARKDOWN_FIELDS, MONEY_FIELDS, RAG_FIELDS,
                      TEXT_LIST_FIELDS, Derive, FieldSpec, Mapping, MappingError)
from .ownership import Ownership, ownership, with_header
from .table import Cell, Table, read_table

ACTIONS = ("created", "updated", "unchanged", "kept", "skipped")
# Where each contract field goes in the written file (the model's order, as in the demo files).
_ORDER = ("summary", "programme", "objectives", "sponsor", "manager", "start", "end", "forecast_end")
_REFERENCE = re.compile(r"^unknown (programme|objective|budget pool|project) '([^']*)'")
DEFAULT_UPDATE_SUMMARY = "No commentary given."


@dataclass
class RowResult:
    row: int
    project_id: str | None
    action: str                      # one of ACTIONS
    path: Path | None = None
    notes: list[str] = field(default_factory=list)
    reason: str = ""
    text: str = ""                   # the checked file text, when the row gave a valid project

    def line(self, dry_run: bool) -> str:
        who = f"row {self.row}: {self.project_id}" if self.project_id else f"row {self.row}"
        if self.action == "skipped":
            return f"{who}: skipped: {self.reason}"
        verb = self.action
        if dry_run and self.action in ("created", "updated"):
            verb = "would be " + self.action
        where = f" {display_path(self.path)}" if self.path else ""
        text = f"{who}: {verb}{where}"
        if self.reason:
            text += f" ({self.reason})"
        # Notes say what was written; a file left as it is needs none.
        shown = self.notes if self.action in ("created", "updated") else []
        return text + (" — " + "; ".join(shown) if shown else "")


@dataclass
class ImportReport:
    table: Table
    results: list[RowResult]
    missing: dict[str, dict[str, list[int]]]   # kind → id → rows that needed it
    dry_run: bool
    data_dir: Path

    @property
    def counts(self) -> Counter[str]:
        return Counter(result.action for result in self.results)

    @property
    def ok(self) -> bool:
        return not self.counts["skipped"]

    def lines(self) -> Iterator[str]:
        for result in self.results:
            yield result.line(self.dry_run)
        counts = self.counts
        read = f"{len(self.results)} rows"
        if self.table.encoding:
            read += f" (encoding {self.table.encoding}, delimiter {self.table.delimiter!r})"
        verdict = ", ".join(f"{counts[action]} {action}" for action in ACTIONS)
        yield f"{self.table.name}: {read}: {verdict}{' (dry run: nothing written)' if self.dry_run else ''}."
        for kind, ids in sorted(self.missing.items()):
            rows = sum(len(found) for found in ids.values())
            yield (f"{len(ids)} {kind} id{'s' if len(ids) != 1 else ''} not found ({rows} rows skipped): "
                   + ", ".join(sorted(ids)))
        programmes = self.missing.get("programme")
        if programmes:
            yield f"Add them to {display_path(self.data_dir / 'portfolio.yaml')} (then import again), e.g.:"
            yield "programmes:"
            for programme in sorted(programmes):
                yield f"  - id: {programme}\n    name: {programme}"


def import_register(register: Path, mapping: Mapping, data_dir: Path, *, force: bool = False,
                    dry_run: bool = False, encoding: str | None = None, delimiter: str | None = None,
                    sheet: str | None = None) -> ImportReport:
    """Import every row of ``register`` into ``data_dir/projects``; see the module docstring."""
    table = read_table(register, mapping.source, encoding=encoding, delimiter=delimiter, sheet=sheet)
    settings = load_settings(data_dir)
    reporting = mapping.reporting_date or (settings.reporting_date if settings else None) or build_date()
    reader = _RowReader(table, mapping, reporting)
    existing = existing_ids(data_dir)
    identities = [reader.identity(cells) for _, cells in table.rows]
    known = {path.stem for path in existing.values()} | {ident for ident, _ in identities if ident}
    header = [*schema_comment(data_dir),
              f"# Written by `pmo-hub import` from {register.name}. You may edit it: once it differs from",
              "# what the import wrote, later imports leave it alone (unless run with --force)."]

    results: list[RowResult] = []
    missing: dict[str, dict[str, list[int]]] = {}
    first_row: dict[str, int] = {}
    with ProjectChecker(data_dir, settings, known) as checker:
        for (number, cells), (project_id, id_notes) in zip(table.rows, identities):
            if project_id is None:
                results.append(RowResult(number, None, "skipped", reason="; ".join(id_notes) or "no id"))
                continue
            if project_id.lower() in first_row:
                results.append(RowResult(number, project_id, "skipped",
                                         reason=f"same id as row {first_row[project_id.lower()]}"))
                continue
            first_row[project_id.lower()] = number
            result = _import_row(number, cells, project_id, id_notes, reader, checker, header, missing)
            if result.action != "skipped":
                _place(result, data_dir, existing, force, dry_run)
            results.append(result)
    return ImportReport(table, results, missing, dry_run, data_dir)


def _import_row(number: int, cells: list[Cell], project_id: str, notes: list[str], reader: _RowReader,
                checker: ProjectChecker, header: list[str], missing: dict[str, dict[str, list[int]]]) -> RowResult:
    result = RowResult(number, project_id, "created", notes=list(notes))
    fields = reader.fields(cells, result.notes)
    for name, spec in reader.mapping.fields.items():
        if spec.required and name in fields and fields[name] is None:
            result.action, result.reason = "skipped", f"{name} is required and has no usable value"
            return result
    if fields.get("name") is None:
        result.action, result.reason = "skipped", "no name"
        return result
    update = reader.update(cells, result.notes)
    explicit_stage = reader.explicit_stage(cells, result.notes)
    for _ in range(6):  # each round leaves out at least one more field, so this ends
        stage, stage_note = reader.stage(explicit_stage, fields)
        text = with_header(dump_yaml(_project(project_id, fields, stage, update)), header)
        checked = checker.check(project_id, text)
        if not checked.problems:
            if stage_note:
                result.notes.insert(0, stage_note)
            result.text = text
            return result
        unfixable = []
        for problem in checked.problems:
            reference = _REFERENCE.match(problem.message)
            if reference:
                kind, value = reference.groups()
                missing.setdefault(kind, {}).setdefault(value, []).append(number)
                unfixable.append(f"{kind} '{value}' not found")
                continue
            key = _field_key(problem)
            if key == "update" and update is not None:
                update = None
                result.notes.append(f"{problem.field}: {problem.message}: no update written")
            elif key in fields and fields[key] is not None and key != "name":
                fields[key] = None
                result.notes.append(f"{problem.field}: {problem.message}: left out")
            else:
                unfixable.append(f"{problem.field + ': ' if problem.field else ''}{problem.message}")
        if unfixable:
            result.action, result.reason = "skipped", "; ".join(dict.fromkeys(unfixable))
            return result
    result.action, result.reason = "skipped", "could not make a valid project from the row"
    return result


def _field_key(problem: Problem) -> str:
    if problem.field.startswith("updates"):
        return "update"
    return re.sub(r"\[.*$", "", problem.field)


def _place(result: RowResult, data_dir: Path, existing: dict[str, Path], force: bool, dry_run: bool) -> None:
    """Decide created / updated / unchanged / kept, and write unless it is a dry run."""
    text = result.text
    target = data_dir / "projects" / f"{result.project_id}.yaml"
    result.path = target
    other = existing.get(str(result.project_id).lower())
    if other is not None and other.name != target.name:
        result.action = "skipped"
        result.reason = f"id differs only in letter case from {display_path(other)}"
        return
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    state = ownership(current)
    if state is Ownership.absent:
        result.action = "created"
    elif current == text:
        result.action = "unchanged"
        return
    elif state is Ownership.imported or force:
        result.action = "updated"
        if state is Ownership.hand_changed:
            result.reason = "changed by hand; replaced because of --force"
    else:
        result.action = "kept"
        result.reason = "changed by hand since the last import; --force replaces it"
        return
    if not dry_run:
        write_atomically(target, text)


def _project(project_id: str, fields: dict[str, Any], stage: Stage, update: dict[str, Any] | None) -> dict[str, Any]:
    project: dict[str, Any] = {"id": project_id, "name": fields["name"], "stage": stage.value}
    for name in _ORDER:
        if fields.get(name) is not None:
            project[name] = fields[name]
    budget = {part: fields[f"budget.{part}"] for part in ("approved", "actual", "forecast", "pool")
              if fields.get(f"budget.{part}") is not None}
    if budget:
        project["budget"] = budget
    if update is not None:
        project["updates"] = [update]
    for name in ("dependencies", "tags"):
        if fields.get(name):
            project[name] = fields[name]
    return project


class _RowReader:
    """Reads one row's cells into contract values, following the mapping."""

    def __init__(self, table: Table, mapping: Mapping, reporting: date) -> None:
        self.table = table
        self.mapping = mapping
        self.reporting = reporting
        self.columns: dict[int, list[int]] = {}
        problems: list[str] = []
        specs = [(f"fields.{name}", spec) for name, spec in mapping.fields.items()]
        if mapping.update is not None:
            specs += [(f"update.{name}", spec) for name, spec in mapping.update if isinstance(spec, FieldSpec)]
        for where, spec in specs:
            found = []
            for column in spec.columns:
                try:
                    found.append(table.index(column, f"{where}.column"))
                except MappingError as error:
                    problems += error.problems
            self.columns[id(spec)] = found
            try:
                v.scale_factor(spec.scale)
            except ValueError as error:
                problems.append(f"{where}.scale: {error}")
        try:
            self.money_factor = v.scale_factor(mapping.money.scale)
        except ValueError as error:
            problems.append(f"money.scale: {error}")
        if problems:
            raise MappingError(problems)

    # -- the row's id first (every id is needed before any row is checked) ---------

    def identity(self, cells: list[Cell]) -> tuple[str | None, list[str]]:
        notes: list[str] = []
        return self.read("id", self.mapping.fields["id"], cells, notes), notes

    # -- fields ------------------------------------------------------------------

    def fields(self, cells: list[Cell], notes: list[str]) -> dict[str, Any]:
        return {name: self.read(name, spec, cells, notes) for name, spec in self.mapping.fields.items()
                if name not in ("id", "stage")}

    def update(self, cells: list[Cell], notes: list[str]) -> dict[str, Any] | None:
        spec = self.mapping.update
        if spec is None:
            return None
        overall = self.read("overall", spec.overall, cells, notes)
        if overall is None:
            notes.append("no status update (no recognised overall rating)")
            return None
        update: dict[str, Any] = {"date": self.read("update.date", spec.date, cells, notes) if spec.date else None}
        update["date"] = update["date"] or self.reporting
        update["overall"] = overall
        for name in RAG_FIELDS[1:]:
            part = getattr(spec, name)
            value = self.read(name, part, cells, notes) if part is not None else None
            if value is not None:
                update[name] = value
        summary = self.read("update.summary", spec.summary, cells, notes) if spec.summary else None
        update["summary"] = summary or DEFAULT_UPDATE_SUMMARY
        return update

    def explicit_stage(self, cells: list[Cell], notes: list[str]) -> Stage | None:
        value = self.read("stage", self.mapping.fields["stage"], cells, notes)
        return Stage(value) if value else None

    def stage(self, explicit: Stage | None, fields: dict[str, Any]) -> tuple[Stage, str]:
        spec = self.mapping.fields["stage"]
        if explicit is not None or spec.derive is None:
            return explicit or Stage.proposal, ("" if explicit else "stage proposal (no stage given)")
        return derive_stage(spec.derive, fields.get("start"), fields.get("end"), fields.get("budget.approved"),
                            self.reporting)

    # -- one value ---------------------------------------------------------------

    def read(self, label: str, spec: FieldSpec, cells: list[Cell], notes: list[str]) -> Any:
        """The first usable value among the spec's columns (or its constant), else its default."""
        kind = _kind(label)
        candidates: list[tuple[str, Cell]] = (
            [("value", spec.value)] if spec.value is not None
            else [(self.table.columns[i], cells[i]) for i in self.columns[id(spec)]])
        rejected: list[str] = []
        for column, cell in candidates:
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            try:
                value = self.convert(cell, kind, spec, label, notes, mapped=True)
            except v.Unrecognised as error:
                rejected.append(f"{error} ({column})" if len(candidates) > 1 else str(error))
                continue
            if value is not None:
                return value
        if spec.has_default:
            if rejected:
                used = "left out" if spec.default is None else f"default {spec.default!r} used"
                notes.append(f"{label}: {'; '.join(rejected)}: {used}")
            return self.convert(spec.default, kind, spec, label, notes, mapped=False) if spec.default is not None else None
        if rejected:
            notes.append(f"{label}: {'; '.join(rejected)}: left out")
        return None

    def convert(self, cell: Cell, kind: str, spec: FieldSpec, label: str, notes: list[str], *, mapped: bool) -> Any:
        if mapped and spec.map:
            table = {v.normal_key(key): value for key, value in spec.map.items()}
            key = v.normal_key(cell)
            if key in table:
                if table[key] is None:
                    return None
                cell = table[key]
        if kind == "date":
            return v.parse_date(cell, [spec.date] if isinstance(spec.date, str) else (spec.date or self.mapping.date_formats))
        if kind == "money":
            factor = v.scale_factor(spec.scale) if spec.scale is not None else self.money_factor
            return v.parse_money(cell, factor, spec.decimal or self.mapping.money.decimal)
        if kind in ("rag", "stage"):
            found = v.enum_value(str(cell), RAG if kind == "rag" else Stage)
            if found is None:
                raise v.Unrecognised(f"{v.shorten(cell)} is not a {'rating' if kind == 'rag' else 'stage'}")
            return found
        if kind in ("idlist", "textlist"):
            parts = [part for part in (p.strip() for p in str(cell).split(spec.split or ",")) if part]
            items = [self._one(part, "id" if kind == "idlist" else "text", spec, label, notes) for part in parts]
            return list(dict.fromkeys(item for item in items if item)) or None
        return self._one(cell, kind, spec, label, notes)

    def _one(self, cell: Cell, kind: str, spec: FieldSpec, label: str, notes: list[str]) -> str | None:
        value = v.text(cell, single_line=kind != "markdown")
        if value is None:
            return None
        if spec.transform == "slug":
            value = v.slug(value)
        elif spec.transform == "lower":
            value = value.lower()
        elif spec.transform == "upper":
            value = value.upper()
        if kind == "id" and not v.is_identifier(value):
            made = v.slug(value)
            if not made:
                raise v.Unrecognised(f"{v.shorten(value)} cannot be made into an id")
            notes.append(f"{label} {value!r} is not a valid id: '{made}' used")
            value = made
        return value or None


def derive_stage(rule: Derive, start: date | None, end: date | None, approved: float | None,
                 reporting: date) -> tuple[Stage, str]:
    """The stage the dates imply on the reporting date, with the reason for the report."""
    lacking = [name for name, value in (("start", start), ("end", end), ("budget.approved", approved)) if value is None]
    if lacking:
        return rule.incomplete, f"stage {rule.incomplete.value}: no {', '.join(lacking)} (required from initiation on)"
    assert start is not None and end is not None
    if start > reporting:
        return rule.before_start, f"stage {rule.before_start.value}: starts after {reporting}"
    if end < reporting:
        return rule.after_end, f"stage {rule.after_end.value}: ended before {reporting}"
    return rule.in_progress, f"stage {rule.in_progress.value}"


def _kind(label: str) -> str:
    name = label.removeprefix("update.")
    if name in DATE_FIELDS or label == "update.date":
        return "date"
    if name in MONEY_FIELDS:
        return "money"
    if name in RAG_FIELDS:
        return "rag"
    if name == "stage":
        return "stage"
    if name in ID_FIELDS:
        return "id"
    if name in ID_LIST_FIELDS:
        return "idlist"
    if name in TEXT_LIST_FIELDS:
        return "textlist"
    if name in MARKDOWN_FIELDS or label == "update.summary":
        return "markdown"
    return "text"
