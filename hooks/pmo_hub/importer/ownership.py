"""Telling a file the import wrote from one a person has changed since.

Every imported file starts with a comment header whose last line records the SHA-256 of
everything below it::

    # Written by `pmo-hub import` from gmpp_2023.csv. ...
    # pmo-hub-import sha256:4f1c…

On the next import a file is the importer's to replace only if that line is there and the
hash still matches the content. Any edit below the header (or a file without the header)
makes it "changed by hand": the import leaves it alone unless run with ``--force``.
Self-contained on purpose: no manifest to lose, and the rule survives renames and copies.
"""

from __future__ import annotations

import hashlib
import re
from enum import Enum

MARKER = "# pmo-hub-import sha256:"
_MARKER_LINE = re.compile(r"^# pmo-hub-import sha256:([0-9a-f]{64})[ \t]*$")


class Ownership(Enum):
    absent = "absent"
    imported = "imported"        # unchanged since the import wrote it
    hand_changed = "hand_changed"


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
            body = "\n".join(lines[index + 1:])
            same = hashlib.sha256(body.encode("utf-8")).hexdigest() == match.group(1)
            return Ownership.imported if same else Ownership.hand_changed
    return Ownership.hand_changed
