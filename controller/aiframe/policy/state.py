# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The call state the gate decides on: a small frozen snapshot turn orchestration
builds from the call's committed state before each check.

The gate never reads a clock, a store or the network: everything a decision depends on
is in this snapshot, which is what makes the gate a pure function.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CallState", "FactValue", "TaintedValue", "fact_holds"]

FactValue = bool | int | float | str


class TaintedValue(BaseModel):
    """A value a tool returned, and the data class it belongs to."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    value: bool | int | float | str
    data_class: str = Field(alias="class")


class CallState(BaseModel):
    """What the gate knows about a call when it checks one input."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str
    facts: dict[str, FactValue] = Field(default_factory=dict)
    disclosures_played: frozenset[str] = Field(
        default_factory=frozenset, description="proven by a played-out end mark"
    )
    disclosures_pending: frozenset[str] = Field(
        default_factory=frozenset, description="queued for playout, not yet proven"
    )
    data: dict[str, TaintedValue] = Field(default_factory=dict)
    tool_calls: dict[str, int] = Field(default_factory=dict, description="calls made, per tool")
    sensitive: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="digits the caller said that exact_value rules remember, per detector",
    )
    turn_said: tuple[str, ...] = Field(
        default=(), description="what was spoken earlier in this agent turn, in order"
    )
    policy_version: str | None = None

    def evolve(self, **changes: Any) -> CallState:
        """A copy with some fields changed (the snapshot itself never changes)."""
        return self.model_copy(update=changes)


def fact_holds(facts: Mapping[str, FactValue], ref: str) -> bool:
    """``ref`` is a fact name, or ``!name`` for "must not hold". A fact holds when it is
    true, a non-zero number or a non-empty string; an absent fact does not hold."""
    if ref.startswith("!"):
        return not fact_holds(facts, ref[1:])
    v = facts.get(ref)
    return bool(v) if v is not None else False
