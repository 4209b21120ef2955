# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe run` against a real FreeSWITCH with mod_aiframe, over loopback calls.

The controller runs as its own process, as in production. What it does is
seen from outside: the status text its actors write into each slot, and the
module's events.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import originate_loopback, wait_start, wait_stop
from aiframe.lab.switch.testswitch import TestSwitch
from aiframe.media import Arena

HERE = Path(__file__).parent


class EslProxy:
    """A TCP relay between the controller and FreeSWITCH's event socket, so a
    test can cut the controller's connection as a network fault would."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.accepted = 0
        self.refusing = False
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.refusing:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._pairs.append((client, upstream))
                self.accepted += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._relay, args=(a, b), daemon=True).start()

    @staticmethod
    def _relay(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for s in pair:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self) -> None:
        self.cut()
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()


def wait_for(pred: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


class Controller:
    def __init__(
        self,
        fs: TestSwitch,
        port: int | None = None,
        handler: str | None = None,
        env: dict[str, str] | None = None,
    ):
        assert fs.endpoint is not None
        ep = fs.endpoint
        env_extra = env
        self.log = fs.conf_dir.parent / f"controller-{time.monotonic_ns()}.log"
        env = {
            **os.environ,
            "AIFRAME_ESL__PORT": str(port or ep.esl_port),
            "AIFRAME_ESL__PASSWORD": ep.esl_password,
            "AIFRAME_ESL__RECONNECT_MIN_S": "0.05",
            "AIFRAME_ESL__RECONNECT_MAX_S": "0.5",
            "AIFRAME_MEDIA__ARENA_PATH": str(ep.arena_path),
            "AIFRAME_LOG__FORMAT": "json",
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        }
        extra = env_extra
        if handler:
            env["AIFRAME_CONTROLLER__HANDLER"] = handler
        env.update(extra or {})
        self.killed = False
        self._err = self.log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aiframe", "run"], env=env, stderr=self._err
        )

    def logs(self) -> str:
        return self.log.read_text()

    def kill(self) -> None:
        """kill -9: no shutdown, no goodbye, as a crash."""
        self.killed = True
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._err.close()


@pytest.fixture
def start_controller(fs: TestSwitch) -> Iterator[Callable[..., Controller]]:
    running: list[Controller] = []

    def start(
        port: int | None = None, handler: str | None = None, env: dict[str, str] | None = None
    ) -> Controller:
        c = Controller(fs, port, handler, env)
        running.append(c)
        assert fs.endpoint is not None
        with Arena.open(fs.endpoint.arena_path) as a:
            wait_for(
                lambda: a.info().controller_pid == c.proc.pid or c.proc.poll() is not None,
                15,
                "the controller's first heartbeat",
            )
        assert c.proc.poll() is None, c.logs()
        return c

    yield start
    for c in running:
        c.stop()
        assert c.killed or c.proc.returncode == 0, c.logs()[-4000:]


def status(arena: Arena, slot: int) -> str:
    return arena.slot_info(slot).status


def test_a_loopback_call_gets_an_actor(esl: SyncEsl, arena: Arena, start_controller) -> None:
    ctl = start_controller()
    call = originate_loopback(esl, "ai")
    started = wait_start(esl, call.b_uuid)
    conv = started.conversation_id
    wait_for(lambda: f"conv={conv}" in status(arena, started.slot), what="the actor's status")
    assert status(arena, started.slot).startswith("listening ")
    wait_for(lambda: "heard=2s" in status(arena, started.slot), what="two seconds of audio")
    assert ctl.proc.poll() is None


def test_dtmf_from_the_far_leg_reaches_the_actor(
    esl: SyncEsl, arena: Arena, start_controller
) -> None:
    start_controller()
    call = originate_loopback(esl, "ai")
    started = wait_start(esl, call.b_uuid)
    wait_for(lambda: "conv=" in status(arena, started.slot), what="the actor")
    assert esl.api(f"uuid_send_dtmf {call.a_uuid} 1#4").startswith("+OK")
    wait_for(lambda: "dtmf=1#4" in status(arena, started.slot), what="the digits at the actor")


def test_a_transfer_keeps_the_conversation_id(esl: SyncEsl, arena: Arena, start_controller) -> None:
    ctl = start_controller(handler="controller_handlers:transfer_on_zero")
    call = originate_loopback(esl, "ai")
    first = wait_start(esl, call.b_uuid)
    wait_for(lambda: "conv=" in status(arena, first.slot), what="the first actor")
    esl.api(f"uuid_send_dtmf {call.a_uuid} 0")
    stop = wait_stop(esl, call.b_uuid)
    assert stop["aiframe-reason"] == "api"  # the AI let go before the transfer
    second = wait_start(esl, call.b_uuid)  # the "ai" extension attached it again
    assert (second.slot, second.generation) != (first.slot, first.generation)
    assert second.conversation_id == first.conversation_id
    wait_for(
        lambda: f"conv={first.conversation_id}" in status(arena, second.slot),
        what="the new actor, with the same conversation",
    )
    ended = [json.loads(x) for x in ctl.logs().splitlines() if '"call ended"' in x]
    assert ended[0]["reason"] == "handed off for transfer to ai"
    assert ended[0]["uuid"] == call.b_uuid


def test_killing_the_esl_connection_mid_call_recovers(
    fs: TestSwitch, esl: SyncEsl, arena: Arena, start_controller
) -> None:
    assert fs.endpoint is not None
    proxy = EslProxy(fs.endpoint.esl_port)
    try:
        ctl = start_controller(port=proxy.port)
        call = originate_loopback(esl, "ai")
        first = wait_start(esl, call.b_uuid)
        wait_for(lambda: "conv=" in status(arena, first.slot), what="the actor")
        # Cut the connection, keep the controller out, and start a call meanwhile:
        # its aiframe::start is never seen; the re-sync must find it in the arena.
        proxy.refusing = True
        proxy.cut()
        missed_call = originate_loopback(esl, "ai")
        missed = wait_start(esl, missed_call.b_uuid)
        esl.api(f"uuid_send_dtmf {call.a_uuid} 5")  # sent while the controller is away
        time.sleep(0.5)
        proxy.refusing = False
        wait_for(lambda: proxy.accepted >= 2, what="the reconnect")
        wait_for(lambda: "conv=" in status(arena, missed.slot), what="the missed call's actor")
        assert f"conv={missed.conversation_id}" in status(arena, missed.slot)
        # The first call's actor lived through it and still gets events.
        esl.api(f"uuid_send_dtmf {call.a_uuid} 7")
        wait_for(
            lambda: (
                "dtmf=" in status(arena, first.slot) and status(arena, first.slot).endswith("7")
            ),
            what="DTMF after the reconnect",
        )
        assert f"conv={first.conversation_id}" in status(arena, first.slot)
        assert ctl.proc.poll() is None
        events = [json.loads(line) for line in ctl.logs().splitlines() if line.startswith("{")]
        assert any(e["event"] == "lost the event socket; reconnecting" for e in events)
        assert any(
            e["event"] == "call attached" and e["uuid"] == missed.uuid and e["reattached"]
            for e in events
        )
    finally:
        proxy.close()


def test_a_killed_controller_is_replaced_and_the_conversation_resumes(
    fs: TestSwitch, esl: SyncEsl, arena: Arena, start_controller, tmp_path: Path
) -> None:
    from aiframe.store import query
    from aiframe.store.engine import make_engine

    url = f"sqlite:///{tmp_path / 'aiframe.db'}"
    env = {
        "AIFRAME_STORE__URL": url,
        "AIFRAME_CONVERSATION__PROMPT_CACHE": "false",
        "AIFRAME_CONVERSATION__NO_INPUT_S": "120",
        "AIFRAME_CONTROLLER__BARGE_IN_DECIDE_MS": "2500",
        "AIFRAME_BRAIN__DATA_DIR": str(tmp_path / "data"),
    }
    handler = "aiframe.conversation.service:conversation_handler"
    engine = make_engine(url)

    def turns() -> list[tuple[int, str, str]]:
        try:
            rows = query.transcript(engine, call.b_uuid)["turns"]
        except Exception:
            return []
        return [(r["turn"], r["role"], r["spoken"]) for r in rows]

    first = start_controller(handler=handler, env=env)
    call = originate_loopback(esl, "ai")
    started = wait_start(esl, call.b_uuid)
    try:
        wait_for(lambda: len(turns()) >= 1, 120, "the greeting, played and committed")
    except AssertionError:
        print(first.logs()[-6000:])
        raise
    first.kill()
    assert esl.api(f"uuid_exists {call.b_uuid}").strip() == "true"  # the call stays up
    assert arena.slot_info(started.slot).uuid == call.b_uuid  # and so does its slot
    start_controller(handler=handler, env=env)
    wait_for(lambda: len(turns()) >= 2, 120, "the new controller to carry on")
    (t1, r1, greeting), (t2, r2, resumed) = turns()[:2]
    assert (t1, r1, t2, r2) == (1, "agent", 2, "agent")
    assert resumed.startswith("Sorry, I lost you for a moment.")
    assert resumed.endswith(greeting.split(". ")[-1])  # its last question, asked again
    c = query.transcript(engine, call.b_uuid)["conversation"]
    assert c["id"] == started.conversation_id  # found through the channel variable
    assert [leg["how"] for leg in c["legs"]] == ["start", "reattached"]
    engine.dispose()
