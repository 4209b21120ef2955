# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What became of a call after the AI handed it off with a transfer.

The AI lets go of the channel before ``uuid_transfer`` (the module keeps one media
bug per channel), so its actor ends there. Whether the destination then took the
caller is only seen on the channel's events afterwards: a bridge (someone took it),
or a hangup (``NO_ROUTE_DESTINATION`` when the dialplan has no such extension, a
busy or unregistered target, the caller giving up). The registry keeps a watch per
handed-off channel and tells the call's handler, which records it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from aiframe.runtime.messages import Bridged, CallMessage, Hangup

__all__ = ["HandoffOutcome", "HandoffWatches"]

# How long a handed-off channel is watched: a person's call can last, but a watch
# must not outlive every memory of the call.
WATCH_S = 4 * 3600.0

# Hangup causes that say the transfer itself went nowhere, with what they mean.
_UNROUTED = {
    "NO_ROUTE_DESTINATION": "the dialplan has no such extension",
    "UNALLOCATED_NUMBER": "no such number",
    "USER_NOT_REGISTERED": "the target is not registered",
    "SUBSCRIBER_ABSENT": "the target is not registered",
    "USER_BUSY": "the target is busy",
    "NO_ANSWER": "the target did not answer",
    "NO_USER_RESPONSE": "the target did not answer",
    "CALL_REJECTED": "the target rejected the call",
    "DESTINATION_OUT_OF_ORDER": "the target is out of order",
}


@dataclass(frozen=True, slots=True)
class HandoffOutcome:
    """``bridged``: the destination connected the caller to another leg; ``hangup``:
    the channel ended, ``reached`` saying whether a bridge came first."""

    kind: Literal["bridged", "hangup"]
    destination: str
    after_s: float
    reached: bool
    cause: str = ""
    other_uuid: str = ""

    @property
    def failed(self) -> bool:
        """The caller never got past the transfer."""
        return self.kind == "hangup" and not self.reached

    def describe(self) -> str:
        """One line for the store's end reason and ``aiframe calls``."""
        if self.kind == "bridged":
            return f"transfer to {self.destination} answered after {self.after_s:.1f} s"
        if self.reached:
            return f"hangup after transfer to {self.destination}: {self.cause}"
        why = _UNROUTED.get(self.cause)
        return (
            f"transfer to {self.destination} failed: hangup {self.cause} "
            f"{self.after_s:.1f} s after it" + (f" ({why})" if why else "")
        )


@dataclass(slots=True)
class _Watch:
    destination: str
    tell: Callable[[HandoffOutcome], None]
    since: float = field(default_factory=time.monotonic)
    reached: bool = False


class HandoffWatches:
    """Handed-off channels, by uuid; runs in the hub with the registry."""

    def __init__(self, watch_s: float = WATCH_S) -> None:
        self._watch_s = watch_s
        self._by_uuid: dict[str, _Watch] = {}

    def __len__(self) -> int:
        return len(self._by_uuid)

    def __contains__(self, uuid: object) -> bool:
        return uuid in self._by_uuid

    def add(self, uuid: str, destination: str, tell: Callable[[HandoffOutcome], None]) -> None:
        self._prune()
        self._by_uuid[uuid] = _Watch(destination, tell)

    def forget(self, uuid: str) -> None:
        """The channel is the AI's again (a destination that runs the aiframe app)."""
        self._by_uuid.pop(uuid, None)

    def on_message(self, uuid: str, msg: CallMessage) -> None:
        w = self._by_uuid.get(uuid)
        if w is None:
            return
        after = time.monotonic() - w.since
        if isinstance(msg, Bridged) and not w.reached:
            w.reached = True
            w.tell(HandoffOutcome("bridged", w.destination, after, True, other_uuid=msg.other_uuid))
        elif isinstance(msg, Hangup):
            del self._by_uuid[uuid]
            w.tell(HandoffOutcome("hangup", w.destination, after, w.reached, cause=msg.cause))

    def _prune(self) -> None:
        old = time.monotonic() - self._watch_s
        for uuid in [u for u, w in self._by_uuid.items() if w.since < old]:
            del self._by_uuid[uuid]
