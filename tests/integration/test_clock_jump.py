# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The system clock moved under live calls: an hour forward, then an hour back.

Two lanes of whole calls run through a real FreeSWITCH into ``aiframe run`` (the
FreeSWITCH soak, :mod:`aiframe.lab.soak.fs_driver`, for 40 s) while this test sets
``CLOCK_REALTIME`` with ``clock_settime``, as an operator's ``date -s`` or a stepping
NTP client does. Everything that times a call reads the monotonic clock, so: every call
completes and ends by its hangup (not ``controller_lost``: the module's heartbeat rule
did not see an hour-old heartbeat), no timer fired an hour early or stalled for an
hour (a call would outlive the caller's script), and every response gap recorded in
the store is a few seconds, not ±3,600,000 ms.

The clock is the whole machine's: the test runs only where that is wanted,
``AIFRAME_TEST_MOVE_CLOCK=1`` (CI sets it: its machine is its own), and with
``CAP_SYS_TIME`` (root); otherwise it is skipped with the reason. The clock is put back
to where it would have been (the wall time at the start plus the monotonic time since)
on any failure and on SIGTERM; only a SIGKILL mid-test leaves it moved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from aiframe.config import Settings
from aiframe.lab.soak.fs_driver import SwitchSoakParams, SwitchSoakRun
from aiframe.lab.switch.testswitch import absent_reason, unavailable

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.models]

HOUR_S = 3600.0
MOVES = ((+HOUR_S, "an hour forward"), (-HOUR_S, "an hour back"), (0.0, "put back"))
MOVE_EVERY_S = 9.0  # the soak's calls last about 20 s: each move falls inside one

# The soak's report, each move's time (soak seconds) with the calls live then, the store.
Jumped = tuple[dict[str, Any], list[tuple[float, int]], Path]


def _cannot_set_clock() -> str | None:
    if os.environ.get("AIFRAME_TEST_MOVE_CLOCK") != "1":
        return "moves the machine's clock: set AIFRAME_TEST_MOVE_CLOCK=1 to run it"
    try:
        time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))
    except PermissionError:
        return "moving the system clock needs CAP_SYS_TIME"
    return None


@contextlib.contextmanager
def movable_clock() -> Iterator[Callable[[float], None]]:
    """``move(offset_s)`` sets the wall clock ``offset_s`` away from true time; true time
    is back on leaving."""
    wall0 = time.clock_gettime(time.CLOCK_REALTIME)
    mono0 = time.monotonic()

    def move(offset_s: float) -> None:
        time.clock_settime(time.CLOCK_REALTIME, wall0 + (time.monotonic() - mono0) + offset_s)

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # through the finally below

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield move
    finally:
        move(0.0)
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="module")
def jumped(tmp_path_factory: pytest.TempPathFactory, short_switch_soak: SwitchSoakParams) -> Jumped:
    reason = absent_reason()
    if reason is not None:
        unavailable(f"e2e: {reason}")
    reason = _cannot_set_clock()
    if reason is not None:
        pytest.skip(reason)
    from aiframe.lab.soak.fs_report import write_switch_report

    out = tmp_path_factory.mktemp("clock-jump")
    run = SwitchSoakRun(Settings(), short_switch_soak, out)
    moved: list[tuple[float, int]] = []
    done = threading.Event()

    def mover(move: Callable[[float], None]) -> None:
        while run.baseline is None:  # the window starts after the warm-up and baseline
            if done.wait(0.2):
                return
        for offset, _ in MOVES:
            if done.wait(MOVE_EVERY_S):
                return
            move(offset)
            moved.append((run.now(), run._live))

    try:
        with movable_clock() as move:
            thread = threading.Thread(target=mover, args=(move,), name="clock-mover")
            run.open()
            thread.start()
            try:
                run.run()
            finally:
                done.set()
                thread.join(10)
    finally:
        run.close()
    report = write_switch_report(run, out)
    return report, moved, run.db


def test_the_clock_moved_while_calls_were_live(jumped: Jumped) -> None:
    _, moved, _ = jumped
    assert len(moved) == len(MOVES)
    assert all(live >= 1 for _, live in moved), moved


def test_every_call_ended_by_its_hangup_across_the_moves(jumped: Jumped) -> None:
    report, _, _ = jumped
    assert report["problems"] == [], report["problems"]
    for k in ("calls_completed", "slots_back", "media_bugs_back", "shm_back"):
        assert report["judgements"][k]["ok"], report["judgements"][k]
    calls = report["call_results"]
    assert sum(c["phase"] == "soak" for c in calls) >= 2
    for c in calls:
        assert c["ok"] and c["stop_reason"] == "hangup", c
        # A timer on the wall clock would have stalled an hour or fired at once.
        assert c["wall_s"] < report["caller_s"] + 15, c


def test_the_store_dates_moved_with_the_clock(jumped: Jumped) -> None:
    # Proof the clock did move: rows written then carry the moved dates (dates are the
    # wall clock's business, and a conversation's dates may go backwards).
    _, _, db = jumped
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        stamps = [dt.datetime.fromisoformat(a) for (a,) in conn.execute("SELECT at FROM turns")]
    mid = sorted(stamps)[len(stamps) // 2]
    assert max(stamps) - mid > dt.timedelta(minutes=50), (min(stamps), mid, max(stamps))
    assert mid - min(stamps) > dt.timedelta(minutes=50), (min(stamps), mid, max(stamps))


def test_every_response_gap_in_the_store_is_seconds_not_an_hour(jumped: Jumped) -> None:
    _, _, db = jumped
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        rows = conn.execute(
            "SELECT call_uuid, turn, timing FROM turns WHERE role = 'agent' AND timing IS NOT NULL"
        ).fetchall()
    played = [
        (uuid, turn, json.loads(timing)["breakdown_ms"]["first_played"])
        for uuid, turn, timing in rows
    ]
    played = [p for p in played if p[2] is not None]
    assert len(played) >= 4
    assert all(0 <= ms < 10_000 for _, _, ms in played), played
