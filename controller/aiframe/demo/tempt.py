# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""An over-eager brain for the demo: what an LLM might blurt out, on cue.

The flow brain only says what its agent file says, and the Acme agent never promises
a refund, so on its own it never gives the policy gate anything to refuse. A script
step with ``tempt:`` makes the caller's next turn go to this wrapper instead: it
streams the tempting answer in small deltas, the way an LLM would, through the same
sentence chunker and gate as everything else. The gate decides what the caller hears;
every other turn is the agent's own brain.
"""

from __future__ import annotations

import threading
from collections import deque

from aiframe.brain.engines.base import Brain, BrainKind
from aiframe.brain.engines.events import CallerSaid, EndOfStream, TextDelta, TurnRequest
from aiframe.brain.engines.stream import Deadline, TurnStream

__all__ = ["TemptedBrain"]

_DELTA_CHARS = 6


class TemptedBrain:
    """Delegates to ``inner`` except for turns the script tempted."""

    def __init__(self, inner: Brain) -> None:
        self.inner = inner
        self._pending: deque[str] = deque()
        self._lock = threading.Lock()
        self.tempted: list[str] = []

    @property
    def kind(self) -> BrainKind:
        return self.inner.kind

    def tempt(self, text: str) -> None:
        """The caller's next turn gets ``text`` proposed as the answer (any thread)."""
        with self._lock:
            self._pending.append(text)

    def respond(self, request: TurnRequest, *, deadline: Deadline | None = None) -> TurnStream:
        if isinstance(request.input, CallerSaid) and request.round == 1:
            with self._lock:
                text = self._pending.popleft() if self._pending else None
            if text is not None:
                self.tempted.append(text)
                pieces = [text[i : i + _DELTA_CHARS] for i in range(0, len(text), _DELTA_CHARS)]
                events = [TextDelta(p) for p in pieces]
                return TurnStream.of([*events, EndOfStream("done")])
        return self.inner.respond(request, deadline=deadline)

    def close(self) -> None:
        self.inner.close()
