"""The glossary's abbreviations, read once and given to Markdown's ``abbr`` extension.

One file (``docs/includes/abbreviations.md``, lines such as ``*[SRO]: Senior Responsible
Owner``) defines every abbreviation. Passing them to ``abbr`` as its ``glossary`` expands
them on every page; appending the file to each page instead would make Markdown parse the
whole list again for every page, a large share of a build with thousands of projects.
"""

from __future__ import annotations

import re

GLOSSARY_FILE = "includes/abbreviations.md"  # relative to the docs folder

_DEFINITION = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:\s*(?P<title>.*?)\s*$")


def parse_abbreviations(text: str) -> dict[str, str]:
    """Abbreviation → expansion, in the order of ``text`` (the glossary file's content)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _DEFINITION.match(line)
        if match:
            found[match["abbr"]] = match["title"]
    return found
