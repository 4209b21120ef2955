# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""From a tool's result to the tainted values the gate watches for in later sentences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiframe.policy.compile import CompiledPolicy
from aiframe.policy.errors import PolicyError
from aiframe.policy.state import TaintedValue

__all__ = ["taint_from_result"]


def taint_from_result(
    policy: CompiledPolicy, tool: str, result: Mapping[str, Any]
) -> dict[str, TaintedValue]:
    """The values of ``result`` that the pack's ``returns`` gives a data class, keyed
    ``<tool>.<field>`` (nested values flattened: ``<tool>.<field>.0.name``)."""
    t = policy.tools.get(tool)
    if t is None:
        raise PolicyError(f"no tool '{tool}' in pack {policy.name}")
    out: dict[str, TaintedValue] = {}
    for field, cls in t.spec.returns.items():
        if field in result:
            _flatten(out, f"{tool}.{field}", result[field], cls)
    return out


def _flatten(out: dict[str, TaintedValue], key: str, value: Any, cls: str) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            _flatten(out, f"{key}.{k}", v, cls)
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _flatten(out, f"{key}.{i}", v, cls)
    elif isinstance(value, bool | int | float | str):
        out[key] = TaintedValue(value=value, data_class=cls)
