# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Worker threads to the gevent hub: how a speech or brain result reaches an actor.

The speech engines run in real threads (ONNX Runtime and CTranslate2 release the GIL);
an actor lives in a greenlet and its mailbox is a gevent queue, which only the hub's
thread may touch. A worker therefore never posts itself: it appends a callback to a
deque and wakes the hub through one ``loop.async_()`` watcher (thread-safe), and the
hub runs the callbacks in order. The media pump hands audio over the same way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

import gevent

__all__ = ["HubBridge", "Submitter"]

T = TypeVar("T")


class Submitter(Protocol):
    """A thread pool: ``concurrent.futures.Executor``, or the speech ``InferencePool``."""

    def submit(self, fn: Callable[[], T], /) -> Future[T]: ...


class HubBridge:
    """Create in the hub's thread; ``call_soon`` from any thread."""

    def __init__(self) -> None:
        self._q: deque[Callable[[], None]] = deque()
        self._watcher: Any = gevent.get_hub().loop.async_()
        self._watcher.start(self._drain)
        self._closed = False

    def call_soon(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` in the hub, after every callback queued before it."""
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
        """Stop delivering; callbacks still queued are dropped (their call ended)."""
        if self._closed:
            return
        self._closed = True
        self._q.clear()
        self._watcher.stop()
        self._watcher.close()

    def _drain(self) -> None:
        # A hub callback: the callbacks only queue messages, never block.
        while self._q:
            self._q.popleft()()
