# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Cutting recorded audio into utterances with the VAD, the way a call's
audio is endpointed live, so offline tools exercise the call path."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aiframe.speech.audio import F32, resample, to_pcm16
from aiframe.speech.vad import SileroVad

_FRAME_MS = 20
_PAD_S = 0.2  # keep a little audio either side of the detected speech
# The recogniser takes at most 30 s at once; a longer stretch of speech (an agent that
# talks on, a line whose noise keeps the VAD open) is cut at its quietest moment
# between MIN_PIECE_S and MAX_PIECE_S into it.
MAX_PIECE_S = 20.0
MIN_PIECE_S = 8.0


@dataclass(frozen=True, slots=True)
class Span:
    """An utterance in a recording, in seconds."""

    start_s: float
    end_s: float


def split_long(span: Span, audio: F32, rate: int, max_s: float = MAX_PIECE_S) -> list[Span]:
    """``span`` cut into pieces of at most ``max_s``, each cut at the quietest 20 ms
    frame (by energy) that leaves a piece of at least ``MIN_PIECE_S``."""
    out: list[Span] = []
    start, end = span.start_s, span.end_s
    frame = max(1, rate * _FRAME_MS // 1000)
    while end - start > max_s:
        lo = int((start + min(MIN_PIECE_S, max_s / 2)) * rate)
        hi = int((start + max_s) * rate)
        window = audio[lo:hi]
        n = len(window) // frame
        if n == 0:
            break
        energy = np.square(window[: n * frame].reshape(n, frame).astype(np.float64)).mean(axis=1)
        cut = (lo + int(np.argmin(energy)) * frame + frame // 2) / rate
        out.append(Span(start, cut))
        start = cut
    out.append(Span(start, end))
    return out


def find_utterances(
    vad: SileroVad, audio: F32, rate: int, *, max_s: float = MAX_PIECE_S
) -> list[Span]:
    """Speech spans in ``audio``, found by feeding it to a VAD stream in 20 ms frames;
    none longer than ``max_s`` (longer speech is cut where it is quietest)."""
    call_rate = rate if rate in (8000, 16000) else 16000
    x = resample(audio, rate, call_rate)
    pcm = to_pcm16(x)
    stream = vad.stream(call_rate)
    frame = call_rate * _FRAME_MS // 1000
    spans: list[Span] = []
    start: float | None = None
    # A second of silence at the end lets the last utterance close.
    pcm = np.concatenate([pcm, np.zeros(call_rate, dtype=np.int16)])
    for i in range(0, len(pcm), frame):
        for ev in stream.push(pcm[i : i + frame]):
            if ev.kind == "start":
                start = ev.at_ms / 1000
            elif start is not None:
                spans.append(Span(start, ev.at_ms / 1000))
                start = None
    total = len(x) / call_rate
    if start is not None:
        spans.append(Span(start, total))
    padded = [Span(max(0.0, s.start_s - _PAD_S), min(total, s.end_s + _PAD_S)) for s in spans]
    return [piece for s in padded for piece in split_long(s, x, call_rate, max_s)]


__all__ = ["MAX_PIECE_S", "Span", "find_utterances", "split_long"]
