# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Scale-out on one machine: two FreeSWITCH boxes with mod_aiframe on their own
loopback ports, Kamailio in front with the shipped configuration
(freeswitch/kamailio/kamailio.cfg), sipp placing calls at Kamailio.

New calls spread over both boxes; a box taken out of rotation (dispatcher state
`d`, then `aiframe drain` on it) gets no new call and keeps its live ones until
their callers hang up (sipp fails a call that the far end drops, so sipp's exit
status is the proof); put back, it takes calls again.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aiframe.esl.wire import EslEvent
from aiframe.lab.switch.calls import exists, subscribe_aiframe
from aiframe.lab.switch.signal import mulaw_encode, speechlike
from aiframe.lab.switch.testswitch import REPO_ROOT, TestSwitch, unavailable

KAMAILIO_CFG = REPO_ROOT / "freeswitch" / "kamailio" / "kamailio.cfg"
SCENARIO = Path(__file__).parent / "sipp" / "uac_via_proxy.xml"


@pytest.fixture(autouse=True)
def _proxy_and_caller_installed() -> None:
    missing = [b for b in ("kamailio", "kamcmd", "sipp") if shutil.which(b) is None]
    if missing:
        unavailable(
            f"scale-out: {', '.join(missing)} not installed (Debian packages kamailio, sip-tester)"
        )


def _udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Kamailio:
    """Kamailio in the foreground with the shipped configuration, on a free port,
    its dispatcher list and control socket in ``workdir``."""

    def __init__(self, workdir: Path, boxes: list[str]) -> None:
        self.workdir = workdir
        self.port = _udp_port()
        self.ctl = workdir / "kamailio.ctl"
        self.ds_list = workdir / "dispatcher.list"
        self.ds_list.write_text("".join(f"1 {uri} 0 0\n" for uri in boxes))
        self.log = workdir / "kamailio.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Kamailio:
        cmd = [
            "kamailio",
            "-f", str(KAMAILIO_CFG),
            "-DD", "-E",
            "-n", "2", "-m", "64", "-M", "8",
            "-Y", str(self.workdir),
            "-P", str(self.workdir / "kamailio.pid"),
            "-A", f"LISTEN=udp:127.0.0.1:{self.port}",
            "-A", f'DS_LIST="{self.ds_list}"',
            "-A", f'CTL_SOCKET="unix:{self.ctl}"',
        ]  # fmt: skip
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"kamailio exited at start:\n{self.log_tail()}")
            if self.ctl.exists() and self.rpc("dispatcher.list").returncode == 0:
                return self
            time.sleep(0.1)
        raise AssertionError(f"kamailio did not answer on {self.ctl}:\n{self.log_tail()}")

    def rpc(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["kamcmd", "-s", f"unix:{self.ctl}", *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )

    def set_state(self, state: str, uri: str) -> None:
        r = self.rpc("dispatcher.set_state", state, "1", uri)
        assert r.returncode == 0, r.stdout + r.stderr

    def states(self) -> dict[str, str]:
        """Each destination's FLAGS (AX active, DX disabled, ...), from dispatcher.list."""
        out: dict[str, str] = {}
        uri = ""
        for line in self.rpc("dispatcher.list").stdout.splitlines():
            key, _, value = line.strip().partition(":")
            if key == "URI":
                uri = value.strip()
            elif key == "FLAGS" and uri:
                out[uri] = value.strip()
        return out

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Sipp:
    """A batch of calls through the proxy: ``calls`` at once, each held ``hold_ms``."""

    def __init__(self, proxy_port: int, workdir: Path, calls: int, hold_ms: int) -> None:
        sipp = shutil.which("sipp")
        assert sipp is not None
        cmd = [
            sipp, f"127.0.0.1:{proxy_port}",
            "-sf", str(SCENARIO), "-s", "ai",
            "-i", "127.0.0.1", "-p", str(_udp_port()), "-mp", str(_udp_port()),
            "-m", str(calls), "-l", str(calls), "-r", "20",
            "-d", str(hold_ms),
            "-nostdin", "-timeout", "60s", "-timeout_error",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )

    def wait(self) -> tuple[int, str]:
        out, _ = self.proc.communicate(timeout=90)
        return self.proc.returncode, out.decode(errors="replace")[-3000:]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


class Box:
    """One FreeSWITCH box and a connection that sees its aiframe events."""

    def __init__(self, name: str, sw: TestSwitch) -> None:
        assert sw.endpoint is not None
        self.name = name
        self.switch = sw
        self.uri = f"sip:127.0.0.1:{sw.endpoint.sip_port}"
        self.events = sw.esl()
        subscribe_aiframe(self.events)
        self.api = sw.esl()
        self.seen: list[EslEvent] = []  # every aiframe event so far, in order

    def poll(self, timeout: float) -> None:
        ev = self.events.next_event(timeout)
        if ev is not None:
            self.seen.append(ev)

    def uuids(self, subclass: str, since: int = 0) -> list[str]:
        return [e.uuid for e in self.seen[since:] if e.subclass == subclass]

    def close(self) -> None:
        for conn in (self.events, self.api):
            with contextlib.suppress(Exception):
                conn.close()


def _starts(boxes: list[Box], n: int, timeout: float = 30.0) -> dict[str, list[str]]:
    """The next ``n`` aiframe::start events over all boxes: box name -> call uuids."""
    since = {b.name: len(b.seen) for b in boxes}

    def got() -> dict[str, list[str]]:
        return {b.name: b.uuids("aiframe::start", since[b.name]) for b in boxes}

    deadline = time.monotonic() + timeout
    while sum(map(len, got().values())) < n and time.monotonic() < deadline:
        for b in boxes:
            b.poll(0.05)
    assert sum(map(len, got().values())) == n, f"{got()} attached; expected {n} calls"
    return got()


def _stops(box: Box, uuids: list[str], timeout: float = 60.0) -> dict[str, str]:
    """Wait for the aiframe::stop of each call: uuid -> aiframe-reason."""
    deadline = time.monotonic() + timeout
    while not set(uuids) <= set(box.uuids("aiframe::stop")) and time.monotonic() < deadline:
        box.poll(0.2)
    stops = {
        e.uuid: e.get("aiframe-reason") or "" for e in box.seen if e.subclass == "aiframe::stop"
    }
    assert set(uuids) <= set(stops), f"no aiframe::stop on {box.name} for some of {uuids}"
    return {u: stops[u] for u in uuids}


@pytest.fixture
def fs() -> None:
    """This module starts its own two switches; the session switch is not needed."""


@pytest.fixture
def boxes() -> Iterator[list[Box]]:
    switches: list[TestSwitch] = []
    made: list[Box] = []
    try:
        for name in ("a", "b"):
            sw = TestSwitch()
            switches.append(sw)
            sw.start()
            made.append(Box(name, sw))
        yield made
    finally:
        for b in made:
            b.close()
        for sw in switches:
            sw.cleanup()


@pytest.fixture
def kamailio(boxes: list[Box], tmp_path: Path) -> Iterator[Kamailio]:
    k = Kamailio(tmp_path, [b.uri for b in boxes])
    try:
        yield k.start()
    finally:
        k.stop()


def test_calls_spread_over_boxes_and_a_box_out_of_rotation_drains(
    boxes: list[Box], kamailio: Kamailio, tmp_path: Path
) -> None:
    b = boxes[1]
    caller = np.concatenate([np.zeros(800, dtype=np.int16), speechlike(1.0, 8000, seed=5)])
    (tmp_path / "caller.ulaw").write_bytes(mulaw_encode(caller))
    batches: list[Sipp] = []
    try:
        # 1. Four calls, held until the end of the test: round-robin puts them on both.
        first = Sipp(kamailio.port, tmp_path, calls=4, hold_ms=12000)
        batches.append(first)
        spread = _starts(boxes, 4)
        assert spread["a"] and spread["b"], f"calls did not spread: {spread}"
        on_b = spread["b"]

        # 2. Box b out of rotation, and draining in aiframe.
        kamailio.set_state("d", b.uri)
        assert kamailio.states()[b.uri].startswith("D"), kamailio.states()
        assert b.api.api("aiframe drain").startswith("+OK")
        # Its calls are still up (uuid_exists asks the core; `show channels` lags behind).
        assert all(exists(b.api, u) for u in on_b)

        # 3. New calls all go to box a; box b gets none.
        second = Sipp(kamailio.port, tmp_path, calls=4, hold_ms=1000)
        batches.append(second)
        after = _starts(boxes, 4)
        assert after == {"a": after["a"], "b": []} and len(after["a"]) == 4, after
        rc, out = second.wait()
        assert rc == 0, out

        # 4. Box b's calls end when their callers hang up, not before: sipp fails a
        #    call whose far end hangs up on it, and every call of the first batch passed.
        rc, out = first.wait()
        assert rc == 0, f"a call of the first batch failed:\n{out}\n{kamailio.log_tail()}"
        reasons = _stops(b, on_b)
        assert set(reasons.values()) == {"hangup"}, reasons
        assert not any(exists(b.api, u) for u in on_b)

        # 5. Back in rotation, box b takes calls again.
        assert b.api.api("aiframe drain off").startswith("+OK")
        kamailio.set_state("a", b.uri)
        third = Sipp(kamailio.port, tmp_path, calls=2, hold_ms=500)
        batches.append(third)
        back = _starts(boxes, 2)
        assert back["b"], f"box b got no call after it was put back: {back}"
        rc, out = third.wait()
        assert rc == 0, out
    finally:
        for s in batches:
            s.kill()
