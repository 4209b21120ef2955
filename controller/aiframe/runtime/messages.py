# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The typed messages a call's actor takes from its mailbox.

Every input for a call arrives as one of these, in one FIFO, so two events for
one call are ordered and neither overwrites the other. The runtime never drops or
cancels a queued message: each one is handed to the handler (or counted as
discarded once the call has ended), and a full mailbox fails the call instead of
shedding anything. Whether a message is stale (a result for a turn a barge-in
cancelled) is the handler's to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from aiframe.media.arena import MarkResult
from aiframe.speech.vad import VadEvent


@dataclass(frozen=True, slots=True)
class CallMessage:
    """Base of every message an actor takes."""


@dataclass(frozen=True, slots=True)
class MediaReady(CallMessage):
    """Caller audio is waiting (coalesced: one pending at a time per call)."""


@dataclass(frozen=True, slots=True)
class VoiceActivity(CallMessage):
    """The media lane's VAD found the caller's voice starting or stopping: the
    edges it found in the call's audio up to stream sample ``upto``."""

    events: tuple[VadEvent, ...]
    upto: int


@dataclass(frozen=True, slots=True)
class EarlyPause(CallMessage):
    """The caller's audio has been quiet for the early-pause time while the VAD
    still hears voice; the last loud 20 ms frame ended at stream time ``loud_ms``."""

    loud_ms: float


@dataclass(frozen=True, slots=True)
class LoudAgain(CallMessage):
    """Loud audio after an :class:`EarlyPause`: that pause was not one. The loud frame
    ends at stream time ``loud_ms``."""

    loud_ms: float


@dataclass(frozen=True, slots=True)
class ListeningFailed(CallMessage):
    """The media lane could not listen to this call (its VAD failed): the call fails."""

    what: str
    error: BaseException


@dataclass(frozen=True, slots=True)
class Dtmf(CallMessage):
    """A DTMF digit the channel received."""

    digit: str
    duration_ms: int = 0


@dataclass(frozen=True, slots=True)
class Hangup(CallMessage):
    """The channel hung up (CHANNEL_HANGUP), or was found gone on re-sync."""

    cause: str


@dataclass(frozen=True, slots=True)
class MediaStopped(CallMessage):
    """The module ended this slot (``aiframe::stop``) or it was found released."""

    reason: str
    counters: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Bridged(CallMessage):
    """The channel was bridged to another leg."""

    other_uuid: str


@dataclass(frozen=True, slots=True)
class Unbridged(CallMessage):
    """The bridge ended."""

    other_uuid: str


@dataclass(frozen=True, slots=True)
class AppCompleted(CallMessage):
    """A dialplan application on the channel finished (CHANNEL_EXECUTE_COMPLETE)."""

    application: str
    data: str
    response: str


@dataclass(frozen=True, slots=True)
class BargeIn(CallMessage):
    """The module flushed AI audio because the caller spoke over it.

    Seen in the slot (its barge-in sequence moved); ``aiframe::barge_in`` over
    ESL only makes the actor look at the slot sooner, so one barge-in is one
    message.
    """

    seq: int
    at_ns: int
    dropped_samples: int


@dataclass(frozen=True, slots=True)
class MarkSettled(CallMessage):
    """A downlink mark was played out (with the time) or flushed unplayed."""

    mark_id: int
    result: MarkResult
    at_ns: int


@dataclass(frozen=True, slots=True)
class SpeakingFinished(CallMessage):
    """Everything queued for the caller has been played out."""


@dataclass(frozen=True, slots=True)
class Overrun(CallMessage):
    """The module reported a ring overrun (``aiframe::overrun``)."""

    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ControllerLost(CallMessage):
    """The module counts the controller as gone for this call (``aiframe::controller_lost``):
    no fresh heartbeat for ``controller-timeout-ms``. The caller hears ``caller_hears``
    until a heartbeat comes; after ``fallback_after_ms`` (0: never) the call goes to the
    fallback extension."""

    heartbeat_age_ms: int
    heartbeat_pid: int
    caller_hears: str
    fallback_after_ms: int


@dataclass(frozen=True, slots=True)
class ControllerBack(CallMessage):
    """A fresh heartbeat after :class:`ControllerLost` (``aiframe::controller_back``)."""

    lost_ms: int
    heartbeat_pid: int


@dataclass(frozen=True, slots=True)
class ChannelEvent(CallMessage):
    """Any other event for this channel, headers as received."""

    name: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimerFired(CallMessage):
    """A timer the handler started with ``Call.start_timer``."""

    name: str
    token: int


@dataclass(frozen=True, slots=True)
class ControlResult(CallMessage):
    """A call-control command the actor issued (transfer, hangup, ...) finished."""

    request_id: int
    op: str
    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class AdminCommand(CallMessage):
    """An operator command for every live call (``aiframe::command``)."""

    command: Literal["reload", "drain"]


__all__ = [
    "AdminCommand",
    "AppCompleted",
    "BargeIn",
    "Bridged",
    "CallMessage",
    "ChannelEvent",
    "ControlResult",
    "ControllerBack",
    "ControllerLost",
    "Dtmf",
    "EarlyPause",
    "Hangup",
    "ListeningFailed",
    "LoudAgain",
    "MarkSettled",
    "MediaReady",
    "MediaStopped",
    "Overrun",
    "SpeakingFinished",
    "TimerFired",
    "Unbridged",
    "VoiceActivity",
]
