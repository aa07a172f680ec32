"""What the last build made, for the next one to reuse where its input is the same.

``mkdocs serve`` keeps one :class:`LastOutputs` in the views process from one edit to the next:
after an edit of one project, most tables of the downloads (milestones, risks, the board's
registers) have the very same rows, and writing them again into the workbook, the CSV files
and the JSON is most of the downloads' time. A build keeps none.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import chain
from typing import Any, TypeVar

T = TypeVar("T")
Rows = list[dict[str, Any]]


class LastOutputs:
    """Outputs by name, each with the rows it was made of (``keep=False``: none, for a build
    that makes each output once)."""

    def __init__(self, *, keep: bool = True) -> None:
        self._keep = keep
        self._kept: dict[Hashable, tuple[Rows, Any]] = {}
        self.reused = 0  # outputs given again, not made (for tests and benchmarks)

    def made(self, name: Hashable, rows: Rows, make: Callable[[], T]) -> T:
        """``make()``, or what it gave for ``name`` last time if ``rows`` are the same rows."""
        kept = self._kept.get(name)
        if kept is not None and same_rows(kept[0], rows):
            self.reused += 1
            output: T = kept[1]
        else:
            output = make()
        if self._keep:
            self._kept[name] = (rows, output)
        return output


def same_rows(old: Rows, new: Rows) -> bool:
    """Equal rows with values of the same types: Python holds 1, 1.0 and True equal, and a file
    writes each differently. (The rows hold plain values: ``downloads._plain`` has made every
    whole float an int, so no -0.0 is equal to a 0.0 it would be written differently from.)"""
    return old is new or (old == new and _types(old) == _types(new))


def _types(rows: Rows) -> list[type]:
    return list(map(type, chain.from_iterable(map(dict.values, rows))))
