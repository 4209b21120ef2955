# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Audio in the shapes the engines share: int16 PCM at the call's rate in and
out, float32 in [-1, 1] inside; resampling with soxr; WAV files at any rate."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soxr

from aiframe.pcm import PCM
from aiframe.speech.errors import AudioError

F32 = npt.NDArray[np.float32]

CALL_RATES = (8000, 16000)
"""Rates the media plane carries."""


def to_float(pcm: PCM) -> F32:
    """int16 PCM to float32 in [-1, 1)."""
    return (np.asarray(pcm, dtype=np.float32) / 32768.0).astype(np.float32, copy=False)


def to_pcm16(x: F32) -> PCM:
    """float audio to int16 PCM, clipped rather than wrapped."""
    out: PCM = np.clip(np.round(np.asarray(x) * 32767.0), -32768, 32767).astype(np.int16)
    return out


def resample(x: F32, src_rate: int, dst_rate: int) -> F32:
    """Whole-buffer resampling (utterances, synthesized sentences)."""
    if src_rate == dst_rate or x.size == 0:
        return np.asarray(x, dtype=np.float32)
    y: F32 = soxr.resample(np.asarray(x, dtype=np.float32), src_rate, dst_rate, quality="HQ")
    return y


class StreamResampler:
    """Chunk-by-chunk resampling for one call's stream; keeps filter state between
    chunks so frame boundaries do not click. One per call and direction."""

    def __init__(self, src_rate: int, dst_rate: int) -> None:
        self.src_rate, self.dst_rate = src_rate, dst_rate
        self._rs = (
            None
            if src_rate == dst_rate
            else soxr.ResampleStream(src_rate, dst_rate, 1, dtype="float32", quality="HQ")
        )

    def process(self, x: F32, last: bool = False) -> F32:
        if self._rs is None:
            return np.asarray(x, dtype=np.float32)
        y: F32 = self._rs.resample_chunk(np.asarray(x, dtype=np.float32), last=last)
        return y


def read_wav(path: str | Path) -> tuple[F32, int]:
    """A 16-bit PCM WAV (any rate, any channel count) as mono float32 and its rate."""
    p = Path(path)
    try:
        with wave.open(str(p), "rb") as w:
            width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
            raw = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise AudioError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise AudioError(f"{p}: is a directory, not a WAV file") from None
    except (wave.Error, EOFError) as e:
        raise AudioError(f"{p}: not a readable WAV file ({e})") from None
    if width != 2:
        raise AudioError(f"{p}: {8 * width}-bit samples; need 16-bit PCM")
    if not 8000 <= rate <= 48000:
        raise AudioError(f"{p}: sample rate {rate} Hz; need 8000 to 48000 Hz")
    x = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1)
    return x.astype(np.float32), rate


def write_wav(path: str | Path, x: F32 | PCM, rate: int) -> None:
    """Write mono audio (float or int16) as a 16-bit PCM WAV."""
    pcm = x if x.dtype == np.int16 else to_pcm16(x.astype(np.float32))
    try:
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(np.asarray(pcm, dtype="<i2").tobytes())
    except OSError as e:
        raise AudioError(f"{path}: cannot write: {e.strerror}") from None


__all__ = [
    "CALL_RATES",
    "F32",
    "PCM",
    "StreamResampler",
    "read_wav",
    "resample",
    "to_float",
    "to_pcm16",
    "write_wav",
]
