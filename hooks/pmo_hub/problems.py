"""Data problems, reported to people as ``file:line: field: what is wrong``.

Every stage reports what it finds wrong the same way, so this module sits at the top of the
package: the loader, the handbook checks, the settings and the importer all raise or return
:class:`Problem` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

# A message quotes a short excerpt of a value, never a whole file someone pointed us at.
EXCERPT_LIMIT = 80

# Characters that would break a report line or hide part of it: C0 and C1 controls (line
# breaks above all: a second line could start with a CI command such as ``::error::``),
# Unicode line and paragraph separators, and the bidirectional overrides.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the source allows.

    ``path``, ``line``, ``field`` and ``message`` make the line people read. The rest is for
    code that acts on a problem (the importer leaves out a field the contract refuses, a mapping
    file's unknown key gets a better hint), so that nothing parses the wording: ``location`` is
    the field as a key path (``("risks", 2, "impact")``), ``kind`` what is wrong
    (``missing``, ``unknown_field``, ``wrong_type``, ``invalid``, ``unknown_reference``,
    ``duplicate``, ``syntax``, ``unreadable``, ``rule``) and ``value`` the value refused, if any.
    Two problems are the same problem when their line reads the same.
    """

    path: str
    line: int
    field: str
    message: str
    location: tuple[str | int, ...] = dataclass_field(default=(), compare=False)
    kind: str = dataclass_field(default="", compare=False)
    value: Any = dataclass_field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        """One problem, one line: control characters in any part are shown escaped."""
        where = f"{self.path}:{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return one_line(text)


class DataProblems(Exception):
    """Raised when the data cannot be used; carries every problem found in the run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def one_line(text: str) -> str:
    r"""``text`` with line breaks and other control characters written as ``\n``, ``\x1b``…"""
    return _UNSAFE.sub(_escape, text)


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """At most ``limit`` characters of ``text``, ending in '…' when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str) -> str:
    """A value as messages quote it: ``'TBC'``, cut to an excerpt, control characters escaped."""
    return repr(excerpt(text))


def display_path(path: Path) -> str:
    """The path as people see it in a pull request: relative to the working folder.

    Only the folder is resolved: a link is shown by its own name, never by its target's.
    """
    try:
        return (path.absolute().parent.resolve() / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
