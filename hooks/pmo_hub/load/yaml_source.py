"""Read one YAML file safely, keeping the line of every value for error messages.

Data files are read the way editors and JSON Schema tools read them, with the YAML 1.2 core
schema: ``010`` is ten, ``No`` is the text "No", ``1_000`` is text. PyYAML's own resolution
(YAML 1.1) would make ``010`` eight and ``No`` false, so the site would show what the
editor does not. Values are built straight from libyaml's events, which lets every limit
(bytes, depth, values, alias expansion) stop a hostile file before it costs memory.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pmo_hub.load.safe_files import UnsafeFile, read_regular_file, too_large
from pmo_hub.problems import Problem, display_path, excerpt, quoted

Location = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"[\w-]+")

# libyaml's parser is many times faster than the pure-Python one and still gives marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"
_MERGE_TAG = _TAG + "merge"
# Plain data only: any other tag (``!!python/...`` above all) is refused, not constructed.
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}

# Limits per file. A data file is a few kilobytes; 30,000 risks in one file are 3 MB and
# 330,000 values. Far beyond that, a file is a mistake or an attack, not a project.
MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 100  # the contract needs 5 levels; libyaml itself stops at 1000
MAX_VALUES = 1_000_000
MAX_ALIASED_VALUES = 100_000  # values repeated by aliases: a billion laughs stops here
# Kept for callers of the old single limit.
MAX_NODES = MAX_VALUES


class TextDateLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader (YAML 1.1) that leaves dates as text.

    Used where the file's readers use PyYAML too (``mkdocs.yml``, page front matter).
    """


TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE_NULL = re.compile(r"~|null|Null|NULL|")
_CORE_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


@dataclass
class Source:
    """A loaded file: its data, where each value stands, and what was wrong with it."""

    path: Path
    data: Any = None
    lines: dict[Location, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def shown_path(self) -> str:
        return display_path(self.path)

    def kept_for(self, keys: frozenset[str]) -> Source:
        """This source without its values and with only the lines of ``keys`` and their items:
        what checks made later (across files) need, at a fraction of the memory."""
        lines = {
            location: line
            for location, line in self.lines.items()
            if not location or (location[0] in keys and len(location) <= 2)
        }
        return Source(self.path, None, lines, self.problems)

    def line_of(self, location: Location) -> int:
        """The line of a value, or of its nearest enclosing value when it is missing."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1

    def problem(
        self, location: Location, message: str, *, field_name: str | None = None, kind: str = "rule", value: Any = None
    ) -> Problem:
        """A problem with the value at ``location`` (a key path), reported at its line."""
        name = field_name if field_name is not None else dotted(location)
        return Problem(
            self.shown_path, self.line_of(location), name, message, location=tuple(location), kind=kind, value=value
        )

    def file_problem(self, line: int, message: str, kind: str) -> Problem:
        """A problem with the file as a whole (unreadable, not YAML) at ``line``."""
        return Problem(self.shown_path, line, "", message, kind=kind)


def dotted(location: Location) -> str:
    """``('risks', 2, 'impact')`` → ``risks[2].impact``, the way editors read paths."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        # Odd keys (empty, spaces, punctuation) are quoted so the line stays readable.
        name = part if _PLAIN_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        name = excerpt(name)
        text += f".{name}" if text else name
    return text


def read_yaml(path: Path, *, follow_links: bool = True, core_schema: bool = True) -> Source:
    """Parse ``path``; problems are collected on the result instead of raised.

    Only a regular file is read, and at most :data:`MAX_BYTES` of it. With
    ``follow_links=False`` (data files) a symbolic link is refused too, without reading
    its target. ``core_schema=False`` reads YAML 1.1 as PyYAML does, for files whose other
    readers use PyYAML (``mkdocs.yml``).
    """
    source = Source(path)
    raw = _read_regular_file(source, follow_links)
    if raw is None:
        return source
    return parse_yaml(raw, path, core_schema=core_schema, source=source)


def parse_yaml(raw: bytes, path: Path, *, core_schema: bool = True, source: Source | None = None) -> Source:
    """Parse ``raw`` as the content of ``path`` (which need not exist: the importer checks a
    file's text before writing it), with the same limits and messages as :func:`read_yaml`."""
    source = source or Source(path)
    if len(raw) > MAX_BYTES:
        source.problems.append(source.file_problem(1, too_large(len(raw), MAX_BYTES), "unreadable"))
        return source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        source.problems.append(
            source.file_problem(
                line, f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8", "unreadable"
            )
        )
        return source
    loader = TextDateLoader(text)
    try:
        builder = _Builder(source, loader, core_schema)
        source.data = builder.document()
    except _LimitExceeded as error:
        source.problems.append(source.file_problem(error.line, error.message, "too_large"))
        source.data = None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or "invalid YAML"
        start = error.context_mark
        if error.problem and error.context and start is not None and start.line + 1 != line:
            # libyaml notices an unclosed bracket or quote where it gives up; say where it began.
            what += f" ({error.context} started on line {start.line + 1})"
        if "maximum nesting depth" in what:  # libyaml's own limit, met while it reads ahead
            source.problems.append(source.file_problem(line, _too_deep(), "too_large"))
        else:
            source.problems.append(source.file_problem(line, f"YAML syntax error: {what}", "syntax"))
        source.data = None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        source.problems.append(
            source.file_problem(
                line, f"character #x{_code(error.character):04x} is not allowed in YAML ({error.reason})", "syntax"
            )
        )
        source.data = None
    except yaml.YAMLError as error:
        source.problems.append(source.file_problem(1, f"YAML error: {str(error).splitlines()[0]}", "syntax"))
        source.data = None
    except RecursionError:  # only the pure-Python parser recurses; libyaml stops at 1000 levels
        source.problems.append(source.file_problem(1, _too_deep(), "too_large"))
        source.data = None
    finally:
        loader.dispose()
    return source


def _read_regular_file(source: Source, follow_links: bool) -> bytes | None:
    """The file's bytes, or ``None`` with the reason (a link, a FIFO, too large) on ``source``."""
    try:
        return read_regular_file(source.path, max_bytes=MAX_BYTES, follow_links=follow_links)
    except UnsafeFile as refused:
        source.problems.append(source.file_problem(1, refused.reason, "unreadable"))
        return None


class _LimitExceeded(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _too_deep() -> str:
    return f"values nested more than {MAX_DEPTH} levels deep, the limit per data file (a bracket left open?)"


class _Anchor:
    """A value with an anchor (``&name``) and the lines of everything inside it."""

    __slots__ = ("value", "base", "start", "end")

    def __init__(self, value: Any, base: Location, start: int, end: int) -> None:
        self.value, self.base, self.start, self.end = value, base, start, end


class _Builder:
    """Turns libyaml's event stream into plain Python values, recording lines as it goes."""

    def __init__(self, source: Source, loader: Any, core_schema: bool) -> None:
        self.source = source
        self.lines = source.lines
        self.next_event = loader.get_event
        self.loader = loader
        self.core_schema = core_schema
        self.values = 0
        self.aliased = 0
        self.depth = 0
        self.anchors: dict[str, _Anchor] = {}
        # The (location, line) pairs recorded inside an anchored value or a merge source, in
        # order: an alias repeats its anchor's slice. Files without anchors never fill it.
        self.log: list[tuple[Location, int]] = []
        self.logging = 0

    def _problem(self, line: int, location: Location, message: str) -> Problem:
        return Problem(self.source.shown_path, line, dotted(location), message, location=location, kind="syntax")

    def document(self) -> Any:
        """The single document of the stream; ``None`` with a problem if there is none."""
        self.next_event()  # stream start
        event = self.next_event()
        if isinstance(event, yaml.StreamEndEvent):
            self.source.problems.append(
                self.source.file_problem(1, "the file is empty; expected a mapping of fields", "syntax")
            )
            return None
        value = self.build(self.next_event(), ())  # after the document start
        self.next_event()  # document end
        event = self.next_event()
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", None, "but found another document", event.start_mark
            )
        return value

    def _record(self, location: Location, line: int) -> None:
        self.lines.setdefault(location, line)
        if self.logging:
            self.log.append((location, line))

    def build(self, event: Any, location: Location) -> Any:
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event, location, line)
        self.values += 1
        if self.values > MAX_VALUES:
            raise _LimitExceeded(line, f"more than {MAX_VALUES:,} values, the limit per data file")
        anchor = event.anchor
        if anchor is not None:
            self.logging += 1
        start = len(self.log)
        self._record(location, line)
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event, location)
        else:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _LimitExceeded(line, _too_deep())
            if isinstance(event, yaml.MappingStartEvent):
                value = self._mapping(location)
            else:
                value = self._sequence(location)
            self.depth -= 1
            if not self._allowed(
                event.tag, _MAP_TAG if isinstance(event, yaml.MappingStartEvent) else _SEQ_TAG, line, location
            ):
                value = None
        if anchor is not None:
            self.logging -= 1
            self.anchors[anchor] = _Anchor(value, location, start, len(self.log))
        return value

    def _alias(self, event: Any, location: Location, line: int) -> Any:
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias '{excerpt(event.anchor)}'", event.start_mark
            )
        self.aliased += anchor.end - anchor.start
        if self.aliased > MAX_ALIASED_VALUES:
            raise _LimitExceeded(
                line,
                f"aliases repeat more than {MAX_ALIASED_VALUES:,} values, "
                "the limit per data file (write the values out instead)",
            )
        base = len(anchor.base)
        for inner, inner_line in self.log[anchor.start : anchor.end]:
            self._record(location + inner[base:], inner_line if inner[base:] else line)
        return anchor.value

    def _sequence(self, location: Location) -> list[Any]:
        items: list[Any] = []
        while not isinstance(event := self.next_event(), yaml.SequenceEndEvent):
            items.append(self.build(event, location + (len(items),)))
        return items

    def _mapping(self, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: list[tuple[dict[str, Any], Location, int, int]] = []
        while not isinstance(key_event := self.next_event(), yaml.MappingEndEvent):
            key_line = key_event.start_mark.line + 1
            key = self._key(key_event, location)
            if key is _MERGE:
                merged += self._merge_sources(location)
                continue
            if key is None:
                self.source.problems.append(self._problem(key_line, location, "a key must be a plain name"))
                self._skip_value(location)
                continue
            child = location + (key,)
            if key in result:
                self.source.problems.append(
                    self._problem(key_line, child, f"duplicate key (also on line {self.lines[child]})")
                )
                self._skip_value(location)
                continue
            self._record(child, key_line)  # a problem with the value points at its key
            result[key] = self.build(self.next_event(), child)
        if merged:
            result = self._with_merged(result, merged, location)
        return result

    def _key(self, event: Any, location: Location) -> Any:
        """The key as text; ``None`` if it is not a plain value, ``_MERGE`` for ``<<``."""
        if isinstance(event, yaml.ScalarEvent):
            if event.value == "<<" and event.tag is None and event.implicit[0]:
                return _MERGE
            key = self._scalar(event, location)
        elif isinstance(event, yaml.AliasEvent):
            assert event.anchor is not None  # the parser gives every alias its name
            anchor = self.anchors.get(event.anchor)
            key = anchor.value if anchor is not None else None
        else:  # a mapping or a list as a key: read it to stay in step, then refuse it
            self.build(event, location + (_SKIPPED,))
            return None
        if key is None or not isinstance(key, (str, int, float, bool)):
            return None
        return key if isinstance(key, str) else _key_text(key)

    def _skip_value(self, location: Location) -> None:
        """Read one value to stay in step with the stream; it is kept under a name no field has."""
        self.build(self.next_event(), location + (_SKIPPED,))

    def _merge_sources(self, location: Location) -> list[tuple[dict[str, Any], Location, int, int]]:
        """The mappings named by a merge key ``<<``: one alias or mapping, or a list of them."""
        event = self.next_event()
        line = event.start_mark.line + 1
        where = location + ("<<",)
        sources: list[tuple[Any, Location, int, int]] = []
        if isinstance(event, yaml.SequenceStartEvent):
            while not isinstance(item := self.next_event(), yaml.SequenceEndEvent):
                sources.append(self._merge_source(item, where + (len(sources),)))
        else:
            sources.append(self._merge_source(event, where))
        found = [merged for merged in sources if isinstance(merged[0], dict)]
        if len(found) != len(sources):
            self.source.problems.append(
                self._problem(line, where, "a merge key (<<) takes a mapping or a list of mappings")
            )
        return found

    def _merge_source(self, event: Any, where: Location) -> tuple[Any, Location, int, int]:
        self.logging += 1
        start = len(self.log)
        value = self.build(event, where)
        self.logging -= 1
        return value, where, start, len(self.log)

    def _with_merged(
        self, explicit: dict[str, Any], merged: list[tuple[dict[str, Any], Location, int, int]], location: Location
    ) -> dict[str, Any]:
        """YAML merge: keys written in the mapping win, then the first merged mapping that has it."""
        result: dict[str, Any] = {}
        for mapping, at, start, end in merged:
            taken = {key for key in mapping if key not in explicit and key not in result}
            for key in mapping:
                if key in taken:
                    result[key] = mapping[key]
            for inner, line in self.log[start:end]:
                if len(inner) > len(at) and inner[len(at)] in taken:
                    self._record(location + inner[len(at) :], line)
        result.update(explicit)
        return result

    def _allowed(self, tag: str | None, expected: str, line: int, location: Location) -> bool:
        if tag is None or tag == "!" or tag == expected:
            return True
        self.source.problems.append(self._problem(line, location, _tag_refused(tag)))
        return False

    def _scalar(self, event: Any, location: Location) -> Any:
        value: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if tag == "!" or not event.implicit[0]:
                return value  # quoted, or the non-specific tag: text
            tag = self._resolve(value, event.implicit)
        if tag == _STR_TAG:
            return value  # most values are text: skip the constructor's dispatch
        line = event.start_mark.line + 1
        if tag not in _SCALAR_TAGS:
            self.source.problems.append(self._problem(line, location, _tag_refused(tag)))
            return None
        try:
            return _core_value(tag, value) if self.core_schema else self._pyyaml_value(tag, value)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError) as error:
            reason = error.problem if isinstance(error, yaml.MarkedYAMLError) else str(error)
            self.source.problems.append(self._problem(line, location, f"cannot read value {quoted(value)}: {reason}"))
            return None

    def _resolve(self, value: str, implicit: tuple[bool, bool]) -> str:
        if not self.core_schema:
            return self.loader.resolve(yaml.ScalarNode, value, implicit)
        return _core_tag(value)

    def _pyyaml_value(self, tag: str, value: str) -> Any:
        return self.loader.construct_object(yaml.ScalarNode(tag, value), deep=True)


_MERGE = object()
_SKIPPED = "\x00skipped"  # where a refused key's value is read; no field is ever called that


def _core_tag(value: str) -> str:
    """The YAML 1.2 core schema's tag for a plain scalar."""
    if not value or value[0] in "~nNtTfF":
        if _CORE_NULL.fullmatch(value):
            return _TAG + "null"
        if _CORE_BOOL.fullmatch(value):
            return _TAG + "bool"
        return _STR_TAG
    if value[0] in "0123456789-+.":
        if _CORE_INT.fullmatch(value):
            return _TAG + "int"
        if _CORE_FLOAT.fullmatch(value):
            return _TAG + "float"
    return _STR_TAG


def _core_value(tag: str, value: str) -> Any:
    """Construct a scalar as the YAML 1.2 core schema reads it (``!!int 010`` is ten too)."""
    name = tag.removeprefix(_TAG)
    if name == "null":
        if not _CORE_NULL.fullmatch(value):
            raise ValueError("expected null, ~ or nothing")
        return None
    if name == "bool":
        if not _CORE_BOOL.fullmatch(value):
            raise ValueError("expected true or false")
        return value.lower() == "true"
    if name == "int":
        text = value.strip()
        if text[:2] in ("0o", "0x"):
            return int(text[2:], 8 if text[1] == "o" else 16)
        if not re.fullmatch(r"[-+]?[0-9]+", text):
            raise ValueError("expected a whole number")
        return int(text, 10)  # leading zeros are decimal in YAML 1.2: 010 is ten
    text = value.strip()
    lowered = text.lower()
    if lowered in (".inf", "+.inf", "-.inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    if not _CORE_FLOAT.fullmatch(text) and not _CORE_INT.fullmatch(text):
        raise ValueError("expected a number")
    number = float(text)
    if math.isinf(number):
        raise ValueError("the number is too large")
    return number


def _key_text(key: int | float | bool) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _tag_refused(tag: str) -> str:
    return f"the tag {quoted(tag.replace(_TAG, '!!'))} is not allowed; write plain values"


def _code(character: int | str) -> int:
    """libyaml reports a bad character as its code, the pure-Python reader as the character."""
    return ord(character) if isinstance(character, str) else character
