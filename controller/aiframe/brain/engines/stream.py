# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A brain's answer to one round: a cancellable stream of events with a deadline.

The consumer iterates a :class:`TurnStream` in its own thread; the producer (an LLM
request running on another thread, or a flow computed on the spot) feeds it. Three
things can end a wait early, whatever the producer is doing:

- :meth:`TurnStream.cancel` (from any thread, e.g. a barge-in): the next event is
  ``EndOfStream("cancelled")`` and the producer is told to stop;
- the first-output deadline: if the producer has sent nothing by then, the stream
  yields one :class:`HoldingText` and keeps waiting;
- the hard timeout: a round that takes longer than that as a whole ends as failed.

A producer's :class:`BrainError` ends the stream as failed with its message (a brain
that times out or sends garbage is expected in production). Any other exception is a
bug and is raised in the consumer, loudly.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from aiframe.brain.engines.events import BrainEvent, EndOfStream, HoldingText
from aiframe.brain.errors import BrainError
from aiframe.cancel import Cancel  # re-exported: part of a brain's stream vocabulary

__all__ = ["Cancel", "Deadline", "TurnStream"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """By ``at`` (``time.monotonic()`` seconds) the caller must hear something; if the
    brain has nothing by then, ``holding`` is spoken instead of dead air."""

    at: float
    holding: str

    @classmethod
    def after_ms(cls, ms: float, holding: str) -> Deadline:
        return cls(time.monotonic() + ms / 1000, holding)


class _Wake:
    """Queued on cancel so a consumer blocked in ``get`` wakes at once."""


_WAKE = _Wake()


class TurnStream(Iterator[BrainEvent]):
    """Events of one brain round; always ends with exactly one :class:`EndOfStream`."""

    def __init__(
        self,
        *,
        deadline: Deadline | None = None,
        hard_timeout_s: float | None = None,
        on_ready: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._q: queue.SimpleQueue[BrainEvent | BaseException | _Wake] = queue.SimpleQueue()
        self._deadline = deadline
        self._clock = clock
        self._started = clock()
        self._hard_at = self._started + hard_timeout_s if hard_timeout_s is not None else None
        self._hard_timeout_s = hard_timeout_s
        self._on_ready = on_ready
        self._source: Iterator[BrainEvent] | None = None
        self._output = False
        self._held = False
        self._done = False
        self.cancelled = Cancel()
        self.cancelled.on_set(lambda: self._q.put(_WAKE))
        self.first_output_s: float | None = None

    # ---- producers -------------------------------------------------------------

    @classmethod
    def of(cls, events: Iterable[BrainEvent]) -> TurnStream:
        """A stream computed lazily in the consumer's thread (the flow brain)."""
        s = cls()
        s._source = iter(events)
        return s

    def emit(self, event: BrainEvent) -> None:
        """Producer side: queue one event (any thread)."""
        self._q.put(event)
        if self._on_ready is not None:
            self._on_ready()

    def fail(self, error: BaseException) -> None:
        """Producer side: the producer died; BrainError ends the turn as failed,
        anything else is raised in the consumer."""
        if isinstance(error, BrainError):
            self.emit(EndOfStream("failed", error=str(error)))
        else:
            self._q.put(error)
            if self._on_ready is not None:
                self._on_ready()

    # ---- the consumer ------------------------------------------------------------

    def cancel(self) -> None:
        """Stop now (any thread); the next event is ``EndOfStream("cancelled")``."""
        self.cancelled.set()

    @property
    def done(self) -> bool:
        return self._done

    def __iter__(self) -> TurnStream:
        return self

    def __next__(self) -> BrainEvent:
        if self._done:
            raise StopIteration
        if self.cancelled.is_set():
            return self._finish(EndOfStream("cancelled"))
        if self._source is not None:
            return self._from_source(self._source)
        while True:
            timeout = self._timeout()
            try:
                item = self._q.get(timeout=timeout) if timeout is None or timeout > 0 else None
            except queue.Empty:
                item = None
            if self.cancelled.is_set():
                return self._finish(EndOfStream("cancelled"))
            if item is None:
                late = self._late()
                if late is not None:
                    return late
                continue
            if isinstance(item, _Wake):
                continue
            if isinstance(item, BaseException):
                self._done = True
                raise item
            return self._deliver(item)

    def _from_source(self, source: Iterator[BrainEvent]) -> BrainEvent:
        try:
            ev = next(source)
        except StopIteration:
            return self._finish(EndOfStream("done"))
        except BrainError as e:
            return self._finish(EndOfStream("failed", error=str(e)))
        return self._deliver(ev)

    def _deliver(self, ev: BrainEvent) -> BrainEvent:
        if isinstance(ev, EndOfStream):
            return self._finish(ev)
        if not self._output and not isinstance(ev, HoldingText):
            self._output = True
            self.first_output_s = self._clock() - self._started
        return ev

    def _finish(self, ev: EndOfStream) -> EndOfStream:
        self._done = True
        if self._source is not None and hasattr(self._source, "close"):
            self._source.close()  # a generator left mid-way runs its cleanup now
        if ev.reason != "cancelled" and not self.cancelled.is_set():
            # Tell the producer to let go (a stream abandoned on failure or a hard
            # timeout must not keep its connection open).
            self.cancelled.set()
        return ev

    def _timeout(self) -> float | None:
        now = self._clock()
        waits = []
        if self._deadline is not None and not self._output and not self._held:
            waits.append(self._deadline.at - now)
        if self._hard_at is not None:
            waits.append(self._hard_at - now)
        return max(0.0, min(waits)) if waits else None

    def _late(self) -> BrainEvent | None:
        now = self._clock()
        if self._hard_at is not None and now >= self._hard_at:
            return self._finish(
                EndOfStream(
                    "failed", error=f"the brain did not finish in {self._hard_timeout_s:g} s"
                )
            )
        d = self._deadline
        if d is not None and not self._output and not self._held and now >= d.at:
            self._held = True
            return HoldingText(d.holding)
        return None
