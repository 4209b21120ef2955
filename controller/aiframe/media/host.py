# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The embedded media host: the switch side of a slot, in real time, with no
FreeSWITCH.

It claims a slot, then every frame on an absolute clock it pushes the next
caller frame through the same ``on_read_frame`` the module calls and pulls the
outbound frame through the same ``on_write_frame``, recording both (caller
left, AI right). The demo and many tests build on it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from aiframe.media.arena import PCM, Arena, InjectMode, SwitchLeg, now_ns


@dataclass(frozen=True, slots=True)
class BargeInConfig:
    threshold_rms: int = 900
    min_speech_ms: int = 100
    only_while_speaking: bool = True


@dataclass(slots=True)
class HostRecording:
    rate: int
    caller: PCM
    ai: PCM
    frames: int = 0
    late_frames: int = 0
    max_late_us: int = 0
    dropped_frames: int = 0
    frame_times_ns: list[int] = field(default_factory=list)


class EmbeddedHost:
    """Plays one call's switch side; ``start()`` returns once the slot is claimed."""

    def __init__(
        self,
        arena: Arena,
        uuid: str,
        caller: PCM,
        *,
        rate: int = 16000,
        frame_ms: int = 20,
        tail_ms: int = 1000,
        mode: InjectMode = InjectMode.REPLACE,
        barge_in: BargeInConfig | None = None,
        release_at_end: bool = True,
    ) -> None:
        self.arena = arena
        self.uuid = uuid
        self.rate = rate
        self.frame = rate * frame_ms // 1000
        self.mode = mode
        self.barge_in = barge_in
        self.release_at_end = release_at_end
        total = len(caller) + rate * tail_ms // 1000
        self.n_frames = -(-total // self.frame)
        self._caller = np.zeros(self.n_frames * self.frame, dtype=np.int16)
        self._caller[: len(caller)] = caller
        self.recording = HostRecording(rate, self._caller, np.zeros_like(self._caller))
        self.leg: SwitchLeg | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self) -> SwitchLeg:
        self.leg = self.arena.claim(self.uuid, self.rate)
        if self.barge_in is not None:
            self.leg.set_barge_in(
                self.barge_in.threshold_rms,
                self.barge_in.min_speech_ms,
                self.barge_in.only_while_speaking,
            )
        self._thread = threading.Thread(target=self._run, name=f"host-{self.uuid}", daemon=True)
        self._thread.start()
        return self.leg

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> HostRecording:
        if self._thread is not None:
            self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        return self.recording

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        leg = self.leg
        assert leg is not None
        rec, f = self.recording, self.frame
        period = f * 1_000_000_000 // self.rate
        out = np.zeros(f, dtype=np.int16)
        t0 = now_ns()
        try:
            for k in range(self.n_frames):
                if self._stop.is_set():
                    break
                deadline = t0 + k * period
                wait = deadline - now_ns()
                if wait > 0:
                    time.sleep(wait / 1e9)
                t = now_ns()
                late = t - deadline
                if late > period // 2:
                    rec.late_frames += 1
                rec.max_late_us = max(rec.max_late_us, late // 1000)
                frame = self._caller[k * f : (k + 1) * f]
                if not leg.on_read_frame(frame, t):
                    rec.dropped_frames += 1
                out[:] = 0
                leg.on_write_frame(out, self.mode, t)
                rec.ai[k * f : (k + 1) * f] = out
                rec.frames += 1
                rec.frame_times_ns.append(t)
        except BaseException as e:  # surfaced by join(): a host failure fails its call
            self.error = e
        finally:
            if self.release_at_end:
                leg.release()


__all__ = ["BargeInConfig", "EmbeddedHost", "HostRecording"]
