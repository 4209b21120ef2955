# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A conversation recorded leg by leg, read back as calls, transcript and audit; the
snapshot a restart resumes from; retention."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from aiframe.brain.state import AgentEntry, CallerEntry, ConversationState, StateDelta, ToolEntry
from aiframe.conversation.record import SaidRecord, TurnRecord
from aiframe.conversation.recorder import ConversationRecorder
from aiframe.errors import StoreNotFoundError
from aiframe.media.arena import now_ns
from aiframe.policy.audit import AuditEvent
from aiframe.policy.gate import check_sentence, check_tool_call
from aiframe.policy.registry import load_policy
from aiframe.policy.state import TaintedValue
from aiframe.runtime.handler import CallInfo
from aiframe.store import query
from aiframe.store.settings import StoreSettings
from aiframe.store.store import Store

REPO = Path(__file__).resolve().parents[3]
POLICY = load_policy(REPO / "policies" / "retail-support.yaml")
ORDER = {"status": "shipped", "total": 84.5, "address": "12 Elm Street"}


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Iterator[Store]:
    settings = StoreSettings(url=db_url, flush_ms=5, dead_letter=tmp_path / "dead.jsonl")
    s = Store.open(settings)
    yield s
    s.close()


def info(uuid: str, cid: str = "conv-1", reattached: bool = False) -> CallInfo:
    return CallInfo(uuid, 3, 7, 16000, cid, "+15550100", reattached=reattached)


def record_call(store: Store) -> ConversationState:
    """Two turns: the greeting with its disclosure, then an order lookup."""
    r = ConversationRecorder.for_store(
        store, info("uuid-aaaa-1"), agent="acme-support", pack=POLICY.pack, how="start"
    )
    state = ConversationState(agent="acme-support", step="greeting")
    r.attached(state, POLICY.pack.version)
    disclosure = "This call may be recorded for quality and training purposes."
    played = now_ns() - 2_000_000_000
    d1 = StateDelta(
        entries=(AgentEntry(text=f"{disclosure} How can I help?"),),
        disclosures_played=frozenset({"recording"}),
        new_turn=True,
    )
    state = d1.apply(state)
    rec1 = TurnRecord(
        index=1,
        input="start",
        said=[
            SaidRecord(
                disclosure,
                played="full",
                disclosure="recording",
                first_played_ns=played,
                samples=48000,
                heard_samples=48000,
            ),
            SaidRecord("How can I help?", played="full"),
        ],
    )
    r.committed(rec1, d1, state)
    gs = state.gate_state(POLICY.version).evolve(
        facts={"identity_verified": True, "verified_order": "EF345678"}, step="order_help"
    )
    tool_decision = check_tool_call(POLICY, gs, "lookup_order", {"order_id": "EF345678"})
    r.record(AuditEvent("uuid-aaaa-1", 1, {"tool": "lookup_order", "args": {}}, tool_decision))
    data = {
        k: TaintedValue(value=v, data_class=c)
        for k, v, c in (("status", "shipped", "order_details"), ("total", 84.5, "financial"))
    }
    promise = "I promise you a full refund of $84.50."
    d = check_sentence(POLICY, gs.evolve(data=data), promise)
    r.record(AuditEvent("uuid-aaaa-1", 2, {"text": promise}, d))
    d2 = StateDelta(
        step="order_help",
        facts={"identity_verified": True},
        data=data,
        sensitive={"card_number": ("4111111111111111",)},
        entries=(
            CallerEntry(text="My card is 4111 1111 1111 1111, where is my order?"),
            ToolEntry(
                call_id="t1",
                tool="lookup_order",
                args={"order_id": "EF345678"},
                ok=True,
                result=ORDER,
            ),
            AgentEntry(text=d.text, interrupted=True),
        ),
        new_turn=True,
    )
    state = d2.apply(state)
    rec2 = TurnRecord(
        index=2,
        input="speech",
        caller_end_ns=now_ns() - 900_000_000,
        first_played_ns=now_ns() - 300_000_000,
        interrupted=True,
        said=[SaidRecord(d.text, proposed=promise, played="partial")],
    )
    assert r.committed(rec2, d2, state).wait(10)
    r.event("barge_in", {"verdict": "confirm", "why": "words"})
    assert r.detached("hangup: NORMAL_CLEARING", state, call_ended=True).wait(10)
    return state


def test_transcript_keeps_what_was_said_redacted_with_timing(store: Store) -> None:
    record_call(store)
    tr = query.transcript(store.engine, "conv-1")
    assert tr["conversation"]["status"] == "open" and tr["conversation"]["turns"] == 2
    roles = [(t["turn"], t["role"]) for t in tr["turns"]]
    assert roles == [(1, "agent"), (2, "caller"), (2, "agent")]
    caller = tr["turns"][1]["spoken"]
    assert "4111" not in caller and "[card_number]" in caller
    agent = tr["turns"][2]
    assert agent["interrupted"] is True
    assert agent["proposed"] == "I promise you a full refund of [financial]."  # the brain's
    assert agent["spoken"] != agent["proposed"]  # what the gate let through
    assert agent["timing"]["breakdown_ms"]["first_played"] == pytest.approx(600, abs=50)
    [leg] = tr["conversation"]["legs"]
    assert leg["how"] == "start" and leg["reason"] == "hangup: NORMAL_CLEARING"


def test_audit_has_every_decision_tool_call_and_the_disclosure_proof(store: Store) -> None:
    record_call(store)
    a = query.audit(store.engine, "uuid-aaaa")  # a call uuid prefix names it too
    kinds = [(d["kind"], d["action"]) for d in a["decisions"]]
    assert kinds == [("tool_call", "allow"), ("sentence", "rewrite")]
    assert "no-refund-promise" in a["decisions"][1]["rules"]
    assert a["decisions"][1]["policy_version"] == POLICY.version
    assert "84.50" not in str(a["decisions"][1]["before"])
    [tool] = a["tool_calls"]
    assert tool["tool"] == "lookup_order" and tool["action"] == "allow"
    assert tool["result"] == {
        "status": "[order_details]",
        "total": "[financial]",
        "address": "[personal]",
    }
    [disc] = a["disclosures"]
    assert disc["disclosure"] == "recording" and disc["played"] == "full"
    assert disc["heard_samples"] == disc["samples"] == 48000
    played_at = dt.datetime.fromisoformat(disc["played_at"])
    assert abs((dt.datetime.now(dt.UTC) - played_at).total_seconds() - 2) < 5
    assert [e["kind"] for e in a["events"]] == ["attached", "barge_in", "detached"]


def test_the_snapshot_restores_the_whole_state(store: Store) -> None:
    state = record_call(store)
    snap = store.latest_snapshot("conv-1")
    assert snap is not None and snap.turn == 2 and not snap.redacted
    assert snap.state == state  # verbatim while the conversation can go on
    assert snap.state.sensitive == {"card_number": ("4111111111111111",)}  # still guarded
    assert store.latest_snapshot("no-such") is None


def test_an_ended_conversation_keeps_one_redacted_snapshot(store: Store) -> None:
    state = record_call(store)
    r = ConversationRecorder.for_store(
        store, info("uuid-aaaa-1"), agent="acme-support", pack=POLICY.pack, how="x"
    )
    ended = state.model_copy(update={"status": "ended"})
    assert r.detached("hangup: NORMAL_CLEARING", ended, call_ended=True).wait(10)
    snap = store.latest_snapshot("conv-1")
    assert snap is not None and snap.redacted
    assert snap.state.data == {} and snap.state.sensitive == {}
    assert "4111" not in snap.state.model_dump_json()
    assert store.count("snapshots") == 1


def test_calls_list_and_lookup_errors(store: Store) -> None:
    record_call(store)
    r = ConversationRecorder.for_store(
        store, info("uuid-bbbb-2", cid="conv-2"), agent="acme", pack=POLICY.pack, how="start"
    )
    assert r.attached(ConversationState(agent="acme", step="greeting"), "1").wait(10)
    rows = query.calls(store.engine)
    assert [c["uuid"] for c in rows] == ["uuid-bbbb-2", "uuid-aaaa-1"]
    assert rows[1]["end_reason"] == "hangup: NORMAL_CLEARING" and rows[0]["ended_at"] is None
    future = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert query.calls(store.engine, since=future) == []
    with pytest.raises(StoreNotFoundError, match="no call or conversation 'zzz'"):
        query.transcript(store.engine, "zzz")
    with pytest.raises(StoreNotFoundError, match="more than one conversation"):
        query.transcript(store.engine, "uuid-")


def test_a_second_leg_after_a_restart_continues_the_same_conversation(store: Store) -> None:
    state = record_call(store)
    r = ConversationRecorder.for_store(
        store,
        info("uuid-aaaa-1", reattached=True),
        agent="acme-support",
        pack=POLICY.pack,
        how="reattached",
    )
    r.attached(state, POLICY.pack.version)
    d3 = StateDelta(entries=(AgentEntry(text="Sorry, I lost you for a moment."),), new_turn=True)
    st3 = d3.apply(state)
    assert r.committed(TurnRecord(index=3, input="resume"), d3, st3).wait(10)
    tr = query.transcript(store.engine, "conv-1")
    assert [t["turn"] for t in tr["turns"]] == [1, 2, 2, 3]
    assert [leg["how"] for leg in tr["conversation"]["legs"]] == ["start", "reattached"]
    assert len(query.calls(store.engine)) == 1  # one channel, two legs


def test_retention_purges_old_finished_conversations_and_everything_they_own(
    store: Store,
) -> None:
    state = record_call(store)
    r = ConversationRecorder.for_store(
        store, info("uuid-aaaa-1"), agent="acme-support", pack=POLICY.pack, how="x"
    )
    r.detached("hangup", state.model_copy(update={"status": "ended"}), call_ended=True).wait(10)
    live = ConversationRecorder.for_store(
        store, info("uuid-cccc-3", cid="conv-3"), agent="a", pack=POLICY.pack, how="start"
    )
    assert live.attached(ConversationState(agent="a", step="greeting"), "1").wait(10)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=91)
    assert store.purge(now=later) == 1  # the open conversation stays whatever its age
    assert store.purge(now=later) == 0
    with store.engine.connect() as c:
        left = {
            name: c.execute(
                sa.text(f"SELECT count(*) FROM {name} WHERE conversation_id='conv-1'")
            ).scalar_one()
            for name in (
                "turns",
                "decisions",
                "tool_calls",
                "disclosures",
                "events",
                "snapshots",
                "legs",
                "calls",
            )
        }
    assert set(left.values()) == {0}
    assert store.count("conversations") == 1


def test_a_failed_transfer_is_the_calls_end_in_the_list(store: Store) -> None:
    r = ConversationRecorder.for_store(
        store, info("uuid-cccc-3", cid="conv-3"), agent="acme", pack=POLICY.pack, how="x"
    )
    state = ConversationState(agent="acme", step="escalate", status="transferred")
    assert r.attached(state, "1").wait(10)
    assert r.detached("handed off for transfer to support", state, call_ended=False).wait(10)
    assert query.calls(store.engine)[0]["end_reason"] is None  # the caller is still up
    failed = "transfer to support failed: hangup NO_ROUTE_DESTINATION 0.1 s after it"
    assert r.call_ended(failed).wait(10)
    row = query.calls(store.engine)[0]
    assert row["end_reason"] == failed and row["ended_at"] is not None
