# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One-way delay from FreeSWITCH's media thread to a receiver holding the frame.

The far leg of each loopback call plays a click train: one 20 ms burst at the start
of every second, silence between, so each click fills exactly one frame. The near leg
runs mod_aiframe with its in-switch barge-in detector armed at all times
(``barge_only_while_ai_speaks=false``, one frame of minimum speech): on the frame that
carries a click, the read path marks it and the write path of the same media-thread
pass stamps ``barge_at_ns`` (``CLOCK_MONOTONIC``), which FreeSWITCH reports in the
``aiframe::barge_in`` event. That stamp is the switch side of every path measured on
that call, mod_aiframe's and a forked copy alike.

Each receiver runs the same ``OnsetDetector`` over the audio it gets and, on the
chunk that holds a click's first sample, writes ``<uuid> <CLOCK_MONOTONIC ns>`` to
its probe file. ``pair_delays`` matches each arrival to its click's stamp.

``probe_handler`` is the controller side: ``aiframe run`` with
``controller.handler = aiframe.lab.bench.delay:probe_handler`` listens as the default
handler does and writes its arrivals to ``$AIFRAME_BENCH_PROBE``.
"""

from __future__ import annotations

import bisect
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO

import numpy as np

from aiframe.media.arena import PCM
from aiframe.runtime.handler import Call, CallHandler, CallInfo, ListenHandler
from aiframe.runtime.listening import Listening

PROBE_ENV = "AIFRAME_BENCH_PROBE"
CLICK_PERIOD_S = 1.0
CLICK_MS = 20
CLICK_AMPLITUDE = 20000
CLICK_HZ = 1000
ONSET_THRESHOLD = 8000  # a sample this loud after REARM_S of quiet starts a click
REARM_S = 0.3
DETECTOR_RMS = 2000  # mod_aiframe's barge threshold: the click's RMS is about 14000


def click_train(rate: int, seconds: float = CLICK_PERIOD_S) -> PCM:
    """One period of the far leg's signal: a click in the first frame, then zeros.
    A cosine, so the very first sample is already at full amplitude."""
    out = np.zeros(round(seconds * rate), dtype=np.int16)
    n = rate * CLICK_MS // 1000
    t = np.arange(n) / rate
    out[:n] = (CLICK_AMPLITUDE * np.cos(2 * np.pi * CLICK_HZ * t)).astype(np.int16)
    return out


class OnsetDetector:
    """Finds click onsets in a stream of chunks of any length.

    An onset is a sample at least ``threshold`` loud after at least ``rearm``
    quieter samples. The stream starts unarmed, so a click already under way when
    the receiver joins is not taken for a new one."""

    def __init__(
        self, rate: int, threshold: int = ONSET_THRESHOLD, rearm_s: float = REARM_S
    ) -> None:
        self.threshold = threshold
        self.rearm = round(rearm_s * rate)
        self._quiet = 0

    def feed(self, pcm: PCM) -> int:
        """How many onsets ``pcm`` holds (0 or 1 for any chunk shorter than a period)."""
        loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) >= self.threshold)
        if loud.size == 0:
            self._quiet += len(pcm)
            return 0
        gaps = np.diff(loud) - 1
        onsets = int(self._quiet + loud[0] >= self.rearm) + int(
            np.count_nonzero(gaps >= self.rearm)
        )
        self._quiet = len(pcm) - 1 - int(loud[-1])
        return onsets


def write_arrival(out: IO[str], uuid: str, at_ns: int) -> None:
    out.write(f"{uuid} {at_ns}\n")


def read_arrivals(lines: Iterable[str]) -> dict[str, list[int]]:
    """``<uuid> <ns>`` lines, per uuid in time order; malformed lines are skipped
    (a receiver killed mid-write leaves at most one)."""
    out: dict[str, list[int]] = {}
    for line in lines:
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            continue
        out.setdefault(parts[0], []).append(int(parts[1]))
    for times in out.values():
        times.sort()
    return out


def pair_delays(
    stamps: Mapping[str, Sequence[int]],
    arrivals: Mapping[str, Sequence[int]],
    *,
    max_ns: int = 400_000_000,
    early_ns: int = 5_000_000,
) -> list[int]:
    """Arrival minus stamp, in ns, for each arrival whose call has a stamp at most
    ``max_ns`` before it. The stamp is taken a few microseconds after the frame was
    read, so an arrival may precede it slightly: up to ``early_ns`` counts (as a
    negative delay). Each stamp pairs with one arrival at most."""
    delays: list[int] = []
    for uuid, times in arrivals.items():
        marks = sorted(stamps.get(uuid, ()))
        used: set[int] = set()
        for at in times:
            i = bisect.bisect_right(marks, at + early_ns) - 1
            if i < 0 or i in used or at - marks[i] > max_ns:
                continue
            used.add(i)
            delays.append(at - marks[i])
    return delays


def delay_summary(delays_ns: Sequence[int]) -> dict[str, float | int | None]:
    """p50/p99/max in µs of a list of delays in ns."""
    if not delays_ns:
        return {"n": 0, "p50_us": None, "p99_us": None, "max_us": None}
    us = np.asarray(delays_ns, dtype=np.float64) / 1000.0
    return {
        "n": len(delays_ns),
        "p50_us": round(float(np.percentile(us, 50)), 1),
        "p99_us": round(float(np.percentile(us, 99)), 1),
        "max_us": round(float(us.max()), 1),
    }


_probe_out: IO[str] | None = None


def _probe_file() -> IO[str]:
    global _probe_out
    if _probe_out is None:
        path = os.environ.get(PROBE_ENV)
        if not path:
            raise RuntimeError(f"probe_handler needs {PROBE_ENV} (the arrivals file)")
        # Open for the controller's lifetime: one line per click, from every call.
        _probe_out = Path(path).open("a", buffering=1)  # noqa: SIM115
    return _probe_out


class ProbeHandler(ListenHandler):
    """The listen handler, plus: the time it holds each click's first chunk."""

    def __init__(self, info: CallInfo, out: IO[str]) -> None:
        super().__init__()
        self.detector = OnsetDetector(info.rate)
        self.out = out

    def listening(self, info: CallInfo) -> Listening | None:
        return None  # the raw frames, through on_audio: the probe times their arrival

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        now = time.monotonic_ns()
        if self.detector.feed(pcm):
            write_arrival(self.out, call.info.uuid, now)


def probe_handler(info: CallInfo) -> CallHandler:
    return ProbeHandler(info, _probe_file())


__all__ = [
    "CLICK_PERIOD_S",
    "DETECTOR_RMS",
    "PROBE_ENV",
    "OnsetDetector",
    "ProbeHandler",
    "click_train",
    "delay_summary",
    "pair_delays",
    "probe_handler",
    "read_arrivals",
    "write_arrival",
]
