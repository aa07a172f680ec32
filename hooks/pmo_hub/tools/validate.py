"""``pmo-hub validate [DATA_DIR]``: check the data as a build does; one line per problem."""

from __future__ import annotations

import argparse

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.tools.options import data_dir


def run(args: argparse.Namespace) -> int:
    folder = data_dir(args)
    portfolio = load_portfolio(folder)  # DataProblems: the command prints each problem
    print(f"{folder}: {len(portfolio.projects)} projects, {len(portfolio.roles)} roles: all valid.")
    return 0
