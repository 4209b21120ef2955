# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe call` reads the recording: each side's speech, and the gaps the caller heard."""

from __future__ import annotations

import numpy as np

from aiframe.callcheck.recording import gap_summary, gaps, segments, timeline

RATE = 8000


def _track(seconds: float, talk: list[tuple[float, float]], amplitude: int = 6000) -> np.ndarray:
    rng = np.random.default_rng(3)
    x = rng.standard_normal(int(seconds * RATE)) * 20  # a line's hiss
    for a, b in talk:
        n = int((b - a) * RATE)
        x[int(a * RATE) : int(a * RATE) + n] += amplitude * np.sin(np.arange(n) * 0.3)
    return np.clip(x, -32768, 32767).astype(np.int16)


def test_speech_with_short_pauses_is_one_turn() -> None:
    caller = _track(10.0, [(1.0, 2.0), (2.4, 3.0), (6.0, 6.05), (7.0, 8.0)])
    found = segments(caller, RATE, "caller")
    # 2.0-2.4 is a pause inside a turn; the 50 ms burst is a click, not speech.
    assert [(s.start_s, s.end_s) for s in found] == [(1.0, 3.0), (7.0, 8.0)]


def test_the_gap_is_the_callers_last_frame_to_the_agents_first() -> None:
    caller = _track(12.0, [(1.0, 2.0), (6.0, 7.0), (10.0, 11.0)])
    agent = _track(12.0, [(0.0, 0.8), (2.45, 5.0), (7.61, 9.0)])
    c, a = segments(caller, RATE, "caller"), segments(agent, RATE, "agent")
    found = gaps(c, a)
    assert [g.ms for g in found] == [450.0, 610.0]  # the last line was never answered
    assert gap_summary(found) == {"answers": 2, "p50_ms": 530.0, "p95_ms": 602.0, "max_ms": 610.0}


def test_an_answer_after_the_caller_spoke_again_is_not_a_gap() -> None:
    caller = _track(8.0, [(1.0, 2.0), (3.0, 4.0)])
    agent = _track(8.0, [(5.0, 6.0)])
    found = gaps(segments(caller, RATE, "caller"), segments(agent, RATE, "agent"))
    assert [g.ms for g in found] == [1000.0]  # for the second line only


def test_the_timeline_puts_both_sides_in_order_with_their_words() -> None:
    caller = _track(6.0, [(2.0, 3.0)])
    agent = _track(6.0, [(0.5, 1.5), (3.5, 4.5)])
    heard: list[float] = []

    def words(pcm: np.ndarray, rate: int) -> str:
        heard.append(len(pcm) / rate)
        return f"{len(heard)}"

    speech, found = timeline(caller, agent, RATE, words)
    assert [(s.side, s.text) for s in speech] == [("agent", "2"), ("caller", "1"), ("agent", "3")]
    assert all(1.0 < d < 1.5 for d in heard)  # each stretch with a little padding
    assert [g.ms for g in found] == [500.0]
