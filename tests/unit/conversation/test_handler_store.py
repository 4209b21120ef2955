# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The loop with the store: every committed turn recorded, a call picked up again after a
restart or a person, and a database that goes away mid-call."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from aiframe.config import Settings
from aiframe.conversation.settings import ConversationSettings
from aiframe.demo.run import DemoCall, play
from aiframe.demo.script import CallerScript, Step
from aiframe.media.synth import synth_voice
from aiframe.store import query
from aiframe.store.settings import StoreSettings
from aiframe.store.store import Store

pytestmark = pytest.mark.slow

LINES = {1.0: "I'm calling about my order.", 1.6: "Actually, I want to talk to a real person."}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(
        StoreSettings(
            url=f"sqlite:///{tmp_path / 'a.db'}",
            flush_ms=5,
            durable_wait_ms=300,
            dead_letter=tmp_path / "dead.jsonl",
        )
    )
    yield s
    s.close()


def _call(
    make_speech: Callable[[Mapping[float, str]], object],
    steps: list[Step],
    store: Store,
    cid: str,
    *,
    reattached: bool = False,
) -> DemoCall:
    clips = {text: synth_voice(sec, 130.0, seed=int(sec * 10)) for sec, text in LINES.items()}
    return play(
        CallerScript(agent="acme-support", ai_quiet_ms=500, tail_ms=300, steps=steps),
        speech=make_speech(LINES),  # type: ignore[arg-type]
        clips=clips,
        settings=Settings(),
        conversation=ConversationSettings(no_input_s=30.0),
        store=store,
        conversation_id=cid,
        reattached=reattached,
    )


def _said(call: DemoCall) -> list[str]:
    return [s.text for t in call.record.turns for s in t.said if s.played != "none"]


def test_a_restarted_controller_carries_the_conversation_on(make_speech, store: Store) -> None:
    first = _call(
        make_speech,
        [Step(say=LINES[1.0]), Step(hangup=True, wait_for="ai_done", after_ms=300)],
        store,
        "conv-restart",
    )
    assert not first.errors and first.state["turn"] == 2
    said = " ".join(s.text for s in first.record.turns[-1].said)
    asked = said[said.index("What's your order number?") :]  # asked again from the question
    second = _call(
        make_speech,
        [Step(hangup=True, wait_for="ai_done", after_ms=300)],
        store,
        "conv-restart",
        reattached=True,
    )
    assert not second.errors
    [resumed] = second.record.turns
    assert resumed.input == "resume" and resumed.index == 3  # turn numbers carry on
    assert _said(second) == [f"Sorry, I lost you for a moment. {asked}"]
    assert second.state["disclosures_played"] == ["recording"]  # not said again
    assert store.writer.flush(10)
    tr = query.transcript(store.engine, "conv-restart")
    assert [(t["turn"], t["role"]) for t in tr["turns"]] == [
        (1, "agent"),
        (2, "caller"),
        (2, "agent"),
        (3, "agent"),
    ]
    assert tr["turns"][1]["spoken"] == LINES[1.0]
    assert [leg["how"] for leg in tr["conversation"]["legs"]] == ["start", "reattached"]
    assert tr["conversation"]["turns"] == 3


def test_a_call_back_from_a_person_is_welcomed_back(make_speech, store: Store) -> None:
    first = _call(
        make_speech,
        [Step(dtmf="0"), Step(hangup=True, wait_for="nothing", after_ms=4500)],
        store,
        "conv-return",
    )
    assert first.state["status"] == "transferred"
    second = _call(
        make_speech, [Step(hangup=True, wait_for="ai_done", after_ms=300)], store, "conv-return"
    )
    assert _said(second) == [ConversationSettings().welcome_back_utterance]
    assert second.state["status"] == "open"
    assert store.writer.flush(10)
    a = query.audit(store.engine, "conv-return")
    assert [leg["how"] for leg in a["conversation"]["legs"]] == ["start", "returned"]
    kinds = [e["kind"] for e in a["events"]]
    assert kinds[:1] == ["attached"] and "call_control" in kinds and "returned" in kinds
    assert any(d["kind"] == "tool_call" and d["after"].get("args") for d in a["decisions"])


def test_calls_go_on_while_the_database_is_locked_and_nothing_is_lost(
    make_speech, store: Store, tmp_path: Path
) -> None:
    blocker = sqlite3.connect(tmp_path / "a.db", timeout=0.1, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        call = _call(
            make_speech,
            [Step(say=LINES[1.0]), Step(hangup=True, wait_for="ai_done", after_ms=300)],
            store,
            "conv-locked",
        )
        assert not call.errors and call.state["turn"] == 2  # the call did not wait on it
        assert not store.writer.healthy and store.writer.stats.queued > 0
    finally:
        blocker.rollback()
        blocker.close()
    assert store.writer.flush(10)
    tr = query.transcript(store.engine, "conv-locked")
    assert [t["role"] for t in tr["turns"]] == ["agent", "caller", "agent"]
    assert tr["conversation"]["legs"][0]["reason"].startswith("hangup")
