# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The call lifecycle: six states and the steps allowed between them.

    attached ──► listening ◄──► thinking ◄──► speaking
        │            │              │             │
        └────────────┴──────┬───────┴─────────────┘
                            ▼
                      transferring ──► listening (the transfer failed)
                            │
    any state but ended ────┴──────────► ended (terminal)

Any step not in ``TRANSITIONS`` raises ``IllegalTransitionError``: speaking
while a transfer is in flight, or anything after the call ended, is a bug in
the caller, not something to paper over.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from aiframe.errors import IllegalTransitionError


class CallPhase(enum.StrEnum):
    ATTACHED = "attached"
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"
    TRANSFERRING = "transferring"
    ENDED = "ended"


_S = CallPhase
TRANSITIONS: Mapping[CallPhase, frozenset[CallPhase]] = {
    _S.ATTACHED: frozenset({_S.LISTENING, _S.THINKING, _S.SPEAKING, _S.TRANSFERRING, _S.ENDED}),
    # Staying put is allowed in the conversational states: a second sentence
    # queued while speaking, a new partial transcript while thinking.
    _S.LISTENING: frozenset({_S.LISTENING, _S.THINKING, _S.SPEAKING, _S.TRANSFERRING, _S.ENDED}),
    _S.THINKING: frozenset({_S.THINKING, _S.LISTENING, _S.SPEAKING, _S.TRANSFERRING, _S.ENDED}),
    _S.SPEAKING: frozenset({_S.SPEAKING, _S.LISTENING, _S.THINKING, _S.TRANSFERRING, _S.ENDED}),
    _S.TRANSFERRING: frozenset({_S.LISTENING, _S.ENDED}),
    _S.ENDED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Step:
    """One transition taken, with the reason given for it."""

    before: CallPhase
    after: CallPhase
    why: str


class Lifecycle:
    """The state of one call; only its actor moves it."""

    def __init__(self, uuid: str) -> None:
        self.uuid = uuid
        self.state = CallPhase.ATTACHED
        self.history: list[Step] = []

    def can(self, to: CallPhase) -> bool:
        return to in TRANSITIONS[self.state]

    def to(self, to: CallPhase, why: str) -> bool:
        """Move to ``to``; False when already there. Raises on an illegal step."""
        if not self.can(to):
            allowed = ", ".join(sorted(TRANSITIONS[self.state])) or "nothing (terminal)"
            raise IllegalTransitionError(
                f"call {self.uuid}: {self.state} -> {to} is not allowed ({why}); "
                f"from {self.state} it may go to {allowed}"
            )
        if to == self.state:
            return False
        self.history.append(Step(self.state, to, why))
        self.state = to
        return True

    @property
    def ended(self) -> bool:
        return self.state is CallPhase.ENDED


__all__ = ["TRANSITIONS", "CallPhase", "Lifecycle", "Step"]
