# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The demo's caller script over a real FreeSWITCH loopback call.

`aiframe run` owns both legs (conversation_handlers.py): the ``ai`` leg runs the
conversation loop with the Acme agent, the far leg plays the scripted caller through
its own mod_aiframe slot (barge-in off there). The ``ai`` leg is recorded in stereo by
FreeSWITCH itself (what it hears, left: the caller; what it says, right: the agent), and
that recording is checked the way the embedded demo's call.wav is.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import (
    is_event,
    originate_loopback,
    recording,
    wait_channels,
    wait_start,
)
from aiframe.lab.switch.testswitch import TestSwitch
from aiframe.media import Arena

pytestmark = [pytest.mark.models, pytest.mark.slow]

HERE = Path(__file__).parent
RATE = 16000


class Controller:
    def __init__(self, fs: TestSwitch, out: Path) -> None:
        assert fs.endpoint is not None
        ep = fs.endpoint
        self.log = out / "controller.log"
        env = {
            **os.environ,
            "AIFRAME_ESL__PORT": str(ep.esl_port),
            "AIFRAME_ESL__PASSWORD": ep.esl_password,
            "AIFRAME_MEDIA__ARENA_PATH": str(ep.arena_path),
            "AIFRAME_LOG__FORMAT": "json",
            "AIFRAME_CONTROLLER__HANDLER": "conversation_handlers:demo_call",
            "AIFRAME_CONTROLLER__BARGE_IN_DECIDE_MS": "2500",
            "AIFRAME_CONVERSATION__TRANSFER_DESTINATIONS": '{"support": "agent-phone"}',
            "AIFRAME_E2E_OUT": str(out),
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        }
        self._err = self.log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aiframe", "run"], env=env, stderr=self._err
        )

    def logs(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._err.close()


@pytest.fixture
def controller(fs: TestSwitch, tmp_path: Path) -> Iterator[Controller]:
    c = Controller(fs, tmp_path)
    assert fs.endpoint is not None
    with Arena.open(fs.endpoint.arena_path) as a:
        deadline = time.monotonic() + 90  # the handler module loads the models first
        while a.info().controller_pid != c.proc.pid:
            assert c.proc.poll() is None, c.logs()[-4000:]
            assert time.monotonic() < deadline, "the controller never started"
            time.sleep(0.2)
    yield c
    c.stop()


def _loud(x: np.ndarray, rms: float) -> np.ndarray:
    n = RATE // 100
    f = x[: len(x) // n * n].astype(np.float64).reshape(-1, n)
    return np.sqrt((f * f).mean(axis=1)) > rms


def _segments(flags: np.ndarray, join: int = 25) -> list[tuple[int, int]]:
    idx = np.flatnonzero(flags)
    out: list[tuple[int, int]] = []
    for f in idx:
        f = int(f)
        if out and f - out[-1][1] <= join:
            out[-1] = (out[-1][0], f)
        else:
            out.append((f, f))
    return out


def test_the_demo_script_over_a_loopback_call(
    esl: SyncEsl, controller: Controller, tmp_path: Path
) -> None:
    call = originate_loopback(
        esl,
        "ai",
        far=(("aiframe", "barge_threshold=0"), ("park", "")),
        rate=RATE,
        variables={"RECORD_STEREO": "true"},
        timeout=20,
    )
    wait_start(esl, call.b_uuid, timeout=20)
    esl.api(f"uuid_setvar {call.b_uuid} RECORD_STEREO true")
    wav = tmp_path / "call.wav"
    with recording(esl, call.b_uuid, wav):
        deadline = time.monotonic() + 150
        while (tmp_path / "caller.json").exists() is False:
            assert time.monotonic() < deadline, controller.logs()[-4000:]
            assert controller.proc.poll() is None, controller.logs()[-4000:]
            time.sleep(0.5)
    wait_channels(esl, 0, timeout=20)
    stop = esl.wait_event(is_event("aiframe::stop", call.b_uuid), 5.0)
    assert stop is not None
    assert stop["aiframe-downlink-underruns"] == "0"  # the agent's audio never ran dry
    assert stop["aiframe-uplink-drops"] == "0"
    deadline = time.monotonic() + 10
    while not (tmp_path / "agent.json").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    agent = json.loads((tmp_path / "agent.json").read_text())
    caller = json.loads((tmp_path / "caller.json").read_text())
    assert caller["error"] is None, caller
    rec = agent["record"]

    # The disclosure first, the promise refused, the person asked for: a transfer.
    said = [s for t in rec["turns"] for s in t["said"] if s["played"] != "none"]
    assert said[0]["disclosure"] == "recording" and said[0]["played"] == "full"
    [refused] = [s for s in said if s["proposed"]]
    assert "no-refund-promise" in refused["rules"] and refused["played"] == "full"
    [transfer] = [c for c in rec["controls"] if c.get("op") == "transfer"]
    assert transfer["destination"] == "agent-phone"
    assert rec["end_reason"] == "handed off for transfer to agent-phone"
    assert agent["state"]["status"] == "transferred"
    assert agent["state"]["facts"].get("identity_verified") is True
    # A backchannel and a cough talked through: only the interruption ended a turn.
    confirmed = [b for b in rec["barge_ins"] if b["verdict"] == "confirm"]
    assert len(confirmed) == 1, rec["barge_ins"]
    for t in rec["turns"]:
        if t["index"] != confirmed[0]["turn"]:
            assert not t["interrupted"], t
            assert all(x["played"] == "full" for x in t["said"]), t["said"]
    assert [u["heard"] for u in rec["ignored_utterances"]][:1] == ["Yeah."]

    # On FreeSWITCH's own recording of the ai leg: the agent's audio stops before
    # the caller's interruption ends.
    with wave.open(str(wav)) as w:
        assert w.getnchannels() == 2
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).reshape(-1, 2)
    if rate != RATE:
        pytest.fail(f"recorded at {rate} Hz, expected {RATE}")
    heard, said_ai = _loud(x[:, 0], 300), _loud(x[:, 1], 200)
    long_over = [
        (a, b)
        for a, b in _segments(heard)
        if b - a >= 150 and said_ai[max(0, a - 30) : a].any()  # 1.5 s, over the agent
    ]
    assert long_over, "no long caller speech over the agent on the recording"
    a, b = long_over[0]
    gone = next((f for f in range(a, b) if not said_ai[f : f + 15].any()), None)
    assert gone is not None, "the agent's audio did not stop before the caller finished"
    assert (gone - a) * 10 <= 250
