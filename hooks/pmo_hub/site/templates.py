"""The theme's templates compiled once while ``mkdocs serve`` runs, not again at every rebuild.

MkDocs makes a new Jinja environment for each build, so every rebuild compiled Material's
templates anew (about half a second). This cache keeps their compiled code between builds;
Jinja checks each template's source against the code it keeps, so an edited override is
compiled again.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    """Compiled templates by Jinja's key (their name and file), in memory."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()
