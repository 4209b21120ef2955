# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What a call's loop records: every turn with its timing, every barge-in, every key.

Times are CLOCK_MONOTONIC nanoseconds, the clock of the media plane's marks, so a
turn's stages line up with when its first frame was really played. A turn's
breakdown is in milliseconds after the end of the caller's speech:

    caller_end ─► eot (end-of-turn decision) ─► asr_final ─► brain_first_text
              ─► gate_pass (first sentence cleared) ─► tts_first_audio ─► first_played

This is what the demo's report, the benchmark and the audit trail read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "STAGES",
    "BargeRecord",
    "CallRecord",
    "SaidRecord",
    "TurnInputKind",
    "TurnRecord",
]

TurnInputKind = Literal[
    "start", "speech", "dtmf", "no_input", "operator", "closing", "retry", "resume"
]
Played = Literal["full", "partial", "none"]

STAGES = (
    "eot",
    "asr_final",
    "brain_first_text",
    "gate_pass",
    "tts_first_audio",
    "first_played",
)


@dataclass(slots=True)
class SaidRecord:
    """One sentence the loop put to TTS: what the gate passed, and how much was heard."""

    text: str
    heard: str = ""
    played: Played = "none"
    disclosure: str | None = None
    holding: bool = False
    action: str = "allow"  # the gate's action on the sentence this came from
    rules: tuple[str, ...] = ()
    proposed: str | None = None  # the brain's own sentence, when the gate replaced it
    first_played_ns: int | None = None
    samples: int = 0
    heard_samples: int = 0


@dataclass(slots=True)
class TurnRecord:
    """One turn: what started it, when each stage finished, what was said."""

    index: int
    input: TurnInputKind
    heard: str = ""  # the caller's words as transcribed (or the digits)
    caller_start_ns: int | None = None
    caller_end_ns: int | None = None
    eot_ns: int | None = None
    eot_why: str = ""
    asr_started_ns: int | None = None
    asr_final_ns: int | None = None
    speculative: bool | None = None  # the transcript came from a pause's speculative run
    brain_start_ns: int | None = None
    brain_first_text_ns: int | None = None
    gate_pass_ns: int | None = None
    tts_first_audio_ns: int | None = None
    first_played_ns: int | None = None
    settled_ns: int | None = None
    said: list[SaidRecord] = field(default_factory=list)
    outcome: str = ""  # the brain turn's end: done, refused, cancelled, transferred, ended...
    interrupted: bool = False
    control: str | None = None  # call control performed after it ("transfer support")
    error: str | None = None

    def stamp(self, stage: str) -> int | None:
        value: int | None = getattr(self, f"{stage}_ns")
        return value

    def breakdown_ms(self) -> dict[str, float | None]:
        """Each stage in ms after the end of the caller's speech (or the turn's start)."""
        zero = self.caller_end_ns or self.brain_start_ns
        out: dict[str, float | None] = {}
        for stage in STAGES:
            t = self.stamp(stage)
            out[stage] = round((t - zero) / 1e6, 1) if t is not None and zero else None
        return out

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["breakdown_ms"] = self.breakdown_ms()
        return d


@dataclass(slots=True)
class BargeRecord:
    """One barge-in and how it was judged."""

    at_ns: int  # when AI audio stopped at the switch (the module's flush), or was noticed
    soft: bool  # no flush: the caller spoke under the detector's threshold
    dropped_ms: float = 0.0
    verdict: str = ""  # confirm | resume
    why: str = ""
    decided_ns: int | None = None
    turn: int | None = None  # the AI turn it interrupted


@dataclass(slots=True)
class CallRecord:
    """Everything the loop recorded for one call."""

    uuid: str
    conversation_id: str
    started_ns: int = 0
    ended_ns: int = 0
    end_reason: str = ""
    turns: list[TurnRecord] = field(default_factory=list)
    barge_ins: list[BargeRecord] = field(default_factory=list)
    dtmf: list[tuple[int, str]] = field(default_factory=list)
    controls: list[dict[str, Any]] = field(default_factory=list)
    speculations: int = 0
    speculations_used: int = 0
    speculations_discarded: int = 0
    ignored_utterances: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "conversation_id": self.conversation_id,
            "started_ns": self.started_ns,
            "ended_ns": self.ended_ns,
            "end_reason": self.end_reason,
            "turns": [t.to_json() for t in self.turns],
            "barge_ins": [asdict(b) for b in self.barge_ins],
            "dtmf": [{"at_ns": t, "digit": d} for t, d in self.dtmf],
            "controls": self.controls,
            "speculations": {
                "started": self.speculations,
                "used": self.speculations_used,
                "discarded": self.speculations_discarded,
            },
            "ignored_utterances": self.ignored_utterances,
        }
