# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Loopback calls on a test switch.

``originate {vars}loopback/<ext>/<context> &<app>(<arg>)`` makes two legs:
the A leg (``loopback/<ext>-a``) runs ``app``: it is the far party, whose
audio we play and record; the B leg (``loopback/<ext>-b``) runs ``<ext>`` in
the dialplan: it is the channel mod_aiframe attaches to. What A writes, B
reads (the uplink); what B writes (the AI audio), A reads.

Both legs get their codec when the A leg is created, before the originate
string's ``{variables}`` are applied, so ``loopback_initial_codec`` has to be
a global variable at that moment: ``originate_loopback`` sets it for every
call (calls are placed one at a time from one connection).
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid as uuidlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.errors import StaleSlotError
from aiframe.esl.sync import SyncEsl
from aiframe.esl.wire import EslEvent
from aiframe.lab.switch.errors import TestSwitchError
from aiframe.media.arena import PCM, Arena, Attachment

AIFRAME_EVENTS = (
    "aiframe::start",
    "aiframe::stop",
    "aiframe::barge_in",
    "aiframe::playout",
    "aiframe::overrun",
    "aiframe::command",
    "aiframe::controller_lost",
    "aiframe::controller_back",
)


@dataclass(frozen=True, slots=True)
class LoopbackCall:
    a_uuid: str  # the far party (runs the app after '&')
    b_uuid: str  # the dialplan leg, where mod_aiframe attaches


def channel_vars(values: Mapping[str, str | int]) -> str:
    """``{k=v,...}`` for an originate string; values with spaces are quoted."""
    parts = []
    for k, v in values.items():
        text = str(v)
        if "," in text or "'" in text or "}" in text:
            raise TestSwitchError(f"channel variable {k}={text!r}: no commas, quotes or braces")
        parts.append(f"{k}='{text}'" if " " in text else f"{k}={text}")
    return "{" + ",".join(parts) + "}"


def originate_loopback(
    esl: SyncEsl,
    extension: str,
    *,
    far: Sequence[tuple[str, str]] = (("park", ""),),
    rate: int = 8000,
    variables: Mapping[str, str | int] | None = None,
    context: str = "default",
    ptime_ms: int = 20,
    timeout: float = 15.0,
) -> LoopbackCall:
    """Place a loopback call at ``rate`` (L16, 20 ms); returns once both legs exist.

    ``far`` is what the A leg runs, as (application, argument) pairs: one runs
    as ``&app(arg)``, several as an inline dialplan (no commas in arguments)."""
    a_uuid = str(uuidlib.uuid4())
    esl.api(f"global_setvar loopback_initial_codec=L16@{rate}h@{ptime_ms}i")
    values: dict[str, str | int] = {
        "origination_uuid": a_uuid,
        "ignore_early_media": "true",
    }
    values.update(variables or {})
    if not far:
        raise TestSwitchError("originate_loopback: the far leg needs an application")
    if len(far) == 1:
        target = f"&{far[0][0]}({far[0][1]})"
    else:
        if any("," in arg or " " in arg for _, arg in far):
            raise TestSwitchError(f"inline applications take no commas or spaces: {far}")
        target = ",".join(f"{app}:{arg}" if arg else app for app, arg in far) + " inline"
    reply = esl.api(
        f"originate {channel_vars(values)}loopback/{extension}/{context} {target}",
        timeout=timeout,
    ).strip()
    if not reply.startswith("+OK"):
        raise TestSwitchError(f"originate loopback/{extension}: {reply}")
    b_uuid = esl.api(f"uuid_getvar {a_uuid} other_loopback_leg_uuid").strip()
    if not b_uuid or b_uuid.startswith("-ERR") or b_uuid == "_undef_":
        raise TestSwitchError(f"loopback/{extension}: no B leg for {a_uuid} ({b_uuid})")
    return LoopbackCall(a_uuid, b_uuid)


def channels(esl: SyncEsl) -> list[dict[str, Any]]:
    """``show channels as json`` rows (empty list when there are none)."""
    text = esl.api("show channels as json").strip()
    data = json.loads(text) if text.startswith("{") else {}
    rows: list[dict[str, Any]] = data.get("rows", []) or []
    return rows


def channel_count(esl: SyncEsl) -> int:
    return len(channels(esl))


def wait_channels(esl: SyncEsl, count: int, timeout: float = 15.0) -> int:
    """Wait until at most ``count`` channels exist; returns how many there are."""
    deadline = time.monotonic() + timeout
    n = channel_count(esl)
    while n > count and time.monotonic() < deadline:
        time.sleep(0.1)
        n = channel_count(esl)
    return n


def getvar(esl: SyncEsl, uuid: str, name: str) -> str | None:
    v = esl.api(f"uuid_getvar {uuid} {name}").strip()
    return None if v in ("_undef_", "") or v.startswith("-ERR") else v


def exists(esl: SyncEsl, uuid: str) -> bool:
    return esl.api(f"uuid_exists {uuid}").strip() == "true"


def hangup(esl: SyncEsl, uuid: str) -> None:
    esl.api(f"uuid_kill {uuid}")


def hangup_all(esl: SyncEsl, timeout: float = 15.0) -> int:
    """Hang up every channel; returns how many are left after ``timeout``."""
    esl.api("hupall NORMAL_CLEARING")
    return wait_channels(esl, 0, timeout)


@dataclass(frozen=True, slots=True)
class Started:
    """What ``aiframe::start`` said about one attached channel."""

    uuid: str
    slot: int
    generation: int
    rate: int
    channel_rate: int
    conversation_id: str
    event: EslEvent


def subscribe_aiframe(esl: SyncEsl) -> None:
    """Receive every aiframe CUSTOM event on this connection."""
    esl.subscribe("CUSTOM", *AIFRAME_EVENTS)


def is_event(subclass: str, uuid: str | None = None) -> Callable[[EslEvent], bool]:
    def match(ev: EslEvent) -> bool:
        return ev.subclass == subclass and (uuid is None or ev.uuid == uuid)

    return match


def wait_start(esl: SyncEsl, uuid: str | None = None, timeout: float = 10.0) -> Started:
    """The ``aiframe::start`` of channel ``uuid`` (or the next one), from a
    connection that ``subscribe_aiframe`` was called on."""
    ev = esl.wait_event(is_event("aiframe::start", uuid), timeout)
    if ev is None:
        raise TestSwitchError(f"no aiframe::start for {uuid or 'any channel'} in {timeout:.0f} s")
    return Started(
        uuid=ev.uuid,
        slot=int(ev["aiframe-slot"]),
        generation=int(ev["aiframe-generation"]),
        rate=int(ev["aiframe-rate"]),
        channel_rate=int(ev["aiframe-channel-rate"]),
        conversation_id=ev.get("aiframe-conversation-id") or "",
        event=ev,
    )


def wait_stop(esl: SyncEsl, uuid: str, timeout: float = 10.0) -> EslEvent:
    ev = esl.wait_event(is_event("aiframe::stop", uuid), timeout)
    if ev is None:
        raise TestSwitchError(f"no aiframe::stop for {uuid} in {timeout:.0f} s")
    return ev


def attach(arena: Arena, started: Started) -> Attachment:
    return arena.attach(started.slot, started.uuid, started.generation)


def read_for(att: Attachment, seconds: float, poll: float = 0.02) -> PCM:
    """Caller audio from the uplink for ``seconds`` (stops early if the call ends)."""
    parts: list[PCM] = []
    deadline = time.monotonic() + seconds
    with contextlib.suppress(StaleSlotError):  # the call ended: what was read is the answer
        while time.monotonic() < deadline:
            parts.append(att.read().copy())
            time.sleep(poll)
        parts.append(att.read().copy())
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)


@contextlib.contextmanager
def recording(esl: SyncEsl, uuid: str, path: Path) -> Iterator[Path]:
    """``uuid_record`` on channel ``uuid`` for the duration of the block.

    What it records follows the channel's variables at the start:
    ``RECORD_READ_ONLY=true`` for what the channel hears only,
    ``RECORD_STEREO=true`` for what it hears (left) and says (right)."""
    reply = esl.api(f"uuid_record {uuid} start {path}").strip()
    if not reply.startswith("+OK"):
        raise TestSwitchError(f"uuid_record {uuid} start: {reply}")
    try:
        yield path
    finally:
        esl.api(f"uuid_record {uuid} stop {path}")
        # the file is complete once the recording bug is closed
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline and (not path.exists() or path.stat().st_size < 44):
            time.sleep(0.05)


def play_and_wait(att: Attachment, pcm: PCM, *, timeout: float = 30.0, tail_s: float = 0.2) -> None:
    """Write ``pcm`` to the downlink as one utterance and wait until it has played."""
    written = att.write(pcm)
    if written != len(pcm):
        raise TestSwitchError(f"downlink took {written} of {len(pcm)} samples")
    att.end_utterance()
    deadline = time.monotonic() + timeout
    while att.queued() > 0:
        if time.monotonic() > deadline:
            raise TestSwitchError(f"downlink still holds {att.queued()} samples after {timeout} s")
        time.sleep(0.02)
    time.sleep(tail_s)


def wait_slots_free(arena: Arena, timeout: float = 10.0) -> list[str]:
    """Wait until no slot is active; returns the uuids of those still active."""
    deadline = time.monotonic() + timeout
    while True:
        busy = [s.uuid for s in arena.active_slots()]
        if not busy or time.monotonic() >= deadline:
            return busy
        time.sleep(0.05)


__all__ = [
    "AIFRAME_EVENTS",
    "LoopbackCall",
    "Started",
    "attach",
    "channel_count",
    "channel_vars",
    "channels",
    "exists",
    "getvar",
    "hangup",
    "hangup_all",
    "is_event",
    "originate_loopback",
    "play_and_wait",
    "read_for",
    "recording",
    "subscribe_aiframe",
    "wait_channels",
    "wait_slots_free",
    "wait_start",
    "wait_stop",
]
