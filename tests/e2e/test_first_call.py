# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The operator's first call (docs/operator-guide.md, "Your first call"): FreeSWITCH's
stock sample configuration changed only by the guide's steps, the packaged controller
configuration with its paths pointed at this test's directories, and `aiframe call`
over SIP. The agent speaks the disclosure, hears the caller, answers, and an escalation
reaches the transfer target the recipes ship."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aiframe.lab.switch.stockswitch import StockSwitch, stock_absent_reason
from aiframe.lab.switch.testswitch import REPO_ROOT, unavailable
from aiframe.media import Arena
from aiframe.speech.settings import default_cache_dir

PACKAGED = REPO_ROOT / "controller" / "deploy" / "aiframe.toml"
AIFRAME = [sys.executable, "-m", "aiframe"]


@pytest.fixture
def stock(tmp_path: Path) -> Iterator[StockSwitch]:
    reason = stock_absent_reason() or (None if shutil.which("sipp") else "sipp is not installed")
    if reason is not None:
        unavailable(f"e2e: {reason}")
    sw = StockSwitch(tmp_path / "fs")
    try:
        yield sw.start()
    finally:
        sw.cleanup()


def _packaged_config(tmp_path: Path, arena: Path) -> Path:
    """/etc/aiframe/aiframe.toml as shipped, its paths moved into this test's directory."""
    text = PACKAGED.read_text()
    for shipped, here in {
        "/dev/shm/aiframe.arena": str(arena),
        "/var/cache/aiframe/models": str(default_cache_dir()),
        "sqlite:////var/lib/aiframe/aiframe.db": f"sqlite:///{tmp_path}/state/aiframe.db",
        "/var/lib/aiframe/agents": str(tmp_path / "agents"),
        "/var/log/aiframe/": f"{tmp_path}/log/",
        "/etc/aiframe/policies": str(REPO_ROOT / "policies"),
    }.items():
        assert shipped in text, f"the packaged configuration no longer has {shipped}"
        text = text.replace(shipped, here)
    for d in ("state", "log"):
        (tmp_path / d).mkdir(exist_ok=True)
    cfg = tmp_path / "etc" / "aiframe.toml"
    cfg.parent.mkdir()
    cfg.write_text(text)
    return cfg


def _wait_for_controller(arena_path: Path, run: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    with Arena.open(arena_path) as arena:
        while arena.info().controller_pid != run.pid:
            if run.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"aiframe run did not take the arena:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)


def test_a_stock_freeswitch_and_the_guide_give_a_talking_agent(
    stock: StockSwitch, tmp_path: Path
) -> None:
    ep = stock.endpoint
    assert ep is not None
    cfg = _packaged_config(tmp_path, ep.arena_path)
    env = {**os.environ, "AIFRAME_ESL__PASSWORD": ep.esl_password, "AIFRAME_METRICS__PORT": "0"}
    run_log = tmp_path / "run.log"
    with run_log.open("wb") as out:
        run = subprocess.Popen(
            [*AIFRAME, "--config", str(cfg), "run"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_controller(ep.arena_path, run, run_log)
        said = subprocess.run(
            [
                *AIFRAME,
                *("--config", str(cfg), "call", "15550100", "--via", "sip"),
                *("--sip", "127.0.0.1:5080", "--out", str(tmp_path / "call"), "--json"),
                *("--say", "Hi, I'm calling about my order."),
                *("--say", "Actually, I want to talk to a real person."),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    finally:
        run.terminate()
        run.wait(timeout=30)
    assert said.returncode == 0, said.stderr[-3000:]
    report: dict[str, Any] = json.loads(said.stdout)
    # The packaged configuration talks, and the start-up log (JSON) says with what.
    logged = [json.loads(ln) for ln in run_log.read_text().splitlines() if ln.startswith("{")]
    prepared = next(e for e in logged if e["event"] == "call behaviour prepared")
    assert prepared["handler"] == "aiframe.conversation.service:conversation_handler"
    assert (prepared["agent"], prepared["pack"]) == ("acme-support", "retail-support")
    assert prepared["store"] == f"sqlite:///{tmp_path}/state/aiframe.db"
    assert report["answered"] and report["via"] == "sip"
    agent = [s["text"].lower() for s in report["timeline"] if s["who"] == "agent"]
    # The disclosure first, on the caller's side of the line.
    assert agent and "recorded" in agent[0], report["timeline"]
    store = report["store"]
    heard = [t["text"].lower() for t in store["turns"] if t["role"] == "caller"]
    assert any("order" in h for h in heard), store
    assert any("person" in h for h in heard), store
    # The agent answered the caller: on the recording, a gap after each answered line.
    assert report["gaps"]["answers"] >= 2, report
    # The escalation reached the shipped transfer target and the store says so.
    assert store["status"] == "transferred"
    assert (store["end"] or "").startswith("transfer to aiframe-human"), store
    fs_log = stock.log_file.read_text(errors="replace")
    assert "Action set(aiframe_handoff=aiframe-human)" in fs_log
    assert "Action bridge(${aiframe_human_target})" in fs_log
    assert "NO_ROUTE_DESTINATION" not in fs_log
