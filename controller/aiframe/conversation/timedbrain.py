# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A brain seen through a stopwatch: when did the brain's first text come out?

The conversation only yields a sentence once the gate has passed it; the brain's
own first output is earlier. Each call wraps the shared brain in one of these, which
keeps the streams it handed out; after a turn, the first stream that produced
output says when (its start plus ``first_output_s``).
"""

from __future__ import annotations

import threading
import time

from aiframe.brain.engines.base import Brain, BrainKind
from aiframe.brain.engines.events import TurnRequest
from aiframe.brain.engines.stream import Deadline, TurnStream

__all__ = ["TimedBrain"]


class TimedBrain:
    """Delegates to ``inner``; remembers when each stream of the current turn began."""

    def __init__(self, inner: Brain) -> None:
        self.inner = inner
        self._lock = threading.Lock()
        self._streams: list[tuple[int, TurnStream]] = []

    @property
    def kind(self) -> BrainKind:
        return self.inner.kind

    def respond(self, request: TurnRequest, *, deadline: Deadline | None = None) -> TurnStream:
        started = time.monotonic_ns()
        stream = self.inner.respond(request, deadline=deadline)
        with self._lock:
            self._streams.append((started, stream))
        return stream

    def first_text_ns(self) -> int | None:
        """When the brain's first text of the streams since the last call came out;
        forgets them."""
        with self._lock:
            streams, self._streams = self._streams, []
        for started, s in streams:
            if s.first_output_s is not None:
                return started + int(s.first_output_s * 1e9)
        return None

    def close(self) -> None:
        """The shared brain outlives the call: nothing to release here."""
