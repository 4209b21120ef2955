# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the controller subscribes to, and ESL events turned into typed inputs.

The ``aiframe::*`` events come from mod_aiframe (docs/operator-guide.md lists
every header). A malformed one raises ``EslProtocolError`` naming the event and
the header, so the registry can log it and carry on with the next event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from aiframe.errors import EslProtocolError
from aiframe.esl.wire import EslEvent
from aiframe.runtime.messages import (
    AppCompleted,
    Bridged,
    CallMessage,
    ChannelEvent,
    ControllerBack,
    ControllerLost,
    Dtmf,
    Hangup,
    Overrun,
    Unbridged,
)

START = "aiframe::start"
STOP = "aiframe::stop"
BARGE_IN = "aiframe::barge_in"
PLAYOUT = "aiframe::playout"
OVERRUN = "aiframe::overrun"
COMMAND = "aiframe::command"
CONTROLLER_LOST = "aiframe::controller_lost"
CONTROLLER_BACK = "aiframe::controller_back"
CUSTOM_SUBCLASSES = (
    START,
    STOP,
    BARGE_IN,
    PLAYOUT,
    OVERRUN,
    COMMAND,
    CONTROLLER_LOST,
    CONTROLLER_BACK,
)
CHANNEL_EVENTS = (
    "CHANNEL_HANGUP",
    "CHANNEL_BRIDGE",
    "CHANNEL_UNBRIDGE",
    "CHANNEL_EXECUTE_COMPLETE",
    "DTMF",
    "BACKGROUND_JOB",
)
# FreeSWITCH takes event types first, then CUSTOM followed by its subclasses
# (exact names: the event socket has no wildcard for subclasses).
SUBSCRIPTION = (*CHANNEL_EVENTS, "CUSTOM", *CUSTOM_SUBCLASSES)

ARG_PREFIX = "aiframe-arg-"
CONVERSATION_VAR = "aiframe_conversation_id"
_UUID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,46}$")


@dataclass(frozen=True, slots=True)
class StartEvent:
    uuid: str
    slot: int
    generation: int
    rate: int
    conversation_id: str
    caller_id: str
    args: dict[str, str] = field(default_factory=dict)
    arena: str = ""  # the arena file the module attached to, when it says


@dataclass(frozen=True, slots=True)
class StopEvent:
    uuid: str
    reason: str
    generation: int | None = None  # None: the event did not say
    counters: dict[str, int] = field(default_factory=dict)


def _uuid(ev: EslEvent, what: str) -> str:
    u = ev.get("Unique-ID")
    if not u:
        raise EslProtocolError(f"{what}: header Unique-ID is missing")
    if not _UUID.match(u):
        raise EslProtocolError(f"{what}: Unique-ID {u[:60]!r} is not a call uuid")
    return u


def _int(ev: EslEvent, what: str, header: str, lo: int, hi: int) -> int:
    text = ev.get(header)
    if not text:
        raise EslProtocolError(f"{what}: header {header} is missing")
    try:
        v = int(text)
    except ValueError:
        raise EslProtocolError(f"{what}: header {header} is {text[:40]!r}, not a number") from None
    if not lo <= v <= hi:
        raise EslProtocolError(f"{what}: header {header} is {v}, outside {lo}..{hi}")
    return v


def parse_start(ev: EslEvent) -> StartEvent:
    uuid = _uuid(ev, START)
    rate = _int(ev, START, "aiframe-rate", 8000, 16000)
    if rate not in (8000, 16000):
        raise EslProtocolError(f"{START}: header aiframe-rate is {rate}, not 8000 or 16000")
    args = {
        k[len(ARG_PREFIX) :]: v
        for k, v in ev.headers.items()
        if k.startswith(ARG_PREFIX) and len(k) > len(ARG_PREFIX)
    }
    return StartEvent(
        uuid=uuid,
        slot=_int(ev, START, "aiframe-slot", 0, 4095),
        generation=_int(ev, START, "aiframe-generation", 0, 2**32 - 1),
        rate=rate,
        conversation_id=ev.get("aiframe-conversation-id"),
        caller_id=ev.get("Caller-Caller-ID-Number"),
        args=args,
        arena=ev.get("aiframe-arena"),
    )


_NOT_COUNTERS = {"aiframe-reason", "aiframe-slot", "aiframe-generation"}


def parse_stop(ev: EslEvent) -> StopEvent:
    counters: dict[str, int] = {}
    for k, v in ev.headers.items():
        if k.startswith("aiframe-") and k not in _NOT_COUNTERS and v.isdigit():
            counters[k[len("aiframe-") :].replace("-", "_")] = int(v)
    generation = (
        _int(ev, STOP, "aiframe-generation", 0, 2**32 - 1) if ev.get("aiframe-generation") else None
    )
    return StopEvent(_uuid(ev, STOP), ev.get("aiframe-reason") or "unknown", generation, counters)


def parse_command(ev: EslEvent) -> Literal["reload", "drain"]:
    cmd = ev.get("aiframe-command")
    if cmd == "reload":
        return "reload"
    if cmd == "drain":
        return "drain"
    raise EslProtocolError(
        f"{COMMAND}: aiframe-command is {cmd[:40]!r}; the controller knows reload and drain"
    )


def parse_controller_lost(ev: EslEvent) -> tuple[str, ControllerLost]:
    """The call and what the module does about a controller it counts as gone."""
    age = ev.get("aiframe-heartbeat-age-ms")
    return _uuid(ev, CONTROLLER_LOST), ControllerLost(
        # -1: no controller has heartbeated since the module loaded
        heartbeat_age_ms=-1
        if age == "-1"
        else _int(ev, CONTROLLER_LOST, "aiframe-heartbeat-age-ms", 0, 2**63 - 1),
        heartbeat_pid=_int(ev, CONTROLLER_LOST, "aiframe-controller-pid", 0, 2**31 - 1),
        caller_hears=ev.get("aiframe-caller-hears") or "unknown",
        fallback_after_ms=_int(ev, CONTROLLER_LOST, "aiframe-fallback-after-ms", 0, 2**31 - 1),
    )


def parse_controller_back(ev: EslEvent) -> tuple[str, ControllerBack]:
    return _uuid(ev, CONTROLLER_BACK), ControllerBack(
        lost_ms=_int(ev, CONTROLLER_BACK, "aiframe-lost-ms", 0, 2**63 - 1),
        heartbeat_pid=_int(ev, CONTROLLER_BACK, "aiframe-controller-pid", 0, 2**31 - 1),
    )


def channel_message(ev: EslEvent) -> tuple[tuple[str, ...], CallMessage] | None:
    """The message a channel event means for a call, and the uuids it may concern."""
    name, u = ev.name, ev.uuid
    if name == "DTMF":
        digit = ev.get("DTMF-Digit")
        if not digit:
            raise EslProtocolError("DTMF: header DTMF-Digit is missing")
        duration = ev.get("DTMF-Duration")
        ms = int(duration) // 8 if duration.isdigit() else 0  # samples at 8 kHz
        return (u,), Dtmf(digit, ms)
    if name == "CHANNEL_HANGUP":
        return (u,), Hangup(ev.get("Hangup-Cause") or "UNKNOWN")
    other = ev.get("Other-Leg-Unique-ID") or ev.get("Bridge-B-Unique-ID")
    if name == "CHANNEL_BRIDGE":
        return (u, other), Bridged(other)
    if name == "CHANNEL_UNBRIDGE":
        return (u, other), Unbridged(other)
    if name == "CHANNEL_EXECUTE_COMPLETE":
        return (u,), AppCompleted(
            ev.get("Application"), ev.get("Application-Data"), ev.get("Application-Response")
        )
    if name == "CUSTOM" and ev.subclass == OVERRUN:
        detail = {k: v for k, v in ev.headers.items() if k.startswith("aiframe-")}
        return (u,), Overrun(detail)
    if u:
        return (u,), ChannelEvent(name, dict(ev.headers))
    return None


__all__ = [
    "ARG_PREFIX",
    "BARGE_IN",
    "CHANNEL_EVENTS",
    "COMMAND",
    "CONTROLLER_BACK",
    "CONTROLLER_LOST",
    "CONVERSATION_VAR",
    "CUSTOM_SUBCLASSES",
    "OVERRUN",
    "PLAYOUT",
    "START",
    "STOP",
    "SUBSCRIPTION",
    "StartEvent",
    "StopEvent",
    "channel_message",
    "parse_command",
    "parse_controller_back",
    "parse_controller_lost",
    "parse_start",
    "parse_stop",
]
