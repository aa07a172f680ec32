"""Turn a loaded YAML source into a typed model, wording every error for people."""

from __future__ import annotations

import difflib
import math
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pmo_hub.load.yaml_source import Location, Source
from pmo_hub.problems import excerpt, quoted

M = TypeVar("M", bound=BaseModel)


def parse_model(model: type[M], source: Source) -> M | None:
    """The model for ``source.data``; ``None`` (with problems added to the source) if invalid."""
    if source.data is None and source.problems:
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            location, message = explain(model, detail)
            source.problems.append(
                source.problem(location, message, kind=problem_kind(detail["type"]), value=detail.get("input"))
            )
        return None


# pydantic's error types, as the kinds of :class:`~pmo_hub.problems.Problem`.
_KINDS = {"missing": "missing", "extra_forbidden": "unknown_field"} | {
    name: "wrong_type"
    for name in (
        "float_type",
        "float_parsing",
        "int_parsing",
        "decimal_type",
        "int_type",
        "int_from_float",
        "string_type",
        "string_sub_type",
        "list_type",
        "tuple_type",
        "model_type",
        "dict_type",
        "model_attributes_type",
        "bool_type",
        "bool_parsing",
    )
}


def problem_kind(error_type: str) -> str:
    """The kind of problem a pydantic error type is: missing, unknown_field, wrong_type or invalid."""
    return _KINDS.get(error_type, "invalid")


def describe(value: Any) -> str:
    """How a wrong value is quoted back: ``'TBC'``, ``12``, ``.inf``, ``a list``.

    Text is cut to a short excerpt: a message quotes a value, never a whole file.
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")  # as YAML writes them
    return excerpt(repr(value))


def explain(model: type[BaseModel], detail: Any) -> tuple[Location, str]:
    location: Location = tuple(detail["loc"])
    kind: str = detail["type"]
    ctx: dict[str, Any] = detail.get("ctx") or {}
    value = detail.get("input")
    if location and location[-1] == "[key]":
        location = location[:-1]
    if kind == "missing":
        return location, "required field is missing"
    if kind == "extra_forbidden":
        return location, _unknown_field(model, location)
    if kind == "finite_number":
        return location, f"expected a finite number, got {describe(value)}"
    if kind in ("float_type", "float_parsing", "int_parsing", "decimal_type"):
        return location, f"expected a number, got {describe(value)}"
    if kind in ("int_type", "int_from_float"):
        return location, f"expected a whole number, got {describe(value)}"
    if kind in ("string_type", "string_sub_type"):
        return location, f"expected text, got {describe(value)}"
    if kind in ("list_type", "tuple_type"):
        return location, f"expected a list, got {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return location, f"expected a mapping of fields, got {describe(value)}"
    if kind in ("enum", "literal_error"):
        return location, f"expected one of {ctx.get('expected')}, got {describe(value)}"
    if kind == "greater_than_equal":
        return location, f"must be at least {_bound(ctx['ge'])}, got {describe(value)}"
    if kind == "greater_than":
        return location, f"must be greater than {_bound(ctx['gt'])}, got {describe(value)}"
    if kind == "less_than_equal":
        return location, f"must be at most {_bound(ctx['le'])}, got {describe(value)}"
    if kind == "string_too_short":
        return location, "must not be empty"
    if kind == "too_short":
        return location, "must not be empty" if ctx.get(
            "min_length"
        ) == 1 else f"needs at least {ctx['min_length']} items"
    if kind in ("bool_type", "bool_parsing"):
        return location, f"expected true or false, got {describe(value)}"
    if kind == "string_pattern_mismatch":
        return location, f"{describe(value)} does not match {ctx.get('pattern')}"
    return location, detail["msg"]


def _bound(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _unknown_field(model: type[BaseModel], location: Location) -> str:
    known = _fields_at(model, location[:-1])
    guess = difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown field{hint}; known fields: {', '.join(known)}" if not guess else f"unknown field{hint}"


def _fields_at(model: type[BaseModel], location: Location) -> list[str]:
    """Field names of the model found at ``location`` inside ``model``."""
    current: Any = model
    for part in location:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The model class inside ``list[X]``, ``X | None`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None
