# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Reading and writing 16-bit PCM WAV files, with errors that say what is wrong."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from aiframe.errors import MediaError
from aiframe.media.arena import PCM


def resample_linear(pcm: PCM, src_rate: int, dst_rate: int) -> PCM:
    """Linear-interpolation resampling, good enough for test and demo audio."""
    if src_rate == dst_rate or len(pcm) == 0:
        return pcm
    n_out = round(len(pcm) * dst_rate / src_rate)
    x_out = np.arange(n_out) * (src_rate / dst_rate)
    out = np.interp(x_out, np.arange(len(pcm)), pcm.astype(np.float64))
    resampled: PCM = np.clip(np.round(out), -32768, 32767).astype(np.int16)
    return resampled


def read_wav_mono(path: str | Path, rate: int) -> PCM:
    """Read a 16-bit PCM WAV, mixed down to mono and resampled to ``rate``."""
    p = Path(path)
    try:
        with wave.open(str(p), "rb") as w:
            if w.getsampwidth() != 2:
                raise MediaError(f"{p}: {8 * w.getsampwidth()}-bit audio; need 16-bit PCM")
            channels, src_rate = w.getnchannels(), w.getframerate()
            raw = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise MediaError(f"{p}: no such file") from None
    except (wave.Error, EOFError) as e:
        raise MediaError(f"{p}: not a readable WAV file ({e})") from None
    pcm = np.frombuffer(raw, dtype="<i2").astype(np.int16)
    if channels > 1:
        pcm = pcm.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return resample_linear(pcm, src_rate, rate)


def write_wav(path: str | Path, rate: int, *channels: PCM) -> None:
    """Write one or more equal-length int16 channels as a WAV file."""
    if not channels:
        raise MediaError("write_wav needs at least one channel")
    length = max(len(c) for c in channels)
    frames = np.zeros((length, len(channels)), dtype="<i2")
    for i, c in enumerate(channels):
        frames[: len(c), i] = c
    with wave.open(str(path), "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames.tobytes())


__all__ = ["read_wav_mono", "resample_linear", "write_wav"]
