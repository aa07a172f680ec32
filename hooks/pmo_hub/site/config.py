"""The plugin's typed settings: ``extra: pmo:`` of the MkDocs config, validated once per build.

MkDocs rejects unknown top-level keys in strict mode, so the settings live under ``extra``,
where MkDocs checks nothing: they are validated here, by the same rules as the ``pmo-hub``
commands apply (``load/settings.py``), and reported as MkDocs reports its own configuration
errors, with the line of ``mkdocs.yml`` they are on.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from pmo_hub.load.mkdocs_config import read_site_config
from pmo_hub.load.settings import HubSettings, read_settings
from pmo_hub.problems import DataProblems, display_path

log = logging.getLogger("mkdocs.plugins.pmo_hub")


def settings_of(config: MkDocsConfig) -> HubSettings:
    """``extra.pmo`` with MkDocs' ``repo_url`` and ``use_directory_urls``; a :class:`PluginError`
    after one ``Config value`` line per problem."""
    path = Path(config.config_file_path) if config.config_file_path else None
    try:
        return read_settings(
            config.extra.get("pmo"),
            where=display_path(path) if path else "mkdocs.yml",
            line_of=_lines_of(path),
            repo_url=config.repo_url,
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
        )
    except DataProblems as failure:
        for problem in failure.problems:
            log.error(f"{problem.path}:{problem.line}: Config value '{problem.field}': {problem.message}")
        count = len(failure.problems)
        raise PluginError(
            f"Aborted with {count} configuration error{'s' if count != 1 else ''} in extra.pmo (see the lines above)"
        ) from None


def _lines_of(path: Path | None):
    """Where each key of the config file stands, read only if a problem needs it."""

    def line_of(keys: tuple[str, ...]) -> int:
        if path is None:
            return 1
        try:
            return read_site_config(path).line_of(keys)
        except DataProblems:
            return 1

    return line_of
