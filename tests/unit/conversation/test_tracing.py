# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Optional OpenTelemetry: a span per committed turn, a child span per stage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from aiframe.config import Settings, TracingSettings
from aiframe.conversation import tracing
from aiframe.conversation.settings import ConversationSettings
from aiframe.demo.run import play
from aiframe.demo.script import CallerScript, Step
from aiframe.media.synth import synth_voice

pytestmark = pytest.mark.slow

LINES = {1.0: "I'm calling about my order."}


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_tracer(provider.get_tracer("test"))
    yield exporter
    tracing.use_tracer(None)


def test_each_turn_is_a_span_with_its_stages(make_speech, spans) -> None:
    clips = {t: synth_voice(s, 130.0, seed=int(s * 10)) for s, t in LINES.items()}
    call = play(
        CallerScript(
            agent="acme-support",
            ai_quiet_ms=500,
            tail_ms=300,
            steps=[Step(say=LINES[1.0]), Step(hangup=True, after_ms=300)],
        ),
        speech=make_speech(LINES),
        clips=clips,
        settings=Settings(),
        conversation=ConversationSettings(),
    )
    assert not call.errors
    got = spans.get_finished_spans()
    turns = [s for s in got if s.name == "aiframe.turn"]
    assert [s.attributes["aiframe.turn.input"] for s in turns] == ["start", "speech"]
    assert {s.attributes["aiframe.conversation.id"] for s in turns} == {call.record.conversation_id}
    spoken = turns[1]
    children = [
        s for s in got if s.parent is not None and s.parent.span_id == spoken.context.span_id
    ]
    names = {s.name for s in children}
    assert {"aiframe.asr_final", "aiframe.tts_first_audio", "aiframe.first_played"} <= names
    for c in children:  # every stage lies inside its turn
        assert spoken.start_time <= c.start_time <= c.end_time <= spoken.end_time


def test_tracing_is_off_unless_asked() -> None:
    assert tracing.configure(TracingSettings()) is False
    assert tracing.configure(TracingSettings(enabled=True)) is True
    tracing.configure(TracingSettings())
