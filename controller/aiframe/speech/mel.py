# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The Whisper log-mel front end in numpy: 16 kHz audio, 25 ms Hann windows
every 10 ms, 80 Slaney mel bands, log10, clamped to 8 decades below the peak and
scaled to about [-1, 1]. smart-turn and Whisper both read these features; the
tests hold this code to faster-whisper's independent implementation."""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from aiframe.speech.errors import AudioError

RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]


def _hz_to_mel(f: F64) -> F64:
    # Slaney: linear below 1 kHz, logarithmic above.
    lin = 3.0 * f / 200.0
    log = 15.0 + np.log(np.maximum(f, 1e-9) / 1000.0) * (27.0 / np.log(6.4))
    out: F64 = np.where(f >= 1000.0, log, lin)
    return out


def _mel_to_hz(m: F64) -> F64:
    lin = 200.0 * m / 3.0
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
    out: F64 = np.where(m >= 15.0, log, lin)
    return out


@cache
def mel_filters(n_mels: int = N_MELS) -> F64:
    """Slaney-normalised triangular filters, shape (n_mels, N_FFT // 2 + 1)."""
    fft_freqs = np.linspace(0.0, RATE / 2, N_FFT // 2 + 1)
    edges = _mel_to_hz(np.linspace(0.0, float(_hz_to_mel(np.array([RATE / 2]))[0]), n_mels + 2))
    diff = np.diff(edges)
    ramps = edges[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / diff[:-1, None]
    upper = ramps[2:] / diff[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (edges[2 : n_mels + 2] - edges[:n_mels]))[:, None]
    out: F64 = weights
    return out


@cache
def _window() -> F64:
    # Periodic Hann, as torch.hann_window builds it.
    w: F64 = np.hanning(N_FFT + 1)[:-1]
    return w


def log_mel(audio: F32, n_samples: int | None = None, *, normalize: bool = False) -> F32:
    """Log-mel features of 16 kHz mono audio, shape (80, frames).

    ``n_samples`` pads with zeros (or truncates) at the end first; the result then
    has ``n_samples // 160`` frames. ``normalize`` scales the waveform to zero mean
    and unit variance first (smart-turn was trained that way; Whisper was not).
    """
    x = np.asarray(audio, dtype=np.float32)
    if x.ndim != 1:
        raise AudioError(f"log_mel wants mono audio (1-D); got shape {x.shape}")
    if n_samples is not None:
        x = np.pad(x, (0, max(0, n_samples - x.size)))[:n_samples]
    if x.size < N_FFT // 2 + 1:
        raise AudioError(f"log_mel needs at least {N_FFT // 2 + 1} samples; got {x.size}")
    if normalize:
        x = (x - x.mean()) / np.sqrt(x.var() + 1e-7)
    padded = np.pad(x.astype(np.float64), N_FFT // 2, mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    power = np.abs(np.fft.rfft(frames * _window(), axis=-1)) ** 2
    mel = mel_filters() @ power[:-1].T  # the last, half-empty frame is dropped
    logs = np.log10(np.maximum(mel, 1e-10))
    logs = np.maximum(logs, logs.max() - 8.0)
    out: F32 = ((logs + 4.0) / 4.0).astype(np.float32)
    return out


__all__ = ["HOP", "N_FFT", "N_MELS", "RATE", "log_mel", "mel_filters"]
