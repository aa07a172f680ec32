"""``pmo-hub`` subcommands for editors and CI: new, import, export, generate, check-links,
publish, quality-summary. Registered by ``cli.py``; each delegates to its own module."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

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


def register(commands: Any) -> None:
    new = commands.add_parser("new", help="create a new data file from the template")
    kinds = new.add_subparsers(required=True, metavar="KIND")
    project = kinds.add_parser("project", help="data/projects/ID.yaml at stage proposal (never overwrites)")
    project.add_argument("id", help="the new project's id, e.g. NMC-031")
    project.add_argument("--name", help="project name (default: 'New project ID')")
    project.add_argument("--data-dir", help="data folder (default: from mkdocs.yml)")
    project.add_argument("--template", help="template file (default: docs/templates/files/new-project.yaml)")
    project.set_defaults(run=run_new_project)

    importer = commands.add_parser("import", help="create project files from a CSV or XLSX register",
                                   description=IMPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    importer.add_argument("file", help="the register: .csv, .txt or .xlsx")
    importer.add_argument("--mapping", required=True, help="mapping YAML: columns and transforms per field")
    importer.add_argument("--data-dir", help="data folder (default: from mkdocs.yml)")
    importer.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    importer.add_argument("--force", action="store_true", help="also replace files changed by hand")
    importer.add_argument("--partial", action="store_true",
                          help="write the good rows even if some are refused (default: all or nothing)")
    importer.add_argument("--encoding", help="CSV encoding (default: mapping's, else UTF-8 or cp1252 detected)")
    importer.add_argument("--delimiter", help="CSV delimiter (default: mapping's, else detected); 'tab' for tabs")
    importer.add_argument("--sheet", help="XLSX sheet (default: mapping's, else the first)")
    importer.set_defaults(run=run_import)

    export = commands.add_parser("export", help="write the portfolio download (the site's CSV, XLSX or JSON)")
    export.add_argument("--format", required=True, choices=["csv", "xlsx", "json"], dest="export_format")
    export.add_argument("--out", help="file to write (default: portfolio.<format> here; '-' for stdout)")
    export.set_defaults(run=run_export)

    links = commands.add_parser("check-links", help="check every internal link and #anchor of a built site")
    links.add_argument("site_dir", nargs="?", default="site", help="built site folder (default: %(default)s)")
    links.set_defaults(run=run_check_links)

    publish = commands.add_parser("publish", help="build, check and atomically swap the site into DEST")
    publish.add_argument("--dest", required=True, help="the folder the web server serves (becomes a link)")
    publish.add_argument("--site", help="publish this built site instead of building")
    publish.add_argument("--keep", type=int, default=3, help="previous releases kept (default: %(default)s)")
    publish.add_argument("--no-check-links", action="store_true", help="skip the internal link check")
    publish.add_argument("--adopt-folder", action="store_true",
                         help="DEST is an existing folder (a site copied by hand): keep it as the oldest release "
                              "and publish in its place (without this, only an earlier publish is replaced)")
    publish.set_defaults(run=run_publish)

    summary = commands.add_parser("quality-summary", help="data-quality summary as Markdown (CI job summary)")
    summary.add_argument("--out", help="append to this file (default: $GITHUB_STEP_SUMMARY, else stdout)")
    summary.add_argument("--site-url", help="link to the published data-quality page")
    summary.set_defaults(run=run_quality_summary)


def add_generate_options(generate: argparse.ArgumentParser) -> None:
    generate.add_argument("--config-out", help="also write a MkDocs config that builds OUT without our hooks")
    generate.add_argument("--pages-only", action="store_true",
                          help="write only the generated files, not a copy of the handbook (docs/)")
    generate.set_defaults(run=run_generate)


def _data_dir(args: argparse.Namespace) -> Path:
    from pmo_hub.cli import _data_dir as from_config  # here: cli imports this module

    return Path(args.data_dir) if getattr(args, "data_dir", None) else from_config(Path(args.config))


def run_new_project(args: argparse.Namespace) -> int:
    from pmo_hub.tools.new import TEMPLATE, ScaffoldError, new_project

    template = Path(args.template) if args.template else Path(args.config).parent / "docs" / TEMPLATE
    try:
        made = new_project(_data_dir(args), args.id, name=args.name, template=template)
    except ScaffoldError as error:
        print(f"pmo-hub new project: {error}", file=sys.stderr)
        return 1
    print(f"wrote {_shown(made.path)}: fill it in, then run `make validate`")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from pmo_hub.tools.importer import MappingError, import_register, load_mapping

    try:
        mapping = load_mapping(Path(args.mapping))
        report = import_register(Path(args.file), mapping, _data_dir(args), force=args.force, dry_run=args.dry_run,
                                 partial=args.partial, encoding=args.encoding, delimiter=args.delimiter,
                                 sheet=args.sheet)
    except MappingError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    for line in report.problem_lines():
        print(line, file=sys.stderr)
    return 0 if report.ok else 1


def run_export(args: argparse.Namespace) -> int:
    from pmo_hub.load.portfolio import load_portfolio
    from pmo_hub.render.downloads import export

    name, content = export(load_portfolio(_data_dir(args)), args.export_format)
    if args.out == "-":
        sys.stdout.buffer.write(content)
        return 0
    target = Path(args.out or name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    print(f"wrote {_shown(target)}", file=sys.stderr)
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from pmo_hub.cli import settings_from_config
    from pmo_hub.tools.generate import KNOWN_DIFFERENCES, GenerateError, generate

    config_file = Path(args.config)
    try:
        result = generate(config_file, settings_from_config(config_file), Path(args.out),
                          config_out=Path(args.config_out) if args.config_out else None,
                          copy_docs=not args.pages_only)
    except GenerateError as error:
        print(f"pmo-hub generate: {error}", file=sys.stderr)
        return 1
    copied = f" and copied {result.copied} handbook files" if result.copied else ""
    print(f"wrote {len(result.files)} files{copied} to {_shown(result.out)}")
    if result.config is not None:
        print(f"wrote {_shown(result.config)}: build with `mkdocs build -f {_shown(result.config)}`")
        print("Without hooks, the build differs only in: " + "; ".join(KNOWN_DIFFERENCES) + ".")
    return 0


def run_check_links(args: argparse.Namespace) -> int:
    from pmo_hub.tools.check_links import check_site, format_report

    site = Path(args.site_dir)
    if not site.is_dir():
        print(f"pmo-hub check-links: {site} is not a folder (build the site first)", file=sys.stderr)
        return 1
    report = check_site(site)
    for line in format_report(report, site):
        print(line)
    verdict = f"{len(report.broken)} broken" if report.broken else "all resolve"
    print(f"{site}: {report.pages} pages, {report.internal} internal links: {verdict} "
          f"({report.external} external links not checked).", file=sys.stderr)
    return 1 if report.broken else 0


def run_publish(args: argparse.Namespace) -> int:
    from pmo_hub.tools.publish import PublishError, publish

    try:
        done = publish(Path(args.dest), config=Path(args.config), site=Path(args.site) if args.site else None,
                       keep=args.keep, check_links=not args.no_check_links, adopt_folder=args.adopt_folder)
    except PublishError as error:
        print(f"pmo-hub publish: not published: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pmo-hub publish: not published: interrupted; the published site is unchanged", file=sys.stderr)
        return 130
    print(f"published {_shown(done.release)} at {os.path.relpath(done.dest)}"  # the link, not its target
          + (f"; removed {len(done.removed)} old releases" if done.removed else "")
          + (f"; removed {len(done.unfinished)} unfinished releases of an interrupted publish"
             if done.unfinished else ""))
    return 0


def run_quality_summary(args: argparse.Namespace) -> int:
    from pmo_hub.load.portfolio import load_portfolio
    from pmo_hub.tools.quality_summary import quality_summary

    text = quality_summary(load_portfolio(_data_dir(args)), args.site_url)
    target = args.out or os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _shown(path: Path) -> str:
    from pmo_hub.problems import display_path

    return display_path(path)
