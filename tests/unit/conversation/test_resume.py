# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""How a call picks up a stored conversation, and what a person is handed with it."""

from __future__ import annotations

import json

from aiframe.brain.state import AgentEntry, CallerEntry, ConversationState, NoteEntry
from aiframe.conversation.handoff import SUMMARY_MAX, handoff
from aiframe.conversation.resume import last_question, plan
from aiframe.policy.state import TaintedValue
from aiframe.store.redact import Redactor

STATE = ConversationState(
    agent="acme-support",
    step="identify",
    turn=3,
    facts={"identity_verified": True},
    slots={"order_id": "EF345678"},
    data={"total": TaintedValue(value=84.5, data_class="financial")},
    disclosures_played=frozenset({"recording"}),
    history=(
        AgentEntry(text="Thanks. What's your order number?"),
        CallerEntry(text="EF345678, and my card is 4111 1111 1111 1111."),
        AgentEntry(text="Your total was $84.50. Is there anything else?"),
    ),
)


def test_nothing_stored_is_a_new_conversation() -> None:
    r = plan(None, agent="acme-support", start_step="greeting", reattached=False)
    assert r.how == "start" and r.state is None


def test_a_restart_resumes_the_state_as_committed() -> None:
    r = plan(STATE, agent="acme-support", start_step="greeting", reattached=True)
    assert r.how == "reattached" and r.state == STATE
    r = plan(STATE, agent="acme-support", start_step="greeting", reattached=False)
    assert r.how == "continued" and r.state == STATE


def test_back_from_a_person_reopens() -> None:
    gone = STATE.model_copy(update={"status": "transferred"})
    r = plan(gone, agent="acme-support", start_step="greeting", reattached=False)
    assert r.how == "returned" and r.state is not None
    assert r.state.status == "open" and r.state.facts == STATE.facts


def test_another_agent_takes_over_with_facts_data_and_transcript() -> None:
    r = plan(STATE, agent="acme-billing", start_step="billing_start", reattached=False)
    assert r.how == "handoff" and r.previous_agent == "acme-support"
    s = r.state
    assert s is not None
    assert (s.agent, s.step, s.status) == ("acme-billing", "billing_start", "open")
    assert s.facts == STATE.facts and s.data == STATE.data
    assert s.disclosures_played == STATE.disclosures_played
    assert s.history[:-1] == STATE.history and isinstance(s.history[-1], NoteEntry)
    assert s.slots == {} and s.turn == STATE.turn


def test_the_question_asked_again_is_the_last_full_sentence() -> None:
    assert last_question(STATE) == "Is there anything else?"
    hint = STATE.model_copy(
        update={"history": (AgentEntry(text="Thanks. What's the number? It's on the email."),)}
    )
    assert last_question(hint) == "What's the number? It's on the email."
    split = STATE.model_copy(
        update={
            "history": (
                *STATE.history,
                CallerEntry(text="yes"),
                AgentEntry(text="What's the number?"),
                AgentEntry(text="It's on the email."),
            )
        }
    )
    assert last_question(split) == "What's the number? It's on the email."
    plain = STATE.model_copy(update={"history": (AgentEntry(text="Hello. Thanks."),)})
    assert last_question(plain) == "Thanks."
    cut = STATE.model_copy(
        update={"history": (*STATE.history, AgentEntry(text="Your ord", interrupted=True))}
    )
    assert last_question(cut) == ""
    assert last_question(ConversationState(agent="a", step="s")) == ""


def test_the_handoff_summary_and_facts_for_a_person() -> None:
    h = handoff(STATE, Redactor(None, ("card_number",)))
    v = h.variables()
    assert set(v) == {"aiframe_summary", "aiframe_facts", "aiframe_step"}
    assert "\n" not in v["aiframe_summary"]
    assert "caller: EF345678" in v["aiframe_summary"]
    assert "4111" not in v["aiframe_summary"] and "84.50" not in v["aiframe_summary"]
    assert json.loads(v["aiframe_facts"]) == {"identity_verified": True}
    assert h.headers()["aiframe-step"] == "identify"
    long = STATE.model_copy(update={"summary": "x" * 5000})
    assert len(handoff(long, None).summary) == SUMMARY_MAX
