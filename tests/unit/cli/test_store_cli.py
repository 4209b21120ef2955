# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe calls|transcript|audit|store` on a real store file, as an operator runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aiframe.brain.state import AgentEntry, CallerEntry, ConversationState, StateDelta
from aiframe.conversation.record import SaidRecord, TurnRecord
from aiframe.conversation.recorder import ConversationRecorder
from aiframe.policy.audit import AuditEvent
from aiframe.policy.gate import check_sentence
from aiframe.policy.registry import load_policy
from aiframe.runtime.handler import CallInfo
from aiframe.store.settings import StoreSettings
from aiframe.store.store import Store

REPO = Path(__file__).resolve().parents[3]


def aiframe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiframe", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "aiframe.db"
    policy = load_policy(REPO / "policies" / "retail-support.yaml")
    store = Store.open(StoreSettings(url=f"sqlite:///{path}"))
    info = CallInfo("4d1c7e00-0000-4000-8000-000000000001", 0, 1, 16000, "conv-cli", "1000")
    r = ConversationRecorder.for_store(
        store, info, agent="acme-support", pack=policy.pack, how="start"
    )
    state = ConversationState(agent="acme-support", step="greeting")
    r.attached(state, policy.version)
    promise = "I promise you a full refund."
    d = check_sentence(policy, state.gate_state(policy.version), promise)
    r.record(AuditEvent(info.uuid, 1, {"text": promise}, d))
    delta = StateDelta(
        entries=(CallerEntry(text="Can I get my money back?"), AgentEntry(text=d.text)),
        new_turn=True,
    )
    state = delta.apply(state)
    rec = TurnRecord(1, "speech", said=[SaidRecord(d.text, proposed=promise, played="full")])
    r.committed(rec, delta, state)
    assert r.detached("hangup: NORMAL_CLEARING", state, call_ended=True).wait(10)
    store.close()
    return path


def test_calls_lists_the_call(db: Path) -> None:
    r = aiframe("calls", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "4d1c7e00-0000-4000-8000-000000000001" in r.stdout and "hangup" in r.stdout
    rows = json.loads(aiframe("calls", "--db", str(db), "--json", "--since", "1h").stdout)
    assert [c["conversation_id"] for c in rows] == ["conv-cli"]


def test_transcript_by_call_uuid_prefix(db: Path) -> None:
    r = aiframe("transcript", "--db", str(db), "4d1c7e00")
    assert r.returncode == 0, r.stderr
    assert "caller Can I get my money back?" in r.stdout
    assert "proposed: I promise you a full refund." in r.stdout
    data = json.loads(aiframe("transcript", "--db", str(db), "conv-cli", "--json").stdout)
    assert [t["role"] for t in data["turns"]] == ["caller", "agent"]


def test_audit_shows_the_rule(db: Path) -> None:
    r = aiframe("audit", "--db", str(db), "conv-cli")
    assert r.returncode == 0, r.stderr
    assert "no-refund-promise" in r.stdout and "rewrite" in r.stdout
    data = json.loads(aiframe("audit", "--db", str(db), "conv-cli", "--json").stdout)
    assert data["decisions"][0]["action"] == "rewrite"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["transcript", "nope"], "aiframe: error: no call or conversation 'nope' in the store"),
        (["calls", "--since", "yesterday"], "give an age (30m, 12h, 7d) or an ISO time"),
    ],
)
def test_bad_input_is_one_line(db: Path, args: list[str], says: str) -> None:
    r = aiframe(*args[:1], "--db", str(db), *args[1:])
    assert r.returncode == 2 and says in r.stderr and "Traceback" not in r.stderr


def test_a_missing_store_file_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    r = aiframe("calls", "--db", str(missing))
    assert r.returncode == 2 and f"no store at {missing}" in r.stderr
    assert not missing.exists()


def test_store_schema_commands(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    r = aiframe("store", "current", "--db", str(path))
    assert r.returncode == 1 and "store schema: none (this aiframe: 0001)" in r.stdout
    assert aiframe("store", "upgrade", "--db", str(path)).stdout.strip() == (
        "store schema: none -> 0001"
    )
    assert aiframe("store", "current", "--db", str(path)).returncode == 0
    assert aiframe("store", "purge", "--db", str(path), "--older-than", "1").stdout.strip() == (
        "purged 0 conversations"
    )
    r = aiframe("store", "downgrade", "base", "--db", str(path))
    assert r.returncode == 0 and r.stdout.strip() == "store schema: none"
