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

from aiframe.conversation.speech import Heard, Spoken, TurnGuess
from aiframe.media.synth import synth_voice
from aiframe.speech.audio import F32, PCM16
from aiframe.speech.tts import Cancel
from aiframe.speech.vad import VadEvent, VadStream

FRAME = 320


class EnergyVad(VadStream):
    """Speech is 20 ms frames above an RMS; ``pause_ms`` of quiet ends it."""

    def __init__(self, rate: int, pause_ms: int = 128, min_speech_ms: int = 60) -> None:
        self.rate = rate
        self.in_speech = False
        self._pos = 0
        self._rest = np.zeros(0, dtype=np.int16)
        self._run = 0
        self._quiet = 0
        self._pause = pause_ms // 20
        self._min = max(1, min_speech_ms // 20)
        self._start = 0

    @property
    def position_ms(self) -> float:
        return self._pos * 1000 / self.rate

    def push(self, pcm: PCM16) -> list[VadEvent]:
        x = np.concatenate([self._rest, pcm])
        out: list[VadEvent] = []
        n = len(x) // FRAME
        for i in range(n):
            f = x[i * FRAME : (i + 1) * FRAME].astype(np.float64)
            loud = float(np.sqrt(np.mean(f * f))) > 400
            self._pos += FRAME
            now = self.position_ms
            if loud:
                self._quiet = 0
                if not self.in_speech:
                    self._run += 1
                    if self._run == 1:
                        self._start = self._pos - FRAME
                    if self._run >= self._min:
                        self.in_speech = True
                        out.append(VadEvent("start", self._start * 1000 / self.rate, now))
            else:
                self._run = 0
                if self.in_speech:
                    self._quiet += 1
                    if self._quiet >= self._pause:
                        self.in_speech = False
                        end = (self._pos - self._quiet * FRAME) * 1000 / self.rate
                        out.append(VadEvent("stop", end, now))
        self._rest = x[n * FRAME :]
        return out


class FakeSpeech:
    """A :class:`~aiframe.conversation.speech.SpeechPort` with no models."""

    def __init__(self, lines: Mapping[float, str], *, words_s: float = 0.08) -> None:
        self.lines = dict(lines)  # speech length (s) -> what the caller said
        self.words_s = words_s
        self._lane = ThreadPoolExecutor(1)
        self._pool = ThreadPoolExecutor(2)
        self.transcribed: list[str] = []
        self.synthesized: list[str] = []

    @property
    def vad_lane(self) -> ThreadPoolExecutor:
        return self._lane

    @property
    def pool(self) -> ThreadPoolExecutor:
        return self._pool

    def vad_stream(self, rate: int) -> VadStream:
        return EnergyVad(rate)

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
        self._lane.shutdown(cancel_futures=True)
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
