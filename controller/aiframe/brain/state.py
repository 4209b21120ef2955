# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The conversation's state, and the deltas that change it.

:class:`ConversationState` is a frozen snapshot: what was said, the step, the slots the
caller filled, the facts tools established, the tool results (tagged with data classes),
the numbers the caller said that the pack's exact_value rules remember, and the
disclosures proven played. Nothing changes it in place. A turn *proposes* a
:class:`StateDelta`; only the owner of the call commits it (``delta.apply(state)``). A
turn cancelled by a barge-in simply has its delta dropped (or committed in part, see
:meth:`StateDelta.settled`), so there is no half-applied state to clean up.

The transcript is kept bounded when a delta is applied: the newest ``window`` entries
stay verbatim, older ones are folded into a running summary of at most
``summary_max_chars`` characters (the oldest lines of the summary go first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aiframe.policy.exact import merge_remembered
from aiframe.policy.state import CallState, FactValue, TaintedValue

__all__ = [
    "AgentEntry",
    "CallerEntry",
    "ContextWindow",
    "ConversationState",
    "Entry",
    "NoteEntry",
    "SlotValue",
    "StateDelta",
    "Status",
    "ToolEntry",
]

SlotValue = bool | int | float | str
Status = Literal["open", "transferred", "ended"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CallerEntry(_Frozen):
    """What the caller said (after the gate's caller check), or silence."""

    kind: Literal["caller"] = "caller"
    text: str
    no_input: bool = False


class AgentEntry(_Frozen):
    """What was spoken to the caller: the gate's final text, not the brain's proposal."""

    kind: Literal["agent"] = "agent"
    text: str
    holding: bool = False
    interrupted: bool = False


class ToolEntry(_Frozen):
    """One tool call the brain proposed and what came of it."""

    kind: Literal["tool"] = "tool"
    call_id: str
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    raw_args: str = ""
    ok: bool = False
    result: dict[str, Any] | None = None
    error: str | None = None


class NoteEntry(_Frozen):
    """Something the brain should know that nobody said (a policy refusal)."""

    kind: Literal["note"] = "note"
    text: str


Entry = Annotated[CallerEntry | AgentEntry | ToolEntry | NoteEntry, Field(discriminator="kind")]


class ConversationState(_Frozen):
    """One call's conversation, as committed after its last turn."""

    agent: str
    step: str
    status: Status = "open"
    turn: int = 0
    facts: dict[str, FactValue] = Field(default_factory=dict)
    slots: dict[str, SlotValue] = Field(default_factory=dict)
    data: dict[str, TaintedValue] = Field(default_factory=dict)
    # detector -> digits the caller said, remembered for the whole call
    sensitive: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    tool_calls: dict[str, int] = Field(default_factory=dict)
    counters: dict[str, int] = Field(default_factory=dict)
    disclosures_played: frozenset[str] = frozenset()
    history: tuple[Entry, ...] = ()
    summary: str = ""

    def gate_state(
        self,
        policy_version: str | None = None,
        pending: frozenset[str] = frozenset(),
        turn_said: tuple[str, ...] = (),
    ) -> CallState:
        """The snapshot the policy gate decides on; ``turn_said`` is what was spoken
        earlier in the agent turn being checked (none for a turn's first sentence)."""
        return CallState(
            step=self.step,
            facts=dict(self.facts),
            disclosures_played=self.disclosures_played,
            disclosures_pending=pending - self.disclosures_played,
            data=dict(self.data),
            tool_calls=dict(self.tool_calls),
            sensitive=dict(self.sensitive),
            turn_said=turn_said,
            policy_version=policy_version,
        )

    def counter(self, name: str) -> int:
        return self.counters.get(name, 0)


@dataclass(frozen=True, slots=True)
class ContextWindow:
    """How much transcript a state keeps verbatim, and how long its summary may grow."""

    entries: int = 16
    summary_max_chars: int = 1500


def _summary_line(e: CallerEntry | AgentEntry | ToolEntry | NoteEntry) -> str:
    def clip(s: str, n: int = 160) -> str:
        s = " ".join(s.split())
        return s if len(s) <= n else s[: n - 1] + "…"

    if isinstance(e, CallerEntry):
        return "caller: (silence)" if e.no_input else f"caller: {clip(e.text)}"
    if isinstance(e, AgentEntry):
        return f"agent: {clip(e.text)}"
    if isinstance(e, ToolEntry):
        return f"tool {e.tool}: {'ok' if e.ok else 'failed'}"
    return f"note: {clip(e.text)}"


def _fold(summary: str, evicted: list[Any], limit: int) -> str:
    lines = [ln for ln in summary.splitlines() if ln]
    lines.extend(_summary_line(e) for e in evicted)
    while lines and sum(len(ln) + 1 for ln in lines) > limit:
        lines.pop(0)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class StateDelta:
    """Changes a turn proposes. Mappings are replaced wholesale per key; ``slots`` and
    ``counters`` map a key to None to remove it; ``tool_calls`` holds increments;
    ``sensitive`` values are added to those remembered."""

    step: str | None = None
    status: Status | None = None
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    slots: Mapping[str, SlotValue | None] = field(default_factory=dict)
    data: Mapping[str, TaintedValue] = field(default_factory=dict)
    sensitive: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tool_calls: Mapping[str, int] = field(default_factory=dict)
    counters: Mapping[str, int | None] = field(default_factory=dict)
    disclosures_played: frozenset[str] = frozenset()
    entries: tuple[CallerEntry | AgentEntry | ToolEntry | NoteEntry, ...] = ()
    new_turn: bool = False

    @property
    def empty(self) -> bool:
        return self == StateDelta()

    def then(self, later: StateDelta) -> StateDelta:
        """This delta followed by ``later`` (later wins per key)."""
        calls = dict(self.tool_calls)
        for k, n in later.tool_calls.items():
            calls[k] = calls.get(k, 0) + n
        return StateDelta(
            step=later.step if later.step is not None else self.step,
            status=later.status if later.status is not None else self.status,
            facts={**self.facts, **later.facts},
            slots={**self.slots, **later.slots},
            data={**self.data, **later.data},
            sensitive=merge_remembered(self.sensitive, later.sensitive),
            tool_calls=calls,
            counters={**self.counters, **later.counters},
            disclosures_played=self.disclosures_played | later.disclosures_played,
            entries=(*self.entries, *later.entries),
            new_turn=self.new_turn or later.new_turn,
        )

    def settled(self) -> StateDelta:
        """What must be kept of a cancelled turn: what the world already saw.

        Tool calls that ran (their counts, facts and data: a refund that was issued
        stays issued), the numbers the caller said, and what was already spoken, marked
        interrupted. Slot, step and counter proposals are dropped: the caller barged
        in, the turn is re-run."""
        entries: list[CallerEntry | AgentEntry | ToolEntry | NoteEntry] = []
        for e in self.entries:
            if isinstance(e, AgentEntry):
                entries.append(e.model_copy(update={"interrupted": True}))
            elif isinstance(e, CallerEntry | ToolEntry):
                entries.append(e)
        return StateDelta(
            facts=self.facts,
            data=self.data,
            sensitive=self.sensitive,
            tool_calls=self.tool_calls,
            disclosures_played=self.disclosures_played,
            entries=tuple(entries),
            new_turn=self.new_turn,
        )

    def apply(
        self, state: ConversationState, window: ContextWindow | None = None
    ) -> ConversationState:
        """The state after this delta; ``state`` itself is left as it was."""
        calls = dict(state.tool_calls)
        for k, n in self.tool_calls.items():
            calls[k] = calls.get(k, 0) + n
        slots = {**state.slots}
        for k, v in self.slots.items():
            if v is None:
                slots.pop(k, None)
            else:
                slots[k] = v
        counters = {**state.counters}
        for k, c in self.counters.items():
            if c is None:
                counters.pop(k, None)
            else:
                counters[k] = c
        history = (*state.history, *self.entries)
        summary = state.summary
        if window is not None and len(history) > window.entries:
            cut = len(history) - window.entries
            summary = _fold(summary, list(history[:cut]), window.summary_max_chars)
            history = history[cut:]
        return state.model_copy(
            update={
                "step": self.step if self.step is not None else state.step,
                "status": self.status if self.status is not None else state.status,
                "turn": state.turn + (1 if self.new_turn else 0),
                "facts": {**state.facts, **self.facts},
                "slots": slots,
                "data": {**state.data, **self.data},
                "sensitive": (
                    merge_remembered(state.sensitive, self.sensitive)
                    if self.sensitive
                    else state.sensitive
                ),
                "tool_calls": calls,
                "counters": counters,
                "disclosures_played": state.disclosures_played | self.disclosures_played,
                "history": history,
                "summary": summary,
            }
        )
