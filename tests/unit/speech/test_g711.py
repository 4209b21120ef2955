# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""G.711 mu-law: the codec a SIP caller's audio crosses."""

from __future__ import annotations

import numpy as np

from aiframe.speech.g711 import mulaw_decode, mulaw_encode


def test_the_reference_table_values() -> None:
    # 0xFF and 0x7F are the two zeros; 0x80 and 0x00 the extremes (ITU-T G.711).
    assert mulaw_decode(bytes([0xFF, 0x7F, 0x80, 0x00, 0xFE, 0x7E])).tolist() == [
        0, 0, 32124, -32124, 8, -8,
    ]  # fmt: skip


def test_a_round_trip_keeps_the_signal_within_the_codecs_step() -> None:
    t = np.arange(8000) / 8000
    x = (12000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    back = mulaw_decode(mulaw_encode(x))
    err = np.abs(back.astype(np.int32) - x.astype(np.int32))
    # mu-law's step grows with the magnitude: at most 1/32 of it (plus the bias) here.
    assert np.all(err <= np.abs(x.astype(np.int32)) // 32 + 8)
    assert np.corrcoef(back, x)[0, 1] > 0.999
