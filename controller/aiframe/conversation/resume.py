# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""How a call picks up a conversation the store already knows.

The conversation id rides on the channel (``aiframe_conversation_id``), so when a call
is attached its conversation may already have a history:

- **start**: nothing stored; a new conversation (the agent greets).
- **reattached**: a restarted controller found the call live in the arena. The state
  is the last committed turn's; the turn that was in flight when the old process died
  is gone, so the agent says it lost the caller for a moment and asks its last
  question again.
- **continued**: the same agent on a new channel (a transfer to another box's AI
  extension): carry on, asking the last question again.
- **returned**: the conversation had been handed to a person (or had ended) and comes
  back to the AI: it is reopened and the agent welcomes the caller back.
- **handoff**: another agent (or policy pack) takes over. Facts, tool data,
  disclosures heard, the transcript and its summary carry over; the step starts at
  the new pack's start and the new agent opens with its own greeting, told in a note
  who had the call before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from aiframe.brain.state import AgentEntry, CallerEntry, ConversationState, NoteEntry

__all__ = ["How", "Resumption", "last_question", "plan"]

How = Literal["start", "reattached", "continued", "returned", "handoff"]

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass(frozen=True, slots=True)
class Resumption:
    how: How
    state: ConversationState | None = None  # None: start afresh
    previous_agent: str = ""


def plan(
    stored: ConversationState | None, *, agent: str, start_step: str, reattached: bool
) -> Resumption:
    """What to do with ``stored`` (the newest snapshot) for a call of ``agent``."""
    if stored is None:
        return Resumption("start")
    if stored.agent != agent:
        note = NoteEntry(
            text=f"(the call was handed over from the {stored.agent} agent; "
            "what was said so far is above)"
        )
        carried = stored.model_copy(
            update={
                "agent": agent,
                "step": start_step,
                "status": "open",
                "slots": {},
                "counters": {},
                "history": (*stored.history, note),
            }
        )
        return Resumption("handoff", carried, previous_agent=stored.agent)
    if stored.status != "open":
        return Resumption("returned", stored.model_copy(update={"status": "open"}))
    return Resumption("reattached" if reattached else "continued", stored)


def last_question(state: ConversationState) -> str:
    """What to ask again: the agent's last reply from its last question on (its last
    sentence when it asked none); "" when it was cut off or there is none."""
    reply: list[AgentEntry] = []  # the agent's entries since the caller last spoke
    for e in reversed(state.history):
        if isinstance(e, CallerEntry):
            break
        if isinstance(e, AgentEntry) and not e.holding:
            reply.insert(0, e)
    if not reply or reply[-1].interrupted:
        return ""
    parts = [p for e in reply for p in _SENTENCE_END.split(e.text.strip()) if p]
    asked = [i for i, p in enumerate(parts) if p.endswith("?")]
    return " ".join(parts[asked[-1] :] if asked else parts[-1:])
