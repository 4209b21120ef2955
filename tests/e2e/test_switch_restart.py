# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""FreeSWITCH restarted under a running controller (`aiframe run`, its own process).

The switch comes back on the same ports and arena path, as a restarted service does.
The old calls died with it; mod_aiframe created a new arena (a fresh file renamed
over the path). The controller notices the lost event socket and the replaced arena,
and exits with one clear line (status 75, which the systemd unit restarts) rather
than heartbeating into a file the module no longer reads (which would send every new
call to the fallback). A controller started again maps the new arena and takes calls.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aiframe.lab.switch.calls import originate_loopback, subscribe_aiframe, wait_start
from aiframe.lab.switch.testswitch import SwitchSettings, TestSwitch, absent_reason, unavailable
from aiframe.media import Arena

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _wait(pred: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def switch(tmp_path: Path) -> Iterator[TestSwitch]:
    reason = absent_reason()
    if reason:
        unavailable(reason)
    sw = TestSwitch(SwitchSettings(), workdir=tmp_path / "fs")
    try:
        yield sw.start()
    finally:
        sw.cleanup()


def _controller(sw: TestSwitch, log: Path) -> subprocess.Popen[bytes]:
    assert sw.endpoint is not None
    ep = sw.endpoint
    env = {
        **os.environ,
        "AIFRAME_ESL__PORT": str(ep.esl_port),
        "AIFRAME_ESL__PASSWORD": ep.esl_password,
        "AIFRAME_ESL__RECONNECT_MIN_S": "0.05",
        "AIFRAME_ESL__RECONNECT_MAX_S": "0.5",
        "AIFRAME_MEDIA__ARENA_PATH": str(ep.arena_path),
        "AIFRAME_CONTROLLER__HEARTBEAT_MS": "100",
        "AIFRAME_METRICS__ENABLED": "false",
        "AIFRAME_LOG__FORMAT": "json",
    }
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "aiframe", "run"], env=env, stderr=err)
    with Arena.open(ep.arena_path) as a:
        _wait(
            lambda: a.info().controller_pid == proc.pid or proc.poll() is not None,
            15,
            "the controller's first heartbeat",
        )
    assert proc.poll() is None, log.read_text()
    return proc


def _has_actor(arena: Arena, slot: int) -> bool:
    return "conv=" in arena.slot_info(slot).status


def test_a_restarted_switch_stops_the_controller_clearly_and_a_new_one_takes_calls(
    switch: TestSwitch, tmp_path: Path
) -> None:
    assert switch.endpoint is not None
    arena_path = switch.endpoint.arena_path
    first_log = tmp_path / "controller-1.log"
    ctl = _controller(switch, first_log)
    try:
        with switch.esl() as esl, Arena.open(arena_path) as arena:
            subscribe_aiframe(esl)
            started = wait_start(esl, originate_loopback(esl, "ai").b_uuid)
            _wait(lambda: _has_actor(arena, started.slot), 10, "the call's actor")
        old_ino = arena_path.stat().st_ino
        switch.restart(same_endpoint=True)
        assert arena_path.stat().st_ino != old_ino  # the module made a new arena
        code = ctl.wait(30)
    finally:
        if ctl.poll() is None:
            ctl.kill()
            ctl.wait()
    log = first_log.read_text()
    assert code == 75, log[-3000:]  # EX_TEMPFAIL: the systemd unit restarts it
    assert "lost the event socket; reconnecting" in log
    assert f"aiframe: error: the arena {arena_path} was replaced" in log
    assert "Traceback" not in log

    again = _controller(switch, tmp_path / "controller-2.log")
    try:
        with switch.esl() as esl, Arena.open(arena_path) as arena:
            subscribe_aiframe(esl)
            started = wait_start(esl, originate_loopback(esl, "ai").b_uuid)
            _wait(lambda: _has_actor(arena, started.slot), 10, "the new controller's actor")
    finally:
        again.terminate()
        again.wait(10)
