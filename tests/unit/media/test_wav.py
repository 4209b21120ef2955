# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from aiframe.errors import MediaError
from aiframe.media.wav import read_wav_mono, resample_linear, write_wav


def test_round_trip_and_resample(tmp_path: Path) -> None:
    tone = (5000 * np.sin(2 * np.pi * 300 * np.arange(8000) / 8000)).astype(np.int16)
    p = tmp_path / "t.wav"
    write_wav(p, 8000, tone, tone)
    np.testing.assert_array_equal(read_wav_mono(p, 8000), tone)
    up = read_wav_mono(p, 16000)
    assert len(up) == 16000
    assert np.corrcoef(up[::2].astype(float), tone.astype(float))[0, 1] > 0.99
    assert len(resample_linear(up, 16000, 8000)) == 8000


def test_unreadable_audio_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no such file"):
        read_wav_mono(tmp_path / "nope.wav", 16000)
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF not really")
    with pytest.raises(MediaError, match="not a readable WAV"):
        read_wav_mono(bad, 16000)
    eight = tmp_path / "8bit.wav"
    with wave.open(str(eight), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * 100)
    with pytest.raises(MediaError, match="8-bit audio"):
        read_wav_mono(eight, 8000)
