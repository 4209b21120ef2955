# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A scripted caller: one wav a loopback call's far leg plays, or the same audio as
G.711 mu-law that sipp streams as RTP (``aiframe call``, ``aiframe soak --through
freeswitch``).

The far leg cannot listen, so the caller is a fixed recording: a quiet lead for the
agent's greeting, then each line in the Piper voice followed by a pause long enough for
the agent's reply, then a short tail before the far leg hangs up. A line that lands on
the agent's reply is a barge-in, which the call goes through as any caller's would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aiframe.media.arena import PCM
from aiframe.speech.audio import read_wav, resample, to_pcm16, write_wav
from aiframe.speech.g711 import mulaw_encode
from aiframe.speech.settings import SpeechSettings

__all__ = [
    "CALLER_LINES",
    "CallerAudio",
    "lay_out",
    "synthesize_lines",
    "write_caller_ulaw",
    "write_caller_wav",
]

# The demo caller's order question, identity and goodbye (controller/aiframe/demo/
# acme-call.yaml): the Acme agent's identify and order steps, with store writes.
CALLER_LINES = (
    "Hi, I'm calling about my order.",
    "It's E F three four five six seven eight.",
    "It's maria at example dot org.",
    "It's M one, one A E.",
    "Thanks, bye.",
)

_NOISE_RMS = 30  # a line's hiss, as a real line has: never digital silence


@dataclass(frozen=True, slots=True)
class CallerAudio:
    """The caller's whole recording and where each line sits in it (seconds)."""

    pcm: PCM
    rate: int
    lines: tuple[tuple[float, float], ...]

    @property
    def seconds(self) -> float:
        return len(self.pcm) / self.rate


def lay_out(
    clips: Sequence[PCM],
    *,
    rate: int,
    lead_s: float,
    pause_s: float,
    tail_s: float,
    seed: int = 7,
) -> PCM:
    """``lead_s`` of quiet, each clip followed by ``pause_s`` of quiet (the last by
    ``tail_s``), over a faint hiss."""
    return _laid_out(clips, rate, lead_s, pause_s, tail_s, seed).pcm


def _laid_out(
    clips: Sequence[PCM], rate: int, lead_s: float, pause_s: float, tail_s: float, seed: int
) -> CallerAudio:
    parts: list[PCM] = [np.zeros(int(lead_s * rate), dtype=np.int16)]
    at = len(parts[0])
    spans = []
    for i, clip in enumerate(clips):
        parts.append(clip.astype(np.int16))
        spans.append((at / rate, (at + len(clip)) / rate))
        gap = tail_s if i == len(clips) - 1 else pause_s
        parts.append(np.zeros(int(gap * rate), dtype=np.int16))
        at += len(clip) + len(parts[-1])
    out = np.concatenate(parts)
    hiss = np.random.default_rng(seed).standard_normal(len(out)) * _NOISE_RMS
    mixed: PCM = np.clip(out.astype(np.float64) + hiss, -32768, 32767).astype(np.int16)
    return CallerAudio(mixed, rate, tuple(spans))


def synthesize_lines(
    speech: SpeechSettings,
    lines: Sequence[str],
    *,
    rate: int,
    lead_s: float,
    pause_s: float,
    tail_s: float,
    seed: int = 7,
) -> CallerAudio:
    """``lines`` in the Piper voice, laid out for a call."""
    from aiframe.speech.engines import SpeechEngines

    engines = SpeechEngines(speech)
    try:
        clips = [
            np.concatenate([c.pcm for c in engines.tts.stream(line, rate=rate)]) for line in lines
        ]
    finally:
        engines.close()
    return _laid_out(clips, rate, lead_s, pause_s, tail_s, seed)


def write_caller_wav(
    path: Path,
    speech: SpeechSettings,
    lines: Sequence[str],
    *,
    rate: int,
    lead_s: float,
    pause_s: float,
    tail_s: float,
) -> float:
    """Synthesize ``lines`` in the Piper voice and write the caller's wav; returns
    its length in seconds."""
    audio = synthesize_lines(
        speech, lines, rate=rate, lead_s=lead_s, pause_s=pause_s, tail_s=tail_s
    )
    write_wav(path, audio.pcm, rate)
    return audio.seconds


def write_caller_ulaw(wav: Path, path: Path) -> None:
    """The caller's wav as raw G.711 mu-law at 8 kHz: what sipp's ``rtp_stream`` sends."""
    x, rate = read_wav(wav)
    path.write_bytes(mulaw_encode(to_pcm16(resample(x, rate, 8000))))
