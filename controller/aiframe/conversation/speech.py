# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the conversation loop needs from the speech engines, and where it runs.

Every method of a :class:`SpeechPort` blocks on native work (ONNX Runtime,
sherpa-onnx, CTranslate2), so the loop calls them only inside the port's executor,
never in an actor's greenlet: ``pool`` is the engines' inference pool for end of
turn, ASR and TTS. The per-frame VAD runs on the media lane's thread, batched across
calls (:mod:`aiframe.runtime.listening`), on the streams ``vad_stream`` makes.

:class:`EngineSpeech` is the real port over :class:`~aiframe.speech.engines.SpeechEngines`;
tests substitute their own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from typing import Protocol

from aiframe.cancel import Cancel
from aiframe.conversation.messages import Heard, Spoken, TurnGuess
from aiframe.conversation.settings import EndpointSettings
from aiframe.metrics import INFERENCE
from aiframe.runtime.hubseam import Submitter
from aiframe.speech.audio import F32
from aiframe.speech.engines import SpeechEngines
from aiframe.speech.settings import VadSettings
from aiframe.speech.vad import SileroVad, VadStream

__all__ = ["EngineSpeech", "SpeechPort"]


class SpeechPort(Protocol):
    """The engines, as one call's loop uses them. Blocking; run in the executors."""

    @property
    def pool(self) -> Submitter: ...
    def vad_stream(self, rate: int) -> VadStream: ...
    def end_of_turn(self, audio: F32, rate: int) -> TurnGuess: ...
    def transcribe(self, audio: F32, rate: int) -> Heard: ...
    def synthesize(self, text: str, rate: int, cancel: Cancel) -> Iterator[Spoken]: ...
    def warm(self, texts: Iterable[str], rate: int) -> int: ...


class EngineSpeech:
    """The real engines (shared by every call of the process)."""

    def __init__(self, engines: SpeechEngines, endpoint: EndpointSettings | None = None) -> None:
        self.engines = engines
        ep = endpoint or EndpointSettings()
        base = engines.settings.vad
        # The loop's own VAD thresholds: a short silence is a pause to react to (the
        # hangovers decide the turn), not the end of an utterance.
        self._vad_settings = VadSettings(
            model=base.model,
            backend=base.backend,
            threshold=base.threshold,
            min_speech_ms=ep.vad_min_speech_ms,
            min_silence_ms=ep.pause_ms,
            gate_rms=base.gate_rms,
        )
        self._vad: SileroVad | None = None
        self._lock = threading.Lock()
        self._prompts: dict[tuple[str, int], tuple[Spoken, ...]] = {}

    @property
    def pool(self) -> Submitter:
        return self.engines.pool

    def load(self) -> None:
        """Load every engine now (blocking), so the first call does not wait."""
        self.vad_stream(16000)
        _ = self.engines.turn, self.engines.asr, self.engines.tts

    def vad_stream(self, rate: int) -> VadStream:
        with self._lock:
            if self._vad is None:
                shared = self.engines.vad  # checks the manifest, pulls nothing
                self._vad = SileroVad(shared.model_path, self._vad_settings)
        return self._vad.stream(rate)

    def end_of_turn(self, audio: F32, rate: int) -> TurnGuess:
        with INFERENCE.labels("turn").time():
            v = self.engines.turn.predict(audio, rate)
        return TurnGuess(v.probability, v.complete)

    def transcribe(self, audio: F32, rate: int) -> Heard:
        with INFERENCE.labels("asr").time():
            t = self.engines.asr.transcribe(audio, rate)
        return Heard(t.text, t.no_speech_prob)

    def synthesize(self, text: str, rate: int, cancel: Cancel) -> Iterator[Spoken]:
        cached = self._prompts.get((text, rate))
        if cached is not None:
            yield from cached
            return
        t0 = time.perf_counter()
        for chunk in self.engines.tts.stream(text, rate=rate, cancel=cancel):
            yield Spoken(chunk.pcm, chunk.text)
        INFERENCE.labels("tts").observe(time.perf_counter() - t0)

    def warm(self, texts: Iterable[str], rate: int) -> int:
        """Synthesize fixed sentences now (blocking, on the pool) and play them from
        memory from then on, like recorded prompts; returns how many were added.
        Only what is warmed is kept: sentences with call data are never cached."""
        todo = [t for t in dict.fromkeys(texts) if (t, rate) not in self._prompts]

        def one(text: str) -> tuple[str, tuple[Spoken, ...]]:
            chunks = self.engines.tts.stream(text, rate=rate)
            return text, tuple(Spoken(c.pcm, c.text) for c in chunks)

        futures = [self.engines.pool.submit(one, t) for t in todo]
        for f in futures:
            text, pieces = f.result()
            if pieces:
                self._prompts[(text, rate)] = pieces
        return len(todo)

    def close(self) -> None:
        """Nothing of its own to stop: the pool belongs to the engines."""
