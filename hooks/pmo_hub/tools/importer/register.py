"""Rows → projects → checked with the core → written all together, or nothing written.

Guarantees:

- Every row is read and checked before anything is written: its shape (as many cells as the
  header, not cut short), its values (no guessed numbers, no mis-decoded text) and the
  contract's rules, by the same checks as a build (model + rules, including references to
  portfolio.yaml and other projects), on the exact text that would be written.
- All or nothing: if any row is refused, nothing is written and every problem is reported as
  ``register.csv:LINE: column 'NAME': what is wrong``. With ``partial`` the good rows are
  written and the refused ones still reported.
- A file changed by hand since the last import is never replaced without ``force``; an
  existing file that cannot be read is reported and left alone.
- Every row gets one report line. A value the contract rejects in an optional field (an
  ``end`` before ``start``, a negative amount) or text where a value should be (an exemption
  notice in a date column) is left out and noted rather than costing the whole row.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pmo_hub.load.build_info import build_day
from pmo_hub.load.portfolio import read_portfolio_settings
from pmo_hub.model import RAG, PortfolioSettings, Stage
from pmo_hub.problems import Problem, display_path
from pmo_hub.tools.importer import values as v
from pmo_hub.tools.importer.mapping import (
    DATE_FIELDS,
    ID_FIELDS,
    ID_LIST_FIELDS,
    MARKDOWN_FIELDS,
    MONEY_FIELDS,
    RAG_FIELDS,
    TEXT_LIST_FIELDS,
    Derive,
    FieldSpec,
    Mapping,
    MappingError,
)
from pmo_hub.tools.importer.ownership import Ownership, import_header, ownership, with_header
from pmo_hub.tools.importer.staging import write_all
from pmo_hub.tools.importer.table import Cell, Row, Table, Uncomputed, read_table
from pmo_hub.tools.project_files import ProjectChecker, dump_yaml, existing_ids, schema_comment

ACTIONS = ("created", "updated", "unchanged", "kept", "refused")
# Where each contract field goes in the written file (the model's order, as in the demo files).
_ORDER = ("summary", "programme", "tier", "objectives", "sponsor", "manager", "start", "end", "forecast_end")
DEFAULT_UPDATE_SUMMARY = "No commentary given."
# References checked here (not by parsing the core's wording) so that the report can list them.
_REFERENCES = (
    ("programme", "programme", "programmes"),
    ("tier", "tier", "tiers"),
    ("objectives", "objective", "objectives"),
    ("budget.pool", "budget pool", "budget_pools"),
)


@dataclass
class RowResult:
    row: int  # the spreadsheet row
    line: int  # the file line the row starts on
    project_id: str | None
    action: str  # one of ACTIONS
    path: Path | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # why the row is refused
    reason: str = ""
    text: str = ""  # the checked file text, when the row gave a valid project
    dependencies: list[str] = field(default_factory=list)

    def report_line(self, pending: bool) -> str:
        """``pending``: nothing is written in this run (a dry run, or refused rows without --partial)."""
        who = f"row {self.row}: {self.project_id}" if self.project_id else f"row {self.row}"
        if self.action == "refused":
            first = self.problems[0]
            more = f" and {len(self.problems) - 1} more" if len(self.problems) > 1 else ""
            return f"{who}: refused: see {first.path}:{first.line}{more}"
        verb = self.action
        if pending and self.action in ("created", "updated"):
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
    missing: dict[str, dict[str, list[int]]]  # kind → id → rows that needed it
    dry_run: bool
    data_dir: Path
    partial: bool = False
    written: bool = False
    write_problems: list[Problem] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(result.action for result in self.results)

    @property
    def ok(self) -> bool:
        return not self.counts["refused"] and not self.write_problems

    @property
    def problems(self) -> list[Problem]:
        """Every problem, in register order: the lines to fix."""
        return [problem for result in self.results for problem in result.problems] + self.write_problems

    def lines(self) -> Iterator[str]:
        pending = not self.written
        for result in self.results:
            yield result.report_line(pending)
        counts = self.counts
        read = f"{len(self.results)} rows"
        if self.table.encoding:
            read += f" (encoding {self.table.encoding}, delimiter {self.table.delimiter!r})"
        labels = {"created": "to create", "updated": "to update"} if pending else {}
        verdict = ", ".join(f"{counts[action]} {labels.get(action, action)}" for action in ACTIONS)
        if self.dry_run:
            verdict += " (dry run: nothing written)"
        elif self.write_problems:
            verdict += " (nothing written: see the problem below)"
        elif pending:
            verdict += (
                " (nothing written: the import is all or nothing; fix the refused rows, or give "
                "--partial to write the others)"
            )
        yield f"{self.table.name}: {read}: {verdict}."
        for kind, ids in sorted(self.missing.items()):
            rows = sum(len(found) for found in ids.values())
            yield (
                f"{len(ids)} {kind} id{'s' if len(ids) != 1 else ''} not found ({rows} rows refused): "
                + ", ".join(sorted(ids))
            )
        programmes = self.missing.get("programme")
        if programmes:
            yield f"Add them to {display_path(self.data_dir / 'portfolio.yaml')} (then import again), e.g.:"
            yield "programmes:"
            for programme in sorted(programmes):
                yield f"  - id: {programme}\n    name: {programme}"

    def problem_lines(self) -> Iterator[str]:
        """``file:line: field: what is wrong`` for each problem, then what was done about them."""
        problems = self.problems
        for problem in problems:
            yield str(problem)
        refused = self.counts["refused"]
        if refused:
            done = "the other rows were written (--partial)" if self.written else "nothing was written"
            yield (
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {refused} "
                f"row{'s' if refused != 1 else ''}: {done}."
            )


def import_register(
    register: Path,
    mapping: Mapping,
    data_dir: Path,
    *,
    force: bool = False,
    dry_run: bool = False,
    partial: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Import every row of ``register`` into ``data_dir/projects``; see the module docstring.

    Raises :class:`MappingError` when the mapping or the register as a whole cannot be used
    (a missing column, a file in another encoding than the one given); nothing is written then.
    """
    table = read_table(register, mapping.source, encoding=encoding, delimiter=delimiter, sheet=sheet)
    settings = read_portfolio_settings(data_dir)
    reporting = mapping.reporting_date or (settings.reporting_date if settings else None) or build_day()
    reader = _RowReader(table, mapping, reporting)
    existing = existing_ids(data_dir)
    on_disk = {path.stem for path in existing.values()}
    cells = [_Cells(row) for row in table.rows]
    identities = [reader.identity(row) if not row.row.problems else None for row in cells]
    known = on_disk | {ident for ident in identities if ident}
    header = import_header(register.name, schema_comment(data_dir))

    results: list[RowResult] = []
    missing: dict[str, dict[str, list[int]]] = {}
    first_line: dict[str, int] = {}
    with ProjectChecker(data_dir, settings, known) as checker:
        for row, project_id in zip(cells, identities, strict=True):
            result = RowResult(
                row.row.number, row.row.line, project_id, "created", notes=row.notes, problems=row.problems
            )
            results.append(result)
            if row.row.problems:
                row.problems += [Problem(table.path, line, "", message) for line, message in row.row.problems]
            elif project_id is None:
                pass  # identity() said why
            elif project_id.lower() in first_line:
                row.problems.append(reader.problem(row, "id", f"same id as line {first_line[project_id.lower()]}"))
            else:
                first_line[project_id.lower()] = row.line_of(reader, "id")
                _import_row(result, row, reader, checker, settings, known, header, missing)
            if row.problems:
                result.action = "refused"
    _refuse_dependents(results, on_disk, reader, cells)
    for result in results:
        if result.action != "refused":
            _place(result, data_dir, existing, force)
    report = ImportReport(table, results, missing, dry_run, data_dir, partial)
    if not dry_run and (partial or report.ok):
        _write(report)
    return report


@dataclass
class _Cells:
    """One row being read: its cells, and what reading them found."""

    row: Row
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origins: dict[str, int] = field(default_factory=dict)  # label → column that gave its value

    def line_of(self, reader: _RowReader, label: str) -> int:
        return self.row.line_of(reader.column_of(self, label))


def _import_row(
    result: RowResult,
    row: _Cells,
    reader: _RowReader,
    checker: ProjectChecker,
    settings: PortfolioSettings | None,
    known: set[str],
    header: list[str],
    missing: dict[str, dict[str, list[int]]],
) -> None:
    project_id = str(result.project_id)
    fields = reader.fields(row)
    for name, spec in reader.mapping.fields.items():
        if spec.required and name in fields and fields[name] is None:
            row.problems.append(reader.problem(row, name, f"{name} is required and has no usable value"))
    if fields.get("name") is None:
        row.problems.append(reader.problem(row, "name", "no name: a project needs one"))
    update = reader.update(row)
    explicit_stage = reader.explicit_stage(row)
    if row.problems:
        return  # refused already: the checks below would only repeat it
    result.dependencies = list(fields.get("dependencies") or [])
    unknown = _unknown_references(fields, settings, known, display_path(checker.data_dir / "portfolio.yaml"))
    for label, kind, value, where in unknown:
        missing.setdefault(kind, {}).setdefault(value, []).append(result.row)
        row.problems.append(reader.problem(row, label, f"{kind} '{value}' not found in {where}"))
    reported = {label for label, *_ in unknown}
    for _ in range(6):  # each round leaves out at least one more field, so this ends
        stage, stage_note = reader.stage(explicit_stage, fields)
        text = with_header(dump_yaml(_project(project_id, fields, stage, update)), header)
        checked = checker.check(project_id, text)
        problems = [problem for problem in checked.problems if _label(problem.location) not in reported]
        if not problems:
            if stage_note:
                row.notes.insert(0, stage_note)
            result.text = text
            return
        unfixable = False
        for problem in problems:
            key = _label(problem.location)
            if key.startswith("update") or key in RAG_FIELDS:
                if update is not None:
                    update = None
                    row.notes.append(f"{problem.field}: {problem.message}: no update written")
                    continue
            elif key in fields and fields[key] is not None and key != "name":
                fields[key] = None
                row.notes.append(f"{problem.field}: {problem.message}: left out")
                continue
            unfixable = True
            row.problems.append(reader.problem(row, key, problem.message, field_name=problem.field))
        if unfixable:
            return
    row.problems.append(reader.problem(row, "id", "could not make a valid project from the row"))


def _label(location: tuple[str | int, ...]) -> str:
    """The mapping label a core problem's field comes from: ``("updates", 0, "summary")`` →
    ``update.summary``, ``("budget", "approved")`` → ``budget.approved``, ``("risks", 2, "impact")`` → ``risks``."""
    if location[:1] == ("updates",):
        name = next((part for part in location[1:] if isinstance(part, str)), "")
        return name if name in RAG_FIELDS else f"update.{name}" if name else "update"
    return ".".join(str(part) for part in itertools.takewhile(lambda part: isinstance(part, str), location))


def _unknown_references(
    fields: dict[str, Any], settings: PortfolioSettings | None, project_ids: set[str], portfolio: str
) -> list[tuple[str, str, str, str]]:
    """(label, kind, id, where it should be) for each reference to something that does not exist."""
    found = [
        ("dependencies", "project", other, "the register or data/projects")
        for other in fields.get("dependencies") or []
        if other not in project_ids
    ]
    if settings is None:  # the core does not check references then either
        return found
    for label, kind, attribute in _REFERENCES:
        ids = {item.id for item in getattr(settings, attribute)}
        value = fields.get(label)
        for one in value if isinstance(value, list) else [value] if value else []:
            if one not in ids:
                found.append((label, kind, one, portfolio))
    return found


def _refuse_dependents(results: list[RowResult], on_disk: set[str], reader: _RowReader, cells: list[_Cells]) -> None:
    """A project may not depend on one refused in this import: with --partial it would dangle."""
    good = {result.project_id for result in results if result.action != "refused"}
    changed = True
    while changed:
        changed = False
        for result, row in zip(results, cells, strict=True):
            if result.action == "refused":
                continue
            lost = [other for other in result.dependencies if other not in good and other not in on_disk]
            if lost:
                for other in lost:
                    row.problems.append(
                        reader.problem(row, "dependencies", f"depends on project '{other}', whose row is refused")
                    )
                result.action = "refused"
                good.discard(result.project_id)
                changed = True


def _place(result: RowResult, data_dir: Path, existing: dict[str, Path], force: bool) -> None:
    """Decide created / updated / unchanged / kept (or refuse: a file in the way that cannot be read)."""
    text = result.text
    target = data_dir / "projects" / f"{result.project_id}.yaml"
    result.path = target
    other = existing.get(str(result.project_id).lower())
    shown = display_path(target)
    if other is not None and other.name != target.name:
        result.problems.append(Problem(shown, 1, "", f"the id differs only in letter case from {display_path(other)}"))
        result.action = "refused"
        return
    current, trouble = _current_text(target)
    if trouble:
        result.problems.append(Problem(shown, trouble[0], "", trouble[1]))
        result.action = "refused"
        return
    state = ownership(current)
    if state is Ownership.absent:
        result.action = "created"
    elif current == text:
        result.action = "unchanged"
    elif state is Ownership.imported or force:
        result.action = "updated"
        if state is not Ownership.imported:
            result.reason = "changed by hand; replaced because of --force"
    else:
        result.action = "kept"
        result.reason = (
            "a comment was added above its import header, which counts as a change by hand; --force replaces it"
            if state is Ownership.commented
            else "changed by hand since the last import; --force replaces it"
        )


def _current_text(target: Path) -> tuple[str | None, tuple[int, str] | None]:
    """The file's text, or (line, problem) when a file is there that the import must not touch."""
    if not target.exists() and not target.is_symlink():
        return None, None
    if target.is_symlink() or not target.is_file():
        return None, (1, "not a regular file: left alone; remove it to import this row")
    try:
        raw = target.read_bytes()
    except OSError as error:
        return None, (1, f"cannot read it ({error.strerror}): left alone")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, (
            line,
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}): left alone; save it as UTF-8 "
            "or remove it, then import again",
        )


def _write(report: ImportReport) -> None:
    files = [
        (result.path, result.text)
        for result in report.results
        if result.action in ("created", "updated") and result.path is not None
    ]
    try:
        write_all(files)
    except OSError as error:
        where = Path(error.filename) if error.filename else report.data_dir / "projects"
        report.write_problems.append(
            Problem(display_path(where), 1, "", f"cannot write: {error.strerror or error}: nothing was written")
        )
        return
    report.written = True


def _project(project_id: str, fields: dict[str, Any], stage: Stage, update: dict[str, Any] | None) -> dict[str, Any]:
    project: dict[str, Any] = {"id": project_id, "name": fields["name"], "stage": stage.value}
    for name in _ORDER:
        if fields.get(name) is not None:
            project[name] = fields[name]
    budget = {
        part: fields[f"budget.{part}"]
        for part in ("approved", "actual", "forecast", "pool")
        if fields.get(f"budget.{part}") is not None
    }
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
        self.specs: dict[str, FieldSpec] = {}
        problems: list[str] = []
        specs: list[tuple[str, str, FieldSpec]] = [
            (f"fields.{name}", name, spec) for name, spec in mapping.fields.items()
        ]
        if mapping.update is not None:
            specs += [
                (f"update.{name}", name if name in RAG_FIELDS else f"update.{name}", spec)
                for name, spec in mapping.update
                if isinstance(spec, FieldSpec)
            ]
        for where, label, spec in specs:
            self.specs[label] = spec
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

    # -- where a value came from, for problems ------------------------------------

    def column_of(self, row: _Cells, label: str) -> int | None:
        """The column that gave ``label`` its value, else the first one mapped to it."""
        if label in row.origins:
            return row.origins[label]
        spec = self.specs.get(label)
        found = self.columns.get(id(spec)) if spec is not None else None
        return found[0] if found else None

    def problem(self, row: _Cells, label: str, message: str, *, field_name: str = "") -> Problem:
        """``register.csv:LINE: column 'NAME': message``; the field's name when no column feeds it.

        ``field_name``: the contract field a core problem is about (``updates[0].overall``).
        """
        index = self.column_of(row, label)
        if index is None:
            return Problem(self.table.path, row.row.line, field_name or label, message)
        name = self.table.columns[index]
        shown = f"'{name}'" if name.isprintable() and "'" not in name else repr(name)
        return Problem(
            self.table.path,
            row.row.line_of(index),
            f"column {shown}",
            f"{field_name}: {message}" if field_name else message,
        )

    # -- the row's id first (every id is needed before any row is checked) ---------

    def identity(self, row: _Cells) -> str | None:
        found = self.read("id", self.mapping.fields["id"], row)
        if found is None and not row.problems:
            why = [note.removeprefix("id: ") for note in row.notes if note.startswith("id: ")]
            row.problems.append(self.problem(row, "id", "no usable id" + (f": {'; '.join(why)}" if why else "")))
        return found if not row.problems else None

    # -- fields ------------------------------------------------------------------

    def fields(self, row: _Cells) -> dict[str, Any]:
        return {
            name: self.read(name, spec, row)
            for name, spec in self.mapping.fields.items()
            if name not in ("id", "stage")
        }

    def update(self, row: _Cells) -> dict[str, Any] | None:
        spec = self.mapping.update
        if spec is None:
            return None
        overall = self.read("overall", spec.overall, row)
        if overall is None:
            row.notes.append("no status update (no recognised overall rating)")
            return None
        update: dict[str, Any] = {"date": self.read("update.date", spec.date, row) if spec.date else None}
        update["date"] = update["date"] or self.reporting
        update["overall"] = overall
        for name in RAG_FIELDS[1:]:
            part = getattr(spec, name)
            value = self.read(name, part, row) if part is not None else None
            if value is not None:
                update[name] = value
        summary = self.read("update.summary", spec.summary, row) if spec.summary else None
        update["summary"] = summary or DEFAULT_UPDATE_SUMMARY
        return update

    def explicit_stage(self, row: _Cells) -> Stage | None:
        value = self.read("stage", self.mapping.fields["stage"], row)
        return Stage(value) if value else None

    def stage(self, explicit: Stage | None, fields: dict[str, Any]) -> tuple[Stage, str]:
        spec = self.mapping.fields["stage"]
        if explicit is not None or spec.derive is None:
            return explicit or Stage.proposal, ("" if explicit else "stage proposal (no stage given)")
        return derive_stage(
            spec.derive, fields.get("start"), fields.get("end"), fields.get("budget.approved"), self.reporting
        )

    # -- one value ---------------------------------------------------------------

    def read(self, label: str, spec: FieldSpec, row: _Cells) -> Any:
        """The first usable value among the spec's columns (or its constant), else its default.

        A cell that cannot be read without guessing refuses the row (a problem, not a note).
        """
        kind = _kind(label)
        notes = row.notes
        candidates: list[tuple[str, int | None, Cell]] = (
            [("value", None, spec.value)]
            if spec.value is not None
            else [(self.table.columns[i], i, row.row.cells[i]) for i in self.columns[id(spec)]]
        )
        rejected: list[str] = []
        for column, index, cell in candidates:
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            if index is not None:
                row.origins.setdefault(label, index)
            try:
                if isinstance(cell, Uncomputed):
                    raise v.Refused(
                        f"formula {v.shorten(cell.formula)} has no saved value (the workbook was "
                        "written by a program that does not calculate): open and save it in Excel "
                        "or LibreOffice"
                    )
                value = self.convert(cell, kind, spec, label, notes, mapped=True)
            except v.Refused as error:
                if index is not None:
                    row.origins[label] = index
                row.problems.append(self.problem(row, label, str(error)))
                return None
            except v.Unrecognised as error:
                rejected.append(f"{error} ({column})" if len(candidates) > 1 else str(error))
                continue
            if value is not None:
                if index is not None:
                    row.origins[label] = index
                return value
        if spec.has_default:
            if rejected:
                used = "left out" if spec.default is None else f"default {spec.default!r} used"
                notes.append(f"{label}: {'; '.join(rejected)}: {used}")
            if spec.default is None:
                return None
            try:
                return self.convert(spec.default, kind, spec, label, notes, mapped=False)
            except ValueError as error:  # the mapping's own default is not a value of this kind
                row.problems.append(self.problem(row, label, f"the mapping's default: {error}"))
                return None
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
            return v.parse_date(
                cell, [spec.date] if isinstance(spec.date, str) else (spec.date or self.mapping.date_formats)
            )
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


def derive_stage(
    rule: Derive, start: date | None, end: date | None, approved: float | None, reporting: date
) -> tuple[Stage, str]:
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
