# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The switch side of the demo call, in real time, with no FreeSWITCH.

Like :class:`~aiframe.media.host.EmbeddedHost` it calls the C core's per-frame
functions on an absolute 20 ms clock, exactly as mod_aiframe's media bug does: the
caller's frame in (``on_read_frame``, which also runs the in-switch barge-in
detector), the agent's frame out (``on_write_frame``, which honours flushes and reports
marks). Unlike it, the caller is not a recording but a :class:`ScriptedCaller` that
hears each frame the agent plays, and the call ends when the script does. The switch
can also let go of the AI (a transfer detaches it) or hang up.

Everything audible is recorded: caller left, agent right.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from aiframe.demo.caller import ScriptedCaller
from aiframe.media.arena import PCM, Arena, InjectMode, SwitchLeg, now_ns
from aiframe.media.host import BargeInConfig

__all__ = ["LiveHost"]


class LiveHost:
    """One call's switch side; ``start()`` returns once the slot is claimed."""

    def __init__(
        self,
        arena: Arena,
        uuid: str,
        caller: ScriptedCaller,
        *,
        rate: int = 16000,
        frame_ms: int = 20,
        barge_in: BargeInConfig | None = None,
        max_s: float = 600.0,
    ) -> None:
        self.arena = arena
        self.uuid = uuid
        self.caller = caller
        self.rate = rate
        self.frame_ms = frame_ms
        self.frame = rate * frame_ms // 1000
        self.barge_in = barge_in
        self.max_frames = int(max_s * 1000 / frame_ms)
        self.caller_pcm = np.zeros(self.max_frames * self.frame, dtype=np.int16)
        # np.zeros, not zeros_like: calloc'd pages cost no memory until written, and
        # zeros_like writes every page of the 10-minute buffer.
        self.ai_pcm = np.zeros(self.max_frames * self.frame, dtype=np.int16)
        self.frame_ns: list[int] = []
        self.frames = 0
        self.late_frames = 0
        self.dropped_frames = 0
        self.leg: SwitchLeg | None = None
        self.detached_at = -1  # frame the AI was let go (transfer)
        self.hung_up_at = -1  # frame the switch hung up
        self.error: BaseException | None = None
        self._detach = threading.Event()
        self._hangup = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> SwitchLeg:
        self.leg = self.arena.claim(self.uuid, self.rate)
        if self.barge_in is not None:
            b = self.barge_in
            self.leg.set_barge_in(b.threshold_rms, b.min_speech_ms, b.only_while_speaking)
        self._thread = threading.Thread(target=self._run, name=f"host-{self.uuid}", daemon=True)
        self._thread.start()
        return self.leg

    def detach(self) -> None:
        """The switch stops the AI on the channel (before a transfer). Any thread."""
        self._detach.set()

    def hangup(self) -> None:
        """The switch hangs the call up. Any thread."""
        self._hangup.set()

    def stop(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
        if self.error is not None:
            raise self.error

    def recording(self) -> tuple[PCM, PCM]:
        n = self.frames * self.frame
        return self.caller_pcm[:n], self.ai_pcm[:n]

    def _run(self) -> None:
        leg = self.leg
        assert leg is not None
        f = self.frame
        period = f * 1_000_000_000 // self.rate
        tail = self.caller.script.tail_ms // self.frame_ms
        out = np.zeros(f, dtype=np.int16)
        heard: PCM | None = None
        attached = True
        ending = -1
        t0 = now_ns()
        try:
            for k in range(self.max_frames):
                if self._stop.is_set():
                    break
                deadline = t0 + k * period
                wait = deadline - now_ns()
                if wait > 0:
                    time.sleep(wait / 1e9)
                t = now_ns()
                if t - deadline > period // 2:
                    self.late_frames += 1
                if attached and (self._detach.is_set() or self._hangup.is_set()):
                    leg.release()
                    attached = False
                    if self._detach.is_set():
                        self.detached_at = k
                if self._hangup.is_set() and self.hung_up_at < 0:
                    self.hung_up_at = k
                    ending = k + tail
                hung_up = self.hung_up_at >= 0
                frame = self.caller.frame(k, heard) if not hung_up else np.zeros(f, np.int16)
                out[:] = 0
                if attached:
                    if not leg.on_read_frame(frame, t):
                        self.dropped_frames += 1
                    # Stamped as it is read: audio said while the caller frame was made
                    # must not count as played before it was said.
                    leg.on_write_frame(out, InjectMode.REPLACE, now_ns())
                self.caller_pcm[k * f : (k + 1) * f] = frame
                self.ai_pcm[k * f : (k + 1) * f] = out
                heard = out.copy()
                self.frame_ns.append(t)
                self.frames = k + 1
                if ending < 0 and self.caller.done:
                    ending = k + tail
                if ending >= 0 and k >= ending:
                    break
        except BaseException as e:  # surfaced by join(): a host failure fails the demo
            self.error = e
        finally:
            if attached:
                leg.release()
