"""Split CSV text into records, keeping the line each cell starts on and saying what is malformed.

The csv module reads a quote left open at the end of the file as a cell that runs to the end,
and folds text after a closing quote into the cell without a word. A register cut short by a
failed download looks exactly like that, so this reader reports it instead, with the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A quoted cell: "" inside stands for one quote. Possessive, so an unclosed quote fails fast.
_QUOTED = re.compile(r'"((?:[^"]*+"")*+[^"]*+)"')


@dataclass
class Record:
    line: int  # the line the record starts on (1-based)
    cells: list[str] = field(default_factory=list)
    cell_lines: list[int] = field(default_factory=list)
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # (line, cell index, message)
    ends_with_line_break: bool = True

    @property
    def blank(self) -> bool:
        return all(not cell.strip() for cell in self.cells)


def read_records(text: str, delimiter: str) -> list[Record]:
    """Every record of ``text`` (line breaks already ``\\n``), blank lines included."""
    stop = re.compile(f"[{re.escape(delimiter)}\n]")
    records: list[Record] = []
    position, line, end = 0, 1, len(text)
    while position < end:
        record = Record(line)
        records.append(record)
        while True:
            index, cell_line = len(record.cells), line
            if text.startswith('"', position):
                match = _QUOTED.match(text, position)
                if match is None:
                    record.cells.append(text[position + 1 :].replace('""', '"'))
                    record.cell_lines.append(cell_line)
                    record.problems.append(
                        (
                            cell_line,
                            index,
                            "a quoted cell is not closed before the end of "
                            "the file: the file is cut short (an interrupted download?)",
                        )
                    )
                    record.ends_with_line_break = False
                    return records
                value = match.group(1).replace('""', '"')
                line += value.count("\n")
                position = match.end()
                found = stop.search(text, position)
                after = found.start() if found else end
                if after > position:
                    stray = text[position:after]
                    record.problems.append(
                        (
                            line,
                            index,
                            f"text {stray[:20]!r} after the closing quote of a "
                            'quoted cell (a quote inside a cell is written as "")',
                        )
                    )
                    value += stray
                    position = after
            else:
                found = stop.search(text, position)
                after = found.start() if found else end
                value = text[position:after]
                position = after
            record.cells.append(value)
            record.cell_lines.append(cell_line)
            if position >= end:
                record.ends_with_line_break = False
                break
            if text[position] == "\n":
                position += 1
                line += 1
                break
            position += 1  # past the delimiter: another cell follows, perhaps empty
    return records
