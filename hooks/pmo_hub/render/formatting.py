"""How numbers, dates and statuses look on a page: one place, so every page agrees."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from markupsafe import Markup, escape

from pmo_hub.model import RAG, Stage

CURRENCY_SYMBOLS = {
    "GBP": "£",
    "EUR": "€",
    "USD": "$",
    "AUD": "A$",
    "CAD": "C$",
    "NZD": "NZ$",
    "JPY": "¥",
    "CHF": "CHF ",
    "INR": "₹",
}


def exact_money(amount: float | None, currency: str) -> str:
    """``£1,234,567`` (pence shown only when there are any)."""
    if amount is None:
        return "–"
    value = abs(amount)
    return _with_symbol(amount, currency, f"{value:,.0f}" if value == round(value) else f"{value:,.2f}")


def short_money(amount: float | None, currency: str) -> str:
    """``£1.2m``, ``£350k``, ``£900``: what a board reads at a glance."""
    if amount is None:
        return "–"
    value = abs(amount)
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        scaled = round(value / size, 1)
        if scaled >= 1:
            text = f"{scaled:.1f}".rstrip("0").rstrip(".") if scaled < 100 else f"{scaled:.0f}"
            return _with_symbol(amount, currency, text + suffix)
    return _with_symbol(amount, currency, f"{value:.0f}")


def _with_symbol(amount: float, currency: str, digits: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    return f"{'-' if amount < 0 else ''}{symbol}{digits}"


def money(amount: float | None, currency: str) -> Markup:
    """Short figure on the page, exact one in the tooltip, sortable value for tables."""
    if amount is None:
        return Markup('<span class="pmo-none">–</span>')
    # f-strings with escape(): a page of thousands of amounts costs a fraction of Markup.format's.
    return Markup(
        f'<span class="pmo-money" title="{escape(exact_money(amount, currency))}" '
        f'data-value="{escape(repr(float(amount)))}">{escape(short_money(amount, currency))}</span>'
    )


@lru_cache(maxsize=8192)  # a portfolio's pages show each of a few thousand dates many times
def day(value: date | None) -> Markup:
    if value is None:
        return Markup('<span class="pmo-none">–</span>')
    return Markup(f'<time datetime="{escape(value.isoformat())}">{escape(value.strftime("%d %b %Y"))}</time>')


def days(count: int | None) -> str:
    """A signed duration: ``+45 days``, ``-3 days``, ``on time``."""
    if count is None:
        return "–"
    if count == 0:
        return "on time"
    unit = "day" if abs(count) == 1 else "days"
    return f"{count:+d} {unit}"


def _badge(kind: str, value: RAG | Stage) -> Markup:
    return Markup(
        f'<span class="pmo-{kind} pmo-{kind}--{escape(value.value)}" data-value="{value.order}">'
        f"{escape(value.label)}</span>"
    )


# One badge per value, made once: a large portfolio's pages show tens of thousands.
_RAG_BADGES: dict[RAG | None, Markup] = {value: _badge("rag", value) for value in RAG}
_RAG_BADGES[None] = Markup('<span class="pmo-rag pmo-rag--none">Not reported</span>')
_STAGE_BADGES = {value: _badge("stage", value) for value in Stage}


def rag(value: RAG | None) -> Markup:
    """A RAG badge: colour plus text, never colour alone."""
    return _RAG_BADGES[value]


def stage(value: Stage) -> Markup:
    return _STAGE_BADGES[value]


def percent(part: float | None, whole: float | None) -> str:
    if part is None or not whole:
        return "–"
    return f"{part / whole * 100:+.1f}%"


def text(value: object) -> Markup:
    """Escaped text, with an en dash for a missing value."""
    if value is None or value == "":
        return Markup('<span class="pmo-none">–</span>')
    return escape(str(value))
