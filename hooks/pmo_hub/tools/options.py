"""What several commands take from their arguments: the data folder, and paths as people see them."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmo_hub.load.mkdocs_config import read_site_config
from pmo_hub.problems import display_path


def data_dir(args: argparse.Namespace) -> Path:
    """``--data-dir`` (or a ``data_dir`` argument) if given, else ``extra.pmo.data_dir`` of ``--config``."""
    given = getattr(args, "data_dir", None)
    return Path(given) if given else read_site_config(Path(args.config)).data_dir


def shown(path: Path) -> str:
    return display_path(path)
