# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The demo caller's voice and noises.

The caller speaks with the same Piper voice as the agent, made into another voice: it
is synthesized slower by the pitch factor and then played faster by it (a resample),
which raises the pitch and keeps the pace; noise scales of zero make it the same every
run. The cough is a shaped noise burst: loud enough for the switch's barge-in
detector, with nothing in it a speech recognizer would take for words.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from aiframe.demo.script import Step, Voice
from aiframe.media.arena import PCM
from aiframe.speech.audio import resample, to_float, to_pcm16
from aiframe.speech.settings import TtsSettings
from aiframe.speech.tts import PiperTts

__all__ = ["CallerVoice", "cough", "noise_burst"]


class CallerVoice:
    """Speech for the caller's lines, at the call's rate."""

    def __init__(self, voice_dir: Path, voice: Voice, rate: int) -> None:
        self.voice = voice
        self.rate = rate
        settings = TtsSettings(speed=voice.speed / voice.pitch, noise_scale=0.0, noise_scale_w=0.0)
        self._tts = PiperTts(voice_dir, settings)

    def say(self, text: str) -> PCM:
        pcm = self._tts.synthesize(text, rate=self.rate)
        x = to_float(pcm)
        if self.voice.pitch != 1.0:
            # Played back pitch times faster: higher voice, the slower synthesis undone.
            x = resample(x, round(self.rate * self.voice.pitch), self.rate)
        peak = float(np.max(np.abs(x))) if len(x) else 0.0
        if peak > 0:
            x = x * (self.voice.level / peak)
        return to_pcm16(x.astype(np.float32))

    def lines(self, steps: Sequence[Step], workers: int = 2) -> dict[str, PCM]:
        """Every line the script says, synthesized up front (in parallel)."""
        texts = sorted({s.say for s in steps if s.say is not None})
        with ThreadPoolExecutor(workers, thread_name_prefix="demo-voice") as pool:
            return dict(zip(texts, pool.map(self.say, texts), strict=True))


def noise_burst(seconds: float, rate: int, seed: int, level: float = 0.35) -> PCM:
    """Band-limited noise with a fast attack and a decay."""
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    x = rng.normal(0.0, 1.0, n)
    # A crude low-pass (moving average) takes the hiss off.
    x = np.convolve(x, np.ones(6) / 6, mode="same")
    t = np.arange(n) / rate
    env = np.minimum(1.0, t / 0.01) * np.exp(-t / (seconds / 3))
    y = x * env
    y = y / (np.max(np.abs(y)) or 1.0) * level
    return to_pcm16(y.astype(np.float32))


def cough(rate: int, seed: int = 7) -> PCM:
    """Two short bursts: "khh-hm"."""
    gap = np.zeros(int(0.07 * rate), dtype=np.int16)
    return np.concatenate(
        [noise_burst(0.16, rate, seed, 0.45), gap, noise_burst(0.12, rate, seed + 1, 0.3)]
    )
