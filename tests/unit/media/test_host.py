# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import numpy as np

from aiframe.media import Arena
from aiframe.media.host import BargeInConfig, EmbeddedHost
from aiframe.media.synth import synth_voice


def test_host_plays_caller_and_records_injected_audio(arena: Arena) -> None:
    caller = synth_voice(0.4, 130.0, seed=1)
    host = EmbeddedHost(arena, "host-1", caller, rate=16000, tail_ms=200)
    leg = host.start()
    att = arena.attach(leg.index, "host-1", leg.generation)
    tone = (8000 * np.cos(2 * np.pi * 440 * np.arange(3200) / 16000)).astype(np.int16)
    att.write(tone)
    heard = []
    while host.running:
        arena.wait(arena.doorbell_seq(), 30)
        if att.alive:
            heard.append(att.read())
    rec = host.join()
    got = np.concatenate(heard)
    # The controller received the caller's audio bit-exact, in order.
    np.testing.assert_array_equal(got[: len(caller)], caller)
    assert rec.frames == host.n_frames
    # The injected tone came out on the AI channel, sample for sample, starting on a
    # frame boundary (the host was already running when it was written).
    start = int(np.argmax(rec.ai != 0))
    assert start % 320 == 0
    np.testing.assert_array_equal(rec.ai[start : start + 3200], tone)
    assert not rec.ai[start + 3200 :].any()
    assert rec.dropped_frames == 0
    # The host released its slot at the end, like a hangup.
    assert arena.active_slots() == []


def test_host_barge_in_cuts_ai_audio(arena: Arena) -> None:
    caller = np.concatenate([np.zeros(3200, np.int16), synth_voice(0.5, 130.0, seed=2)])
    host = EmbeddedHost(
        arena,
        "host-2",
        caller,
        rate=16000,
        tail_ms=200,
        barge_in=BargeInConfig(900, 60),
        release_at_end=False,
    )
    leg = host.start()
    att = arena.attach(leg.index, "host-2", leg.generation)
    att.write(np.full(16000 * 2, 4000, dtype=np.int16))
    rec = host.join()
    speech_starts = 3200
    ai = np.abs(rec.ai.astype(np.int32))
    stopped = speech_starts + int(np.argmax(ai[speech_starts:] == 0))
    # AI audio stops within min_speech (60 ms) plus one frame (20 ms) of the onset.
    assert 0 < stopped - speech_starts <= 16000 * 80 // 1000
    assert not ai[stopped:].any()
    assert att.barge_state().seq == 1
    leg.release()
