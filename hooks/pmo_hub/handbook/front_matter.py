"""Read only the leading YAML block of a Markdown page, with the line of every key.

Thousands of pages are checked on every build, so the file is read line by line and
closed as soon as the block ends; the body is never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pmo_hub.load.yaml_source import TextDateLoader
from pmo_hub.problems import Problem

# A front matter block longer than this is a page that forgot its closing `---`.
MAX_LINES = 200
_OPENERS = ("---",)
_CLOSERS = ("---", "...")


@dataclass
class FrontMatter:
    """The keys of one page's front matter, the file line of each, and what was wrong."""

    shown_path: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    present: bool = False
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        """The file line of ``key``, or line 1 (where front matter starts) when it is missing."""
        return self.lines.get(key, 1)


def read_front_matter(path: Path, shown_path: str) -> FrontMatter:
    """Parse the ``---`` block at the top of ``path`` (as MkDocs does); problems are collected."""
    result = FrontMatter(shown_path)
    try:
        block = _leading_block(path)
    except UnicodeDecodeError:
        result.problems.append(Problem(shown_path, 1, "", "not valid UTF-8; save the file as UTF-8"))
        return result
    except OSError as error:
        result.problems.append(Problem(shown_path, 1, "", f"cannot read file: {error.strerror}"))
        return result
    if block is None:
        return result
    result.present = True
    loader = TextDateLoader(block)
    try:
        node = loader.get_single_node()
        if node is None:
            return result
        if not isinstance(node, yaml.MappingNode):
            result.problems.append(Problem(shown_path, 2, "", "front matter must be `key: value` lines"))
            return result
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 2  # +1 for counting from 1, +1 for the opening `---`
            if not isinstance(key, str):
                result.problems.append(Problem(shown_path, line, "", "a key must be a plain name"))
                continue
            if key in result.data:
                result.problems.append(
                    Problem(shown_path, line, key, f"duplicate key (also on line {result.lines[key]})")
                )
                continue
            result.lines[key] = line
            result.data[key] = loader.construct_object(value_node, deep=True)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        result.problems.append(
            Problem(shown_path, line, "", f"front matter YAML error: {error.problem or error.context}")
        )
    except (yaml.YAMLError, ValueError, TypeError) as error:
        result.problems.append(Problem(shown_path, 1, "", f"front matter YAML error: {error}"))
    finally:
        loader.dispose()
    return result


def _leading_block(path: Path) -> str | None:
    """The text between the opening and closing markers, or None when the page has no block.

    Reads bytes line by line (a text-mode read would decode a whole buffer of the body).
    """
    with path.open("rb") as handle:
        first = handle.readline().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        if first.rstrip() not in _OPENERS:
            return None
        lines: list[str] = []
        for raw in handle:
            line = raw.decode("utf-8")
            if line.rstrip() in _CLOSERS:
                return "".join(lines)
            lines.append(line)
            if len(lines) > MAX_LINES:
                break
    return None  # no closing marker: MkDocs treats the whole page as body text too
