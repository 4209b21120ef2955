# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import numpy as np
import pytest

from aiframe.errors import MediaError
from aiframe.media.arena import Arena, InjectMode, MarkResult, now_ns
from aiframe.runtime.downlink import Speaker
from aiframe.runtime.messages import MarkSettled, SpeakingFinished

RATE, FRAME = 16000, 320


@pytest.fixture
def slot(arena: Arena):
    leg = arena.claim("spk", RATE)
    att = arena.attach(leg.index, "spk", leg.generation)
    yield leg, att
    leg.release()


def tone(n: int, v: int = 3000) -> np.ndarray:
    return np.full(n, v, dtype=np.int16)


def play(leg, frames: int) -> np.ndarray:
    out = []
    for _ in range(frames):
        f = np.zeros(FRAME, dtype=np.int16)
        leg.on_write_frame(f, InjectMode.REPLACE, now_ns())
        out.append(f)
    return np.concatenate(out)


def test_writes_only_the_lead_ahead_of_playout(slot) -> None:
    leg, att = slot
    sp = Speaker(att, RATE, lead_ms=60)
    sp.say(tone(RATE), 1)  # one second to say
    assert att.queued() == sp.lead == 960
    for _ in range(20):
        play(leg, 1)
        sp.tick()
        assert att.queued() <= sp.lead  # never more than the lead in the ring
    assert sp.samples_written == 20 * FRAME + sp.lead


def test_back_to_back_utterances_play_gaplessly_with_marks(slot) -> None:
    leg, att = slot
    sp = Speaker(att, RATE, lead_ms=100)
    sp.say(tone(1000, 1000), 1)
    sp.say(tone(1000, 2000), 2)
    events: list = []
    heard = []
    for _ in range(10):
        heard.append(play(leg, 1))
        events += sp.tick()
    audio = np.concatenate(heard)
    np.testing.assert_array_equal(audio[:2000], np.r_[tone(1000, 1000), tone(1000, 2000)])
    assert not audio[2000:].any()
    marks = [(e.mark_id, e.result) for e in events if isinstance(e, MarkSettled)]
    assert marks == [(1, MarkResult.PLAYED), (2, MarkResult.PLAYED)]
    assert sum(isinstance(e, SpeakingFinished) for e in events) == 1
    assert att.counters().downlink_underruns == 0  # each utterance end was declared
    assert not sp.active


def test_cancel_flushes_the_ring_and_reports_unwritten_marks(slot) -> None:
    leg, att = slot
    sp = Speaker(att, RATE, lead_ms=100)
    sp.say(tone(RATE), 1)
    sp.say(tone(RATE), 2)  # never written: still waiting behind mark 1
    play(leg, 2)
    out = sp.cancel()
    assert [(e.mark_id, e.result) for e in out] == [(2, MarkResult.FLUSHED)]
    after = play(leg, 2)
    assert not after[RATE * 4 // 1000 :].any()  # gone at the next frame, after a 4 ms fade
    assert not sp.active


def test_refuses_audio_it_cannot_play(slot) -> None:
    _, att = slot
    sp = Speaker(att, RATE, lead_ms=100)
    with pytest.raises(MediaError, match="1-D int16"):
        sp.say(np.zeros(10, dtype=np.float32), 1)  # type: ignore[arg-type]
    with pytest.raises(MediaError, match="mark 4 has no audio"):
        sp.say(np.zeros(0, dtype=np.int16), 4)
