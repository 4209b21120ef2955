# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Speech engines for tests that need no models: an energy VAD, a transcriber that
knows the script's lines by their length, and a TTS that makes voice-like audio whose
length follows the text. Same port, same threads as the real ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from aiframe.cancel import Cancel
from aiframe.conversation.messages import Heard, Spoken, TurnGuess
from aiframe.lab.fakes.cheap_speech import EnergyVad
from aiframe.media.synth import synth_voice
from aiframe.speech.audio import F32
from aiframe.speech.vad import VadStream

FRAME = 320


class FakeSpeech:
    """A :class:`~aiframe.conversation.speech.SpeechPort` with no models."""

    def __init__(self, lines: Mapping[float, str], *, words_s: float = 0.08) -> None:
        self.lines = dict(lines)  # speech length (s) -> what the caller said
        self.words_s = words_s
        self._pool = ThreadPoolExecutor(2)
        self.transcribed: list[str] = []
        self.synthesized: list[str] = []

    @property
    def pool(self) -> ThreadPoolExecutor:
        return self._pool

    def vad_stream(self, rate: int) -> VadStream:
        return EnergyVad(rate, pause_ms=128)

    def end_of_turn(self, audio: F32, rate: int) -> TurnGuess:
        return TurnGuess(0.9, True)

    def transcribe(self, audio: F32, rate: int) -> Heard:
        loud = np.flatnonzero(np.abs(audio) > 0.02)
        seconds = (loud[-1] - loud[0]) / rate if len(loud) else 0.0
        if not self.lines or seconds < 0.1:
            return Heard("")
        best = min(self.lines, key=lambda d: abs(d - seconds))
        text = self.lines[best] if abs(best - seconds) < 0.25 else ""
        self.transcribed.append(text)
        return Heard(text)

    def synthesize(self, text: str, rate: int, cancel: Cancel) -> Iterator[Spoken]:
        self.synthesized.append(text)
        if cancel.is_set():
            return
        seconds = max(0.2, len(text.split()) * self.words_s)
        yield Spoken(synth_voice(seconds, 180.0, seed=len(text), rate=rate), text)

    def warm(self, texts: Iterable[str], rate: int) -> int:
        return 0

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


@pytest.fixture
def make_speech() -> Iterator[Callable[[Mapping[float, str]], FakeSpeech]]:
    """``make_speech({seconds: text})``: fake engines, closed after the test."""
    made: list[FakeSpeech] = []

    def make(lines: Mapping[float, str]) -> FakeSpeech:
        s = FakeSpeech(lines)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()
