# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Utterance and argument templates of the flow brain.

``{name}`` is a slot; ``{result.field}`` the last tool result; ``{data.tool.field}`` a
stored tool value; ``{facts.name}`` and ``{counters.name}`` what they say. A filter
after a bar shapes the value for speech: ``{order_id|spell}`` -> "A B 1 2 3",
``{total|money}`` -> "$45.99", ``{delivery|date}`` -> "Saturday, March 14",
``{reason|words}`` -> "wrong item", ``{amount|number}`` -> 45.99 (a number, for tool
arguments). A template that is exactly one placeholder renders to the value itself,
typed, so ``amount: "{amount}"`` passes a number to a tool, not a string.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from aiframe.brain.errors import FlowError

__all__ = ["FILTERS", "placeholders", "render", "render_value"]

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)(?:\|([a-z_]+))?\}")


def _spell(v: Any) -> str:
    return " ".join(c for c in str(v) if not c.isspace())


def _money(v: Any) -> str:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise FlowError(f"money filter: {v!r} is not an amount") from None
    return f"${x:,.0f}" if x.is_integer() else f"${x:,.2f}"


def _date(v: Any) -> str:
    try:
        d = dt.date.fromisoformat(str(v))
    except ValueError:
        raise FlowError(f"date filter: {v!r} is not an ISO date (YYYY-MM-DD)") from None
    return f"{d:%A}, {d:%B} {d.day}"


def _number(v: Any) -> float | int:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise FlowError(f"number filter: {v!r} is not a number") from None
    return int(x) if x.is_integer() and not isinstance(v, float) else x


FILTERS: dict[str, Callable[[Any], Any]] = {
    "spell": _spell,
    "money": _money,
    "date": _date,
    "number": _number,
    "words": lambda v: str(v).replace("_", " "),
    "lower": lambda v: str(v).lower(),
    "title": lambda v: str(v).title(),
}


def placeholders(template: str) -> list[tuple[str, str | None]]:
    """``(name, filter)`` of each placeholder, for checks at load time."""
    return [(m.group(1), m.group(2)) for m in _PLACEHOLDER.finditer(template)]


def _lookup(ref: str, scope: Mapping[str, Any]) -> Any:
    head, _, rest = ref.partition(".")
    if head == "data":
        data = scope.get("data", {})
        if rest not in data:
            raise FlowError(f"template: no stored tool value {rest!r} (is the tool called first?)")
        return data[rest]
    if head in ("result", "facts", "counters"):
        cur: Any = scope.get(head)
        if cur is None:
            raise FlowError(f"template: {{{ref}}} used, but there is no {head} here")
        for part in rest.split(".") if rest else ():
            if isinstance(cur, Mapping) and part in cur:
                cur = cur[part]
            elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
                cur = cur[int(part)]
            else:
                if head == "counters":
                    return 0
                raise FlowError(f"template: {{{ref}}}: no field {part!r}")
        return cur
    slots = scope.get("slots", {})
    if ref not in slots:
        raise FlowError(f"template: slot {ref!r} is not filled")
    return slots[ref]


def _value(m: re.Match[str], scope: Mapping[str, Any]) -> Any:
    v = _lookup(m.group(1), scope)
    f = m.group(2)
    if f is None:
        return v
    try:
        return FILTERS[f](v)
    except KeyError:
        raise FlowError(f"template: no filter {f!r} (known: {', '.join(FILTERS)})") from None


def render(template: str, scope: Mapping[str, Any]) -> str:
    """The template as text."""

    def sub(m: re.Match[str]) -> str:
        v = _value(m, scope)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v)

    return _PLACEHOLDER.sub(sub, template)


def render_value(value: Any, scope: Mapping[str, Any]) -> Any:
    """Render a tool argument or slot value: strings are templates (a lone placeholder
    keeps its type), mappings and lists are rendered item by item."""
    if isinstance(value, str):
        m = _PLACEHOLDER.fullmatch(value)
        return _value(m, scope) if m else render(value, scope)
    if isinstance(value, Mapping):
        return {k: render_value(v, scope) for k, v in value.items()}
    if isinstance(value, list):
        return [render_value(v, scope) for v in value]
    return value
