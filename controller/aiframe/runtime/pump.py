# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The media pump: one native thread that drains every attached call's uplink.

The thread sleeps in ``Arena.wait`` (a futex on the arena doorbell, GIL
released) until the module pushes caller audio, takes the ready set, reads
each ready slot's uplink into that call's ``MediaRoute`` and hands the pass's
woken routes to the gevent hub through the runtime's one thread-to-hub seam
(:mod:`aiframe.runtime.hubseam`). In the hub, each woken call gets a coalesced
``MediaReady`` in its mailbox. The thread never touches a greenlet or a gevent
queue; the hub never blocks on the thread.

Per slot the pump is the only uplink reader; the call's actor (in the hub) is
the only downlink writer. Each ring keeps exactly one producer and one
consumer, as the core's contract requires.

Under load the pump spaces its passes (10 us per attached call, at most
``coalesce_us``), so each pass and each hub wake-up serves many calls. With many
calls attached it also hands each call its audio in longer chunks: one 20 ms frame
more for every ``chunk_calls`` calls, up to ``max_chunk_ms``. Everything a call does
per chunk (its actor waking, its VAD job, its downlink top-up) then runs two or three
times less often, at the price of that much more delay before the controller hears
the caller; the module's own barge-in does not wait for it.

A call whose actor has fallen more than ``max_backlog`` samples behind is not
read: its audio stays in the ring, where the core counts any drop, instead of
piling up in controller memory. The actor kicks the pump when it catches up.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import gevent
import gevent.monkey
import gevent.threadpool
import numpy as np
import numpy.typing as npt

from aiframe.config import ControllerSettings, MediaSettings
from aiframe.errors import MediaError, StaleSlotError
from aiframe.logs import get_logger
from aiframe.media.arena import PCM, Arena, Attachment, now_ns
from aiframe.runtime.hubseam import HubSeam

log = get_logger("pump")

_COALESCE_NS_PER_CALL = 10_000


class MediaRoute:
    """One call's caller audio on its way from the pump thread to its actor."""

    def __init__(self, att: Attachment, notify: Callable[[], None], rate: int = 16000) -> None:
        self.att = att
        self.index = att.index
        self.frame = rate // 50  # samples in one 20 ms frame
        self.notify = notify
        self.chunks: deque[tuple[PCM, int]] = deque()  # (audio, CLOCK_MONOTONIC read time)
        self.pushed = 0  # samples; written by the pump thread only
        self.popped = 0  # samples; written by the actor only
        self.gone = False  # the pump found the slot released (pump thread writes)
        self.closed = False  # the actor detached (hub writes)
        self.starved = False  # the pump left audio in the ring for backlog

    @property
    def backlog(self) -> int:
        return self.pushed - self.popped

    def take(self) -> list[tuple[PCM, int]]:
        """Everything the pump has handed over so far, oldest first."""
        out: list[tuple[PCM, int]] = []
        while self.chunks:
            chunk = self.chunks.popleft()
            self.popped += len(chunk[0])
            out.append(chunk)
        return out


@dataclass(slots=True)
class PumpStats:
    wakes: int = 0
    reads: int = 0
    samples: int = 0
    backpressured: int = 0
    stale: int = 0
    held: int = 0  # ready slots left for a fuller chunk
    max_pass_us: int = 0
    cpu_s: float = 0.0  # the pump thread's own CPU time, set when it ends


class MediaPump:
    """Start in the hub's thread; ``add``/``remove``/``kick`` from the hub only."""

    def __init__(
        self,
        arena: Arena,
        *,
        poll_ms: int = 20,
        max_backlog: int = 16000,
        coalesce_us: int = 0,
        chunk_calls: int = 0,
        max_chunk_ms: int = 20,
    ) -> None:
        self.arena = arena
        self.poll_ms = poll_ms
        self.max_backlog = max_backlog
        self.max_coalesce_ns = coalesce_us * 1000
        self.chunk_calls = chunk_calls
        self.max_chunk_frames = max(1, max_chunk_ms // 20)
        self.stats = PumpStats()
        self.last_loop_ns = 0
        self._routes: dict[int, MediaRoute] = {}
        self._kicks: deque[int] = deque()
        self._stopping = threading.Event()
        self._seam: HubSeam | None = None
        self._pool: Any = None
        self._result: Any = None
        self._thread_started = False

    @classmethod
    def configured(cls, arena: Arena, media: MediaSettings, ctl: ControllerSettings) -> MediaPump:
        """The pump as the settings describe it."""
        return cls(
            arena,
            poll_ms=media.pump_poll_ms,
            max_backlog=arena.info().max_rate * ctl.max_backlog_ms // 1000,
            coalesce_us=ctl.pump_coalesce_us,
            chunk_calls=ctl.pump_chunk_calls,
            max_chunk_ms=ctl.pump_max_chunk_ms,
        )

    def start(self) -> None:
        self._seam = HubSeam()
        # gevent's pool makes a native thread even in a monkey-patched process.
        self._pool = gevent.threadpool.ThreadPool(1)
        self.last_loop_ns = now_ns()
        self._result = self._pool.spawn(self._run)
        # Say "started" only once the thread is in its loop.
        deadline = now_ns() + 2_000_000_000
        while not self._thread_started and not self._result.ready():
            if now_ns() > deadline:
                raise MediaError("the media pump thread did not start within 2 s")
            gevent.sleep(0.001)
        if self._result.ready():
            self._result.get()  # it failed on its way in: raise that

    @property
    def running(self) -> bool:
        return self._result is not None and not self._result.ready()

    def wait(self, timeout: float | None = None) -> None:
        """Block (cooperatively) until the thread ends; re-raises its failure."""
        if self._result is not None:
            self._result.get(timeout=timeout)

    def add(self, route: MediaRoute) -> None:
        self._routes[route.index] = route
        self.kick(route.index)  # audio that arrived before the attach

    def remove(self, route: MediaRoute) -> None:
        route.closed = True
        if self._routes.get(route.index) is route:
            del self._routes[route.index]

    def kick(self, index: int) -> None:
        """Have the thread look at this slot now, ready or not."""
        self._kicks.append(index)
        self.arena.ring()

    def chunk_frames(self) -> int:
        """How many 20 ms frames each call's audio is handed over in, at this load."""
        if self.chunk_calls <= 0:
            return 1
        return min(self.max_chunk_frames, 1 + len(self._routes) // self.chunk_calls)

    def stop(self, timeout: float = 2.0) -> None:
        """End the thread; raises ``gevent.Timeout`` if it does not end in time.

        A failure of the thread itself is raised by ``wait()``, not here.
        """
        self._stopping.set()
        if self._result is not None:
            self.arena.ring()
            try:
                self._result.wait(timeout=timeout)
                if not self._result.ready():
                    raise gevent.Timeout(timeout)
            finally:
                self._pool.kill()
                if self._seam is not None:
                    self._seam.close()
                self._result = None

    @staticmethod
    def _deliver(woken: list[MediaRoute]) -> None:
        # A hub callback: must not block or switch; media_ready only queues.
        for route in woken:
            if not route.closed:
                route.notify()

    def _run(self) -> None:
        arena, stats = self.arena, self.stats
        buf: PCM = np.empty(arena.info().uplink_capacity, dtype=np.int16)
        ready = np.empty(arena.slot_count, dtype=np.uint32)
        routes, kicks = self._routes, self._kicks
        assert self._seam is not None
        seam = self._seam
        seen = arena.doorbell_seq()
        self._thread_started = True
        cpu0 = time.thread_time()
        try:
            self._loop(arena, stats, buf, ready, routes, kicks, seam, seen)
        finally:
            stats.cpu_s = time.thread_time() - cpu0

    def _loop(
        self,
        arena: Arena,
        stats: PumpStats,
        buf: PCM,
        ready: npt.NDArray[np.uint32],
        routes: dict[int, MediaRoute],
        kicks: deque[int],
        seam: HubSeam,
        seen: int,
    ) -> None:
        sleep = gevent.monkey.get_original("time", "sleep")
        last = 0
        while not self._stopping.is_set():
            seen = arena.wait(seen, self.poll_ms)
            # Under load, let more calls' frames land before this pass, so one
            # pass and one hub wake-up serve many calls. The window grows with
            # the calls attached (10 us each): light load adds next to no delay.
            window = min(self.max_coalesce_ns, _COALESCE_NS_PER_CALL * len(routes))
            gap = window - (now_ns() - last)
            if gap > 0:
                sleep(gap / 1e9)
            t0 = last = now_ns()
            self.last_loop_ns = t0
            n = arena.collect_ready(ready)
            todo = ready[:n].tolist()
            rung = len(todo)  # the rest were kicked: read them whatever they hold
            while kicks:
                todo.append(kicks.popleft())
            chunk = self.chunk_frames()
            woken: list[MediaRoute] = []
            for k, index in enumerate(todo):
                route = routes.get(index)
                if route is None or route.closed or route.gone:
                    continue
                if route.pushed - route.popped > self.max_backlog:
                    route.starved = True
                    stats.backpressured += 1
                    continue
                try:
                    if chunk > 1 and k < rung and route.att.available() < chunk * route.frame:
                        # Not a chunk yet: the slot is ready again at its next frame.
                        stats.held += 1
                        continue
                    got = route.att.read_into(buf)
                except StaleSlotError:
                    route.gone = True
                    stats.stale += 1
                    woken.append(route)
                    continue
                if got:
                    route.chunks.append((buf[:got].copy(), t0))
                    route.pushed += got
                    stats.reads += 1
                    stats.samples += got
                    woken.append(route)
            if woken:
                stats.wakes += 1
                seam.call_soon(partial(self._deliver, woken))
            took = (now_ns() - t0) // 1000
            if took > stats.max_pass_us:
                stats.max_pass_us = took


__all__ = ["MediaPump", "MediaRoute", "PumpStats"]
