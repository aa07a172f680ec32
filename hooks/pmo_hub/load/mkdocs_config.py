"""A site's ``mkdocs.yml`` as the ``pmo-hub`` commands read it, without MkDocs.

The commands need a few of its settings (``extra.pmo``, ``docs_dir``, ``repo_url``,
``use_directory_urls``, the theme folder and hooks) and ``pmo-hub generate`` writes a copy of
the whole file. It is read as MkDocs reads it, YAML 1.1 (``use_directory_urls: no`` is false),
and the tags MkDocs and its extensions give meaning to (``!ENV``, ``!relative``,
``!!python/name:``) are kept as they are, never constructed, so the copy can write them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pmo_hub.load.safe_files import UnsafeFile, read_regular_file
from pmo_hub.load.settings import HubSettings, read_settings
from pmo_hub.problems import DataProblems, Problem, display_path

MAX_CONFIG_BYTES = 1024 * 1024


class Tagged:
    """A YAML value with a tag we must keep but not interpret (``!ENV``, ``!!python/name:``)."""

    def __init__(self, tag: str, node: yaml.Node, value: Any) -> None:
        self.tag, self.node_type, self.value = tag, type(node), value


class _ConfigLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, node, value)


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _ConfigDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if data.node_type is yaml.SequenceNode:
        return dumper.represent_sequence(data.tag, data.value)
    if data.node_type is yaml.MappingNode:
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigDumper.add_representer(Tagged, _represent_tagged)


@dataclass(frozen=True)
class SiteConfig:
    """One ``mkdocs.yml``: its values (tags kept) and where each key stands."""

    path: Path
    data: dict[str, Any]
    node: yaml.Node | None = None

    @property
    def root(self) -> Path:
        """The site's folder: paths in the config are relative to it."""
        return self.path.parent

    @property
    def exists(self) -> bool:
        return self.node is not None

    @property
    def docs_dir(self) -> Path:
        return self.root / str(self.data.get("docs_dir") or "docs")

    @property
    def theme_dir(self) -> Path | None:
        theme = self.data.get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        return self.root / custom if isinstance(custom, str) else None

    @property
    def hooks(self) -> list[Path]:
        hooks = self.data.get("hooks")
        return [self.root / hook for hook in hooks if isinstance(hook, str)] if isinstance(hooks, list) else []

    def line_of(self, keys: tuple[str, ...]) -> int:
        """The line of the key path ``keys``, or of its nearest enclosing key (1 for none)."""
        node, line = self.node, 1
        for key in keys:
            if not isinstance(node, yaml.MappingNode):
                break
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        return line

    def settings(self) -> HubSettings:
        """``extra.pmo`` validated, with MkDocs' ``repo_url`` and ``use_directory_urls``."""
        extra = self.data.get("extra")
        if not isinstance(extra, dict):
            extra = {}
        repo_url = self.data.get("repo_url")
        site_url = self.data.get("site_url")
        return read_settings(
            extra.get("pmo"),
            where=display_path(self.path),
            line_of=self.line_of,
            repo_url=repo_url if isinstance(repo_url, str) else None,
            site_url=site_url if isinstance(site_url, str) else None,
            directory_urls=self.data.get("use_directory_urls", True) is not False,
        )

    @property
    def data_dir(self) -> Path:
        return self.root / self.settings().data_dir


def read_site_config(path: Path) -> SiteConfig:
    """The config at ``path``; an empty one (every default) if there is no file there.

    Raises :class:`DataProblems` if the file cannot be read or is not a YAML mapping."""
    shown = display_path(path)
    if not path.exists():
        return SiteConfig(path, {})
    try:
        raw = read_regular_file(path, max_bytes=MAX_CONFIG_BYTES)
    except UnsafeFile as refused:
        raise DataProblems([Problem(shown, 1, "", refused.reason, kind="unreadable")]) from None
    loader = _ConfigLoader(raw.decode("utf-8", "replace"))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataProblems(
            [
                Problem(
                    shown,
                    mark.line + 1 if mark else 1,
                    "",
                    f"YAML syntax error: {getattr(error, 'problem', None) or error}",
                    kind="syntax",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise DataProblems(
            [Problem(shown, 1, "", "not a MkDocs config: expected a mapping of settings", kind="wrong_type")]
        )
    return SiteConfig(path, data, node)


def dump_site_config(data: dict[str, Any]) -> str:
    """``data`` as YAML, its kept tags written back as they were read."""
    return yaml.dump(
        data, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
