# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The media lane: one native thread that does the per-frame work of every call.

The thread sleeps on the arena doorbell and drains every ready slot's uplink in one
call into the core (:mod:`aiframe.media.drain`, interpreter lock released). What it
read goes where the call's handler asked:

- a call that *listens* (its handler gave a :class:`~aiframe.runtime.listening.Listening`)
  has its audio appended to its log and its energy watched in the same pass, and
  every ``vad_step_ms`` the VAD of all such calls runs in one batched step. Only what
  changed (the voice starting or stopping, an early pause) crosses to the gevent hub
  and wakes that call's actor: a call in which nobody speaks costs no actor wake-up;
- a call whose handler takes raw frames (probes, recorders) gets the audio queued on
  its ``MediaRoute`` and one coalesced ``MediaReady`` per pass.

Everything crosses to the hub through the runtime's one thread-to-hub seam
(:mod:`aiframe.runtime.hubseam`), once per pass. The thread never touches a greenlet
or a gevent queue; the hub never blocks on the thread. Routes are added and removed
from the hub as commands the thread applies between passes.

Per slot the lane is the only uplink reader; the call's actor (in the hub) is the
only downlink writer. Each ring keeps exactly one producer and one consumer, as the
core's contract requires.

Under load the lane spaces its passes (10 us per attached call, at most
``coalesce_us``), so each pass and each hub wake-up serves many calls.

A frame-taking call whose actor has fallen more than ``max_backlog`` samples behind
is not read: its audio stays in the ring, where the core counts any drop, instead of
piling up in controller memory. The actor kicks the lane when it catches up. A
listening call never falls behind this way: its audio goes to its own log, whatever
its actor is doing.
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

from aiframe.config import ControllerSettings, MediaSettings
from aiframe.errors import MediaError, StaleSlotError
from aiframe.logs import get_logger
from aiframe.media.arena import PCM, Arena, Attachment, now_ns
from aiframe.media.drain import UplinkDrainer
from aiframe.runtime.hubseam import HubSeam
from aiframe.runtime.listening import Listening, vad_step
from aiframe.runtime.messages import CallMessage

log = get_logger("pump")

_COALESCE_NS_PER_CALL = 10_000
_TICK_NS = 20_000_000  # a speaking call's actor is woken this often to top up its downlink


class MediaRoute:
    """One call's caller audio on its way from the lane thread to its actor."""

    def __init__(
        self,
        att: Attachment,
        notify: Callable[[], None],
        rate: int = 16000,
        *,
        listening: Listening | None = None,
        post: Callable[[CallMessage], bool] | None = None,
    ) -> None:
        self.att = att
        self.index = att.index
        self.frame = rate // 50  # samples in one 20 ms frame
        self.notify = notify
        self.listening = listening  # set: the lane listens; unset: the actor takes frames
        self.post = post  # how the lane's findings reach the actor (in the hub)
        self.chunks: deque[tuple[PCM, int]] = deque()  # (audio, CLOCK_MONOTONIC read time)
        self.pushed = 0  # samples; written by the lane thread only
        self.popped = 0  # samples; written by the actor only
        self.gone = False  # the lane found the slot released (lane thread writes)
        self.closed = False  # the actor detached (hub writes)
        self.starved = False  # the lane left audio in the ring for backlog
        self.speaking = False  # the actor has audio to write or marks out (actor writes)

    @property
    def backlog(self) -> int:
        return self.pushed - self.popped

    def take(self) -> list[tuple[PCM, int]]:
        """Everything the lane has handed over so far, oldest first (frame-taking calls)."""
        out: list[tuple[PCM, int]] = []
        while self.chunks:
            chunk = self.chunks.popleft()
            self.popped += len(chunk[0])
            out.append(chunk)
        return out


@dataclass(slots=True)
class PumpStats:
    wakes: int = 0  # passes that crossed to the hub
    passes: int = 0
    reads: int = 0
    samples: int = 0
    backpressured: int = 0
    stale: int = 0
    held: int = 0  # kept for the JSON of older benchmark runs; the lane holds nothing
    edges: int = 0  # messages the lane posted to listening calls
    vad_steps: int = 0
    vad_step_us_max: int = 0
    max_pass_us: int = 0
    cpu_s: float = 0.0  # the lane thread's own CPU time, set when it ends


_ADD, _REMOVE = 0, 1


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
        vad_step_ms: int = 32,
    ) -> None:
        self.arena = arena
        self.poll_ms = poll_ms
        self.max_backlog = max_backlog
        self.max_coalesce_ns = coalesce_us * 1000
        self.chunk_calls = chunk_calls
        self.max_chunk_frames = max(1, max_chunk_ms // 20)
        self.vad_step_ns = vad_step_ms * 1_000_000
        self.stats = PumpStats()
        self.last_loop_ns = 0
        self._routes: dict[int, MediaRoute] = {}  # the lane thread's
        self._listening: dict[int, Listening] = {}  # the lane thread's
        self._route_of: dict[int, MediaRoute] = {}  # id(listening) -> its route; the lane's
        self._attached = 0  # calls attached, as the hub counts them
        self._changes: deque[tuple[int, MediaRoute]] = deque()
        self._kicks: deque[int] = deque()
        self._speakers: deque[MediaRoute] = deque()  # routes that started speaking (hub)
        self._speaking: set[MediaRoute] = set()  # the lane thread's
        self._last_tick = 0
        self._stopping = threading.Event()
        self._seam: HubSeam | None = None
        self._pool: Any = None
        self._result: Any = None
        self._thread_started = False

    @classmethod
    def configured(cls, arena: Arena, media: MediaSettings, ctl: ControllerSettings) -> MediaPump:
        """The lane as the settings describe it."""
        return cls(
            arena,
            poll_ms=media.pump_poll_ms,
            max_backlog=arena.info().max_rate * ctl.max_backlog_ms // 1000,
            coalesce_us=ctl.pump_coalesce_us,
            chunk_calls=ctl.pump_chunk_calls,
            max_chunk_ms=ctl.pump_max_chunk_ms,
            vad_step_ms=ctl.vad_step_ms,
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
                raise MediaError("the media lane thread did not start within 2 s")
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
        """Start reading this call (from its next pass, including audio already waiting)."""
        self._attached += 1
        self._changes.append((_ADD, route))
        self.arena.ring()

    def remove(self, route: MediaRoute) -> None:
        if not route.closed:
            route.closed = True
            self._attached -= 1
            self._changes.append((_REMOVE, route))
            self.arena.ring()

    def speaking(self, route: MediaRoute) -> None:
        """The call has AI audio to play: wake its actor every 20 ms, caller audio or
        not, until ``route.speaking`` goes false (the downlink's clock)."""
        route.speaking = True
        self._speakers.append(route)
        self.arena.ring()

    def kick(self, index: int) -> None:
        """Have the thread look at this slot now, ready or not."""
        self._kicks.append(index)
        self.arena.ring()

    def chunk_frames(self) -> int:
        """How many 20 ms frames each call's audio is read in, at this load."""
        if self.chunk_calls <= 0:
            return 1
        return min(self.max_chunk_frames, 1 + self._attached // self.chunk_calls)

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
    def _deliver(woken: list[MediaRoute], edges: list[tuple[MediaRoute, CallMessage]]) -> None:
        # A hub callback: must not block or switch; notify and post only queue.
        for route in woken:
            if not route.closed:
                route.notify()
        for route, msg in edges:
            if not route.closed and route.post is not None:
                route.post(msg)

    def _run(self) -> None:
        assert self._seam is not None
        drainer = UplinkDrainer(self.arena, buffer_samples=1 << 20)
        self._thread_started = True
        cpu0 = time.thread_time()
        try:
            self._loop(drainer, self._seam)
        finally:
            self.stats.cpu_s = time.thread_time() - cpu0

    def _apply_changes(self, drainer: UplinkDrainer) -> None:
        routes, listening = self._routes, self._listening
        while self._changes:
            op, route = self._changes.popleft()
            if op == _ADD:
                routes[route.index] = route
                drainer.add(route.att)
                if route.listening is not None:
                    listening[route.index] = route.listening
                    self._route_of[id(route.listening)] = route
                self._kicks.append(route.index)  # audio that arrived before the attach
            elif routes.get(route.index) is route:
                del routes[route.index]
                if listening.pop(route.index, None) is not None:
                    self._route_of.pop(id(route.listening), None)
                drainer.remove(route.index)

    def _loop(self, drainer: UplinkDrainer, seam: HubSeam) -> None:
        stats, routes, kicks = self.stats, self._routes, self._kicks
        buf: PCM = np.empty(self.arena.info().uplink_capacity, dtype=np.int16)
        last_step = 0
        while not self._stopping.is_set():
            self._apply_changes(drainer)
            # Under load, let more calls' frames land before this pass, so one pass
            # and one hub wake-up serve many calls (10 us per call attached), and read
            # each call in longer chunks once there are many.
            spacing = min(self.max_coalesce_ns, _COALESCE_NS_PER_CALL * len(routes))
            spacing = max(spacing, (self.chunk_frames() - 1) * 20_000_000)
            wait_ms = min(self.poll_ms, 20) if self._speaking or self._speakers else self.poll_ms
            entries = drainer.pump(wait_ms, spacing // 1000)
            if self._stopping.is_set():
                break
            t0 = now_ns()
            self.last_loop_ns = t0
            stats.passes += 1
            woken: list[MediaRoute] = []
            edges: list[tuple[MediaRoute, CallMessage]] = []
            for index, pcm in entries:
                route = routes.get(index)
                if route is not None:
                    self._take(route, pcm, t0, drainer, woken, edges)
            while kicks:
                index = kicks.popleft()
                route = routes.get(index)
                if route is None or route.closed or route.gone:
                    continue
                if route.starved:
                    route.starved = False
                    drainer.add(route.att)
                try:
                    got = route.att.read_into(buf)
                except StaleSlotError:
                    got = -1
                self._take(route, buf[:got] if got >= 0 else None, t0, drainer, woken, edges)
            if t0 - self._last_tick >= _TICK_NS:
                self._last_tick = t0
                self._tick_speakers(woken)
            if self._listening and t0 - last_step >= self.vad_step_ns:
                last_step = t0
                self._step(edges)
            if woken or edges:
                stats.wakes += 1
                stats.edges += len(edges)
                seam.call_soon(partial(self._deliver, woken, edges))
            took = (now_ns() - t0) // 1000
            if took > stats.max_pass_us:
                stats.max_pass_us = took

    def _tick_speakers(self, woken: list[MediaRoute]) -> None:
        speaking, speakers = self._speaking, self._speakers
        while speakers:
            speaking.add(speakers.popleft())
        done = [r for r in speaking if not r.speaking or r.closed or r.gone]
        for r in done:
            speaking.discard(r)
        woken.extend(speaking)  # a second wake in one pass is one MediaReady: coalesced

    def _take(
        self,
        route: MediaRoute,
        pcm: PCM | None,
        t0: int,
        drainer: UplinkDrainer,
        woken: list[MediaRoute],
        edges: list[tuple[MediaRoute, CallMessage]],
    ) -> None:
        stats = self.stats
        if route.closed or route.gone:
            return
        if pcm is None:
            route.gone = True
            stats.stale += 1
            drainer.remove(route.index)
            woken.append(route)
            return
        got = len(pcm)
        if not got:
            return
        stats.reads += 1
        stats.samples += got
        route.pushed += got
        heard = route.listening
        if heard is not None:
            found: list[CallMessage] = []
            heard.heard(pcm, t0, found)
            edges.extend((route, m) for m in found)
            return
        route.chunks.append((pcm.copy(), t0))
        woken.append(route)
        if route.pushed - route.popped > self.max_backlog:
            # Read no more until the actor catches up: the audio waits in the ring.
            route.starved = True
            stats.backpressured += 1
            drainer.remove(route.index)

    def _step(self, edges: list[tuple[MediaRoute, CallMessage]]) -> None:
        t = now_ns()
        route_of = self._route_of
        for heard, msg in vad_step(list(self._listening.values())):
            route = route_of.get(id(heard))
            if route is not None:
                edges.append((route, msg))
        stats = self.stats
        stats.vad_steps += 1
        took = (now_ns() - t) // 1000
        if took > stats.vad_step_us_max:
            stats.vad_step_us_max = took


__all__ = ["MediaPump", "MediaRoute", "PumpStats"]
