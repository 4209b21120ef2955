# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The turn being built: the delta it proposes so far and the working state it leads to.

Turn orchestration (:mod:`~aiframe.brain.orchestration`) adds to the draft as the gate
decides; nothing in it is committed until the call's owner commits the delta.
"""

from __future__ import annotations

from aiframe.brain.state import AgentEntry, ConversationState, StateDelta, Status
from aiframe.policy.decisions import Decision
from aiframe.policy.state import CallState

__all__ = ["TurnDraft"]


class TurnDraft:
    """The turn being built: its delta and the working state it leads to."""

    def __init__(self, committed: ConversationState) -> None:
        self.committed = committed
        self.delta = StateDelta(new_turn=True)
        self.state = self.delta.apply(committed)
        self.pending: set[str] = set()  # disclosures said this turn, not yet proven played
        self.decisions: list[Decision] = []
        self.ended: Status | None = None
        self.first_output: float | None = None

    def add(self, d: StateDelta) -> None:
        self.delta = self.delta.then(d)
        self.state = d.apply(self.state)

    def gate_state(self, gate_version: str) -> CallState:
        """What the gate judges the next proposal against: the working state, with what
        this turn has said so far."""
        said = tuple(e.text for e in self.delta.entries if isinstance(e, AgentEntry) and e.text)
        return self.state.gate_state(gate_version, frozenset(self.pending), said)
