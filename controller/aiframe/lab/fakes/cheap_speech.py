# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Speech engines with no models, for ``aiframe soak --cheap`` and its test.

The soak's point is the plumbing around the models (the arena, the pump, actors,
the store, the threads), so a run that cannot afford the models keeps everything but
the inference: an energy VAD, a transcriber that knows the script's lines by their
length (each line is voiced as a synthetic voice of its own length), and a TTS whose
audio length follows the text. Same :class:`~aiframe.conversation.speech.SpeechPort`,
same worker threads as the real engines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from aiframe.cancel import Cancel
from aiframe.conversation.messages import Heard, Spoken, TurnGuess
from aiframe.demo.script import CallerScript
from aiframe.media.arena import PCM
from aiframe.media.synth import synth_voice
from aiframe.speech.audio import F32
from aiframe.speech.vad import VadEvent, VadStream

__all__ = ["CheapSpeech", "cheap_clips"]

_FRAME = 320  # 20 ms at 16 kHz
_LINE_S = 0.6  # the first line's length; each next line is this much longer


class EnergyVad(VadStream):
    """Speech is 20 ms frames above an RMS; ``pause_ms`` of quiet ends it."""

    def __init__(self, rate: int, pause_ms: int = 160, min_speech_ms: int = 60) -> None:
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

    def push(self, pcm: PCM) -> list[VadEvent]:
        x = np.concatenate([self._rest, pcm])
        out: list[VadEvent] = []
        n = len(x) // _FRAME
        for i in range(n):
            f = x[i * _FRAME : (i + 1) * _FRAME].astype(np.float64)
            loud = float(np.sqrt(np.mean(f * f))) > 400
            self._pos += _FRAME
            now = self.position_ms
            if loud:
                self._quiet = 0
                if not self.in_speech:
                    self._run += 1
                    if self._run == 1:
                        self._start = self._pos - _FRAME
                    if self._run >= self._min:
                        self.in_speech = True
                        out.append(VadEvent("start", self._start * 1000 / self.rate, now))
            else:
                self._run = 0
                if self.in_speech:
                    self._quiet += 1
                    if self._quiet >= self._pause:
                        self.in_speech = False
                        end = (self._pos - self._quiet * _FRAME) * 1000 / self.rate
                        out.append(VadEvent("stop", end, now))
        self._rest = x[n * _FRAME :]
        return out


def _lines(script: CallerScript) -> list[str]:
    seen: list[str] = []
    for s in script.steps:
        if s.say is not None and s.say not in seen:
            seen.append(s.say)
    return seen


def cheap_clips(script: CallerScript, rate: int = 16000) -> dict[str, PCM]:
    """Each of the script's lines as a synthetic voice whose length names the line."""
    return {
        text: synth_voice(_LINE_S * (i + 1), 140.0, seed=i, rate=rate)
        for i, text in enumerate(_lines(script))
    }


class CheapSpeech:
    """A :class:`~aiframe.conversation.speech.SpeechPort` with no models."""

    def __init__(self, script: CallerScript, *, words_s: float = 0.08) -> None:
        self.lines = {_LINE_S * (i + 1): text for i, text in enumerate(_lines(script))}
        self.words_s = words_s
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="cheap-speech")

    @property
    def pool(self) -> ThreadPoolExecutor:
        return self._pool

    def load(self) -> None:
        """Nothing to load (the real engines' method, for symmetry)."""

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
        return Heard(self.lines[best] if abs(best - seconds) < _LINE_S / 2 else "")

    def synthesize(self, text: str, rate: int, cancel: Cancel) -> Iterator[Spoken]:
        if cancel.is_set():
            return
        seconds = max(0.2, len(text.split()) * self.words_s)
        yield Spoken(synth_voice(seconds, 180.0, seed=len(text), rate=rate), text)

    def warm(self, texts: Iterable[str], rate: int) -> int:
        return 0

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
