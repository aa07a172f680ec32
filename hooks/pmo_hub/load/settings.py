"""PMO Hub's own settings, read from ``extra: pmo:`` in ``mkdocs.yml``, validated once.

MkDocs rejects unknown top-level keys in strict mode, so the settings live under ``extra``;
the MkDocs plugin and every ``pmo-hub`` command read them through :func:`read_settings`,
which words each problem as the data's are (``mkdocs.yml:52: extra.pmo.data_dir: …``).
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from pmo_hub.load.validate import describe, explain, problem_kind
from pmo_hub.problems import DataProblems, Problem

PREFIX = "extra.pmo"


class HubSettings(BaseModel):
    """Settings under ``extra.pmo``; all optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: str = Field(
        "data",
        description="Folder with portfolio.yaml, roles.yaml and projects/, relative to mkdocs.yml and "
        "inside its folder.",
    )
    data_edit_uri: str | None = Field(
        "edit/main/data/", description="Path under repo_url that edits a file in the data folder; empty: no edit links."
    )
    views_in_background: bool | None = Field(
        None,
        description="Render the portfolio views and downloads in a second process while the rest of the site "
        "builds: true, false, or unset to decide by the portfolio's size and the machine's cores.",
    )
    navigation_once_per_folder: bool = Field(
        True,
        description="Render the sidebar and tabs of pages outside the nav (every project page) once per folder "
        "and reuse them: the same HTML, seconds faster at thousands of projects; false renders them "
        "for every page, as Material does.",
    )
    repo_url: str | None = Field(None, description="Repository URL; taken from MkDocs' repo_url.")
    site_url: str | None = Field(
        None, description="The site's address; taken from MkDocs' site_url (the feed's links)."
    )
    directory_urls: bool = Field(True, description="Taken from MkDocs' use_directory_urls.")

    @field_validator("data_dir")
    @classmethod
    def _inside_the_site_folder(cls, value: str) -> str:
        # The folder becomes part of paths the build reads and of edit URLs: it must stay in the repository.
        normal = posixpath.normpath(value.replace("\\", "/")) if value else ""
        if (
            not value.strip()
            or normal.startswith("/")
            or normal == ".."
            or normal.startswith("../")
            or (len(normal) > 1 and normal[1] == ":")
        ):
            raise PydanticCustomError(
                "inside_site",
                "must be a folder inside the site's folder, relative to mkdocs.yml, got {value}",
                {"value": describe(value)},
            )
        return normal

    def edit_url(self, relative_data_path: str) -> str | None:
        """The URL that opens a data file for editing, if the repository is known."""
        if not self.repo_url or not self.data_edit_uri:
            return None
        return f"{self.repo_url.rstrip('/')}/{self.data_edit_uri.strip('/')}/{relative_data_path}"


# Filled in from MkDocs' own settings, not written under extra.pmo.
FROM_MKDOCS = ("repo_url", "site_url", "directory_urls")
WRITTEN = tuple(name for name in HubSettings.model_fields if name not in FROM_MKDOCS)


def read_settings(
    raw: Any,
    where: str = "mkdocs.yml",
    *,
    line_of: Callable[[tuple[str, ...]], int] | None = None,
    repo_url: str | None = None,
    site_url: str | None = None,
    directory_urls: bool = True,
) -> HubSettings:
    """Validate ``raw`` (the ``extra.pmo`` mapping); raise :class:`DataProblems` worded like data errors.

    ``line_of`` gives the line of a key path in ``where`` (``("extra", "pmo", "data_dir")``)."""

    def problem(location: tuple[str, ...], message: str, kind: str, value: Any = None) -> Problem:
        line = line_of(("extra", "pmo", *location)) if line_of is not None else 1
        return Problem(where, line, ".".join([PREFIX, *location]), message, kind=kind, value=value)

    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DataProblems([problem((), f"expected a mapping of settings, got {describe(raw)}", "wrong_type")])
    given = {key: value for key, value in raw.items() if key not in FROM_MKDOCS}
    problems = [
        problem((str(key),), "taken from MkDocs' own setting; remove it here", "unknown_field", str(key))
        for key in raw
        if key in FROM_MKDOCS
    ]
    try:
        settings = HubSettings.model_validate(
            {**given, "repo_url": repo_url, "site_url": site_url, "directory_urls": directory_urls}
        )
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            location = tuple(map(str, detail["loc"]))
            message = (
                _unknown_setting(location[-1])
                if detail["type"] == "extra_forbidden"
                else explain(HubSettings, detail)[1]
            )
            problems.append(problem(location, message, problem_kind(detail["type"]), detail.get("input")))
        raise DataProblems(problems) from None
    if problems:
        raise DataProblems(problems)
    return settings


def _unknown_setting(name: str) -> str:
    guess = difflib.get_close_matches(name, WRITTEN, n=1, cutoff=0.6)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown setting{hint}; known: " + ", ".join(WRITTEN)
