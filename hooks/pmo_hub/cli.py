"""The ``pmo-hub`` command: validate data, write schemas, write generated pages to disk."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pmo_hub.tools import commands as workflow_cli
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.problems import DataProblems, Problem
from pmo_hub.model.schema import write_schemas
from pmo_hub.load.settings import HubSettings, read_settings
from pmo_hub.load.yaml_source import read_yaml


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except DataProblems as failure:
        report(failure.problems, args.format if hasattr(args, "format") else "text")
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


def settings_from_config(config_file: Path) -> HubSettings:
    """Read ``extra.pmo``, ``repo_url`` and ``use_directory_urls`` from an ``mkdocs.yml``."""
    if not config_file.is_file():
        return HubSettings()
    # python/name tags elsewhere in the file are not our concern. YAML 1.1, as MkDocs reads it:
    # `use_directory_urls: no` must mean false here too.
    source = read_yaml(config_file, core_schema=False)
    config = source.data if isinstance(source.data, dict) else {}
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    return read_settings(extra.get("pmo"), where=str(config_file), repo_url=config.get("repo_url"),
                         directory_urls=config.get("use_directory_urls", True) is not False)


def _validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else _data_dir(Path(args.config))
    portfolio = load_portfolio(data_dir)
    print(f"{data_dir}: {len(portfolio.projects)} projects, {len(portfolio.roles)} roles: all valid.")
    return 0


def _schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


def _data_dir(config_file: Path, settings: HubSettings | None = None) -> Path:
    settings = settings or settings_from_config(config_file)
    return config_file.parent / settings.data_dir


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pmo-hub", description="PMO Hub: portfolio data tools.")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the data; print one line per problem")
    validate.add_argument("data_dir", nargs="?", help="data folder (default: from mkdocs.yml, else ./data)")
    validate.add_argument("--format", choices=["text", "github"], default="text",
                          help="github: also print GitHub Actions annotations")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="write the JSON Schemas generated from the models")
    schema.add_argument("--out", default="data/schema",
                        help="folder (default: %(default)s, where the data files' editor comments point)")
    schema.set_defaults(run=_schema)

    generate = commands.add_parser("generate", help="write the whole site's sources (handbook + every generated "
                                                     "page) so any MkDocs-compatible generator can build it")
    generate.add_argument("--out", required=True, help="folder to write into (a copy of docs/ plus generated files)")
    workflow_cli.add_generate_options(generate)  # new, import, export, check-links, publish, quality-summary:
    workflow_cli.register(commands)               # see workflow_cli.py
    return parser


if __name__ == "__main__":
    sys.exit(main())
