# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The listener on the media lane's edges: what it does with each, and its VAD lag."""

from __future__ import annotations

from typing import Any

import numpy as np

from aiframe.conversation.listener import TIMERS, Listener
from aiframe.conversation.messages import AsrOut, Heard
from aiframe.conversation.record import CallRecord
from aiframe.conversation.settings import EndpointSettings
from aiframe.media.arena import now_ns
from aiframe.runtime.messages import EarlyPause, LoudAgain, VoiceActivity
from aiframe.speech.vad import VadEvent

RATE = 16000
FRAME = RATE // 50


class Host:
    """Keeps the jobs and timers the listener asks for instead of running them."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, Any]] = []
        self.timers: dict[str, float] = {}
        self.started: list[int] = []

    def job(self, pool: Any, what: str, work: Any) -> None:
        self.jobs.append((what, work))

    def timer(self, name: str, seconds: float) -> None:
        self.timers[name] = seconds

    def cancel_timer(self, name: str) -> None:
        self.timers.pop(name, None)

    def speech_started(self, utt: Any) -> None:
        self.started.append(utt.id)

    def case_decided(self, utt: Any) -> None:
        pass

    def heard(self, utt: Any, text: str, record: Any) -> None:
        pass

    def forgot(self, utt: Any) -> None:
        pass


class Speech:
    pool = object()

    def vad_stream(self, rate: int) -> Any:
        raise AssertionError("the lane runs the VAD, not the listener")

    def transcribe(self, audio: Any, rate: int) -> Heard:
        return Heard(f"{len(audio)} samples")


def make(**kw: Any) -> tuple[Listener, Host]:
    host = Host()
    s = EndpointSettings(**kw)
    listener = Listener(host, Speech(), s, CallRecord("u", "c"), RATE)  # type: ignore[arg-type]
    return listener, host


def feed(listener: Listener, seconds: float) -> None:
    """Caller audio as if it all arrived just now."""
    n = int(seconds * RATE) // FRAME
    for _ in range(n):
        listener.audio.append(np.zeros(FRAME, dtype=np.int16), now_ns())


def voice(kind: str, at_ms: float, upto: int) -> VoiceActivity:
    return VoiceActivity((VadEvent(kind, at_ms, at_ms + 100),), upto)  # type: ignore[arg-type]


def test_the_vad_lag_is_the_audio_the_lane_has_not_judged_yet() -> None:
    listener, _ = make()
    feed(listener, 0.2)
    assert listener.vad_lag_ms == 200.0
    listener.listening.vad_upto = 9 * FRAME
    assert listener.vad_lag_ms == 20.0
    listener.listening.vad_upto = 10 * FRAME
    assert listener.vad_lag_ms == 0.0


def test_the_lane_listens_with_the_endpoint_settings() -> None:
    listener, _ = make(early_pause_ms=120, early_rms=400.0)
    heard = listener.listening
    assert heard.early == 120 * RATE // 1000
    assert heard.loud_power == 400.0 * 400.0 * FRAME
    off, _ = make(speculative_asr=False)
    assert off.listening.early == 0  # no speculation, no early pause to look for


def test_voice_edges_make_an_utterance_and_a_pause_with_its_speculation() -> None:
    listener, host = make()
    feed(listener, 1.0)
    listener.on_voice(voice("start", 100, RATE))
    assert host.started == [1] and listener.endpoint.state == "speech"
    assert "conv.too_long" in host.timers and "conv.too_long" in TIMERS
    listener.on_voice(voice("stop", 700, RATE))
    assert listener.endpoint.state == "pause"
    assert [w for w, _ in host.jobs] == ["end of turn", "ASR"]
    assert "conv.hangover" in host.timers


def test_an_early_pause_starts_asr_that_the_vad_pause_then_takes_over() -> None:
    listener, host = make()
    feed(listener, 1.0)
    listener.on_voice(voice("start", 100, RATE))
    listener.on_early_pause(EarlyPause(600.0))
    assert [w for w, _ in host.jobs] == ["ASR"]
    (_, work) = host.jobs[0]
    out = work()
    assert isinstance(out, AsrOut) and out.spec < 0
    # The ASR read the utterance from the log: pad before it, a tail after its end.
    s = listener.s
    want = round((600 + 100 - max(0.0, 100 - s.pad_ms)) * RATE / 1000)
    assert out.heard.text == f"{want} samples"
    listener.on_voice(voice("stop", 650, RATE))
    # The VAD's pause adopted the early transcript: no second ASR for it.
    assert [w for w, _ in host.jobs] == ["ASR", "end of turn"]
    assert listener.record.speculations == 1


def test_loud_audio_after_an_early_pause_voids_its_speculation() -> None:
    listener, host = make()
    feed(listener, 1.0)
    listener.on_voice(voice("start", 100, RATE))
    listener.on_early_pause(EarlyPause(500.0))
    listener.on_loud_again(LoudAgain(800.0))
    assert listener.record.speculations_discarded == 1
    listener.on_voice(voice("stop", 900, RATE))
    # The pause speculates afresh: a second ASR.
    assert [w for w, _ in host.jobs] == ["ASR", "end of turn", "ASR"]


def test_an_early_pause_is_ignored_outside_speech_or_before_the_utterance() -> None:
    listener, host = make()
    feed(listener, 1.0)
    listener.on_early_pause(EarlyPause(500.0))  # nobody speaking
    listener.on_voice(voice("start", 600, RATE))
    listener.on_early_pause(EarlyPause(500.0))  # loud only before this utterance
    assert host.jobs == []


def test_an_utterance_too_long_ends_on_its_timer() -> None:
    listener, host = make(max_utterance_s=2.0)
    feed(listener, 0.1)
    listener.on_voice(voice("start", 0, FRAME * 5))
    assert 1.8 < host.timers["conv.too_long"] <= 2.0
    feed(listener, 2.0)
    listener.on_timer("conv.too_long")
    assert listener.idle
    assert [w for w, _ in host.jobs] == ["ASR"]  # the whole utterance, transcribed
