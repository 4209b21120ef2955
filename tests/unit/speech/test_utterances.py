# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Long recordings are cut into pieces the recogniser takes whole (at most 30 s)."""

from __future__ import annotations

import itertools

import numpy as np

from aiframe.speech.utterances import MAX_PIECE_S, Span, split_long

RATE = 8000


def _talk(seconds: float, quiet_at: list[float]) -> np.ndarray:
    """Loud noise with a 100 ms dip at each of ``quiet_at``."""
    rng = np.random.default_rng(7)
    x = (0.3 * rng.standard_normal(int(seconds * RATE))).astype(np.float32)
    for t in quiet_at:
        x[int(t * RATE) : int((t + 0.1) * RATE)] *= 0.01
    return x


def test_a_long_span_is_cut_at_its_quiet_moments() -> None:
    audio = _talk(50.0, quiet_at=[13.0, 31.0, 44.0])
    pieces = split_long(Span(0.0, 50.0), audio, RATE)
    assert all(p.end_s - p.start_s <= MAX_PIECE_S for p in pieces)
    assert pieces[0].start_s == 0.0 and pieces[-1].end_s == 50.0
    assert all(a.end_s == b.start_s for a, b in itertools.pairwise(pieces))
    cuts = [p.end_s for p in pieces[:-1]]
    assert [round(c) for c in cuts] == [13, 31]  # what is left after 31 s fits whole


def test_a_span_within_the_limit_is_left_whole() -> None:
    audio = _talk(19.0, quiet_at=[5.0])
    assert split_long(Span(1.0, 19.0), audio, RATE) == [Span(1.0, 19.0)]


def test_speech_without_a_pause_is_still_cut_within_the_limit() -> None:
    audio = _talk(65.0, quiet_at=[])
    pieces = split_long(Span(0.0, 65.0), audio, RATE)
    assert len(pieces) >= 4
    assert all(p.end_s - p.start_s <= MAX_PIECE_S for p in pieces)
