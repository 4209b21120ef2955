# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The loop's own mailbox messages: results of work done off the actor's greenlet,
and what the speech engines answer (:class:`TurnGuess`, :class:`Heard`,
:class:`Spoken`), which the messages carry.

Each arrives through the hub bridge, in the actor's FIFO like every other input, so
the handler reacts to a transcript or a synthesized sentence exactly as it reacts to
a DTMF digit: one at a time, in order. Each carries the token of the job it answers,
so a result for something the call has moved past (a voided speculation, a cancelled
turn) is recognised and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiframe.brain.outputs import TurnOutput
from aiframe.pcm import PCM
from aiframe.runtime.messages import CallMessage

__all__ = [
    "AsrOut",
    "BrainOut",
    "Heard",
    "JobFailed",
    "Spoken",
    "TtsOut",
    "TurnGuess",
    "TurnGuessOut",
]


@dataclass(frozen=True, slots=True)
class TurnGuess:
    """smart-turn's reading of a pause."""

    probability: float
    complete: bool


@dataclass(frozen=True, slots=True)
class Heard:
    """A transcript."""

    text: str
    no_speech_prob: float = 0.0


@dataclass(frozen=True, slots=True)
class Spoken:
    """One piece of synthesized speech (a sentence, or its first clause)."""

    pcm: PCM
    text: str


@dataclass(frozen=True, slots=True)
class TurnGuessOut(CallMessage):
    """smart-turn's verdict on pause ``spec``."""

    spec: int
    guess: TurnGuess
    done_ns: int


@dataclass(frozen=True, slots=True)
class AsrOut(CallMessage):
    """The transcript of speculation ``spec`` (audio up to the pause)."""

    spec: int
    heard: Heard
    started_ns: int
    done_ns: int


@dataclass(frozen=True, slots=True)
class BrainOut(CallMessage):
    """One output of turn ``turn``'s brain run, stamped when it came out."""

    turn: int
    output: TurnOutput
    at_ns: int


@dataclass(frozen=True, slots=True)
class TtsOut(CallMessage):
    """A piece of sentence ``sentence`` of turn ``turn``; ``last`` closes the sentence
    (then ``spoken`` may be None: nothing more came)."""

    turn: int
    sentence: int
    spoken: Spoken | None
    last: bool
    at_ns: int


@dataclass(frozen=True, slots=True)
class JobFailed(CallMessage):
    """Work off the greenlet raised: the call fails with it, loudly."""

    what: str
    error: BaseException
