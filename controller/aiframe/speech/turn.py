# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""End of turn: smart-turn v3 reads the last 8 s of the caller's audio (16 kHz,
Whisper log-mel, waveform normalised) and says how likely the caller is done.

VAD silence alone cannot tell "a table for two at seven." from "a table
for..." followed by a thinking pause; the prosody can. One shared ONNX Runtime
session serves every call; the audio of the turn is the only per-call input.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aiframe.speech.audio import F32, resample
from aiframe.speech.errors import AudioError, EngineError
from aiframe.speech.mel import RATE, log_mel
from aiframe.speech.pool import session_options
from aiframe.speech.settings import TurnSettings

WINDOW_S = 8
_SAMPLES = WINDOW_S * RATE


@dataclass(frozen=True, slots=True)
class TurnVerdict:
    """smart-turn's reading of the caller's turn so far."""

    probability: float
    complete: bool
    latency_s: float


class SmartTurn:
    """The shared end-of-turn engine."""

    def __init__(self, model: Path, settings: TurnSettings | None = None) -> None:
        import onnxruntime as ort

        self.settings = settings or TurnSettings()
        try:
            self._session = ort.InferenceSession(
                str(model), session_options(1), providers=["CPUExecutionProvider"]
            )
        except Exception as e:  # ORT raises its own untyped errors
            raise EngineError(f"cannot load smart-turn model {model}: {e}") from None
        names = [i.name for i in self._session.get_inputs()]
        if names != ["input_features"]:
            raise EngineError(f"{model}: inputs {names}; smart-turn v3 has input_features")

    @staticmethod
    def features(audio: F32, rate: int) -> F32:
        """The model input for a turn: its last 8 s at 16 kHz, zero-padded in front."""
        if not 8000 <= rate <= 48000:
            raise AudioError(f"end-of-turn takes 8000-48000 Hz audio; got {rate} Hz")
        x = resample(np.asarray(audio, dtype=np.float32), rate, RATE)[-_SAMPLES:]
        x = np.pad(x, (_SAMPLES - len(x), 0))
        return log_mel(x, _SAMPLES, normalize=True)

    def predict(self, audio: F32, rate: int) -> TurnVerdict:
        """How likely the turn in ``audio`` (mono float32) is complete."""
        t0 = time.perf_counter()
        feats = self.features(audio, rate)[None]
        out = self._session.run(None, {"input_features": feats})[0]
        p = float(np.asarray(out).reshape(-1)[0])
        return TurnVerdict(p, p > self.settings.threshold, time.perf_counter() - t0)


__all__ = ["WINDOW_S", "SmartTurn", "TurnVerdict"]
