"""MkDocs hook: build provenance. Writes ``build-info.json`` and gives the footer its line.

A thin adapter over ``pmo_hub.build_info``. It also pins ``SOURCE_DATE_EPOCH`` (when unset)
to the data's reporting date, so MkDocs' own timestamps (sitemap, gzip) never come from the
wall clock and two builds of the same inputs are byte-identical.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from pmo_hub.load import build_info

_info: build_info.BuildInfo | None = None
_pinned: str | None = None  # the SOURCE_DATE_EPOCH this hook set (not one given by make or CI)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _info, _pinned
    if _pinned is not None and os.environ.get("SOURCE_DATE_EPOCH") == _pinned:
        del os.environ["SOURCE_DATE_EPOCH"]  # `mkdocs serve` rebuild: the reporting date may have changed
    root = Path(config.config_file_path).parent
    pmo = config.extra.get("pmo") if isinstance(config.extra.get("pmo"), dict) else {}
    data_dir = root / str(pmo.get("data_dir", "data"))
    _info = build_info.collect(root, data_dir)
    if "SOURCE_DATE_EPOCH" not in os.environ:
        build_info.pin_source_date_epoch(_info)
        _pinned = os.environ["SOURCE_DATE_EPOCH"]
    config.extra["pmo_build"] = _info.footer()
    return config


def on_post_build(config: MkDocsConfig) -> None:
    if _info is None:
        return
    target = Path(config.site_dir) / build_info.BUILD_INFO_FILE
    target.write_text(_info.as_json(), encoding="utf-8")
