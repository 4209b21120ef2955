# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Controller heartbeats in the arena header.

The module reads the heartbeat to know a controller is there to take calls
(and may play a hold prompt or use a fallback extension when it goes stale).
A beat is written only while both the hub (which runs this greenlet) and the
media pump thread are making progress: a controller whose pump has stalled is
not alive as far as calls are concerned.
"""

from __future__ import annotations

import os

import gevent

from aiframe.logs import get_logger
from aiframe.media.arena import Arena, now_ns
from aiframe.runtime.pump import MediaPump

log = get_logger("health")

# A controller whose last beat is this old is gone (or stalled past saving), even if a
# process with its pid still runs: the pid may have been reused.
ACTIVE_WITHIN_NS = 10_000_000_000


def other_controller(arena: Arena, now: int | None = None) -> str | None:
    """One line naming another live controller on this arena, or None.

    One active controller per arena: two would both take every call."""
    info = arena.info()
    pid = info.controller_pid
    if pid in (0, os.getpid()):
        return None
    age_ns = (now_ns() if now is None else now) - info.controller_heartbeat_ns
    if age_ns > ACTIVE_WITHIN_NS or not _alive(pid):
        return None
    return (
        f"another controller (pid {pid}, last heartbeat {age_ns / 1e9:.1f} s ago) is active "
        f"on {arena.path}; stop it first (systemctl stop aiframe), or point media.arena_path "
        "at another switch's arena"
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


class Heartbeat:
    def __init__(self, arena: Arena, pump: MediaPump | None, interval_ms: int) -> None:
        self.arena = arena
        self.pump = pump
        self.interval = interval_ms / 1000
        self.pid = os.getpid()
        # The pump wakes at least every poll interval; allow for a busy box.
        self.stall_ns = max(1_000_000_000, 10 * (pump.poll_ms if pump else 0) * 1_000_000)
        self.beats = 0
        self.skipped = 0
        self._stalled = False
        self._greenlet: gevent.Greenlet | None = None

    def beat(self) -> bool:
        now = now_ns()
        if self.pump is not None and now - self.pump.last_loop_ns > self.stall_ns:
            self.skipped += 1
            if not self._stalled:
                log.error(
                    "media pump stalled; withholding heartbeats",
                    stalled_ms=(now - self.pump.last_loop_ns) // 1_000_000,
                )
            self._stalled = True
            return False
        if self._stalled:
            log.info("media pump running again; heartbeats resume")
            self._stalled = False
        self.arena.heartbeat(self.pid, now)
        self.beats += 1
        return True

    def start(self) -> None:
        self.beat()
        self._greenlet = gevent.spawn(self._loop)

    def _loop(self) -> None:
        while True:
            gevent.sleep(self.interval)
            self.beat()

    def stop(self) -> None:
        if self._greenlet is not None:
            self._greenlet.kill(block=True, timeout=1.0)
            self._greenlet = None


__all__ = ["Heartbeat"]
