"""``pmo-hub import``: turn a CSV or XLSX register into project files, safely and repeatably.

- ``mapping``: the mapping file (which column feeds which contract field, and how).
- ``table``: reading CSV (encoding and delimiter detected) and XLSX into rows.
- ``values``: the transforms (dates, money scaling, value maps, ids).
- ``ownership``: the header that tells an imported file from one changed by hand.
- ``register``: row → project → validated → written (or skipped, with the reason).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmo_hub.tools.importer.mapping import Mapping, MappingError, load_mapping
from pmo_hub.tools.importer.register import ImportReport, RowResult, import_register
from pmo_hub.tools.options import data_dir

__all__ = ["Mapping", "MappingError", "load_mapping", "ImportReport", "RowResult", "import_register"]


def run(args: argparse.Namespace) -> int:
    """``pmo-hub import FILE --mapping MAP``: see the command's --help (``cli.IMPORT_HELP``)."""
    try:
        mapping = load_mapping(Path(args.mapping))
        report = import_register(
            Path(args.file),
            mapping,
            data_dir(args),
            force=args.force,
            dry_run=args.dry_run,
            partial=args.partial,
            encoding=args.encoding,
            delimiter=args.delimiter,
            sheet=args.sheet,
        )
    except MappingError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    for line in report.problem_lines():
        print(line, file=sys.stderr)
    return 0 if report.ok else 1
