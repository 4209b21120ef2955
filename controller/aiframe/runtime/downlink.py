# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The downlink writer: AI audio into a call's slot, paced just ahead of playout.

The speaker holds what the call has to say and writes only ``lead`` samples
ahead of what the switch has played, topping up on every tick (each caller
frame is one, since the switch reads and writes one frame at a time). A flush
or barge-in therefore discards at most ``lead`` of queued audio in the ring;
the rest never left the controller and can still be resumed.

Barge-in is two-stage. The module flushes the ring within one frame and moves
the slot's barge-in sequence; the speaker notices on its next tick, stops
writing and reports ``BargeIn``. The call then confirms (the rest is dropped)
or resumes (playback continues from where the caller stopped hearing it).
The resume point is the write position at the flush minus what the module
dropped, exact unless the flush landed between a tick's barge-in check and
its top-up, in which case it is early by at most that one top-up.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from aiframe.errors import MediaError
from aiframe.media.arena import PCM, BargeState, MarkEvent, MarkResult
from aiframe.runtime.messages import BargeIn, CallMessage, MarkSettled, SpeakingFinished


class DownlinkPort(Protocol):
    """The controller's side of a slot, as the speaker uses it (``Attachment``)."""

    def write(self, pcm: PCM) -> int: ...
    def queued(self) -> int: ...
    def flush(self) -> int: ...
    def end_utterance(self) -> None: ...
    def set_mark(self, mark_id: int) -> None: ...
    def poll_marks(self) -> list[MarkEvent]: ...
    def barge_state(self) -> BargeState: ...


@dataclass(slots=True)
class _QueuedAudio:
    pcm: PCM
    mark_id: int
    pos: int = 0  # next sample to write
    start_abs: int = -1  # write counter at its sample 0; -1 until first written
    marked: bool = False


class Speaker:
    """One call's downlink; driven by its actor, never shared between threads."""

    def __init__(self, port: DownlinkPort, rate: int, lead_ms: int) -> None:
        self._port = port
        self.rate = rate
        self.lead = max(1, rate * lead_ms // 1000)
        self._pending: deque[_QueuedAudio] = deque()  # not yet fully written
        self._written: deque[_QueuedAudio] = deque()  # fully written, not yet played
        self._w = 0  # samples this speaker has written, in total
        self._barge_seq = port.barge_state().seq
        self._was_active = False
        self.held = False  # barge-in seen, waiting for confirm or resume
        self.samples_written = 0
        self._marks_out = 0  # marks set whose settlement the module has not reported
        self._ticks = 0

    @property
    def active(self) -> bool:
        """Audio still to write or still queued in the ring."""
        return bool(self._pending or self._written)

    @property
    def needs_tick(self) -> bool:
        """Still something to write, to retire, or a mark to hear about."""
        return bool(self._pending or self._written or self._marks_out or self.held)

    def say(self, pcm: PCM, mark_id: int) -> None:
        if pcm.dtype != np.int16 or pcm.ndim != 1:
            raise MediaError(f"say: audio must be 1-D int16 PCM, got {pcm.dtype} {pcm.shape}")
        if len(pcm) == 0:
            raise MediaError(f"say: mark {mark_id} has no audio")
        self._pending.append(_QueuedAudio(np.ascontiguousarray(pcm), mark_id))
        self._was_active = True
        if not self.held:
            self._top_up(self._port.queued())

    def tick(self) -> list[CallMessage]:
        """Check barge-in, collect settled marks, top up; returns what happened."""
        out: list[CallMessage] = []
        b = self._port.barge_state()
        if b.seq != self._barge_seq:
            self._barge_seq = b.seq
            if self.active and not self.held:
                self._hold(b.dropped_samples)
                out.append(BargeIn(b.seq, b.at_ns, b.dropped_samples))
        self._ticks += 1
        # Each mark set is settled exactly once; look only while some are out (and
        # now and then regardless, in case the module's event ring overflowed).
        if self._marks_out or self._ticks % 50 == 0:
            events = self._port.poll_marks()
            self._marks_out = max(0, self._marks_out - len(events))
            out.extend(MarkSettled(e.mark_id, e.result, e.at_ns) for e in events)
        queued = self._port.queued()
        if not self.held:
            queued = self._top_up(queued)
        self._retire(queued)
        if self._was_active and not self.active:
            out.append(SpeakingFinished())
        self._was_active = self.active
        return out

    def resume(self) -> None:
        """After a barge-in: carry on from where the caller stopped hearing."""
        self.held = False
        self._top_up(self._port.queued())

    def cancel(self) -> list[CallMessage]:
        """Drop everything: what is queued in the ring and what was never written.

        Marks already in the ring are settled by the module (flushed); marks of
        audio never written are reported flushed here.
        """
        out: list[CallMessage] = [
            MarkSettled(u.mark_id, MarkResult.FLUSHED, 0) for u in self._pending if not u.marked
        ]
        if self._written or any(u.marked for u in self._pending):
            self._port.flush()
        self._pending.clear()
        self._written.clear()
        self.held = False
        self._was_active = False
        return out

    def _hold(self, dropped: int) -> None:
        resume_abs = self._w - dropped
        if self._port.queued() > 0:
            # Written after the module's flush: it must not play over the caller.
            self._port.flush()
        keep: deque[_QueuedAudio] = deque()
        for u in [*self._written, *self._pending]:
            if u.start_abs < 0:
                keep.append(u)
                continue
            heard = resume_abs - u.start_abs
            if heard >= u.pos and u.pos == len(u.pcm):
                continue  # played in full before the barge-in
            heard = max(0, min(heard, u.pos))
            if heard == 0:
                u.marked = False  # the module reported it flushed; mark it again
            u.pos = heard
            u.start_abs = -1
            keep.append(u)
        self._written.clear()
        self._pending = keep
        self.held = True

    def _top_up(self, queued: int) -> int:
        """Write up to the lead; returns what is queued in the ring afterwards."""
        room = self.lead - queued
        while room > 0 and self._pending:
            u = self._pending[0]
            if not u.marked:
                self._port.set_mark(u.mark_id)
                self._marks_out += 1
                u.marked = True
            if u.start_abs < 0:
                u.start_abs = self._w - u.pos
            n = min(room, len(u.pcm) - u.pos)
            got = self._port.write(u.pcm[u.pos : u.pos + n])
            self._w += got
            self.samples_written += got
            u.pos += got
            room -= got
            queued += got
            if u.pos == len(u.pcm):
                self._port.end_utterance()
                self._written.append(self._pending.popleft())
            if got < n:
                break  # ring full: the rest waits for the next tick
        return queued

    def _retire(self, queued: int) -> None:
        if not self._written:
            return
        played = self._w - queued
        while self._written and self._written[0].start_abs + len(self._written[0].pcm) <= played:
            self._written.popleft()


__all__ = ["DownlinkPort", "Speaker"]
