# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""End of turn: VAD edges plus smart-turn, as a pure state machine over stream time.

The caller's audio makes speech/silence edges (the VAD). A silence of ``pause_ms``
is a *pause*: smart-turn is asked whether the turn sounds finished, and ASR starts on
the utterance so far (speculatively: the caller may carry on). The turn ends when the
silence since the last speech reaches the short hangover, if smart-turn called it
complete, or the long hangover otherwise (or if smart-turn has not answered). Speech
before that *resumes* the utterance and voids the pause's speculation.

Times are milliseconds of stream time (caller audio received). The handler maps them
to the clock and runs the timers; everything here is deterministic, so the tests
drive it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aiframe.conversation.settings import EndpointSettings

__all__ = ["EndOfTurn", "Endpointer", "Pause", "Resumed", "SpeechStarted", "TurnEvent"]


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    """A new caller utterance began at ``at_ms``."""

    utterance: int
    at_ms: float


@dataclass(frozen=True, slots=True)
class Pause:
    """The caller paused: ``[start_ms, end_ms]`` is the utterance so far. ``spec`` names
    this pause's speculation (smart-turn verdict, ASR run)."""

    utterance: int
    spec: int
    start_ms: float
    end_ms: float


@dataclass(frozen=True, slots=True)
class Resumed:
    """Speech came back before the turn ended: speculation ``spec`` is void."""

    utterance: int
    spec: int
    at_ms: float


@dataclass(frozen=True, slots=True)
class EndOfTurn:
    """The turn is over; speculation ``spec`` covers exactly this utterance."""

    utterance: int
    spec: int
    start_ms: float
    end_ms: float
    decided_ms: float
    complete: bool | None  # smart-turn's verdict; None: it had not answered
    why: Literal["complete", "hangover", "too_long"]


TurnEvent = SpeechStarted | Pause | Resumed | EndOfTurn


class Endpointer:
    """One call's turn detector. Feed edges, verdicts and the time; act on what it says."""

    def __init__(self, settings: EndpointSettings | None = None) -> None:
        self.s = settings or EndpointSettings()
        self.state: Literal["idle", "speech", "pause"] = "idle"
        self.utterance = 0
        self.spec = 0
        self.start_ms = 0.0
        self.end_ms = 0.0
        self.verdict: bool | None = None

    def speech_start(self, at_ms: float) -> list[TurnEvent]:
        if self.state == "idle":
            self.utterance += 1
            self.state = "speech"
            self.start_ms = at_ms
            return [SpeechStarted(self.utterance, at_ms)]
        if self.state == "pause":
            self.state = "speech"
            self.verdict = None
            return [Resumed(self.utterance, self.spec, at_ms)]
        return []

    def speech_stop(self, at_ms: float) -> list[TurnEvent]:
        if self.state != "speech":
            return []
        self.state = "pause"
        self.spec += 1
        self.end_ms = at_ms
        self.verdict = None
        return [Pause(self.utterance, self.spec, self.start_ms, at_ms)]

    def turn_verdict(self, spec: int, complete: bool, now_ms: float) -> list[TurnEvent]:
        """smart-turn answered for pause ``spec`` (a stale answer is ignored)."""
        if self.state != "pause" or spec != self.spec:
            return []
        self.verdict = complete
        return self.tick(now_ms)

    def due_ms(self) -> float | None:
        """When the turn ends if nothing else happens (stream time), or None."""
        if self.state != "pause":
            return None
        hang = self.s.short_hangover_ms if self.verdict else self.s.long_hangover_ms
        return self.end_ms + hang

    def tick(self, now_ms: float) -> list[TurnEvent]:
        """The time is ``now_ms``: end the turn if it is due."""
        if self.state == "speech" and now_ms - self.start_ms >= self.s.max_utterance_s * 1000:
            self.spec += 1
            self.end_ms = now_ms
            return [self._end(now_ms, "too_long")]
        due = self.due_ms()
        if due is None or now_ms < due:
            return []
        return [self._end(now_ms, "complete" if self.verdict else "hangover")]

    def reset(self) -> None:
        """Forget the utterance in progress (the call moved on without it)."""
        self.state = "idle"
        self.verdict = None

    def _end(self, now_ms: float, why: Literal["complete", "hangover", "too_long"]) -> EndOfTurn:
        ev = EndOfTurn(
            self.utterance, self.spec, self.start_ms, self.end_ms, now_ms, self.verdict, why
        )
        self.state = "idle"
        self.verdict = None
        return ev
