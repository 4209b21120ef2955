# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The scripted caller: one 20 ms frame at a time, reacting to what it hears.

It runs on the switch side (the embedded host's thread, or a FreeSWITCH leg's), so
all it knows of the agent is the audio it is played: the agent is speaking when a
frame has energy, and done once it has been quiet for ``ai_quiet_ms``. Each step waits
for its cue, then plays its line, noise or keys. What happened when is kept, frame
by frame, for the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from aiframe.demo.script import CallerScript, Step
from aiframe.errors import AiframeError
from aiframe.media.arena import PCM

__all__ = ["AI_VOICED_RMS", "CallerError", "ScriptedCaller", "StepLog"]

AI_VOICED_RMS = 200.0  # a frame of the agent's audio above this is speech
_DTMF_GAP_MS = 160


class CallerError(AiframeError):
    """The script could not go on (the agent never gave its cue)."""


@dataclass(slots=True)
class StepLog:
    """One step: when its cue came and when it played (frame numbers)."""

    index: int
    step: Step
    waiting_from: int = -1
    cue: int = -1  # the frame the cue was met (the agent's onset for ai_speaking)
    start: int = -1
    end: int = -1

    def to_json(self, frame_ms: int) -> dict[str, object]:
        def ms(f: int) -> int | None:
            return f * frame_ms if f >= 0 else None

        return {
            "index": self.index,
            "kind": self.step.kind,
            "what": self.step.label,
            "expect": self.step.expected,
            "waited_for": self.step.waits_for,
            "cue_ms": ms(self.cue),
            "start_ms": ms(self.start),
            "end_ms": ms(self.end),
        }


class ScriptedCaller:
    """Plays a :class:`CallerScript`; :meth:`frame` is called once per frame, in order."""

    def __init__(
        self,
        script: CallerScript,
        clips: Mapping[str, PCM],
        sounds: Mapping[str, PCM],
        *,
        rate: int,
        frame_ms: int = 20,
        on_event: Callable[[str, object], None] | None = None,
    ) -> None:
        self.script = script
        self.rate = rate
        self.frame_ms = frame_ms
        self.n = rate * frame_ms // 1000
        self._clips = clips
        self._sounds = sounds
        self._emit = on_event or (lambda kind, value: None)
        self.log = [StepLog(i, s) for i, s in enumerate(script.steps)]
        self._i = 0
        self._playing: PCM | None = None
        self._pos = 0
        self._keys = ""
        self._next_key = 0
        self._start_at = -1
        self._ai_voiced = False  # the agent spoke since this step began waiting
        self._ai_quiet = 0  # frames the agent has been quiet
        self._ai_was_voiced = False
        self._onset = 0
        self._lead = script.lead_in_ms // frame_ms
        self.done = False
        self.error: str | None = None

    @property
    def current(self) -> StepLog | None:
        return self.log[self._i] if self._i < len(self.log) else None

    def frame(self, k: int, heard: PCM | None) -> PCM:
        """The caller's frame ``k``, having heard ``heard`` (the agent's last frame)."""
        out = np.zeros(self.n, dtype=np.int16)
        self._listen(k, heard)
        if self.done or k < self._lead:
            return out
        cur = self.log[self._i]
        if cur.waiting_from < 0:
            cur.waiting_from = k
            self._ai_voiced = False
        if self._playing is not None or self._keys:
            self._play(k, out)
            return out
        if self._start_at < 0:
            self._cue(k, cur)
            if cur.cue >= 0:
                self._start_at = cur.cue + cur.step.delay_ms // self.frame_ms
            elif (k - cur.waiting_from) * self.frame_ms > cur.step.timeout_s * 1000:
                self.error = (
                    f"step {cur.index + 1} ({cur.step.label}) waited "
                    f"{cur.step.timeout_s:g} s for the agent ({cur.step.waits_for})"
                )
                self.done = True
                return out
        if self._start_at >= 0 and k >= self._start_at:
            self._begin(k, cur)
            if not self.done:
                self._play(k, out)
        return out

    def _listen(self, k: int, heard: PCM | None) -> None:
        voiced = False
        if heard is not None and len(heard):
            x = heard.astype(np.float64)
            voiced = float(np.sqrt(np.mean(x * x))) > AI_VOICED_RMS
        if voiced:
            self._ai_quiet = 0
            if not self._ai_was_voiced:
                self._onset = k
            self._ai_voiced = True
        else:
            self._ai_quiet += 1
        self._ai_was_voiced = voiced

    def _cue(self, k: int, cur: StepLog) -> None:
        want = cur.step.waits_for
        if want == "nothing":
            cur.cue = k
        elif want == "ai_speaking":
            if self._ai_voiced and self._ai_was_voiced:
                cur.cue = max(self._onset, cur.waiting_from)
        elif self._ai_voiced and self._ai_quiet * self.frame_ms >= self.script.ai_quiet_ms:
            cur.cue = k

    def _begin(self, k: int, cur: StepLog) -> None:
        cur.start = k
        step = cur.step
        self._emit("step", cur)
        if step.say is not None:
            self._playing = self._clips[step.say]
        elif step.sound is not None:
            self._playing = self._sounds[step.sound]
        elif step.dtmf is not None:
            self._keys = step.dtmf
            self._next_key = k
        else:
            self._emit("hangup", cur)
            cur.end = k
            self.done = True
        self._pos = 0

    def _play(self, k: int, out: PCM) -> None:
        cur = self.log[self._i]
        if self._keys:
            if k >= self._next_key:
                self._emit("dtmf", self._keys[0])
                self._keys = self._keys[1:]
                self._next_key = k + _DTMF_GAP_MS // self.frame_ms
            if not self._keys:
                self._finish(k, cur)
            return
        assert self._playing is not None
        chunk = self._playing[self._pos : self._pos + self.n]
        out[: len(chunk)] = chunk
        self._pos += self.n
        if self._pos >= len(self._playing):
            self._finish(k, cur)

    def _finish(self, k: int, cur: StepLog) -> None:
        cur.end = k + 1
        self._playing = None
        self._keys = ""
        self._start_at = -1
        self._i += 1
        if self._i >= len(self.log):
            self.done = True
