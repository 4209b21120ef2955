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


@dataclass(frozen=True, slots=True)
class Span:
    """An utterance in a recording, in seconds."""

    start_s: float
    end_s: float


def find_utterances(vad: SileroVad, audio: F32, rate: int) -> list[Span]:
    """Speech spans in ``audio``, found by feeding it to a VAD stream in 20 ms frames."""
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
    return [Span(max(0.0, s.start_s - _PAD_S), min(total, s.end_s + _PAD_S)) for s in spans]


__all__ = ["Span", "find_utterances"]
