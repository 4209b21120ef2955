# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import numpy as np

from aiframe.demo.analysis import measure_step, percentile, voiced_frames

RATE = 16000


def _track(spans: list[tuple[int, int]], seconds: float = 6.0) -> np.ndarray:
    x = np.zeros(int(seconds * RATE), dtype=np.int16)
    for a, b in spans:  # ms
        x[a * 16 : b * 16] = 4000
    return x


def test_response_gap_is_last_caller_frame_to_first_agent_frame():
    caller = voiced_frames(_track([(1000, 2000)]), RATE, 300)
    ai = voiced_frames(_track([(2550, 4000)]), RATE, 200)
    m = measure_step(caller, ai, 1000, 2000, 6000)
    assert m.caller_last_ms == 2000 and m.ai_reply_ms == 2550
    assert m.response_gap_ms == 550
    assert not m.ai_speaking_at_onset and m.barge_stop_ms is None


def test_barge_in_stop_time_and_whether_it_beat_the_caller():
    caller = voiced_frames(_track([(3000, 4500)]), RATE, 300)
    ai = voiced_frames(_track([(1000, 3040), (5200, 6000)]), RATE, 200)
    m = measure_step(caller, ai, 3000, 4500, 6000)
    assert m.ai_speaking_at_onset
    assert m.barge_stop_ms == 40
    assert m.stopped_before_caller_ended is True
    assert m.response_gap_ms == 700


def test_the_agent_talking_on_is_not_a_stop():
    caller = voiced_frames(_track([(3000, 3400)]), RATE, 300)
    ai = voiced_frames(_track([(1000, 6000)]), RATE, 200)
    m = measure_step(caller, ai, 3000, 3400, 6000)
    assert m.ai_speaking_at_onset and m.ai_gone_ms is None and m.barge_stop_ms is None


def test_a_keypad_step_is_measured_from_its_last_key():
    caller = voiced_frames(_track([]), RATE, 300)
    ai = voiced_frames(_track([(2300, 3000)]), RATE, 200)
    m = measure_step(caller, ai, 1000, 2000, 6000, keys_at_ms=2000)
    assert m.response_gap_ms == 300 and not m.ai_speaking_at_onset


def test_percentile():
    assert percentile([], 50) is None
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
