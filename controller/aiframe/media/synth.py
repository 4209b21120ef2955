# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Synthetic voice-like audio for media-plane tests: no speech engine needed."""

from __future__ import annotations

import numpy as np

from aiframe.media.arena import PCM

__all__ = ["synth_voice"]


def synth_voice(seconds: float, f0: float, seed: int, rate: int = 16000) -> PCM:
    """A voice-like signal: harmonics of f0 with syllable-rate amplitude modulation."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    vib = 1 + 0.03 * np.sin(2 * np.pi * 5 * t)
    sig = sum(np.sin(2 * np.pi * f0 * k * vib * t + rng.uniform(0, 6)) / k for k in range(1, 8))
    syllables = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t + rng.uniform(0, 6))
    ramp = np.minimum(1, np.minimum(t, t[-1] - t) / 0.03) if len(t) else t
    out = 6000 * sig * syllables * ramp + rng.normal(0, 40, len(t))
    return np.clip(out, -32768, 32767).astype(np.int16)
