# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The Prometheus endpoint after a call: turns, stages, gate decisions, tool calls,
barge-ins and the media plane's counters, scraped over HTTP as Prometheus would."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from aiframe.config import Settings
from aiframe.conversation.settings import ConversationSettings
from aiframe.demo.run import play
from aiframe.demo.script import CallerScript, Step
from aiframe.media.synth import synth_voice
from aiframe.metrics import RUNTIME, MetricsSettings, serve

pytestmark = pytest.mark.slow

LINES = {1.0: "I'm calling about my order.", 0.4: "Yeah."}


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = serve(MetricsSettings(port=0))
    yield f"http://127.0.0.1:{server.server_port}/metrics"
    server.shutdown()
    server.server_close()


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = httpx.get(url, timeout=5).text
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(m: dict, name: str, **labels: str) -> float:
    return m.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_call_shows_in_the_metrics(make_speech, endpoint: str) -> None:
    RUNTIME.ring_source(lambda: {"uplink_drops": 3, "downlink_underruns": 1})
    before = scrape(endpoint)
    clips = {t: synth_voice(s, 130.0, seed=int(s * 10)) for s, t in LINES.items()}
    call = play(
        CallerScript(
            agent="acme-support",
            ai_quiet_ms=500,
            tail_ms=300,
            steps=[
                Step(say="Yeah.", barge_in_after_ms=900, expect="resume"),
                Step(say=LINES[1.0]),
                Step(dtmf="0"),
                Step(hangup=True, wait_for="nothing", after_ms=4000),
            ],
        ),
        speech=make_speech(LINES),
        clips=clips,
        settings=Settings(),
        conversation=ConversationSettings(),
    )
    assert not call.errors
    m = scrape(endpoint)

    def grew(name: str, **labels: str) -> float:
        return value(m, name, **labels) - value(before, name, **labels)

    assert grew("aiframe_turns_total", input="start") == 1
    assert grew("aiframe_turns_total", input="speech") == 1
    assert grew("aiframe_turns_total", input="operator") == 1
    assert grew("aiframe_barge_ins_total", verdict="resume") >= 1
    sentence = {"kind": "sentence", "action": "allow", "rule": "disclosure/recording"}
    assert grew("aiframe_policy_decisions_total", **sentence) == 1
    tool = {"kind": "tool_call", "action": "allow", "rule": "none"}
    assert grew("aiframe_policy_decisions_total", **tool) >= 1  # the operator key's transfer
    assert grew("aiframe_turn_stage_seconds_count", stage="first_played") >= 2
    assert grew("aiframe_response_gap_seconds_count") >= 1  # the spoken turn
    assert value(m, "aiframe_ring_events_total", kind="uplink_drops") == 3
    assert value(m, "aiframe_ring_events_total", kind="downlink_overruns") == 0
    RUNTIME.ring_source(None)
