# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Optional OpenTelemetry: one span per turn, with a child span per stage.

It sits with the conversation because it reads the conversation's turn records.

Off unless ``[tracing] enabled = true`` and the OpenTelemetry API is installed
(``pip install opentelemetry-api opentelemetry-sdk`` plus an exporter, configured the
usual OpenTelemetry way, e.g. ``OTEL_EXPORTER_OTLP_ENDPOINT``). A span is made when the
turn is committed, from the times the loop recorded (CLOCK_MONOTONIC, converted to wall
time), so tracing never sits on the turn's own path: the ``aiframe.turn`` span runs
from the end of the caller's speech (or the turn's start) to the turn settling, and
each stage (end of turn, ASR final, brain first text, gate pass, TTS first audio, first
frame played) is a child span from the turn's start to that stage.
"""

from __future__ import annotations

import time
from typing import Any

from aiframe.config import TracingSettings
from aiframe.conversation.record import STAGES, TurnRecord

__all__ = ["configure", "turn_span"]


_tracer: Any = None


def configure(settings: TracingSettings) -> bool:
    """Turn tracing on if asked and possible; returns whether it is on."""
    global _tracer
    if not settings.enabled:
        _tracer = None
        return False
    try:
        from opentelemetry import trace
    except ImportError:
        from aiframe.logs import get_logger

        get_logger("tracing").warning(
            "tracing.enabled but OpenTelemetry is not installed; no spans",
            fix="pip install opentelemetry-api opentelemetry-sdk",
        )
        _tracer = None
        return False
    _tracer = trace.get_tracer("aiframe", schema_url=None)
    return True


def use_tracer(tracer: Any) -> None:
    """Tests and embedders: spans go to this tracer (None: off)."""
    global _tracer
    _tracer = tracer


def turn_span(rec: TurnRecord, *, uuid: str, conversation_id: str, turn: int) -> None:
    """Record a committed turn as spans (nothing when tracing is off)."""
    tracer = _tracer
    if tracer is None:
        return
    from aiframe.media.arena import now_ns

    offset = time.time_ns() - now_ns()  # CLOCK_MONOTONIC -> wall clock, now
    start = rec.caller_end_ns or rec.brain_start_ns
    if start is None:
        return
    end = rec.settled_ns or now_ns()
    attrs = {
        "aiframe.call.uuid": uuid,
        "aiframe.conversation.id": conversation_id,
        "aiframe.turn": turn,
        "aiframe.turn.input": rec.input,
        "aiframe.turn.outcome": rec.outcome,
        "aiframe.turn.interrupted": rec.interrupted,
    }
    span = tracer.start_span("aiframe.turn", start_time=start + offset, attributes=attrs)
    try:
        from opentelemetry import trace

        ctx = trace.set_span_in_context(span)
        for stage in STAGES:
            at = rec.stamp(stage)
            if at is not None and at >= start:
                child = tracer.start_span(
                    f"aiframe.{stage}", context=ctx, start_time=start + offset
                )
                child.end(end_time=at + offset)
    finally:
        span.end(end_time=end + offset)
