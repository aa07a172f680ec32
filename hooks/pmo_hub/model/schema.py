"""JSON Schemas for editors, generated from the models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pmo_hub.model import PortfolioSettings, Project, RolesFile, Stage

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "portfolio.schema.json": PortfolioSettings,
    "roles.schema.json": RolesFile,
    "project.schema.json": Project,
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _close_keyed_mappings(schema)
    if model is Project:
        # The stage rule lives in rules.py; say the same to editors so they see it as they type.
        schema["if"] = {"properties": {"stage": {"const": Stage.proposal.value}}, "required": ["stage"]}
        schema["else"] = {
            "required": ["start", "end", "budget"],
            "properties": {"budget": {"required": ["approved"]}},
        }
    return schema


def _close_keyed_mappings(schema: Any) -> None:
    """A mapping keyed by ids (``scores``, ``raci``) refuses keys that are not ids, as the models do."""
    if isinstance(schema, dict):
        if "patternProperties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            _close_keyed_mappings(value)
    elif isinstance(schema, list):
        for value in schema:
            _close_keyed_mappings(value)


def schema_texts() -> dict[str, str]:
    """File name → schema text, stable byte for byte."""
    return {
        name: json.dumps(json_schema(model), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name, model in SCHEMA_FILES.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
