"""The Jinja environment every generated page is rendered with."""

from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pmo_hub.render import formatting


def front_matter_string(value: str) -> Markup:
    """A YAML-safe, HTML-escaped scalar for a page's front matter (titles reach raw templates)."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def inline_code(value: str) -> Markup:
    """Escaped text in which `backticked` words become code, as in the model descriptions."""
    parts = str(escape(value)).split("`")
    return Markup("".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts)))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pmo_hub.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        money_exact=formatting.exact_money,
        short_money=formatting.short_money,
        day=formatting.day,
        days=formatting.days,
        rag=formatting.rag,
        stage=formatting.stage,
        text=formatting.text,
        front_matter=front_matter_string,
        inline_code=inline_code,
    )
    env.globals.update(percent=formatting.percent)
    return env
