# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the stereo recording says, measured with an energy detector, not timestamps.

The recording is what the switch heard and played (caller left, agent right). For each
caller step the report wants:

- the response gap: the caller's last voiced frame to the agent's first voiced frame
  after it (what a caller experiences as the pause before the answer);
- for a step spoken over the agent, the barge-in stop time: the caller's first voiced
  frame to the moment the agent's audio is gone (and stays gone for a while), and
  whether that happened before the caller finished speaking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from aiframe.media.arena import PCM

__all__ = ["FRAME_MS", "StepAudio", "measure_step", "percentile", "voiced_frames"]

FRAME_MS = 10
CALLER_RMS = 300.0
AI_RMS = 200.0
GONE_MS = 150  # the agent's audio counts as gone once it stays silent this long
OVER_MS = 60

Voiced = npt.NDArray[np.bool_]


def voiced_frames(pcm: PCM, rate: int, threshold: float) -> Voiced:
    """One flag per 10 ms frame: RMS above ``threshold``."""
    n = rate * FRAME_MS // 1000
    frames = len(pcm) // n
    if frames == 0:
        return np.zeros(0, dtype=bool)
    x = pcm[: frames * n].astype(np.float64).reshape(frames, n)
    rms: npt.NDArray[np.float64] = np.sqrt(np.mean(x * x, axis=1))
    out: Voiced = rms > threshold
    return out


@dataclass(frozen=True, slots=True)
class StepAudio:
    """One caller step as the recording shows it (times in ms from the call's start)."""

    caller_onset_ms: float | None
    caller_last_ms: float | None  # end of the caller's last voiced frame
    ai_speaking_at_onset: bool
    ai_gone_ms: float | None  # the agent's audio gone after the onset (barge-in)
    ai_reply_ms: float | None  # the agent's first voiced frame after the caller's last

    @property
    def response_gap_ms(self) -> float | None:
        if self.caller_last_ms is None or self.ai_reply_ms is None:
            return None
        return self.ai_reply_ms - self.caller_last_ms

    @property
    def barge_stop_ms(self) -> float | None:
        if not self.ai_speaking_at_onset or self.caller_onset_ms is None:
            return None
        if self.ai_gone_ms is None:
            return None
        return self.ai_gone_ms - self.caller_onset_ms

    @property
    def stopped_before_caller_ended(self) -> bool | None:
        if self.barge_stop_ms is None or self.caller_last_ms is None or self.ai_gone_ms is None:
            return None
        return self.ai_gone_ms < self.caller_last_ms


def measure_step(
    caller: Voiced,
    ai: Voiced,
    start_ms: float,
    end_ms: float,
    until_ms: float,
    *,
    keys_at_ms: float | None = None,
) -> StepAudio:
    """Measure one step played from ``start_ms`` to ``end_ms``; the agent's reply is
    looked for up to ``until_ms`` (the next step). ``keys_at_ms``: a keypad step's last
    key, which stands in for the caller's last voiced frame."""
    a, b = int(start_ms // FRAME_MS), int(np.ceil(end_ms / FRAME_MS))
    lim = min(len(ai), int(np.ceil(until_ms / FRAME_MS)))
    idx = np.flatnonzero(caller[a:b]) + a
    if keys_at_ms is not None:
        onset, last = keys_at_ms, keys_at_ms
        first_f = last_f = int(keys_at_ms // FRAME_MS)
    elif len(idx):
        first_f, last_f = int(idx[0]), int(idx[-1])
        onset, last = first_f * FRAME_MS, (last_f + 1) * FRAME_MS
    else:
        return StepAudio(None, None, False, None, None)
    # Speaking over the agent: it had audio in the 60 ms before the caller's onset (a
    # caller who starts in the pause between two of its sentences is not talking over
    # it). One who starts in a gap between its words, and hears nothing more of it,
    # measures a stop of about 0 ms: the caller heard no more of the agent.
    before = ai[max(0, first_f - OVER_MS // FRAME_MS) : first_f + 1]
    speaking = bool(before.any()) and keys_at_ms is None
    gone = None
    if speaking:
        run = GONE_MS // FRAME_MS
        for f in range(first_f, lim):
            if not ai[f : f + run].any():
                gone = f * FRAME_MS
                break
    after = np.flatnonzero(ai[last_f + 1 : lim]) + last_f + 1
    reply = float(after[0] * FRAME_MS) if len(after) else None
    return StepAudio(float(onset), float(last), speaking, gone, reply)


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (linear), or None with no values."""
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=np.float64), q)), 1)
