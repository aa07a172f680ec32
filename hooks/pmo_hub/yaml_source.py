"""Read one YAML file safely, keeping the line of every value for error messages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, display_path

Location = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"[\w-]+")

# libyaml's loader is many times faster than the pure-Python one and still gives marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain data only: any other tag (``!!python/...`` above all) is refused, not constructed.
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}

_STR_TAG = "tag:yaml.org,2002:str"

# Above this many nodes a file is an alias bomb, not a project file.
MAX_NODES = 200_000


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text, so a bad date is a validation error we word."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


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

    def line_of(self, location: Location) -> int:
        """The line of a value, or of its nearest enclosing value when it is missing."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, location: Location, message: str, *, field_name: str | None = None) -> Problem:
        name = field_name if field_name is not None else dotted(location)
        return Problem(self.shown_path, self.line_of(location), name, message)


def dotted(location: Location) -> str:
    """``('risks', 2, 'impact')`` → ``risks[2].impact``, the way editors read paths."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        # Odd keys (empty, spaces, punctuation) are quoted so the line stays readable.
        name = part if _PLAIN_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        text += f".{name}" if text else name
    return text


def read_yaml(path: Path) -> Source:
    """Parse ``path``; problems are collected on the result instead of raised."""
    source = Source(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        source.problems.append(Problem(source.shown_path, 1, "", f"cannot read file: {error.strerror}"))
        return source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        source.problems.append(
            Problem(source.shown_path, line, "", f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
        )
        return source
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            source.problems.append(Problem(source.shown_path, 1, "", "the file is empty; expected a mapping of fields"))
            return source
        source.data = _Builder(source, loader).build(node, ())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or "invalid YAML"
        start = error.context_mark
        if error.problem and error.context and start is not None and start.line + 1 != line:
            # libyaml notices an unclosed bracket or quote where it gives up; say where it began.
            what += f" ({error.context} started on line {start.line + 1})"
        source.problems.append(Problem(source.shown_path, line, "", f"YAML syntax error: {what}"))
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        source.problems.append(Problem(source.shown_path, line, "",
                                       f"character #x{_code(error.character):04x} is not allowed in YAML ({error.reason})"))
    except yaml.YAMLError as error:
        source.problems.append(Problem(source.shown_path, 1, "", f"YAML error: {str(error).splitlines()[0]}"))
    finally:
        loader.dispose()
    return source


class _Builder:
    """Turns a composed node tree into plain Python values, recording lines as it goes."""

    def __init__(self, source: Source, loader: Any) -> None:
        self.source = source
        self.loader = loader
        self.count = 0

    def build(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise yaml.YAMLError(f"more than {MAX_NODES} values (aliases expanding without end?)")
        self.source.lines.setdefault(location, node.start_mark.line + 1)
        if node.tag not in _ALLOWED_TAGS:
            self.source.problems.append(
                Problem(self.source.shown_path, node.start_mark.line + 1, dotted(location),
                        f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed; write plain values")
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, location + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node, location)

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)  # merge keys (<<) as YAML defines them
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, location) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.source.problems.append(
                    self.source.problem(location, "a key must be a plain name", field_name=dotted(location))
                )
                continue
            key = str(key) if not isinstance(key, str) else key
            child = location + (key,)
            if key in result:
                self.source.problems.append(
                    Problem(self.source.shown_path, key_node.start_mark.line + 1, dotted(child),
                            f"duplicate key (also on line {self.source.lines[child]})")
                )
                continue
            self.source.lines[child] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.Node, location: Location) -> Any:
        if node.tag == _STR_TAG:
            return node.value  # most values are text: skip the constructor's dispatch
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError) as error:
            reason = error.problem if isinstance(error, yaml.MarkedYAMLError) else str(error)
            self.source.problems.append(
                Problem(self.source.shown_path, node.start_mark.line + 1, dotted(location),
                        f"cannot read value {node.value!r}: {reason}")
            )
            return None


def _code(character: int | str) -> int:
    """libyaml reports a bad character as its code, the pure-Python reader as the character."""
    return ord(character) if isinstance(character, str) else character
