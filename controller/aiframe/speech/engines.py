# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The process's speech engines: each loaded once, on first use, from the model
the configuration names, and shared by every call. Per-call state (VAD streams,
TTS cancellation) is made by the engines, never stored here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from aiframe.speech.asr import WhisperAsr
from aiframe.speech.cache import ModelCache
from aiframe.speech.errors import EngineError
from aiframe.speech.manifest import Manifest, ModelKind, ModelSpec, builtin_manifest
from aiframe.speech.pool import InferencePool, cpu_count
from aiframe.speech.settings import SpeechSettings
from aiframe.speech.tts import PiperTts
from aiframe.speech.turn import SmartTurn
from aiframe.speech.vad import SileroVad

T = TypeVar("T")


class SpeechEngines:
    """Lazily loaded, shared engines for one process."""

    def __init__(
        self, settings: SpeechSettings | None = None, manifest: Manifest | None = None
    ) -> None:
        self.settings = settings or SpeechSettings()
        self.manifest = manifest or builtin_manifest()
        self.cache = ModelCache(self.settings.cache_dir)
        self.workers = self.settings.workers or cpu_count()
        self._lock = threading.Lock()
        self._loaded: dict[str, object] = {}
        self._pool: InferencePool | None = None

    def _spec(self, name: str, kind: ModelKind, engines: tuple[str, ...]) -> ModelSpec:
        spec = self.manifest.get(name)
        if spec.kind != kind or spec.engine not in engines:
            raise EngineError(
                f"model {name} is a {spec.kind} model for {spec.engine}; "
                f"this slot needs a {kind} model for {' or '.join(engines)}"
            )
        return spec

    def _dir(self, spec: ModelSpec) -> Path:
        # Hashed once per process, as the engine loads (about 0.2 s for the defaults).
        return self.cache.require(spec, verify=True)

    def _once(self, key: str, make: Callable[[], T]) -> T:
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = make()
            return self._loaded[key]  # type: ignore[return-value]

    @property
    def pool(self) -> InferencePool:
        with self._lock:
            if self._pool is None:
                self._pool = InferencePool(self.workers)
            return self._pool

    @property
    def vad(self) -> SileroVad:
        s = self.settings.vad
        spec = self._spec(s.model, "vad", ("silero",))
        return self._once("vad", lambda: SileroVad(self._dir(spec) / spec.files[0].path, s))

    @property
    def turn(self) -> SmartTurn:
        s = self.settings.turn
        spec = self._spec(s.model, "turn", ("smart-turn",))
        return self._once("turn", lambda: SmartTurn(self._dir(spec) / spec.files[0].path, s))

    @property
    def asr(self) -> WhisperAsr:
        s = self.settings.asr
        spec = self._spec(s.model, "asr", ("faster-whisper",))
        return self._once("asr", lambda: WhisperAsr(self._dir(spec), s, workers=self.workers))

    @property
    def tts(self) -> PiperTts:
        s = self.settings.tts
        spec = self._spec(s.model, "tts", ("piper",))
        return self._once("tts", lambda: PiperTts(self._dir(spec), s))

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None
            self._loaded.clear()


__all__ = ["SpeechEngines"]
