# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from aiframe.brain.engines.events import BrainEvent, EndOfStream, HoldingText, TextDelta
from aiframe.brain.engines.stream import Cancel, Deadline, TurnStream
from aiframe.brain.errors import LlmTimeoutError


def test_holding_text_once_when_the_deadline_passes() -> None:
    t0 = time.monotonic()  # before the deadline starts, however slowly the next lines run
    s = TurnStream(deadline=Deadline.after_ms(50, "One moment."))
    built = time.monotonic()  # the stream's own clock started between t0 and here
    first = next(s)  # nothing emitted yet: only the deadline can end this wait
    held_after = time.monotonic() - t0
    assert first == HoldingText("One moment.")
    assert held_after >= 0.05  # not before the deadline (how late is a benchmark's business)
    replied = time.monotonic()
    s.emit(TextDelta("Hi."))
    s.emit(EndOfStream("done"))
    assert list(s) == [TextDelta("Hi."), EndOfStream("done")]  # held once, then the reply
    # The first output is the reply, not the holding text: timed from the stream's start.
    assert s.first_output_s is not None and s.first_output_s >= replied - built


def test_no_holding_text_when_output_comes_in_time() -> None:
    s = TurnStream(deadline=Deadline.after_ms(500, "One moment."))
    s.emit(TextDelta("Hello."))
    s.emit(EndOfStream("done"))
    assert list(s) == [TextDelta("Hello."), EndOfStream("done")]


def test_cancel_from_another_thread_wakes_the_consumer_at_once() -> None:
    s = TurnStream()
    stopped = threading.Event()
    s.cancelled.on_set(stopped.set)
    threading.Timer(0.05, s.cancel).start()
    t0 = time.monotonic()
    assert next(s) == EndOfStream("cancelled")
    assert time.monotonic() - t0 < 0.5
    assert stopped.is_set()  # the producer was told
    assert list(s) == []


def test_hard_timeout_fails_the_round() -> None:
    s = TurnStream(hard_timeout_s=0.05)
    ev = next(s)
    assert isinstance(ev, EndOfStream) and ev.reason == "failed"
    assert ev.error is not None and "did not finish" in ev.error
    assert s.cancelled.is_set()


def test_brain_errors_fail_the_turn_and_bugs_are_raised() -> None:
    s = TurnStream()
    s.fail(LlmTimeoutError("slow"))
    assert next(s) == EndOfStream("failed", error="slow")
    s2 = TurnStream()
    s2.fail(KeyError("bug"))
    with pytest.raises(KeyError, match="bug"):
        next(s2)


def test_lazy_stream_stops_its_generator_on_cancel() -> None:
    closed = []

    def gen() -> Iterator[BrainEvent]:
        try:
            yield TextDelta("a")
            yield TextDelta("b")
        finally:
            closed.append(True)

    s = TurnStream.of(gen())
    assert next(s) == TextDelta("a")
    s.cancel()
    assert next(s) == EndOfStream("cancelled")
    assert closed == [True]


def test_lazy_stream_ends_with_done_when_the_generator_does() -> None:
    assert list(TurnStream.of(iter([TextDelta("x")]))) == [TextDelta("x"), EndOfStream("done")]


def test_cancel_callbacks_run_once_even_when_registered_late() -> None:
    c = Cancel()
    calls: list[int] = []
    c.on_set(lambda: calls.append(1))
    c.set()
    c.set()
    c.on_set(lambda: calls.append(2))
    assert calls == [1, 2]
