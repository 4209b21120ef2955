# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Our numpy log-mel against faster-whisper's independent implementation."""

from __future__ import annotations

import numpy as np
import pytest
from faster_whisper.feature_extractor import FeatureExtractor

from aiframe.speech.errors import AudioError
from aiframe.speech.mel import log_mel


def _test_audio(seconds: float) -> np.ndarray:
    rng = np.random.default_rng(7)
    t = np.arange(int(seconds * 16000)) / 16000
    voiced = np.sin(2 * np.pi * 140 * t) + 0.5 * np.sin(2 * np.pi * 1400 * t)
    envelope = (np.sin(2 * np.pi * 2.5 * t) > 0).astype(float)
    return (0.3 * voiced * envelope + 0.02 * rng.standard_normal(t.size)).astype(np.float32)


def test_whisper_features_match_faster_whisper():
    x = _test_audio(3.3)
    ours = log_mel(x)
    ref = FeatureExtractor()(x, padding=0)
    assert ours.shape == (80, len(x) // 160)
    assert np.abs(ours - ref[:, : ours.shape[1]]).max() < 1e-4


def test_smart_turn_features_match_reference_on_normalised_padded_audio():
    x = _test_audio(5.0)
    ours = log_mel(x, 128000, normalize=True)
    padded = np.pad(x, (0, 128000 - len(x)))
    normalised = (padded - padded.mean()) / np.sqrt(padded.var() + 1e-7)
    ref = FeatureExtractor(chunk_length=8)(normalised.astype(np.float32), padding=0)
    assert ours.shape == ref.shape == (80, 800)
    assert np.abs(ours - ref).max() < 1e-4


@pytest.mark.models
def test_speech_audio_matches_too(engines):
    x = engines.tts.synthesize("Checking the front end on real speech.", rate=16000)
    audio = x.astype(np.float32) / 32768
    ref = FeatureExtractor()(audio, padding=0)
    ours = log_mel(audio)
    assert np.abs(ours - ref[:, : ours.shape[1]]).max() < 1e-4


def test_bad_input_is_refused():
    with pytest.raises(AudioError, match="mono"):
        log_mel(np.zeros((2, 1000), dtype=np.float32))
    with pytest.raises(AudioError, match="at least 201 samples"):
        log_mel(np.zeros(10, dtype=np.float32))
