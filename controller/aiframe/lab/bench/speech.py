# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench speech`: what the local speech engines cost on this machine.

Each figure comes with the peer path measured in the same run:

* VAD: per-call sherpa-onnx detectors (the default backend) against one shared
  ONNX Runtime session that batches every call's window, and the same session
  one call at a time; per 20 ms frame per call, and the calls two cores carry.
* End of turn: smart-turn on 8 s of audio.
* ASR: Whisper on 1, 3 and 6 s utterances with the fitted encoder window against
  faster-whisper's stock 30 s window.
* TTS: time to first audio and real-time factor, sentence streaming against
  synthesizing the whole reply before playing any of it.
* Turns: EOT + ASR + first TTS sentence, run k at once on the inference pool.
"""

from __future__ import annotations

import platform
import resource
import statistics
import time
from collections.abc import Callable
from concurrent.futures import wait
from functools import partial
from typing import Any

import numpy as np

from aiframe.speech.audio import F32, resample, to_float, to_pcm16
from aiframe.speech.engines import SpeechEngines
from aiframe.speech.pool import cpu_count
from aiframe.speech.settings import AsrSettings, SpeechSettings, VadSettings
from aiframe.speech.vad import OrtVadStream, SileroVad, process_batch

_TEXT = (
    "Thanks for calling. I can book that table for two at seven thirty tonight, "
    "and I will send a confirmation to your phone. Is there anything else I can help with?"
)


def _p(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else 0.0


def _timed(fn: Callable[[], object], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _bench_vad(e: SpeechEngines, speech: F32, calls: int, seconds: float) -> dict[str, Any]:
    model = e.cache.require(e.manifest.get(e.settings.vad.model)) / "silero_vad.onnx"
    rate = 8000
    n = int(seconds * rate)
    talk = to_pcm16(resample(speech, 16000, rate))
    signal = np.zeros(n, np.int16)
    signal[: min(n, len(talk))] = talk[:n]
    frame = rate // 50
    frames = n // frame
    out: dict[str, Any] = {"calls": calls, "audio_s": seconds, "rate": rate}

    def run(streams: list[Any], batched: bool) -> float:
        # Each call's audio is the same speech shifted, so windows differ per call.
        shifted = [np.roll(signal, 37 * i) for i in range(len(streams))]
        t0 = time.perf_counter()
        for f in range(frames):
            chunk = slice(f * frame, (f + 1) * frame)
            if batched:
                for s, sig in zip(streams, shifted, strict=True):
                    s.accept(sig[chunk])
                process_batch(streams)
            else:
                for s, sig in zip(streams, shifted, strict=True):
                    s.push(sig[chunk])
        return (time.perf_counter() - t0) / (frames * len(streams)) * 1e6

    sherpa = SileroVad(model, VadSettings(backend="sherpa-onnx"))
    rss0 = _rss_kb()
    t0 = time.perf_counter()
    sherpa_streams = [sherpa.stream(rate) for _ in range(calls)]
    create_ms = (time.perf_counter() - t0) / calls * 1e3
    rss_per_call_kb = (_rss_kb() - rss0) / calls
    us_sherpa = run(sherpa_streams, batched=False)
    del sherpa_streams
    ort = SileroVad(model, VadSettings(backend="onnxruntime"))
    us_single = run([ort.stream(rate) for _ in range(calls)], batched=False)
    ort_streams = [ort.stream(rate) for _ in range(calls)]
    assert all(isinstance(s, OrtVadStream) for s in ort_streams)
    us_batched = run(ort_streams, batched=True)
    cores = cpu_count()
    budget_us = 20_000 * cores  # one 20 ms frame per call, all cores busy
    out.update(
        {
            "sherpa_us_per_frame": round(us_sherpa, 1),
            "sherpa_create_ms_per_call": round(create_ms, 1),
            "sherpa_rss_kb_per_call": round(rss_per_call_kb),
            "ort_single_us_per_frame": round(us_single, 1),
            "ort_batched_us_per_frame": round(us_batched, 1),
            "ratio_sherpa_over_batched": round(us_sherpa / us_batched, 2),
            "ratio_single_over_batched": round(us_single / us_batched, 2),
            "max_calls_sherpa": int(budget_us / us_sherpa),
            "max_calls_ort_batched": int(budget_us / us_batched),
        }
    )
    return out


def run_speech_bench(reps: int = 5, vad_calls: int = 100) -> dict[str, Any]:
    """Run every speech measurement; returns a JSON-able dict."""
    settings = SpeechSettings()
    e = SpeechEngines(settings)
    t0 = time.perf_counter()
    tts, turn, asr = e.tts, e.turn, e.asr
    load_s = time.perf_counter() - t0
    speech16 = resample(to_float(tts.synthesize(_TEXT)), tts.rate, 16000)
    result: dict[str, Any] = {
        "machine": {"cores": cpu_count(), "cpu": platform.processor() or platform.machine()},
        "load_s": round(load_s, 2),
    }

    result["vad"] = _bench_vad(e, speech16, vad_calls, 4.0)

    eot = _timed(lambda: turn.predict(speech16[: 16000 * 8], 16000), reps + 2)[2:]
    result["eot"] = {"p50_ms": round(_p(eot, 50) * 1e3, 1), "max_ms": round(max(eot) * 1e3, 1)}

    stock = SpeechEngines(
        settings.model_copy(update={"asr": AsrSettings(window="30s")})
    ).asr  # the peer path
    rows = []
    for seconds in (1, 3, 6):
        clip = speech16[: 16000 * seconds]
        asr.transcribe(clip, 16000)
        fit = _timed(partial(asr.transcribe, clip, 16000), reps)
        full = _timed(partial(stock.transcribe, clip, 16000), max(2, reps // 2))
        rows.append(
            {
                "seconds": seconds,
                "fit_p50_ms": round(_p(fit, 50) * 1e3, 1),
                "stock30_p50_ms": round(_p(full, 50) * 1e3, 1),
                "ratio_stock_over_fit": round(_p(full, 50) / _p(fit, 50), 2),
            }
        )
    result["asr"] = rows

    ttfa, whole, rtf = [], [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        first = None
        audio_s = 0.0
        for chunk in tts.stream(_TEXT, rate=8000):
            first = first if first is not None else time.perf_counter() - t0
            audio_s += chunk.seconds
        total = time.perf_counter() - t0
        ttfa.append(first or total)
        whole.append(total)
        rtf.append(total / audio_s)
    result["tts"] = {
        "reply_audio_s": round(audio_s, 2),
        "first_audio_p50_ms": round(_p(ttfa, 50) * 1e3, 1),
        "whole_reply_p50_ms": round(_p(whole, 50) * 1e3, 1),
        "ratio_whole_over_first": round(_p(whole, 50) / _p(ttfa, 50), 2),
        "rtf_p50": round(_p(rtf, 50), 3),
    }

    clip3 = speech16[: 16000 * 3]

    def one_turn() -> float:
        t = time.perf_counter()
        turn.predict(clip3, 16000)
        asr.transcribe(clip3, 16000)
        next(iter(tts.stream("Sure, one moment.", rate=8000)))
        return time.perf_counter() - t

    pool = e.pool
    turns = []
    for k in (1, 2, 4, 8):
        lat: list[float] = []
        t0 = time.perf_counter()
        for _ in range(max(1, reps // 2)):
            futs = [pool.submit(one_turn) for _ in range(k)]
            wait(futs)
            lat += [f.result() for f in futs]
        wall = time.perf_counter() - t0
        turns.append(
            {
                "simultaneous": k,
                "p50_ms": round(statistics.median(lat) * 1e3),
                "max_ms": round(max(lat) * 1e3),
                "turns_per_s": round(len(lat) / wall, 2),
            }
        )
    result["turns"] = turns
    e.close()
    return result


__all__ = ["run_speech_bench"]
