# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The shapes a brain works with: what it is asked (a :class:`TurnRequest`), what it
streams back (events), and what became of the actions it proposed (outcomes).

A brain never acts. It streams text and *proposes* tool calls and step changes; turn
orchestration (:mod:`~aiframe.brain.orchestration`) puts each one to the policy gate,
runs what is allowed and hands the outcomes back in the next round's request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from aiframe.brain.state import ConversationState, StateDelta
from aiframe.policy.compile import CompiledPolicy

__all__ = [
    "ActionOutcome",
    "BrainEvent",
    "CallStarted",
    "CallerSaid",
    "EndOfStream",
    "EndReason",
    "HoldingText",
    "NoInput",
    "StepOutcome",
    "StepRequest",
    "TextDelta",
    "ToolCallRequest",
    "ToolOutcome",
    "TurnInput",
    "TurnRequest",
]


# ---- what starts a turn ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallStarted:
    """The call was answered: the brain speaks first."""


@dataclass(frozen=True, slots=True)
class CallerSaid:
    """A caller turn, as the gate's caller check passed it on (redactions applied)."""

    text: str


@dataclass(frozen=True, slots=True)
class NoInput:
    """The caller said nothing before the listening timeout."""


TurnInput = CallStarted | CallerSaid | NoInput


# ---- what a brain streams --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of what the brain wants to say; sentences are cut by the loop."""

    text: str


@dataclass(frozen=True, slots=True)
class HoldingText:
    """The first-output deadline passed with nothing to say: speak this meanwhile."""

    text: str


@dataclass(frozen=True, slots=True)
class ToolCallRequest:
    """A tool call the brain proposes. ``args`` is None when the brain's arguments
    were not a JSON object; ``error`` then says why and ``raw_args`` has what it sent."""

    call_id: str
    name: str
    args: Mapping[str, Any] | None
    raw_args: str = ""
    error: str | None = None


@dataclass(frozen=True, slots=True)
class StepRequest:
    """A move to another step the brain proposes (the gate checks the step graph)."""

    to: str
    call_id: str = ""  # set when it came as a tool call, so the outcome can answer it


EndReason = Literal["done", "actions", "cancelled", "failed"]


@dataclass(frozen=True, slots=True)
class EndOfStream:
    """The last event of every stream.

    ``done``: the brain has nothing more to say this turn. ``actions``: it proposed tool
    calls or a step change and wants their outcomes (the loop asks it again with them).
    ``cancelled``: the stream was cancelled (barge-in). ``failed``: the brain could not
    answer (``error`` says why). ``delta`` holds the state changes the brain proposes
    (slots, counters); ``resume`` is the brain's own continuation for the next round.
    """

    reason: EndReason
    delta: StateDelta = field(default_factory=StateDelta)
    error: str | None = None
    resume: Any = None


BrainEvent = TextDelta | HoldingText | ToolCallRequest | StepRequest | EndOfStream


# ---- what became of the proposals ------------------------------------------------


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    """What became of one proposed tool call."""

    call_id: str
    tool: str
    ok: bool
    value: Mapping[str, Any] | None = None
    error: str | None = None
    refused: bool = False  # the policy gate said no
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StepOutcome:
    """What became of one proposed step change."""

    to: str
    ok: bool
    call_id: str = ""
    reason: str = ""
    rules: tuple[str, ...] = ()


ActionOutcome = ToolOutcome | StepOutcome


@dataclass(frozen=True, slots=True)
class TurnRequest:
    """One round of a turn. ``state`` is the working state: the committed state with
    what this turn did so far applied, so a fact a tool set a moment ago is visible."""

    state: ConversationState
    policy: CompiledPolicy
    input: TurnInput
    round: int = 1
    outcomes: tuple[ActionOutcome, ...] = ()
    resume: Any = None
    today: dt.date = field(default_factory=dt.date.today)
