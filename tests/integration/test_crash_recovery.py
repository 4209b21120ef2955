# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``kill -9`` the controller in the middle of a call; a new one carries the call on.

The switch side lives in this process, as FreeSWITCH would outlive its controller: the
arena (the module's part), the embedded host playing the caller in real time into the
call's slot, and an event-socket double answering ``show channels`` and channel
variables. The controller is the real ``aiframe run`` with the conversation loop, the
real speech models and a SQLite store. The caller talks to the agent, the controller is
killed right after a turn has been committed, the call stays up, a second controller
finds it in the arena and over ESL, rebuilds the conversation from the store, asks its
last question again, and the caller's answer is taken in the same conversation.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
import time
import uuid as uuidlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from aiframe.config import Settings
from aiframe.demo.caller import AI_VOICED_RMS
from aiframe.demo.host import LiveHost
from aiframe.demo.run import DemoRuntime
from aiframe.demo.script import CallerScript, Step
from aiframe.lab.fakes.switch import FakeSwitch
from aiframe.media.arena import PCM, Arena
from aiframe.store import query
from aiframe.store.engine import make_engine

pytestmark = [pytest.mark.slow, pytest.mark.models]

RATE = 16000
FIRST = "Hi, I'm calling about my order."
ORDER = "It's E F three four five six seven eight."


class PuppetCaller:
    """The caller, driven by the test: says what it is given, listens to the agent."""

    def __init__(self) -> None:
        self.script = CallerScript(agent="acme-support", tail_ms=200, steps=[Step(hangup=True)])
        self.done = False
        self._queue: collections.deque[PCM] = collections.deque()
        self._lock = threading.Lock()
        self._playing: PCM | None = None
        self._pos = 0
        self.ai_last_voiced = 0.0  # time.monotonic() of the agent's last voiced frame
        self.speaking = False

    def say(self, pcm: PCM) -> None:
        with self._lock:
            self._queue.append(pcm)

    def frame(self, k: int, heard: PCM | None) -> PCM:
        n = RATE // 50
        if heard is not None and len(heard):
            x = heard.astype(np.float64)
            if float(np.sqrt(np.mean(x * x))) > AI_VOICED_RMS:
                self.ai_last_voiced = time.monotonic()
        out = np.zeros(n, dtype=np.int16)
        with self._lock:
            if self._playing is None and self._queue:
                self._playing, self._pos = self._queue.popleft(), 0
        if self._playing is not None:
            chunk = self._playing[self._pos : self._pos + n]
            out[: len(chunk)] = chunk
            self._pos += n
            if self._pos >= len(self._playing):
                self._playing = None
        self.speaking = self._playing is not None
        return out

    def agent_quiet_for(self, seconds: float) -> bool:
        return time.monotonic() - self.ai_last_voiced >= seconds


def _wait(pred: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def lines() -> dict[str, PCM]:
    runtime = DemoRuntime(Settings())
    try:
        script = CallerScript(agent="acme-support", steps=[Step(say=FIRST), Step(say=ORDER)])
        return runtime.clips(script)
    finally:
        runtime.close()


@pytest.fixture
def switch_side(arena_path: Path) -> Iterator[tuple[FakeSwitch, Arena]]:
    with FakeSwitch() as sw, Arena.create(arena_path, slots=4, max_rate=RATE) as arena:
        yield sw, arena


def _controller(sw: FakeSwitch, arena: Path, tmp: Path, n: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "AIFRAME_ESL__PORT": str(sw.port),
        "AIFRAME_ESL__PASSWORD": sw.password,
        "AIFRAME_MEDIA__ARENA_PATH": str(arena),
        "AIFRAME_CONTROLLER__HANDLER": "aiframe.conversation.service:conversation_handler",
        "AIFRAME_CONTROLLER__BARGE_IN_DECIDE_MS": "2500",
        "AIFRAME_STORE__URL": f"sqlite:///{tmp / 'aiframe.db'}",
        "AIFRAME_CONVERSATION__PROMPT_CACHE": "false",
        "AIFRAME_CONVERSATION__NO_INPUT_S": "60",
        "AIFRAME_BRAIN__DATA_DIR": str(tmp / "data"),
        "AIFRAME_LOG__FORMAT": "json",
    }
    with (tmp / f"controller-{n}.log").open("w") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "aiframe", "run"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )


def test_a_killed_controller_is_replaced_and_the_conversation_carries_on(
    switch_side: tuple[FakeSwitch, Arena], lines: dict[str, PCM], tmp_path: Path
) -> None:
    sw, arena = switch_side
    uuid = str(uuidlib.uuid4())
    caller = PuppetCaller()
    host = LiveHost(arena, uuid, caller, rate=RATE)  # type: ignore[arg-type]
    leg = host.start()
    sw.add_channel(uuid, caller="1000")
    sw.attached[uuid] = (leg.index, leg.generation)
    engine = make_engine(f"sqlite:///{tmp_path / 'aiframe.db'}")
    procs: list[subprocess.Popen[str]] = []

    def turns() -> list[dict[str, Any]]:
        try:
            return list(query.transcript(engine, uuid)["turns"])
        except Exception:
            return []  # not written yet

    def committed(n: int) -> bool:
        return bool(turns()) and turns()[-1]["turn"] >= n

    try:
        procs.append(_controller(sw, arena.path, tmp_path, 1))
        _wait(lambda: sw.clients > 0, 60, "the first controller to connect")
        sw.emit_start(uuid, leg.index, leg.generation, RATE, "", "1000")
        _wait(lambda: committed(1) and caller.agent_quiet_for(0.8), 90, "the greeting")
        caller.say(lines[FIRST])
        _wait(lambda: committed(2) and caller.agent_quiet_for(0.5), 60, "the agent's answer")
        before = turns()

        procs[0].send_signal(signal.SIGKILL)  # mid-call, between two turns
        procs[0].wait(10)
        killed_at = time.monotonic()
        assert host.running  # the switch keeps the call up
        sw.drop_clients()

        procs.append(_controller(sw, arena.path, tmp_path, 2))
        _wait(lambda: committed(3), 90, "the new controller to pick the call up")
        picked_up_s = time.monotonic() - killed_at
        _wait(lambda: caller.agent_quiet_for(0.8), 30, "the agent to finish asking again")
        caller.say(lines[ORDER])
        _wait(lambda: committed(4) and caller.agent_quiet_for(0.5), 60, "the answer to the order")
    finally:
        host.hangup()
        sw.hangup(uuid)
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()
        host.stop()
        host.join(5)

    after = query.transcript(engine, uuid)
    engine.dispose()
    rows = after["turns"]
    # Nothing committed before the kill was lost, and the numbering carries on.
    assert rows[: len(before)] == before
    assert [(r["turn"], r["role"]) for r in rows] == [
        (1, "agent"),
        (2, "caller"),
        (2, "agent"),
        (3, "agent"),
        (4, "caller"),
        (4, "agent"),
    ]
    asked = rows[2]["spoken"]
    resumed = rows[3]["spoken"]
    assert resumed.startswith("Sorry, I lost you for a moment.")
    assert "What's your order number?" in asked
    assert resumed.endswith(asked[asked.index("What's") :])  # the last question, asked again
    assert "3456" in rows[4]["spoken"].replace(" ", "")  # the caller's answer, heard
    assert "email" in rows[5]["spoken"].lower()  # and the conversation moved on
    c = after["conversation"]
    assert [leg_["how"] for leg_ in c["legs"]] == ["start", "reattached"]
    assert c["legs"][0]["controller"] != c["legs"][1]["controller"]
    assert c["step"] == "identify"
    print(f"picked up {picked_up_s:.1f} s after the kill (includes loading the models)")
