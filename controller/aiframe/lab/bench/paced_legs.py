# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The switch side of a capacity benchmark, in a process of its own (as FreeSWITCH is).

N legs claimed in the arena, fed as the switch's media threads feed them: every 20 ms
on an absolute clock, each leg at its own offset within the period, a caller frame
through the module's per-frame read call and the outbound frame pulled by its write
call. The legs are announced on stdout ("UUID INDEX GENERATION" each, then "ready"),
and the run starts at the CLOCK_MONOTONIC instant the controller side writes to stdin.
"""

from __future__ import annotations

import sys
import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from aiframe.media.arena import Arena, InjectMode, now_ns

__all__ = ["COUNTER_KINDS", "FRAME", "PERIOD_NS", "RATE", "PaceStats", "PacedLegs"]

RATE = 16000
FRAME = RATE // 50
PERIOD_NS = 20_000_000
COUNTER_KINDS = ("uplink_drops", "downlink_underruns", "downlink_overruns", "frames_in")

# (tick, leg, now_ns) -> the caller frame to push
FrameSource = Callable[[int, int, int], np.ndarray[Any, np.dtype[np.int16]]]


@dataclass(slots=True)
class PaceStats:
    late_frames: int = 0  # pushed more than half a period after they were due
    max_late_ns: int = 0
    ai_samples: int = 0  # outbound samples the legs got
    cpu_s: float = 0.0  # this process's CPU over the ticks


class PacedLegs:
    def __init__(self, arena_path: str, calls: int) -> None:
        self.arena = Arena.open(arena_path)
        self.legs = [self.arena.claim(str(uuidlib.uuid4()), RATE) for _ in range(calls)]
        self._offsets = [i * PERIOD_NS // calls for i in range(calls)]
        self._out = np.zeros(FRAME, dtype=np.int16)
        self.start_ns = 0

    def announce(self) -> None:
        """Tell the controller side the legs, then wait for its start instant."""
        for leg in self.legs:
            print(f"{leg.uuid} {leg.index} {leg.generation}", flush=True)
        print("ready", flush=True)
        self.start_ns = int(sys.stdin.readline())

    def run(self, first: int, last: int, frame: FrameSource) -> PaceStats:
        """Ticks ``first`` to ``last`` (excluded), counted from the start instant."""
        stats = PaceStats()
        out = self._out
        cpu0 = time.process_time()
        for t in range(first, last):
            base = self.start_ns + t * PERIOD_NS
            for i, leg in enumerate(self.legs):
                due = base + self._offsets[i]
                wait = due - now_ns()
                if wait > 200_000:
                    time.sleep((wait - 100_000) / 1e9)
                now = now_ns()
                late = now - due
                if late > PERIOD_NS // 2:
                    stats.late_frames += 1
                stats.max_late_ns = max(stats.max_late_ns, late)
                leg.on_read_frame(frame(t, i, now), now)
                out[:] = 0
                stats.ai_samples += leg.on_write_frame(out, InjectMode.REPLACE, now)
        stats.cpu_s = time.process_time() - cpu0
        return stats

    def totals(self) -> dict[str, int]:
        """The C core's counters, summed over the legs."""
        counters = [self.arena.slot_info(leg.index).counters for leg in self.legs]
        return {k: sum(getattr(c, k) for c in counters) for k in COUNTER_KINDS}

    def close(self) -> None:
        for leg in self.legs:
            leg.release()
        self.arena.close()
