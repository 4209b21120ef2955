# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The analysis the end-to-end tests and the module benchmark rely on."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from aiframe.lab.switch.signal import (
    barge_timing,
    best_match,
    heard_and_said,
    mulaw_encode,
    presence,
    read_wav,
    resample,
    segment_correlations,
    speechlike,
    tone,
    tone_mask,
    write_wav,
)


def test_mulaw_matches_the_g711_reference_values() -> None:
    pcm = np.array([0, -1, 1, 100, -100, 1000, -1000, 8000, -8000, 32767, -32768], np.int16)
    # values from the ITU-T G.711 reference encoder (as in Python's audioop)
    assert mulaw_encode(pcm).hex() == "ff7efff272ce4ea0208000"


def test_best_match_finds_the_lag_at_either_rate() -> None:
    ref = speechlike(2.0, 8000)
    got = np.concatenate([np.zeros(1234, np.int16), ref, np.zeros(500, np.int16)])
    m = best_match(ref, got)
    assert m.lag == 1234 and m.correlation > 0.999
    up = best_match(resample(ref, 8000, 16000), resample(got, 8000, 16000))
    assert up.lag == 2468 and up.correlation > 0.99


def test_best_match_is_low_for_unrelated_audio() -> None:
    a, b = speechlike(2.0, 8000, seed=1), speechlike(2.0, 8000, seed=2)
    assert best_match(a, b).correlation < 0.5


def test_a_one_frame_slip_costs_one_segment_not_the_rest() -> None:
    ref = speechlike(3.0, 8000)
    cut = 12000
    slipped = np.concatenate([ref[:cut], np.full(160, -1, np.int16), ref[cut:]])
    assert best_match(ref, slipped).correlation < 0.9
    seg = segment_correlations(ref, slipped, 8000)
    assert sum(c >= 0.9 for c in seg) >= len(seg) - 1


def test_tone_presence_and_gaps() -> None:
    t = tone(1000, 1.0, 8000)
    gap = np.concatenate([t[:4000], np.zeros(160, np.int16), t[4000:]])
    p = presence(tone_mask(gap, 8000, 1000, window_ms=5), 5)
    assert p.longest_gap_ms == pytest.approx(20, abs=5)
    assert p.span_ms == pytest.approx(1020, abs=10)
    assert presence(tone_mask(gap, 8000, 400, window_ms=5), 5).first == -1


def test_barge_timing_and_stereo_sides(tmp_path: Path) -> None:
    rate = 8000
    ai = tone(1000, 3.0, rate)
    ai[round(1.58 * rate) :] = 0  # the AI stops 80 ms after the talking begins
    talk = np.zeros_like(ai)
    talk[round(1.5 * rate) :] = tone(300, 1.5, rate)
    path = tmp_path / "s.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.stack([talk, ai], axis=1).astype("<i2").tobytes())
    r, chans = read_wav(path)
    heard, said = heard_and_said(chans, r, 1000)
    assert heard is chans[1] and said is chans[0]
    timing = barge_timing(heard, said, r, ai_hz=1000, talk_hz=300)
    assert timing.flush_ms == pytest.approx(80, abs=5)
    never = barge_timing(tone(1000, 3.0, rate), said, r, ai_hz=1000, talk_hz=300)
    assert never.flush_ms is None


def test_wav_round_trip(tmp_path: Path) -> None:
    pcm = speechlike(0.5, 16000)
    write_wav(tmp_path / "a.wav", 16000, pcm)
    rate, (back,) = read_wav(tmp_path / "a.wav")
    assert rate == 16000 and np.array_equal(back, pcm)
