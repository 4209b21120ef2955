# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The caller of ``aiframe soak --through freeswitch``: one wav the far leg plays (or,
with ``--caller sipp``, the same audio as G.711 mu-law that sipp streams as RTP).

The far leg of a loopback call cannot listen, so the caller is a fixed recording: a
quiet lead for the agent's greeting, then each line in the Piper voice followed by a
pause long enough for the agent's reply, then a short tail before the far leg hangs
up. A line that lands on the agent's reply is a barge-in, which the call goes through
as any caller's would.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aiframe.fs.signal import mulaw_encode, read_wav, resample, write_wav
from aiframe.media.arena import PCM
from aiframe.speech.settings import SpeechSettings

__all__ = ["CALLER_LINES", "lay_out", "write_caller_ulaw", "write_caller_wav"]

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
    parts: list[PCM] = [np.zeros(int(lead_s * rate), dtype=np.int16)]
    for i, clip in enumerate(clips):
        parts.append(clip.astype(np.int16))
        gap = tail_s if i == len(clips) - 1 else pause_s
        parts.append(np.zeros(int(gap * rate), dtype=np.int16))
    out = np.concatenate(parts)
    hiss = np.random.default_rng(seed).standard_normal(len(out)) * _NOISE_RMS
    mixed: PCM = np.clip(out.astype(np.float64) + hiss, -32768, 32767).astype(np.int16)
    return mixed


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
    from aiframe.speech.engines import SpeechEngines

    engines = SpeechEngines(speech)
    try:
        clips = [
            np.concatenate([c.pcm for c in engines.tts.stream(line, rate=rate)]) for line in lines
        ]
    finally:
        engines.close()
    pcm = lay_out(clips, rate=rate, lead_s=lead_s, pause_s=pause_s, tail_s=tail_s)
    write_wav(path, rate, pcm)
    return len(pcm) / rate


def write_caller_ulaw(wav: Path, path: Path) -> None:
    """The caller's wav as raw G.711 mu-law at 8 kHz: what sipp's ``rtp_stream`` sends."""
    rate, (pcm, *_) = read_wav(wav)
    path.write_bytes(mulaw_encode(resample(pcm, rate, 8000)))
