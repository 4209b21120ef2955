# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The demo's stand-in for FreeSWITCH's API: what call control does to the embedded call.

The actor's :class:`~aiframe.runtime.callcontrol.CallControl` builds the same
FreeSWITCH commands it would send over ESL (checked the same way); this answers them
against the embedded host: ``uuid_aiframe <uuid> stop`` lets go of the AI (as the
module does, the actor is then told its media stopped), ``uuid_transfer`` hands the
caller to the named queue, ``uuid_kill`` hangs up. Keys the caller presses and the
caller hanging up reach the actor as the registry would deliver their ESL events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from aiframe.demo.host import LiveHost
from aiframe.media.arena import now_ns
from aiframe.runtime.hubseam import HubSeam
from aiframe.runtime.messages import CallMessage, Dtmf, Hangup, MediaStopped

__all__ = ["EmbeddedSwitch", "SwitchCommand"]


@dataclass(frozen=True, slots=True)
class SwitchCommand:
    at_ns: int
    command: str
    reply: str


@dataclass
class EmbeddedSwitch:
    """``Commands`` for CallControl, and the switch's events, for one embedded call."""

    host: LiveHost
    seam: HubSeam
    deliver: Callable[[CallMessage], bool]
    commands: list[SwitchCommand] = field(default_factory=list)
    transferred_to: str | None = None
    hung_up: str | None = None

    def bgapi(self, command: str, timeout: float) -> str:
        argv = command.split()
        verb = argv[0] if argv else ""
        reply = "+OK\n"
        if verb == "uuid_aiframe" and argv[2:3] == ["stop"]:
            self.host.detach()
            self.deliver(MediaStopped("detached by uuid_aiframe stop"))
        elif verb == "uuid_transfer":
            self.transferred_to = argv[2] if len(argv) > 2 else ""
        elif verb == "uuid_kill":
            self.hung_up = argv[2] if len(argv) > 2 else "NORMAL_CLEARING"
            self.host.hangup()
            self.deliver(Hangup(self.hung_up))
        elif verb == "uuid_aiframe" and argv[2:3] == ["start"]:
            reply = "-ERR the demo switch cannot attach the AI again\n"
        self.commands.append(SwitchCommand(now_ns(), command, reply.strip()))
        return reply

    # ---- from the host's thread ------------------------------------------------------

    def send_event(self, headers: dict[str, str], timeout: float) -> None:
        text = " ".join(f"{k}={v}" for k, v in headers.items())
        self.commands.append(SwitchCommand(now_ns(), f"sendevent {text}", "+OK"))

    def caller_event(self, kind: str, value: object) -> None:
        """The scripted caller did something the switch reports as an event."""
        if kind == "dtmf":
            digit = str(value)
            self.seam.call_soon(lambda: self._deliver(Dtmf(digit, 100)))
        elif kind == "hangup":
            self.host.hangup()
            self.seam.call_soon(lambda: self._deliver(Hangup("NORMAL_CLEARING")))

    def _deliver(self, msg: CallMessage) -> None:
        self.deliver(msg)
