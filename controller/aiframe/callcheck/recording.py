# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What a call's stereo recording says: who spoke when, what, and how long the agent
took to answer. Energy on the recording, not the controller's timestamps: the gap is
what the caller heard (the caller's last voiced frame to the agent's first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from aiframe.demo.analysis import AI_RMS, CALLER_RMS, FRAME_MS, percentile, voiced_frames
from aiframe.media.arena import PCM

__all__ = ["Gap", "Speech", "gap_summary", "gaps", "segments", "timeline"]

Side = Literal["caller", "agent"]
# Pauses shorter than this are inside one turn (breaths, commas, a spelled code).
JOIN_MS = 700
MIN_MS = 120  # shorter bursts are clicks, not speech


@dataclass(frozen=True, slots=True)
class Speech:
    """One side's stretch of speech on the recording (seconds from its start)."""

    side: Side
    start_s: float
    end_s: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class Gap:
    """The pause before the agent answered a caller's turn."""

    caller_end_s: float
    agent_start_s: float

    @property
    def ms(self) -> float:
        return round(1000 * (self.agent_start_s - self.caller_end_s), 1)


def segments(pcm: PCM, rate: int, side: Side) -> list[Speech]:
    """Voiced stretches of one channel, pauses under ``JOIN_MS`` joined."""
    voiced = voiced_frames(pcm, rate, CALLER_RMS if side == "caller" else AI_RMS)
    idx = np.flatnonzero(voiced)
    if len(idx) == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > JOIN_MS // FRAME_MS)
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    ends = np.concatenate([idx[breaks], [idx[-1]]]) + 1
    return [
        Speech(side, float(a * FRAME_MS / 1000), float(b * FRAME_MS / 1000))
        for a, b in zip(starts, ends, strict=True)
        if (b - a) * FRAME_MS >= MIN_MS
    ]


def gaps(caller: list[Speech], agent: list[Speech]) -> list[Gap]:
    """For each caller turn the agent answered before the caller spoke again: the pause."""
    out: list[Gap] = []
    for i, turn in enumerate(caller):
        until = caller[i + 1].start_s if i + 1 < len(caller) else float("inf")
        reply = next((a for a in agent if turn.end_s <= a.start_s < until), None)
        if reply is not None:
            out.append(Gap(turn.end_s, reply.start_s))
    return out


def timeline(
    caller: PCM, agent: PCM, rate: int, transcribe: Callable[[PCM, int], str] | None = None
) -> tuple[list[Speech], list[Gap]]:
    """Both sides' speech in order (with its words when ``transcribe`` is given), and
    the response gaps."""
    heard, said = segments(caller, rate, "caller"), segments(agent, rate, "agent")
    if transcribe is not None:
        heard = [_worded(transcribe, caller, rate, s) for s in heard]
        said = [_worded(transcribe, agent, rate, s) for s in said]
    return sorted(heard + said, key=lambda s: s.start_s), gaps(heard, said)


def _worded(transcribe: Callable[[PCM, int], str], pcm: PCM, rate: int, s: Speech) -> Speech:
    pad = int(0.15 * rate)
    a, b = max(0, int(s.start_s * rate) - pad), min(len(pcm), int(s.end_s * rate) + pad)
    return Speech(s.side, s.start_s, s.end_s, transcribe(pcm[a:b], rate))


def gap_summary(found: list[Gap]) -> dict[str, float | int | None]:
    ms = [g.ms for g in found]
    return {
        "answers": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms) if ms else None,
    }
