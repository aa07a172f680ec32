"""The ``pmo-hub`` command: its arguments, and the tool that runs each subcommand.

Every subcommand is a module of ``tools/`` with a ``run(args)`` function (``pmo-hub import`` is
``tools/importer``). It is imported only when its command runs: ``pmo-hub validate`` in a
pre-commit hook does not pay for pandas and the renderers.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pmo_hub.problems import DataProblems, Problem

# Subcommand → its module in pmo_hub.tools.
TOOLS = {
    "validate": "validate",
    "schema": "schema",
    "generate": "generate",
    "new": "new",
    "import": "importer",
    "export": "export",
    "check-links": "check_links",
    "publish": "publish",
    "quality-summary": "quality_summary",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    tool = importlib.import_module(f"pmo_hub.tools.{TOOLS[args.command]}")
    try:
        return int(tool.run(args) or 0)
    except DataProblems as failure:
        report(failure.problems, getattr(args, "format", "text"))
        return 1


def report(problems: list[Problem], style: str = "text") -> None:
    """One line per problem on stderr; ``github`` style also annotates pull-request diffs."""
    for problem in problems:
        if style == "github":
            # Properties need ',' and ':' escaped too (a file name may contain them).
            print(f"::error file={_github_property(problem.path)},line={problem.line}::{_github_escape(str(problem))}")
        print(problem, file=sys.stderr)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found.", file=sys.stderr)


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


IMPORT_HELP = """\
Turn a CSV or XLSX register into data/projects/<id>.yaml files, as MAP.yaml says (see
examples/gmpp/mapping.yaml). Every row is reported: created, updated, unchanged, kept or
refused; notes say what was left out (text where a date or amount should be, say).

All or nothing: every row is read and checked before anything is written, with the same
rules as a build. If any row is refused, nothing is written and each problem is printed as
REGISTER:LINE: column 'NAME': what is wrong. A row is refused for: more or fewer cells than
the header (a missing or unquoted delimiter), a row cut short (a file ending inside a quoted
cell or without a final line break: an interrupted download), an amount that does not fit
the mapping's decimal mark (with '.', 34,5 is refused; 1,234 and 1,234.5 are read) or is
not below 10^13, a formula saved without its value, a duplicate id, a reference to an
unknown programme, tier, objective, budget pool or project, or a project the contract rejects.
A file in another encoding than the one given (UTF-8 or UTF-16 read as cp1252 would be
written as mojibake such as Â£) is refused as a whole. --partial writes the good rows and
still reports the refused ones (exit status 1).

Hand edits are kept: each written file starts with a header holding a SHA-256 of its
content; a file whose content no longer matches, that has no header, or that has a comment
added above the header has been changed by hand, and the import leaves it alone unless
--force is given. An existing file that cannot be read (not UTF-8) is reported and left
alone. Files are written only after every row was checked, through temporary files renamed
into place, so a failure never leaves half a file.

Exit status: 0 when every row was imported (or left alone), 1 when any row was refused, a
file could not be written, or the mapping or register cannot be used.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pmo-hub", description="PMO Hub: portfolio data tools.")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND", dest="command")

    validate = commands.add_parser("validate", help="check the data; print one line per problem")
    validate.add_argument("data_dir", nargs="?", help="data folder (default: from mkdocs.yml, else ./data)")
    validate.add_argument(
        "--format", choices=["text", "github"], default="text", help="github: also print GitHub Actions annotations"
    )

    schema = commands.add_parser("schema", help="write the JSON Schemas generated from the models")
    schema.add_argument(
        "--out",
        default="data/schema",
        help="folder (default: %(default)s, where the data files' editor comments point)",
    )

    generate = commands.add_parser(
        "generate",
        help="write the whole site's sources (handbook + every generated "
        "page) so any MkDocs-compatible generator can build it",
    )
    generate.add_argument("--out", required=True, help="folder to write into (a copy of docs/ plus generated files)")
    generate.add_argument("--config-out", help="also write a MkDocs config that builds OUT without our hooks")
    generate.add_argument(
        "--pages-only", action="store_true", help="write only the generated files, not a copy of the handbook (docs/)"
    )

    _add_workflow_commands(commands)
    return parser


def _add_workflow_commands(commands: argparse._SubParsersAction) -> None:
    """The editors' and CI's commands: new, import, export, check-links, publish, quality-summary."""
    new = commands.add_parser("new", help="create a new data file from the template")
    kinds = new.add_subparsers(required=True, metavar="KIND")
    project = kinds.add_parser("project", help="data/projects/ID.yaml at stage proposal (never overwrites)")
    project.add_argument("id", help="the new project's id, e.g. NMC-031")
    project.add_argument("--name", help="project name (default: 'New project ID')")
    project.add_argument("--data-dir", help="data folder (default: from mkdocs.yml)")
    project.add_argument("--template", help="template file (default: docs/templates/files/new-project.yaml)")

    importer = commands.add_parser(
        "import",
        help="create project files from a CSV or XLSX register",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importer.add_argument("file", help="the register: .csv, .txt or .xlsx")
    importer.add_argument("--mapping", required=True, help="mapping YAML: columns and transforms per field")
    importer.add_argument("--data-dir", help="data folder (default: from mkdocs.yml)")
    importer.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    importer.add_argument("--force", action="store_true", help="also replace files changed by hand")
    importer.add_argument(
        "--partial", action="store_true", help="write the good rows even if some are refused (default: all or nothing)"
    )
    importer.add_argument("--encoding", help="CSV encoding (default: mapping's, else UTF-8 or cp1252 detected)")
    importer.add_argument("--delimiter", help="CSV delimiter (default: mapping's, else detected); 'tab' for tabs")
    importer.add_argument("--sheet", help="XLSX sheet (default: mapping's, else the first)")

    export = commands.add_parser("export", help="write the portfolio download (the site's CSV, XLSX or JSON)")
    export.add_argument("--format", required=True, choices=["csv", "xlsx", "json"], dest="export_format")
    export.add_argument("--out", help="file to write (default: portfolio.<format> here; '-' for stdout)")

    links = commands.add_parser("check-links", help="check every internal link and #anchor of a built site")
    links.add_argument("site_dir", nargs="?", default="site", help="built site folder (default: %(default)s)")

    publish = commands.add_parser("publish", help="build, check and atomically swap the site into DEST")
    publish.add_argument("--dest", required=True, help="the folder the web server serves (becomes a link)")
    publish.add_argument("--site", help="publish this built site instead of building")
    publish.add_argument("--keep", type=int, default=3, help="previous releases kept (default: %(default)s)")
    publish.add_argument("--no-check-links", action="store_true", help="skip the internal link check")
    publish.add_argument(
        "--adopt-folder",
        action="store_true",
        help="DEST is an existing folder (a site copied by hand): keep it as the oldest release "
        "and publish in its place (without this, only an earlier publish is replaced)",
    )

    summary = commands.add_parser("quality-summary", help="data-quality summary as Markdown (CI job summary)")
    summary.add_argument("--out", help="append to this file (default: $GITHUB_STEP_SUMMARY, else stdout)")
    summary.add_argument("--site-url", help="link to the published data-quality page")


if __name__ == "__main__":
    sys.exit(main())
