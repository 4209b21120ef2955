# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Silero VAD through both backends, at 8 and 16 kHz: speech is found where it
is, and silence, line noise and DTMF tones are not speech."""

from __future__ import annotations

import numpy as np
import pytest

from aiframe.speech.errors import AudioError
from aiframe.speech.settings import VadSettings
from aiframe.speech.vad import OrtVadStream, SileroVad, process_batch

pytestmark = pytest.mark.models

RATES = (8000, 16000)
BACKENDS = ("sherpa-onnx", "onnxruntime")
_DTMF = {
    "1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "4": (770, 1209),
    "5": (770, 1336), "6": (770, 1477), "7": (852, 1209), "8": (852, 1336),
    "9": (852, 1477), "0": (941, 1336), "*": (941, 1209), "#": (941, 1477),
}  # fmt: skip


def dtmf(rate: int, on: float, off: float) -> np.ndarray:
    parts = []
    for digit in "1234567890*#":
        t = np.arange(int(on * rate)) / rate
        lo, hi = _DTMF[digit]
        parts += [0.25 * (np.sin(2 * np.pi * lo * t) + np.sin(2 * np.pi * hi * t))]
        parts += [np.zeros(int(off * rate))]
    return np.concatenate(parts)


def line_noise(rate: int, seconds: float = 3.0) -> np.ndarray:
    """Mains hum with harmonics and hiss, as on a poor analogue line."""
    rng = np.random.default_rng(1)
    t = np.arange(int(seconds * rate)) / rate
    hum = sum(0.03 / k * np.sin(2 * np.pi * 60 * k * t) for k in (1, 2, 3, 5))
    return hum + 0.01 * rng.standard_normal(t.size)


def events(vad: SileroVad, rate: int, x: np.ndarray) -> list[tuple[str, float]]:
    stream = vad.stream(rate)
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype(np.int16)
    frame = rate // 50
    out = []
    for i in range(0, len(pcm), frame):
        out += [(e.kind, e.at_ms) for e in stream.push(pcm[i : i + frame])]
    return out


@pytest.fixture(scope="module", params=BACKENDS)
def vad(request, engines) -> SileroVad:
    model = engines.cache.require(engines.manifest.get("silero-vad")) / "silero_vad.onnx"
    return SileroVad(model, VadSettings(backend=request.param))


@pytest.fixture(scope="module")
def utterance(tts_fixed) -> dict[int, tuple[np.ndarray, float, float]]:
    """A sentence with 1 s of silence before and 1.5 s after, and where speech truly is."""
    out = {}
    for rate in RATES:
        sp = tts_fixed.tts.synthesize("Hello, I would like to check my account balance.", rate=rate)
        x = np.concatenate([np.zeros(rate), sp / 32768, np.zeros(int(1.5 * rate))])
        voiced = np.nonzero(np.abs(x) > 0.02)[0]
        out[rate] = (x, voiced[0] * 1000 / rate, voiced[-1] * 1000 / rate)
    return out


@pytest.mark.parametrize("rate", RATES)
def test_speech_starts_and_stops_where_it_is(vad, utterance, rate):
    x, onset, offset = utterance[rate]
    ev = events(vad, rate, x)
    kinds = [k for k, _ in ev]
    assert kinds == ["start", "stop"], ev
    assert onset - 150 <= ev[0][1] <= onset + 100
    assert offset - 100 <= ev[1][1] <= offset + 450


@pytest.mark.parametrize("rate", RATES)
def test_speech_over_line_noise_is_still_found(vad, utterance, rate):
    x, onset, _ = utterance[rate]
    ev = events(vad, rate, x + line_noise(rate, len(x) / rate))
    assert [k for k, _ in ev][:2] == ["start", "stop"]
    assert abs(ev[0][1] - onset) < 200


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("kind", ["silence", "dither", "line-noise", "dtmf-short", "dtmf-long"])
def test_non_speech_gives_no_events(vad, rate, kind):
    rng = np.random.default_rng(3)
    x = {
        "silence": lambda: np.zeros(3 * rate),
        "dither": lambda: 0.0005 * rng.standard_normal(3 * rate),
        "line-noise": lambda: line_noise(rate),
        "dtmf-short": lambda: dtmf(rate, 0.1, 0.1),
        "dtmf-long": lambda: dtmf(rate, 0.5, 0.2),
    }[kind]()
    assert events(vad, rate, x) == []


def test_batched_windows_give_the_same_events_as_one_stream_at_a_time(engines, utterance):
    model = engines.cache.require(engines.manifest.get("silero-vad")) / "silero_vad.onnx"
    vad = SileroVad(model, VadSettings(backend="onnxruntime"))
    x, _, _ = utterance[8000]
    pcm = np.round(x * 32767).astype(np.int16)
    shifts = [0, 800, 1600, 4000]  # four calls, the same sentence at different offsets
    signals = [np.concatenate([np.zeros(s, np.int16), pcm]) for s in shifts]
    alone = [[(e.kind, e.at_ms) for e in vad.stream(8000).push(sig)] for sig in signals]
    streams = [vad.stream(8000) for _ in shifts]
    assert all(isinstance(s, OrtVadStream) for s in streams)
    together: list[list[tuple[str, float]]] = [[] for _ in shifts]
    for i in range(0, max(map(len, signals)), 160):
        for s, sig in zip(streams, signals, strict=True):
            s.accept(sig[i : i + 160])  # type: ignore[union-attr]
        for j, evs in enumerate(process_batch(streams)):  # type: ignore[arg-type]
            together[j] += [(e.kind, e.at_ms) for e in evs]
    assert together == alone
    assert [ev[0][1] for ev in alone] == pytest.approx(
        [alone[0][0][1] + s / 8 for s in shifts], abs=40
    )


def test_other_rates_are_refused(vad):
    with pytest.raises(AudioError, match="8000 or 16000 Hz"):
        vad.stream(44100)


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("noise_rms", [0.0, 10.0, 30.0])
def test_the_quiet_line_gate_hears_what_the_model_hears(engines, utterance, rate, noise_rms):
    """Windows of a quiet line skip the model, and the speech found is the speech found
    with every window run: where it starts and ends within one window, and the same
    stretches (a soft sentence the model itself splits at a pause may split differently)."""
    model = engines.cache.require(engines.manifest.get("silero-vad")) / "silero_vad.onnx"
    x, _, _ = utterance[rate]
    rng = np.random.default_rng(5)
    x = np.concatenate([np.zeros(2 * rate), x, x * 0.3])  # a loud and a soft sentence
    x = x + noise_rms / 32768 * rng.standard_normal(len(x))
    gated = SileroVad(model, VadSettings(backend="onnxruntime", gate_rms=50.0))
    every = SileroVad(model, VadSettings(backend="onnxruntime", gate_rms=0.0))
    runs: list[int] = []
    real = gated._infer

    def counted(w, s, r):
        runs.append(len(w))
        return real(w, s, r)

    gated._infer = counted  # type: ignore[method-assign]
    got, want = events(gated, rate, x), events(every, rate, x)
    window_ms = 32.0
    assert abs(got[0][1] - want[0][1]) <= window_ms and abs(got[-1][1] - want[-1][1]) <= window_ms

    def voiced(ev: list[tuple[str, float]]) -> set[int]:
        return {
            w
            for (_, a), (_, b) in zip(ev[::2], ev[1::2], strict=True)
            for w in range(int(a // window_ms), int(b // window_ms))
        }

    g, w = voiced(got), voiced(want)
    assert len(g & w) >= 0.9 * len(g | w), (got, want)
    windows = len(x) * 1000 / rate / window_ms
    assert sum(runs) < 0.75 * windows  # the quiet stretches never reached the model


def test_a_noisy_line_is_never_gated(engines, utterance):
    model = engines.cache.require(engines.manifest.get("silero-vad")) / "silero_vad.onnx"
    vad = SileroVad(model, VadSettings(backend="onnxruntime", gate_rms=50.0))
    stream = vad.stream(16000)
    assert isinstance(stream, OrtVadStream)
    rng = np.random.default_rng(6)
    noise = (rng.standard_normal(3 * 16000) * 120).astype(np.int16)  # about -49 dBFS
    stream.accept(noise)
    gated = 0
    while stream.ready():
        gated += stream.quiet(stream.take_window())
    assert gated == 0
