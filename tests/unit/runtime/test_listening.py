# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the media lane does for a listening call: the audio log, the energy edges, and
one VAD step for all calls that hears what each call's VAD hears alone."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from unittest import mock

import numpy as np
import pytest

from aiframe.config import load_settings
from aiframe.lab.fakes.cheap_speech import EnergyVad
from aiframe.media.callaudio import CallAudio
from aiframe.media.synth import synth_voice
from aiframe.runtime.listening import Listening, vad_step
from aiframe.runtime.messages import (
    CallMessage,
    EarlyPause,
    ListeningFailed,
    LoudAgain,
    VoiceActivity,
)
from aiframe.speech.engines import SpeechEngines
from aiframe.speech.settings import VadSettings
from aiframe.speech.vad import OrtVadStream, SileroVad

RATE = 16000
FRAME = 320


@pytest.fixture(scope="module")
def vad() -> Iterator[SileroVad]:
    engines = SpeechEngines(load_settings().speech)
    model = engines.cache.require(engines.manifest.get("silero-vad")) / "silero_vad.onnx"
    yield SileroVad(model, VadSettings(backend="onnxruntime"))
    engines.close()


def step(calls: list[Listening]) -> list[tuple[Listening, CallMessage]]:
    """One VAD step, once every call's stream is made (streams are made off the lane)."""
    out = vad_step(calls)
    for c in calls:
        if c.making is not None:
            with contextlib.suppress(Exception):
                c.making.result(10)
    return out + vad_step(calls)


def loud(frames: int) -> np.ndarray:
    return np.full(frames * FRAME, 2000, dtype=np.int16)


def quiet(frames: int) -> np.ndarray:
    return np.zeros(frames * FRAME, dtype=np.int16)


def test_the_log_gets_every_read_and_energy_alone_makes_no_edge_out_of_voice() -> None:
    heard = Listening(CallAudio(RATE), early_pause_ms=100, early_rms=300)
    out: list[CallMessage] = []
    heard.heard(loud(3), 1, out)
    heard.heard(quiet(10), 2, out)
    assert heard.audio.position == 13 * FRAME
    assert heard.loud_end == 3 * FRAME
    assert out == []  # no voice: an early pause would mean nothing


def test_an_early_pause_once_per_quiet_stretch_and_loud_again_after_it() -> None:
    heard = Listening(CallAudio(RATE), early_pause_ms=100, early_rms=300)
    heard.in_voice = True  # as the VAD's start edge leaves it
    out: list[CallMessage] = []
    heard.heard(loud(2), 1, out)
    heard.heard(quiet(4), 2, out)  # 80 ms: not yet
    assert out == []
    heard.heard(quiet(1), 3, out)  # 100 ms since the last loud frame
    assert out == [EarlyPause(40.0)]
    heard.heard(quiet(5), 4, out)  # still quiet: said once
    assert len(out) == 1
    heard.heard(np.concatenate([quiet(1), loud(1)]), 5, out)
    assert out[1] == LoudAgain(heard.audio.ms(14 * FRAME))
    heard.heard(quiet(5), 6, out)  # a second quiet stretch: a second early pause
    assert out[2] == EarlyPause(heard.audio.ms(14 * FRAME))


def test_loud_frames_are_found_across_chunk_lengths() -> None:
    a = Listening(CallAudio(RATE), early_pause_ms=100, early_rms=300)
    b = Listening(CallAudio(RATE), early_pause_ms=100, early_rms=300)
    x = np.concatenate([quiet(3), loud(1), quiet(8)])
    a.heard(x, 1, [])
    for k in range(0, len(x), 3 * FRAME):
        b.heard(x[k : k + 3 * FRAME], 1, [])
    assert a.loud_end == b.loud_end == 4 * FRAME


@pytest.mark.models
def test_one_step_for_many_calls_hears_what_each_hears_alone(vad) -> None:
    voice = synth_voice(1.2, 130.0, seed=3)
    silence = np.zeros(8000, np.int16)
    calls = [np.concatenate([silence[: 1600 * k], voice, silence]) for k in range(4)]
    alone = [[(e.kind, e.at_ms) for e in vad.stream(RATE).push(x)] for x in calls]
    assert all(a for a in alone)  # each call has speech to find
    lane = [Listening(CallAudio(RATE), lambda: vad.stream(RATE)) for _ in calls]
    heard: list[list[tuple[str, float]]] = [[] for _ in calls]
    batch_sizes: list[int] = []
    real = OrtVadStream.decide
    for i in range(0, max(map(len, calls)), 3 * FRAME):  # 60 ms reads, as under load
        for c, x in zip(lane, calls, strict=True):
            c.heard(x[i : i + 3 * FRAME], i, [])
        with mock.patch("aiframe.runtime.listening.process_batch", wraps=_sizes(batch_sizes)):
            for c, msg in step(lane):
                assert isinstance(msg, VoiceActivity) and msg.upto == c.audio.position
                heard[lane.index(c)] += [(e.kind, e.at_ms) for e in msg.events]
    assert heard == alone
    assert all(isinstance(c.stream, OrtVadStream) for c in lane)
    assert max(batch_sizes) == 4  # all four calls in one batched step
    assert OrtVadStream.decide is real
    assert [c.in_voice for c in lane] == [False] * 4  # each call's voice stopped again


def _sizes(into: list[int]):
    from aiframe.speech.vad import process_batch

    def run(streams):
        into.append(len(streams))
        return process_batch(streams)

    return run


def test_streams_that_cannot_batch_run_one_by_one_in_the_same_step() -> None:
    voice = synth_voice(0.8, 130.0, seed=5)
    x = np.concatenate([np.zeros(4000, np.int16), voice, np.zeros(8000, np.int16)])
    alone = [(e.kind, e.at_ms) for e in EnergyVad(RATE).push(x)]
    c = Listening(CallAudio(RATE), lambda: EnergyVad(RATE))
    got: list[tuple[str, float]] = []
    for i in range(0, len(x), 2 * FRAME):
        c.heard(x[i : i + 2 * FRAME], i, [])
        for _, msg in step([c]):
            assert isinstance(msg, VoiceActivity)
            got += [(e.kind, e.at_ms) for e in msg.events]
    assert got == alone and alone


def test_streams_are_made_off_the_lane_and_the_audio_waits_for_them() -> None:
    made = threading.Event()

    def slow() -> EnergyVad:
        made.wait(5)
        return EnergyVad(RATE)

    c = Listening(CallAudio(RATE), slow)
    c.heard(synth_voice(0.6, 130.0, seed=4), 1, [])
    c.heard(quiet(40), 2, [])
    assert vad_step([c]) == [] and c.vad_upto == 0  # not made yet: the lane went on
    made.set()
    out = step([c])
    assert [e.kind for _, m in out if isinstance(m, VoiceActivity) for e in m.events] == [
        "start",
        "stop",
    ]
    assert c.vad_upto == c.audio.position


def test_a_failing_stream_fails_only_its_own_call() -> None:
    def broken() -> EnergyVad:
        raise RuntimeError("no model for this call")

    good = Listening(CallAudio(RATE), lambda: EnergyVad(RATE))
    bad = Listening(CallAudio(RATE), broken)
    for c in (good, bad):
        c.heard(synth_voice(0.5, 130.0, seed=1), 1, [])
    out = step([bad, good])
    failed = [(c, m) for c, m in out if isinstance(m, ListeningFailed)]
    assert [c for c, _ in failed] == [bad] and "no model" in str(failed[0][1].error)
    assert any(c is good and isinstance(m, VoiceActivity) for c, m in out)
    bad.heard(quiet(5), 2, [])
    assert all(c is not bad for c, _ in step([bad, good]))  # failed once, then left alone


@pytest.mark.models
def test_a_failing_batch_fails_every_call_in_it(vad) -> None:
    lane = [Listening(CallAudio(RATE), lambda: vad.stream(RATE)) for _ in range(3)]
    for c in lane:
        c.heard(quiet(10), 1, [])
    with mock.patch("aiframe.runtime.listening.process_batch", side_effect=RuntimeError("ORT")):
        out = step(lane)
    assert sorted(id(c) for c, _ in out) == sorted(id(c) for c in lane)
    assert all(isinstance(m, ListeningFailed) for _, m in out)
