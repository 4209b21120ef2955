# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import os
import subprocess

from aiframe.media.arena import Arena, now_ns
from aiframe.runtime.health import Heartbeat, other_controller
from aiframe.runtime.pump import MediaPump


def test_heartbeat_lands_in_the_arena_header(arena: Arena) -> None:
    pump = MediaPump(arena, poll_ms=20)
    pump.start()
    try:
        hb = Heartbeat(arena, pump, interval_ms=50)
        t0 = now_ns()
        assert hb.beat()
        info = arena.info()
        assert info.controller_pid == os.getpid()
        assert info.controller_heartbeat_ns >= t0
    finally:
        pump.stop()


def test_no_heartbeat_while_the_pump_is_stalled(arena: Arena) -> None:
    pump = MediaPump(arena, poll_ms=20)  # never started: as good as stalled
    pump.last_loop_ns = now_ns() - 5_000_000_000
    hb = Heartbeat(arena, pump, interval_ms=50)
    assert not hb.beat()
    assert arena.info().controller_heartbeat_ns == 0 and hb.skipped == 1
    pump.last_loop_ns = now_ns()  # it recovered
    assert hb.beat() and arena.info().controller_heartbeat_ns > 0


def test_a_live_controller_beside_us_is_named(arena: Arena) -> None:
    other = subprocess.Popen(["sleep", "30"])
    try:
        arena.heartbeat(other.pid, now_ns() - 300_000_000)
        line = other_controller(arena)
        assert line is not None and "\n" not in line
        assert line.startswith(f"another controller (pid {other.pid}, last heartbeat 0.3 s ago)")
        assert f"is active on {arena.path}" in line
        # Its beats stopped long ago: gone, whatever runs under its pid now.
        arena.heartbeat(other.pid, now_ns() - 60_000_000_000)
        assert other_controller(arena) is None
    finally:
        other.kill()
        other.wait()
    arena.heartbeat(other.pid, now_ns())  # a fresh beat from a pid that has exited
    assert other_controller(arena) is None


def test_our_own_heartbeat_is_not_another_controller(arena: Arena) -> None:
    arena.heartbeat(os.getpid(), now_ns())
    assert other_controller(arena) is None
