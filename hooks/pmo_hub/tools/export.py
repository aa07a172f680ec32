"""``pmo-hub export --format csv|xlsx|json``: the portfolio download, the same bytes as the site's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.render.downloads import export
from pmo_hub.tools.options import data_dir, shown


def run(args: argparse.Namespace) -> int:
    name, content = export(load_portfolio(data_dir(args)), args.export_format)
    if args.out == "-":
        sys.stdout.buffer.write(content)
        return 0
    target = Path(args.out or name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    print(f"wrote {shown(target)}", file=sys.stderr)
    return 0
