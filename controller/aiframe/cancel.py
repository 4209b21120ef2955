# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One stop signal for work on other threads: a brain's turn and stream, a sentence's
synthesis. Cooperative: the work looks at it between steps (a TTS chunk, a stream event,
a tool poll); ``on_set`` lets a waiter be woken at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["Cancel"]


class Cancel:
    """A one-shot stop signal; set it from any thread. Callbacks run once, on set."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def set(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for cb in callbacks:
            cb()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)

    def on_set(self, cb: Callable[[], None]) -> None:
        """Run ``cb`` when set (at once if already set)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(cb)
                return
        cb()
