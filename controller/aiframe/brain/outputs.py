# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What one turn yields, in order, as soon as it is decided (a :class:`TurnRun`):

- :class:`Speak`: a sentence that passed the gate (or the gate's replacement, or a
  disclosure it inserted, or the holding utterance); ``disclosure`` names the disclosure
  it delivers, so the media side can put playout marks around it;
- :class:`ControlAction`: call control to perform (transfer, hang up), from the brain's
  allowed call or from a gate escalation;
- :class:`TurnDone`, last: why the turn ended and the :class:`StateDelta` it proposes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aiframe.brain.engines.stream import Cancel
from aiframe.brain.state import StateDelta, Status
from aiframe.policy.decisions import Decision

__all__ = ["ControlAction", "DoneReason", "Speak", "TurnDone", "TurnOutput", "TurnRun"]

DoneReason = Literal["done", "cancelled", "failed", "refused", "transferred", "ended"]


@dataclass(frozen=True, slots=True)
class Speak:
    """Say this, now."""

    text: str
    disclosure: str | None = None
    holding: bool = False
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class ControlAction:
    """Perform call control: ``tool`` is the pack's call-control tool (e.g.
    ``transfer_to_agent`` with ``{"queue": "support"}``, or ``hang_up``)."""

    tool: str
    args: Mapping[str, Any]
    ends: Status
    rule: str = ""  # the gate rule that asked for it; empty when the brain did


@dataclass(frozen=True, slots=True)
class TurnDone:
    """The end of a turn: why, and the state change it proposes."""

    reason: DoneReason
    delta: StateDelta
    error: str | None = None
    decisions: tuple[Decision, ...] = ()
    rounds: int = 0
    first_output_ms: float | None = None
    elapsed_ms: float = 0.0


TurnOutput = Speak | ControlAction | TurnDone


class TurnRun(Iterator[TurnOutput]):
    """One turn, as it happens. Iterate it to the end; cancel it from any thread."""

    def __init__(self, body: Callable[[TurnRun], Iterator[TurnOutput]]) -> None:
        self.cancelled = Cancel()
        self.done: TurnDone | None = None
        self._gen = body(self)

    def cancel(self) -> None:
        self.cancelled.set()

    def __iter__(self) -> TurnRun:
        return self

    def __next__(self) -> TurnOutput:
        out = next(self._gen)
        if isinstance(out, TurnDone):
            self.done = out
        return out

    def run(self) -> TurnDone:
        """Drain the turn (tests, text mode) and return how it ended."""
        for _ in self:
            pass
        assert self.done is not None
        return self.done
