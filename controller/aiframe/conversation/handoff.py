# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the AI hands a person along with the call: a summary and the key facts.

Before a transfer or bridge to a human the loop sets, on the channel,

- ``aiframe_summary``: what happened, a line per exchange, newest last (at most
  ``SUMMARY_MAX`` characters, card numbers and the like redacted);
- ``aiframe_facts``: the facts established (``identity_verified`` ...), as JSON;
- ``aiframe_step``: the step the conversation was in;

and fires ``CUSTOM aiframe::handoff`` with the same and the destination, for a
screen-pop or a CRM. The conversation id is already on the channel
(``aiframe_conversation_id``); when the person sends the call back to an aiframe
extension, the same conversation resumes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aiframe.brain.state import AgentEntry, CallerEntry, ConversationState, NoteEntry, ToolEntry
from aiframe.store.redact import Redactor

__all__ = ["HANDOFF_EVENT", "SUMMARY_MAX", "Handoff", "handoff"]

HANDOFF_EVENT = "aiframe::handoff"
SUMMARY_MAX = 1000


@dataclass(frozen=True, slots=True)
class Handoff:
    summary: str
    facts: dict[str, object]
    step: str

    def variables(self) -> dict[str, str]:
        return {
            "aiframe_summary": self.summary,
            "aiframe_facts": json.dumps(self.facts, sort_keys=True),
            "aiframe_step": self.step,
        }

    def headers(self) -> dict[str, str]:
        return {k.replace("_", "-"): v for k, v in self.variables().items()}


def _line(e: CallerEntry | AgentEntry | ToolEntry | NoteEntry) -> str | None:
    if isinstance(e, CallerEntry):
        return "caller: (silence)" if e.no_input else f"caller: {e.text}"
    if isinstance(e, AgentEntry):
        return f"agent: {e.text}"
    if isinstance(e, ToolEntry):
        return f"tool {e.tool}: {'ok' if e.ok else 'failed'}"
    return None


def handoff(state: ConversationState, redactor: Redactor | None) -> Handoff:
    """The hand-off of ``state``; one line of text per exchange, in a single line
    (channel variables cannot hold newlines), oldest dropped first."""
    lines = [ln for ln in state.summary.splitlines() if ln]
    lines += [ln for ln in (_line(e) for e in state.history) if ln]
    text = " | ".join(" ".join(ln.split()) for ln in lines)
    if redactor is not None:
        text = redactor.text(text, state.data)
    if len(text) > SUMMARY_MAX:
        text = "…" + text[-(SUMMARY_MAX - 1) :]
    return Handoff(summary=text, facts=dict(state.facts), step=state.step)
