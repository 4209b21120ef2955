# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The one way from an OS thread into the gevent hub.

Greenlets, gevent queues and so every actor's mailbox belong to the hub's thread:
another thread that touches one corrupts it or wakes nobody. Everything that works
off the hub (the media pump's thread, the speech engines' inference pools, the VAD
lane, the brain's pool) hands its results over through a :class:`HubSeam`: the
thread appends a callback to a deque and wakes the hub through one
``loop.async_()`` watcher. Both are thread-safe, and the watcher coalesces: any
number of sends before the hub gets to it are one wake-up. In the hub the callbacks
run in the order they were queued, so what one thread hands over reaches its actor
in the order that thread produced it.

A callback runs in the hub's loop, not in a greenlet: it must not block or switch.
The ones aiframe queues only put messages in mailboxes.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

import gevent

__all__ = ["HubSeam", "Submitter"]

T = TypeVar("T")


class Submitter(Protocol):
    """A worker pool: ``concurrent.futures.Executor``, the speech ``InferencePool``, the
    VAD lane."""

    def submit(self, fn: Callable[[], T], /) -> Future[T]: ...


class HubSeam:
    """Create and ``close`` in the hub's thread; ``call_soon`` and ``submit`` from any."""

    def __init__(self) -> None:
        self._q: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()  # a send never races the watcher's close
        self._watcher: Any = gevent.get_hub().loop.async_()
        self._watcher.start(self._drain)
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def call_soon(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` in the hub, after every callback queued before it (dropped once
        closed)."""
        with self._lock:
            if self._closed:
                return
            self._q.append(fn)
            self._watcher.send()

    def submit(
        self,
        pool: Submitter,
        work: Callable[[], T],
        done: Callable[[Future[T]], None],
    ) -> Future[T]:
        """Run ``work`` in ``pool``; ``done(future)`` then runs in the hub."""
        fut = pool.submit(work)
        fut.add_done_callback(lambda f: self.call_soon(lambda: done(f)))
        return fut

    def close(self) -> None:
        """Stop delivering; callbacks still queued are dropped (whoever they were for
        has gone)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._q.clear()
            self._watcher.stop()
            self._watcher.close()

    def _drain(self) -> None:
        q = self._q
        while q:
            q.popleft()()
