# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Speech recognition: Whisper (CTranslate2) through faster-whisper, one final
transcript per endpointed utterance.

Stock Whisper pads every input to 30 s, so a 1 s answer costs a 30 s encoder
pass (~0.6 s on one core) plus the decoder's cross-attention over it.
CTranslate2's encoder takes shorter inputs, so the default ``window = "fit"``
encodes ``max(min_window_s, utterance + 1 s)``. Whisper only ever saw 30 s
windows in training; much shorter ones make it loop ("Are you still there?
Are you still there? ..."). Measured on the round-trip corpus, 15 s windows
are as accurate as 30 s ones at about a third of the cost, and 8-10 s ones are
not, hence the default; a guard still drops a verbatim repeat at the end.
``window = "30s"`` runs faster-whisper's own ``transcribe`` instead (the peer
path in ``aiframe bench speech``, and a fallback).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aiframe.speech.audio import F32, resample
from aiframe.speech.errors import AudioError, EngineError
from aiframe.speech.mel import RATE, log_mel
from aiframe.speech.settings import AsrSettings

_TAIL_S = 1.0  # silence after the speech: Whisper ends sentences better with some
_MAX_S = 30.0
_NO_SPEECH = 0.6  # Whisper's own threshold on the no-speech token
# Longer pieces of a recording may hold several sentences (see transcribe(whole=True)).
WHOLE_FIT_S = 5.0


@dataclass(frozen=True, slots=True)
class Transcript:
    """What was said in one utterance."""

    text: str
    final: bool
    audio_s: float
    latency_s: float
    no_speech_prob: float = 0.0


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def drop_repeats(text: str) -> str:
    """Cut a transcript where a sentence starts over: Whisper's looping failure."""
    sentences = _SENTENCE.split(text)
    seen: list[str] = []
    for i, s in enumerate(sentences):
        key = re.sub(r"[^a-z0-9 ]", "", s.lower()).strip()
        if key and any(k == key or (k.startswith(key) and i == len(sentences) - 1) for k in seen):
            return " ".join(sentences[:i])
        seen.append(key)
    return text


class WhisperAsr:
    """The shared Whisper engine; :meth:`transcribe` is safe from several threads."""

    def __init__(
        self, model_dir: Path, settings: AsrSettings | None = None, *, workers: int = 1
    ) -> None:
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        self.settings = settings or AsrSettings()
        try:
            # One CTranslate2 replica per worker thread, one thread each: the
            # inference pool, not the runtime, decides how many run at once.
            self._fw = WhisperModel(
                str(model_dir),
                device="cpu",
                compute_type="int8",
                cpu_threads=1,
                num_workers=max(1, workers),
                local_files_only=True,
            )
        except Exception as e:  # CTranslate2 raises RuntimeError/ValueError variants
            raise EngineError(f"cannot load Whisper model from {model_dir}: {e}") from None
        self._model = self._fw.model
        if self._model.n_mels != 80:
            raise EngineError(f"{model_dir}: {self._model.n_mels} mel bands; need 80")
        self._tok = Tokenizer(
            self._fw.hf_tokenizer,
            self._model.is_multilingual,
            task="transcribe",
            language="en" if self._model.is_multilingual else None,
        )
        self._prompt = [*self._tok.sot_sequence, self._tok.no_timestamps]
        self._lock = threading.Lock()

    def transcribe(self, audio: F32, rate: int, *, whole: bool = False) -> Transcript:
        """The final transcript of one utterance (mono float32 at any 8-48 kHz rate).

        ``whole``: the audio may hold several sentences (a recording cut into pieces, not
        a caller's turn). The fitted window's single decode may stop after the first
        sentence of a longer piece, so a piece over ``WHOLE_FIT_S`` is decoded the stock
        way, which carries on to the end (offline tools: ``aiframe transcribe``,
        ``aiframe call``)."""
        if not 8000 <= rate <= 48000:
            raise AudioError(f"ASR takes 8000-48000 Hz audio; got {rate} Hz")
        t0 = time.perf_counter()
        x = resample(np.asarray(audio, dtype=np.float32), rate, RATE)
        seconds = len(x) / RATE
        if seconds > _MAX_S:
            raise AudioError(f"utterance of {seconds:.1f} s; the limit is {_MAX_S:.0f} s")
        if self.settings.window == "30s" or (whole and seconds > WHOLE_FIT_S):
            return self._stock(x, seconds, t0)
        import ctranslate2

        n = int(min(max(self.settings.min_window_s, np.ceil(seconds + _TAIL_S)), _MAX_S))
        feats = log_mel(x, n * RATE)[None]
        result = self._model.generate(
            ctranslate2.StorageView.from_array(np.ascontiguousarray(feats)),
            [self._prompt],
            beam_size=self.settings.beam_size,
            max_length=int(min(448, 24 + 10 * seconds)),
            return_no_speech_prob=True,
            suppress_blank=True,
        )[0]
        ids = [t for t in result.sequences_ids[0] if t < self._tok.eot]
        text = drop_repeats(self._tok.decode(ids).strip())
        if result.no_speech_prob > _NO_SPEECH and len(ids) < 4:
            text = ""
        return Transcript(
            text, True, seconds, time.perf_counter() - t0, float(result.no_speech_prob)
        )

    def _stock(self, x: F32, seconds: float, t0: float) -> Transcript:
        segments, _ = self._fw.transcribe(
            x,
            language="en",
            beam_size=self.settings.beam_size,
            without_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        text = " ".join(s.text.strip() for s in segments).strip()
        return Transcript(text, True, seconds, time.perf_counter() - t0)


__all__ = ["Transcript", "WhisperAsr", "drop_repeats"]
