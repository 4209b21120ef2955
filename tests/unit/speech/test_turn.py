# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""smart-turn separates finished turns from turns cut off mid-sentence.

Both are rendered by the TTS. A cut-off turn is rendered as its words plus a
trailing hesitation ("..., um,") because Piper gives any text it is handed a
sentence-final fall; a bare prefix ("a table for") comes out sounding
finished, and smart-turn, which listens to prosody, rightly calls it done.
The trailing hesitation is how people audibly stop mid-turn.
"""

from __future__ import annotations

import numpy as np
import pytest

from aiframe.speech.audio import to_float

pytestmark = pytest.mark.models

PAIRS = [
    ("I'd like to book a table for two at seven.", "I'd like to book a table for"),
    ("My account number is four five six seven.", "My account number is"),
    ("Can you tell me when you open tomorrow?", "Can you tell me"),
    ("I want to cancel my appointment for Friday.", "I want to cancel my"),
    ("The problem is that my card was declined.", "The problem is that"),
    ("Could you send the invoice to my email address?", "Could you send the"),
    (
        "I was wondering if you have any rooms available next week.",
        "I was wondering if you have any",
    ),
    ("I need to change the delivery address on my order.", "I need to change the"),
    ("Please transfer me to the billing department.", "Please transfer me to the"),
    ("My name is John Smith and I live in Boston.", "My name is John Smith and"),
]


def _as_heard(pcm: np.ndarray, rate: int) -> np.ndarray:
    """The turn as the detector sees it after VAD stop: speech, then 300 ms of silence."""
    x = to_float(pcm)
    voiced = np.nonzero(np.abs(x) > 0.01)[0]
    return np.concatenate([x[: voiced[-1] + 1], np.zeros(int(0.3 * rate), np.float32)])


@pytest.mark.parametrize("rate", [8000, 16000])
def test_complete_turns_score_above_cut_off_ones(engines, tts_fixed, rate):
    turn, tts = engines.turn, tts_fixed.tts
    scores = []
    for full, prefix in PAIRS:
        done = turn.predict(_as_heard(tts.synthesize(full, rate=rate), rate), rate)
        cut = turn.predict(_as_heard(tts.synthesize(prefix + ", um,", rate=rate), rate), rate)
        scores.append((cut.probability, done.probability))
    s = np.array(scores)
    table = "\n".join(
        f"cut {c:.2f} done {d:.2f}  {p[0]}" for (c, d), p in zip(s, PAIRS, strict=True)
    )
    wins = int((s[:, 1] > s[:, 0]).sum())
    separated = int(((s[:, 1] > 0.5) & (s[:, 0] < 0.5)).sum())
    assert wins >= 9, table
    assert separated >= 8, table
    assert s[:, 1].mean() - s[:, 0].mean() > 0.5, table


def test_features_pad_short_turns_and_keep_the_last_eight_seconds(engines):
    turn = engines.turn
    short = turn.features(np.ones(8000, np.float32) * 0.1, 8000)
    assert short.shape == (80, 800)
    long = np.concatenate(
        [np.zeros(16000 * 5), np.random.default_rng(0).standard_normal(16000 * 8)]
    )
    assert np.array_equal(
        turn.features(long.astype(np.float32), 16000),
        turn.features(long[-16000 * 8 :].astype(np.float32), 16000),
    )
