"""The data-format reference, derived from the models so it cannot drift from them."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pmo_hub.analyse.definitions import EXCEPTION_RULE, MOVEMENT_RULE
from pmo_hub.model import PortfolioSettings, Project, RolesFile


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: str
    required: str
    meaning: str


@dataclass(frozen=True)
class Section:
    file: str
    summary: str
    rows: list[FieldRow]


FILES: list[tuple[str, type[BaseModel]]] = [
    ("data/portfolio.yaml", PortfolioSettings),
    ("data/roles.yaml", RolesFile),
    ("data/projects/<id>.yaml", Project),
]


def derived_rules() -> list[str]:
    """The rules of figures derived from the data, worded once beside their code."""
    return [EXCEPTION_RULE, MOVEMENT_RULE]


def reference_sections() -> list[Section]:
    return [Section(file, (model.__doc__ or "").strip(), list(_rows(model, ""))) for file, model in FILES]


def _rows(model: type[BaseModel], prefix: str) -> typing.Iterator[FieldRow]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotated = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        yield FieldRow(path, type_name(annotated), _required(info), info.description or "")
        nested = _nested_model(info.annotation)
        if nested is not None:
            inner = f"{path}[]." if _is_list(info.annotation) else f"{path}."
            yield from _rows(nested, inner)


def _required(info: FieldInfo) -> str:
    if info.is_required():
        return "yes"
    if "Required from" in (info.description or ""):
        return "from initiation"
    return "no"


def type_name(annotation: Any) -> str:
    """A reader's name for a type: ``list of dates``, ``number``, ``one of: a, b``."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        base, *extras = typing.get_args(annotation)
        name = type_name(base)
        pattern = next((m.pattern for m in _constraints(extras) if getattr(m, "pattern", None)), None)
        if pattern and "A-Za-z0-9" in pattern:
            return "id"
        bounds = _bounds(extras)
        return f"{name} {bounds}".strip()
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_name(a) for a in args)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is dict:
        return f"mapping of {type_name(args[0])} → {type_name(args[1])}"
    if isinstance(annotation, type):
        if issubclass(annotation, Enum):
            return "one of: " + ", ".join(f"`{m.value}`" for m in annotation)
        if issubclass(annotation, BaseModel):
            return "mapping"
        return {str: "text", float: "number", int: "whole number", bool: "true/false", date: "date"}.get(
            annotation, annotation.__name__
        )
    return str(annotation)


def _bounds(extras: list[Any]) -> str:
    low = high = None
    for meta in _constraints(extras):
        low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
        if getattr(meta, "gt", None) is not None:
            return f"> {meta.gt}"
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"≥ {low}"
    return ""


def _constraints(extras: list[Any]) -> list[Any]:
    """Constraint objects, whether given bare or inside a ``Field(...)``."""
    found = []
    for extra in extras:
        found.append(extra)
        found.extend(getattr(extra, "metadata", []))
    return found


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(a) for a in typing.get_args(annotation))
