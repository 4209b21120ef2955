# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe run` as a process: one-line errors, clean exits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from aiframe.lab.fakes.switch import FakeSwitch
from aiframe.media.arena import Arena


def start(env: dict[str, str]) -> subprocess.Popen[str]:
    full = {**os.environ, "AIFRAME_LOG__FORMAT": "json", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "aiframe", "run"],
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def env_for(port: int, password: str, arena: Path) -> dict[str, str]:
    return {
        "AIFRAME_ESL__PORT": str(port),
        "AIFRAME_ESL__PASSWORD": password,
        "AIFRAME_MEDIA__ARENA_PATH": str(arena),
    }


def one_line_error(proc: subprocess.Popen[str]) -> str:
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("aiframe: error: ")
    return last


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


@pytest.mark.parametrize(
    ("case", "expect"),
    [
        ("wrong-password", "refused the event-socket password (set esl.password"),
        ("refused", "connection refused (is FreeSWITCH running"),
        ("no-module", "has no mod_aiframe loaded"),
        ("default-password", "esl.password is FreeSWITCH's default 'ClueCon'"),
        ("no-arena", "cannot open"),
    ],
)
def test_startup_failures_are_one_line(arena: Arena, arena_path: Path, case: str, expect: str):
    with FakeSwitch(module_loaded=case != "no-module") as sw:
        env = env_for(sw.port, sw.password, arena_path)
        if case == "wrong-password":
            env["AIFRAME_ESL__PASSWORD"] = "not-it"
        elif case == "refused":
            env["AIFRAME_ESL__PORT"] = str(free_port())
        elif case == "default-password":
            env["AIFRAME_ESL__PASSWORD"] = "ClueCon"
        elif case == "no-arena":
            env["AIFRAME_MEDIA__ARENA_PATH"] = str(arena_path) + ".missing"
        line = one_line_error(start(env))
    assert expect in line, line
    assert sw.password not in line and "not-it" not in line  # passwords never echoed


def wait_for(pred, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_sigterm_stops_cleanly_and_drain_exits_by_itself(arena: Arena, arena_path: Path):
    with FakeSwitch() as sw:
        proc = start(env_for(sw.port, sw.password, arena_path))
        wait_for(lambda: any(c.startswith("event plain") for c in sw.commands))
        wait_for(lambda: arena.info().controller_pid == proc.pid)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
        assert proc.returncode == 0, err
        proc = start(env_for(sw.port, sw.password, arena_path))
        wait_for(
            lambda: (
                sw.clients == 1 and sum(c == "api show channels as json" for c in sw.commands) == 2
            )
        )
        sw.emit_custom("aiframe::command", {"aiframe-command": "drain"})
        _, err = proc.communicate(timeout=15)
        assert proc.returncode == 0, err
        assert [e["aiframe-result"] for e in sw.sent_events] == ["ok", "drained"]


def test_the_metrics_endpoint_of_a_running_controller(arena: Arena, arena_path: Path):
    port = free_port()
    with FakeSwitch() as sw:
        env = env_for(sw.port, sw.password, arena_path)
        proc = start({**env, "AIFRAME_METRICS__PORT": str(port)})
        try:
            wait_for(lambda: arena.info().controller_pid == proc.pid)
            leg = arena.claim("metrics-call", 16000)
            sw.add_channel("metrics-call")
            sw.emit_start("metrics-call", leg.index, leg.generation, 16000)
            url = f"http://127.0.0.1:{port}/metrics"

            def samples() -> dict[str, float]:
                text = httpx.get(url, timeout=5).text
                out: dict[str, float] = {}
                for fam in text_string_to_metric_families(text):
                    for s in fam.samples:
                        key = s.name + "".join(f"[{v}]" for v in s.labels.values())
                        out[key] = s.value
                return out

            wait_for(lambda: samples().get("aiframe_calls_active") == 1.0)
            m = samples()
            assert m["aiframe_calls_total[start]"] == 1.0
            assert "aiframe_pump_wakes_total" in m and "aiframe_pump_max_pass_seconds" in m
            assert "aiframe_ring_events_total[uplink_drops]" in m
            sw.hangup("metrics-call")
            wait_for(lambda: samples().get("aiframe_calls_active") == 0.0)
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert f"127.0.0.1:{port}/metrics" in err  # the log says where to scrape
