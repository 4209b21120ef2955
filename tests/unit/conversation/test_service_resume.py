# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The service builds each call's loop from what the store knows of its conversation:
the same agent picks it up, another agent named by the dialplan takes it over."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiframe.brain.service import AgentService
from aiframe.brain.settings import BrainSettings
from aiframe.brain.state import AgentEntry, ConversationState, NoteEntry
from aiframe.conversation.recorder import ConversationRecorder
from aiframe.conversation.service import ConversationService
from aiframe.runtime.handler import CallInfo
from aiframe.store.settings import StoreSettings
from aiframe.store.store import Store

SHIPPED = Path(__file__).resolve().parents[3] / "controller" / "aiframe" / "agents"


@pytest.fixture
def service(tmp_path: Path, make_speech) -> Iterator[ConversationService]:
    # A second agent on the same pack, as a site would add one: a copy under another name.
    other = tmp_path / "agents" / "acme_billing"
    shutil.copytree(SHIPPED / "acme_support", other)
    spec = other / "agent.yaml"
    spec.write_text(spec.read_text().replace("agent: acme-support", "agent: acme-billing"))
    brain = BrainSettings(agent_dirs=[tmp_path / "agents"], data_dir=tmp_path / "data")
    store = Store.open(StoreSettings(url=f"sqlite:///{tmp_path / 's.db'}", flush_ms=1))
    s = ConversationService(AgentService(brain), make_speech({}), store=store, brain_workers=1)
    yield s
    s.close()


def _stored(service: ConversationService, cid: str, state: ConversationState) -> None:
    assert service.store is not None
    info = CallInfo("uuid-1", 0, 1, 16000, cid)
    r = ConversationRecorder.for_store(
        service.store, info, agent=state.agent, pack=service.agents.agent.policy.pack, how="start"
    )
    assert r.attached(state, "v1").wait(5)


STATE = ConversationState(
    agent="acme-support",
    step="order_help",
    turn=4,
    facts={"identity_verified": True},
    disclosures_played=frozenset({"recording"}),
    history=(AgentEntry(text="Your order shipped. Anything else?"),),
    summary="caller: about an order",
)


def test_the_same_agent_picks_a_conversation_up(service: ConversationService) -> None:
    _stored(service, "c1", STATE)
    h = service.handler(CallInfo("uuid-2", 1, 1, 16000, "c1", reattached=True))
    assert h.resume.how == "reattached"
    assert h.conv.state == STATE
    assert h.recorder is not None and h.recorder.how == "reattached"


def test_another_agent_takes_over_with_the_state(service: ConversationService) -> None:
    _stored(service, "c2", STATE)
    h = service.handler(CallInfo("uuid-3", 1, 1, 16000, "c2", args={"agent": "acme-billing"}))
    assert h.resume.how == "handoff" and h.resume.previous_agent == "acme-support"
    s = h.conv.state
    assert s.agent == "acme-billing" and h.conv.agent.name == "acme-billing"
    assert s.step == "greeting"  # the new agent's pack starts over
    assert s.facts == {"identity_verified": True} and s.summary == STATE.summary
    assert s.disclosures_played == {"recording"}  # heard once is heard
    assert isinstance(s.history[-1], NoteEntry) and "acme-support" in s.history[-1].text


def test_an_agent_that_does_not_load_gets_the_configured_one(service: ConversationService) -> None:
    h = service.handler(CallInfo("uuid-4", 1, 1, 16000, "c3", args={"agent": "nope"}))
    assert h.conv.agent.name == "acme-support" and h.resume.how == "start"
