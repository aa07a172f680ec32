"""Telling a file the import wrote from one a person has changed since.

Every imported file starts with a comment header whose last line records the SHA-256 of
everything below it::

    # Written by `pmo-hub import` from gmpp_2023.csv. ...
    # pmo-hub-import sha256:4f1c…

On the next import a file is the importer's to replace only if that line is there, the hash
still matches the content, and every comment above it is one the import writes. Any edit
below the header (or a file without the header) makes it "changed by hand"; so does a comment
a person added above the header: the import leaves the file alone unless run with ``--force``.

Why a comment above the header counts as a change rather than being carried over: the import
cannot know what it says. "Figures under review, do not re-import" or "budget corrected by
hand, see ticket 123" kept above freshly imported numbers would be wrong and misleading; left
alone, the file keeps the person's intent until they choose ``--force``.
Self-contained on purpose: no manifest to lose, and the rule survives renames and copies.
"""

from __future__ import annotations

import hashlib
import re
from enum import Enum

from pmo_hub.tools.project_files import SCHEMA_COMMENT

MARKER = "# pmo-hub-import sha256:"
_MARKER_LINE = re.compile(r"^# pmo-hub-import sha256:([0-9a-f]{64})[ \t]*$")
_NOTICE = "# what the import wrote, later imports leave it alone (unless run with --force)."
_WRITTEN_BY = re.compile(r"^# Written by `pmo-hub import` from [^\n]*\. You may edit it: once it differs from$")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Ownership(Enum):
    absent = "absent"
    imported = "imported"  # unchanged since the import wrote it
    hand_changed = "hand_changed"
    commented = "commented"  # a comment was added above the import's header: a change by hand too


def import_header(register_name: str, schema: list[str]) -> list[str]:
    """The comment lines above the hash line (``schema``: the editor hint, if the data folder has it)."""
    name = _UNPRINTABLE.sub("?", register_name)  # a line break in a file name would end the comment
    return [*schema, f"# Written by `pmo-hub import` from {name}. You may edit it: once it differs from", _NOTICE]


def with_header(body: str, comments: list[str]) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return "".join(f"{line}\n" for line in comments) + f"{MARKER}{digest}\n" + body


def ownership(text: str | None) -> Ownership:
    if text is None:
        return Ownership.absent
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            break  # the header is the leading comment block only
        match = _MARKER_LINE.match(line)
        if match:
            body = "\n".join(lines[index + 1 :])
            if hashlib.sha256(body.encode("utf-8")).hexdigest() != match.group(1):
                return Ownership.hand_changed
            own = all(_is_own(comment) for comment in lines[:index])
            return Ownership.imported if own else Ownership.commented
    return Ownership.hand_changed


def _is_own(line: str) -> bool:
    return line in (SCHEMA_COMMENT, _NOTICE) or bool(_WRITTEN_BY.match(line))
