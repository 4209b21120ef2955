# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Test signals and what to measure on recordings of real calls.

The signals are band-limited to telephone speech (300-3400 Hz) so that an
8 kHz leg carries them whole. Detection works in short windows: a tone is
"present" in a window when the Goertzel power at its frequency is most of the
window's energy and the window is loud enough.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soxr

from aiframe.media.arena import PCM
from aiframe.speech.g711 import mulaw_encode

F64 = npt.NDArray[np.float64]


def tone(freq: float, seconds: float, rate: int, amplitude: int = 8000) -> PCM:
    t = np.arange(round(seconds * rate)) / rate
    return np.round(amplitude * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def speechlike(seconds: float, rate: int, *, seed: int = 7, amplitude: int = 9000) -> PCM:
    """A deterministic, non-periodic test signal: gliding harmonics of a
    wandering pitch under a syllable-rate envelope, all within 300-3400 Hz.
    Its autocorrelation has one clear peak, so a lag search cannot lock on
    the wrong period."""
    rng = np.random.default_rng(seed)
    n = round(seconds * rate)
    t = np.arange(n) / rate
    # pitch wanders 110-220 Hz
    knots = rng.uniform(110.0, 220.0, size=int(seconds * 4) + 2)
    f0 = np.interp(t, np.linspace(0, seconds, len(knots)), knots)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    sig = np.zeros(n)
    for h in range(2, 16):
        if np.max(f0) * h > 3400:
            break
        sig += rng.uniform(0.3, 1.0) / h * np.sin(h * phase + rng.uniform(0, 2 * np.pi))
    # syllables: 4-6 per second, with short pauses
    env_knots = rng.uniform(0.0, 1.0, size=int(seconds * 10) + 2) ** 2
    env = np.interp(t, np.linspace(0, seconds, len(env_knots)), env_knots)
    sig *= env
    sig /= max(np.max(np.abs(sig)), 1e-9)
    return np.round(amplitude * sig).astype(np.int16)


def write_wav(path: Path, rate: int, pcm: PCM) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())


def read_wav(path: Path) -> tuple[int, list[PCM]]:
    """(rate, one int16 array per channel)."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: {8 * w.getsampwidth()}-bit audio, expected 16-bit")
        rate, channels = w.getframerate(), w.getnchannels()
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int16)
    frames = raw.reshape(-1, channels)
    return rate, [np.ascontiguousarray(frames[:, c]) for c in range(channels)]


def resample(pcm: PCM, src_rate: int, dst_rate: int) -> PCM:
    if src_rate == dst_rate or len(pcm) == 0:
        return pcm
    out: PCM = soxr.resample(pcm, src_rate, dst_rate, quality="HQ")
    return out


@dataclass(frozen=True, slots=True)
class Match:
    """Where ``got`` best matches ``ref``: normalized correlation and lag (samples
    of ``got`` before ``ref`` starts; negative when ``got`` starts inside ``ref``)."""

    correlation: float
    lag: int


def best_match(ref: PCM, got: PCM) -> Match:
    """Peak normalized cross-correlation of ``ref`` within ``got`` (same rate).

    The correlation at each lag is normalized by the energies of the
    overlapping parts, so a recording that begins late or ends early still
    scores by what it shares with the reference."""
    a = ref.astype(np.float64)
    b = got.astype(np.float64)
    if len(a) == 0 or len(b) == 0:
        return Match(0.0, 0)
    n = len(a) + len(b) - 1
    size = 1 << (n - 1).bit_length()
    xc = np.fft.irfft(np.fft.rfft(b, size) * np.conj(np.fft.rfft(a, size)), size)
    # xc[k] = sum_i b[i + k] a[i] for lag k (wrapping for negative k)
    lags = np.concatenate([np.arange(0, len(b)), np.arange(-(len(a) - 1), 0)])
    values = np.concatenate([xc[: len(b)], xc[size - (len(a) - 1) :]])
    # energies of the overlapping windows, by cumulative sums
    ca = np.concatenate([[0.0], np.cumsum(a * a)])
    cb = np.concatenate([[0.0], np.cumsum(b * b)])
    lo_a = np.clip(-lags, 0, len(a))
    hi_a = np.clip(len(b) - lags, 0, len(a))
    lo_b = np.clip(lags, 0, len(b))
    hi_b = np.clip(lags + len(a), 0, len(b))
    ea = ca[hi_a] - ca[lo_a]
    eb = cb[hi_b] - cb[lo_b]
    overlap = hi_a - lo_a
    # demand half the reference overlapping, so a tiny overlap cannot score by luck
    ok = (overlap >= len(a) // 2) & (ea > 0) & (eb > 0)
    if not np.any(ok):
        return Match(0.0, 0)
    norm = np.where(ok, values / np.sqrt(np.where(ok, ea * eb, 1.0)), -np.inf)
    k = int(np.argmax(norm))
    return Match(float(norm[k]), int(lags[k]))


def segment_correlations(
    ref: PCM, got: PCM, rate: int, *, segment_s: float = 0.25, search_s: float = 0.06
) -> list[float]:
    """Correlation of each voiced ``segment_s`` piece of ``ref`` with ``got``,
    each at its own best lag within ``search_s`` of the overall best lag.

    A real call's audio can slip by a frame (an endpoint inserts a comfort
    noise frame when its timer beats the writer); a slip costs one segment
    here instead of misaligning everything after it."""
    whole = best_match(ref, got)
    n = round(segment_s * rate)
    search = round(search_s * rate)
    floor = 0.1 * float(np.sqrt(np.mean(ref.astype(np.float64) ** 2)))
    out: list[float] = []
    for start in range(0, len(ref) - n + 1, n):
        piece = ref[start : start + n]
        if float(np.sqrt(np.mean(piece.astype(np.float64) ** 2))) < floor:
            continue
        lo = max(0, start + whole.lag - search)
        hi = min(len(got), start + whole.lag + n + search)
        if hi - lo < n:
            out.append(0.0)
            continue
        out.append(best_match(piece, got[lo:hi]).correlation)
    return out


def goertzel(frames: F64, freq: float, rate: int) -> F64:
    """Power at ``freq`` in each row of ``frames``, scaled like the row's mean square."""
    n = frames.shape[1]
    k = 2 * np.pi * freq / rate
    t = np.arange(n)
    c = frames @ np.cos(k * t)
    s = frames @ np.sin(k * t)
    power: F64 = 2.0 * (c * c + s * s) / (n * n)
    return power


def windows(pcm: PCM, rate: int, window_ms: float) -> F64:
    n = max(1, round(rate * window_ms / 1000))
    count = len(pcm) // n
    out: F64 = pcm[: count * n].astype(np.float64).reshape(count, n)
    return out


def tone_mask(
    pcm: PCM,
    rate: int,
    freq: float,
    *,
    window_ms: float = 10.0,
    min_rms: float = 500.0,
    min_share: float = 0.6,
) -> npt.NDArray[np.bool_]:
    """Per window: is ``freq`` present (loud enough, and most of the energy)?"""
    w = windows(pcm, rate, window_ms)
    ms = np.mean(w * w, axis=1)
    p = goertzel(w, freq, rate)
    mask: npt.NDArray[np.bool_] = (ms >= min_rms * min_rms) & (p >= min_share * ms)
    return mask


def rms_windows(pcm: PCM, rate: int, window_ms: float = 10.0) -> F64:
    w = windows(pcm, rate, window_ms)
    out: F64 = np.sqrt(np.mean(w * w, axis=1))
    return out


@dataclass(frozen=True, slots=True)
class Presence:
    """Where a signal is present in a recording, in windows of ``window_ms``."""

    window_ms: float
    first: int  # first window present, -1 if never
    last: int  # last window present, -1 if never
    present: int  # windows present between first and last (inclusive)
    longest_gap: int  # the longest run of absent windows between first and last

    @property
    def span_ms(self) -> float:
        return 0.0 if self.first < 0 else (self.last - self.first + 1) * self.window_ms

    @property
    def longest_gap_ms(self) -> float:
        return self.longest_gap * self.window_ms

    @property
    def first_ms(self) -> float:
        return self.first * self.window_ms

    @property
    def last_end_ms(self) -> float:
        return (self.last + 1) * self.window_ms


def presence(mask: npt.NDArray[np.bool_], window_ms: float) -> Presence:
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return Presence(window_ms, -1, -1, 0, 0)
    first, last = int(idx[0]), int(idx[-1])
    gaps = np.diff(idx) - 1
    return Presence(window_ms, first, last, len(idx), int(gaps.max()) if len(gaps) else 0)


@dataclass(frozen=True, slots=True)
class BargeTiming:
    """On a far leg's stereo recording: when its talking began, when the AI
    audio it heard stopped for good (window indices), and the time between."""

    window_ms: float
    onset: int  # first window with the talking, -1 if none
    ai_before: int  # windows with AI audio before the onset
    gone: int  # first window after which no AI audio is heard, -1 if it never stops

    @property
    def flush_ms(self) -> float | None:
        if self.onset < 0 or self.gone < 0:
            return None
        return max(0, self.gone - self.onset) * self.window_ms


def barge_timing(
    heard: PCM,
    said: PCM,
    rate: int,
    *,
    ai_hz: float,
    talk_hz: float,
    window_ms: float = 5.0,
    tail_ms: float = 300.0,
) -> BargeTiming:
    """Talk onset and AI-gone on one timeline. The AI counts as gone only if it
    stays gone for at least ``tail_ms`` to the end of the recording."""
    talk = tone_mask(said, rate, talk_hz, window_ms=window_ms)
    ai = tone_mask(heard, rate, ai_hz, window_ms=window_ms)
    onset = first_true(talk)
    if onset < 0:
        return BargeTiming(window_ms, -1, int(ai.sum()), -1)
    present = np.flatnonzero(ai)
    gone = int(present[-1]) + 1 if len(present) else 0
    if len(ai) - gone < tail_ms / window_ms:
        gone = -1
    return BargeTiming(window_ms, onset, int(ai[:onset].sum()), gone)


def heard_and_said(
    channels: list[PCM], rate: int, ai_hz: float, window_ms: float = 5.0
) -> tuple[PCM, PCM]:
    """A stereo recording of a far leg as (what it heard, what it said): the
    channel carrying more of the AI tone is the one it heard."""
    if len(channels) != 2:
        raise ValueError(f"expected a stereo recording, got {len(channels)} channels")
    first, second = channels
    share = [int(tone_mask(c, rate, ai_hz, window_ms=window_ms).sum()) for c in channels]
    return (second, first) if share[1] > share[0] else (first, second)


def first_true(mask: npt.NDArray[np.bool_], start: int = 0) -> int:
    """Index of the first True at or after ``start``, or -1."""
    idx = np.flatnonzero(mask[start:])
    return int(idx[0]) + start if len(idx) else -1


def first_false_run(mask: npt.NDArray[np.bool_], start: int, run: int) -> int:
    """Index where ``run`` consecutive False begin, at or after ``start``, or -1."""
    count = 0
    for i in range(start, len(mask)):
        count = 0 if mask[i] else count + 1
        if count == run:
            return i - run + 1
    return -1


__all__ = [
    "BargeTiming",
    "Match",
    "Presence",
    "barge_timing",
    "best_match",
    "first_false_run",
    "first_true",
    "goertzel",
    "heard_and_said",
    "mulaw_encode",
    "presence",
    "read_wav",
    "resample",
    "rms_windows",
    "segment_correlations",
    "speechlike",
    "tone",
    "tone_mask",
    "windows",
    "write_wav",
]
