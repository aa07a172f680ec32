"""The JSON Schemas editors use are generated from the models and kept in data/schema/."""

from __future__ import annotations

import json

from pmo_hub.model import Project
from pmo_hub.model.schema import schema_texts
from support import ROOT


def test_committed_schemas_match_the_models() -> None:
    for name, text in schema_texts().items():
        committed = (ROOT / "data" / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"data/schema/{name} is out of date: run `make schema`"


def test_schema_knows_every_field_and_the_stage_rule() -> None:
    schema = json.loads(schema_texts()["project.schema.json"])
    assert set(schema["properties"]) == set(Project.model_fields)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["id", "name", "stage"]
    assert schema["else"]["required"] == ["start", "end", "budget"]


def test_demo_files_point_editors_at_the_schema() -> None:
    for path in sorted((ROOT / "data" / "projects").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/project.schema.json", path
