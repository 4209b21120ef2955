# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The brain interface: given the state of a call, stream what to say and do.

Two brains implement it: :class:`~aiframe.brain.engines.flow.FlowBrain` (deterministic, from
the agent file; the default) and :class:`~aiframe.brain.engines.llm.LlmBrain` (any
OpenAI-compatible chat-completions service). Both are shared by every call of an agent:
everything about one call is in the request.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from aiframe.brain.engines.events import TurnRequest
from aiframe.brain.engines.stream import Deadline, TurnStream

__all__ = ["Brain", "BrainKind"]

BrainKind = Literal["flow", "llm"]


@runtime_checkable
class Brain(Protocol):
    """Proposes what to say and do; never acts, never changes state in place."""

    @property
    def kind(self) -> BrainKind: ...

    def respond(self, request: TurnRequest, *, deadline: Deadline | None = None) -> TurnStream:
        """Start one round. Returns at once; the stream yields text deltas, proposed tool
        calls and step changes, and ends with one ``EndOfStream``. ``deadline``: if
        nothing comes by then, the stream yields its holding text."""
        ...

    def close(self) -> None:
        """Release connections and threads (idempotent)."""
        ...
