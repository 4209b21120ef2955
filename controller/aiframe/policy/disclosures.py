# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Proof that a disclosure was heard, from the media plane's playout marks.

Queuing a disclosure proves nothing: a caller who talks over it never heard it. The
conversation loop puts a mark on the first audio of the disclosure and another on the
audio right after it (the next sentence, or a short pad of silence), and feeds the
module's mark reports here. A disclosure is delivered when both marks played; if either
is flushed (a barge-in), or the loop reports a barge-in while it is still playing, it
was not delivered and the gate will insert it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiframe.policy.errors import PolicyStateError

__all__ = ["DisclosureLedger"]


@dataclass(slots=True)
class _InFlight:
    disclosure: str
    start_mark: int
    end_mark: int
    started: bool = False


class DisclosureLedger:
    """Per call: which disclosures are queued and which are proven played."""

    def __init__(self, played: frozenset[str] = frozenset()) -> None:
        self._played: set[str] = set(played)
        self._flight: dict[int, _InFlight] = {}  # by start and by end mark

    @property
    def played(self) -> frozenset[str]:
        return frozenset(self._played)

    @property
    def pending(self) -> frozenset[str]:
        return frozenset(f.disclosure for f in self._flight.values())

    def queued(self, disclosure: str, start_mark: int, end_mark: int) -> None:
        """The disclosure's audio was queued between these two marks."""
        if start_mark == end_mark:
            raise PolicyStateError("a disclosure needs two distinct marks (start and end)")
        for m in (start_mark, end_mark):
            if m in self._flight:
                raise PolicyStateError(f"mark {m} already tracks a disclosure")
        f = _InFlight(disclosure, start_mark, end_mark)
        self._flight[start_mark] = f
        self._flight[end_mark] = f

    def on_mark(self, mark_id: int, played: bool) -> str | None:
        """A mark report (``played`` False means flushed). Returns the disclosure this
        report proves delivered, if any."""
        f = self._flight.get(mark_id)
        if f is None:
            return None
        if not played:
            self._drop(f)
            return None
        if mark_id == f.start_mark:
            f.started = True
            return None
        self._drop(f)
        if not f.started:
            return None  # the end played without the start: part of it was lost
        self._played.add(f.disclosure)
        return f.disclosure

    def on_barge_in(self) -> list[str]:
        """The caller spoke over the AI: whatever is still in flight was not delivered."""
        lost = sorted({f.disclosure for f in self._flight.values()})
        self._flight.clear()
        return lost

    def _drop(self, f: _InFlight) -> None:
        self._flight.pop(f.start_mark, None)
        self._flight.pop(f.end_mark, None)
