"""PMO Hub's own settings, read from ``extra: pmo:`` in ``mkdocs.yml`` (or given to the CLI)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pmo_hub.problems import DataProblems, Problem
from pmo_hub.load.validate import describe


class HubSettings(BaseModel):
    """Settings under ``extra.pmo``; all optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: str = Field("data", description="Folder with portfolio.yaml, roles.yaml and projects/, relative to mkdocs.yml.")
    data_edit_uri: str | None = Field(
        "edit/main/data/", description="Path under repo_url that edits a file in the data folder; empty: no edit links.")
    views_in_background: bool | None = Field(
        None, description="Render the portfolio views and downloads in a second process while the rest of the site "
                          "builds: true, false, or unset to decide by the portfolio's size and the machine's cores.")
    repo_url: str | None = Field(None, description="Repository URL; taken from MkDocs' repo_url.")
    directory_urls: bool = Field(True, description="Taken from MkDocs' use_directory_urls.")

    def edit_url(self, relative_data_path: str) -> str | None:
        """The URL that opens a data file for editing, if the repository is known."""
        if not self.repo_url or not self.data_edit_uri:
            return None
        return f"{self.repo_url.rstrip('/')}/{self.data_edit_uri.strip('/')}/{relative_data_path}"


# Filled in from MkDocs' own settings, not written under extra.pmo.
FROM_MKDOCS = ("repo_url", "directory_urls")


def read_settings(raw: Any, where: str = "mkdocs.yml", prefix: str = "extra.pmo", **given: Any) -> HubSettings:
    """Validate ``raw`` (the ``extra.pmo`` mapping); raise :class:`DataProblems` worded like data errors."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DataProblems([Problem(where, 1, prefix, f"expected a mapping of settings, got {describe(raw)}")])
    try:
        return HubSettings.model_validate({**raw, **given})
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            name = ".".join([prefix, *map(str, detail["loc"])])
            message = ("unknown setting; known: " + ", ".join(f for f in HubSettings.model_fields if f not in FROM_MKDOCS)
                       if detail["type"] == "extra_forbidden" else detail["msg"])
            problems.append(Problem(where, 1, name, message))
        raise DataProblems(problems) from None
