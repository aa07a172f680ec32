"""``pmo-hub schema``: write the JSON Schemas generated from the models, for editors."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmo_hub.model.schema import write_schemas


def run(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0
