# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Text to speech: a Piper VITS voice run by sherpa-onnx, espeak-ng phonemes.

:meth:`PiperTts.stream` yields PCM sentence by sentence, so the first audio is
ready after the first sentence (a long first sentence is cut at its first
clause for that), and stops at the next sentence, or inside one, once its
:class:`~aiframe.cancel.Cancel` is set. One engine serves every call; sherpa-onnx's synthesis
is reentrant, each call's stream is just a generator.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aiframe.cancel import Cancel
from aiframe.pcm import PCM
from aiframe.speech.audio import F32, resample, to_pcm16
from aiframe.speech.errors import EngineError
from aiframe.speech.g2p import phonemize
from aiframe.speech.piper import prepare_piper
from aiframe.speech.settings import TtsSettings
from aiframe.speech.textnorm import normalize

_ABBREV = re.compile(r"\b(Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|e\.g|i\.e)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_FIRST_CLAUSE_WORDS = 8  # a longer first sentence is split at a comma for earlier audio
_SENTENCE_GAP_S = 0.15


@dataclass(frozen=True, slots=True)
class TtsChunk:
    """One sentence's audio."""

    pcm: PCM
    rate: int
    index: int
    text: str
    synth_s: float
    """Wall time spent making it."""

    @property
    def seconds(self) -> float:
        return len(self.pcm) / self.rate


def split_sentences(text: str, *, first_clause: bool = True) -> list[str]:
    """Sentences (punctuation kept), with a long first sentence cut at its first comma."""
    protected = _ABBREV.sub(lambda m: m.group(1) + "\x00", text.strip())
    parts = [p.replace("\x00", ".").strip() for p in _SENTENCE_END.split(protected)]
    parts = [p for p in parts if p]
    if first_clause and parts and len(parts[0].split()) > _FIRST_CLAUSE_WORDS:
        head, sep, tail = parts[0].partition(", ")
        if sep and tail and len(tail.split()) >= 2:
            parts[0:1] = [head + ",", tail]
    return parts


def say_as(sentence: str) -> str:
    """The sentence with numbers spelled out, its final punctuation kept."""
    said = normalize(sentence)
    end = sentence.rstrip()[-1:] if sentence.rstrip()[-1:] in (".", "!", "?") else ""
    return said if not end or said.endswith(end) else said + end


def _pick(chosen: float | None, default: float) -> float:
    return default if chosen is None else chosen


@dataclass
class PiperTts:
    """The shared TTS engine for one Piper voice."""

    voice_dir: Path
    settings: TtsSettings = field(default_factory=TtsSettings)
    threads: int = 1

    def __post_init__(self) -> None:
        import sherpa_onnx

        voice = prepare_piper(self.voice_dir)
        self.espeak_voice = voice.espeak_voice
        cfg = sherpa_onnx.OfflineTtsConfig(
            model=sherpa_onnx.OfflineTtsModelConfig(
                vits=sherpa_onnx.OfflineTtsVitsModelConfig(
                    model=str(voice.model),
                    tokens=str(voice.tokens),
                    noise_scale=_pick(self.settings.noise_scale, voice.noise_scale),
                    noise_scale_w=_pick(self.settings.noise_scale_w, voice.noise_scale_w),
                    length_scale=voice.length_scale,
                ),
                num_threads=self.threads,
                provider="cpu",
            ),
            max_num_sentences=1,
        )
        if not cfg.validate():
            raise EngineError(f"sherpa-onnx rejects the voice prepared in {voice.model.parent}")
        self._tts = sherpa_onnx.OfflineTts(cfg)
        self._sherpa = sherpa_onnx
        self.rate: int = int(self._tts.sample_rate)

    def _synth(self, phonemes: str, cancel: Cancel | None) -> F32:
        g = self._sherpa.GenerationConfig()
        g.sid = self.settings.speaker
        g.speed = self.settings.speed
        g.phoneme_codepoints = [[ord(c) for c in phonemes]]

        def keep_going(samples: object, progress: float) -> int:
            return 0 if cancel is not None and cancel.is_set() else 1

        audio = self._tts.generate("", g, keep_going)
        return np.asarray(audio.samples, dtype=np.float32)

    def stream(
        self, text: str, *, rate: int | None = None, cancel: Cancel | None = None
    ) -> Iterator[TtsChunk]:
        """Speech for ``text``, one chunk per sentence, at ``rate`` (default: the voice's)."""
        out_rate = rate or self.rate
        sentences = [say_as(s) for s in split_sentences(text)]
        gap = np.zeros(int(_SENTENCE_GAP_S * self.rate), dtype=np.float32)
        for i, sentence in enumerate(sentences):
            if cancel is not None and cancel.is_set():
                return
            t0 = time.perf_counter()
            phonemes = phonemize(sentence, self.espeak_voice)
            if not phonemes.strip(" ,.;:!?"):
                continue
            audio = self._synth(phonemes, cancel)
            if cancel is not None and cancel.is_set():
                return
            if i < len(sentences) - 1:
                audio = np.concatenate([audio, gap])
            pcm = to_pcm16(resample(audio, self.rate, out_rate))
            yield TtsChunk(pcm, out_rate, i, sentence, time.perf_counter() - t0)

    def synthesize(self, text: str, *, rate: int | None = None) -> PCM:
        """All of ``text`` as one int16 buffer."""
        chunks = [c.pcm for c in self.stream(text, rate=rate)]
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


__all__ = ["PiperTts", "TtsChunk", "say_as", "split_sentences"]
