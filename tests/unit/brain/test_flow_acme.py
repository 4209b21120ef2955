# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The Acme demo agent on the flow brain, through the real gate, tools and database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from aiframe.brain.orchestration import Conversation
from aiframe.brain.outputs import ControlAction, Speak, TurnDone
from aiframe.brain.service import AgentService
from aiframe.policy.audit import MemoryAuditSink

NewCall = Callable[..., tuple[Conversation, MemoryAuditSink]]
SILENCE = None


def talk(conv: Conversation, *said: str | None) -> list[str]:
    """Open the call, then say each line (None = silence); the transcript, committed
    turn by turn. Agent lines are "agent: ...", call control "[tool args]"."""
    lines: list[str] = []

    def play(run: object) -> None:
        for out in run:
            if isinstance(out, Speak):
                lines.append(f"agent: {out.text}")
            elif isinstance(out, ControlAction):
                lines.append(f"[{out.tool} {dict(out.args)}]")
            elif isinstance(out, TurnDone):
                conv.commit(out.delta)

    play(conv.open())
    for s in said:
        if conv.state.status != "open":
            break
        lines.append(f"you: {s}" if s is not None else "you: (silence)")
        play(conv.hear(s) if s is not None else conv.silence())
    return lines


VERIFY_JANE = (
    "A B one two three four five six",
    "jane dot doe at example dot com",
    "S W one A one A A",
)


def _refunds(svc: AgentService) -> list[tuple[str, float, str]]:
    assert svc.database is not None
    with sqlite3.connect(svc.database) as conn:
        rows = conn.execute("SELECT order_id, amount, reason FROM refunds").fetchall()
    conn.close()
    return [tuple(r) for r in rows]


def test_happy_path_status_refund_goodbye(new_call: NewCall, flow_service: AgentService) -> None:
    conv, sink = new_call()
    lines = talk(
        conv,
        "where is my order",
        *VERIFY_JANE,
        "I'd like a refund",
        "it arrived broken",
        "twenty dollars",
        "yes please",
        "no thanks",
    )
    agent = [x for x in lines if x.startswith("agent:")]
    # The recording disclosure comes before anything else, inserted by the gate.
    assert agent[0] == "agent: This call may be recorded for quality and training purposes."
    assert "agent: Thanks, Jane, that all matches." in lines
    assert "agent: Order A B 1 2 3 4 5 6 is on its way." in lines
    assert "agent: The latest delivery estimate is Saturday, March 14." in lines
    assert "agent: So that's a refund of $20, reason damaged." in lines
    assert "agent: I've issued a refund of $20 to your original payment method." in lines
    assert lines[-3:] == ["agent: Thanks for calling Acme.", "agent: Goodbye.", "[hang_up {}]"]
    st = conv.state
    assert st.status == "ended" and st.step == "goodbye"
    assert st.facts == {
        "identity_verified": True,
        "verified_order": "AB123456",
        "refund_issued": True,
    }
    assert st.tool_calls == {
        "verify_identity": 1,
        "lookup_order": 2,
        "issue_refund": 1,
        "hang_up": 1,
    }
    assert st.disclosures_played == {"recording"}
    assert _refunds(flow_service) == [("AB123456", 20.0, "damaged")]
    # order details are in the state, tagged for the gate's taint rules
    assert st.data["lookup_order.status"].data_class == "order_details"
    assert st.data["lookup_order.total"].data_class == "financial"
    # every gate decision was audited, in order
    assert [e.seq for e in sink.events] == list(range(1, len(sink.events) + 1))
    tools = [e.subject.get("tool") for e in sink.events if e.decision.kind == "tool_call"]
    assert tools == ["verify_identity", "lookup_order", "lookup_order", "issue_refund", "hang_up"]


def test_the_full_amount_and_written_forms(new_call: NewCall, flow_service: AgentService) -> None:
    conv, _ = new_call()
    lines = talk(conv, "refund please", "AB123456", "jane.doe@example.com", "sw1a 1aa",
                 "that's not the wrong item, it was late", "the full amount", "yes")  # fmt: skip
    assert "agent: So that's a refund of $45.99, reason wrong item." in lines
    assert _refunds(flow_service) == [("AB123456", 45.99, "wrong_item")]


def test_several_slots_from_one_answer(new_call: NewCall) -> None:
    conv, _ = new_call()
    talk(conv, "order status", "it's AB123456, email jane.doe@example.com, postcode SW1A 1AA")
    assert conv.state.step == "order_help"
    assert conv.state.facts == {"identity_verified": True, "verified_order": "AB123456"}


def test_wrong_identity_three_times_transfers(new_call: NewCall) -> None:
    conv, _ = new_call()
    wrong = ("AB123456", "bob at example dot com", "SW1A 1AA")
    lines = talk(conv, "where's my order", *wrong, *wrong, *wrong, "hello?")
    assert lines.count("agent: Those details don't match our records.") == 2
    assert lines[-3:] == [
        "agent: I'm sorry, I still couldn't match those details.",
        "agent: Let me connect you with a member of our team.",
        "[transfer_to_agent {'queue': 'support'}]",
    ]
    st = conv.state
    assert st.status == "transferred" and "identity_verified" not in st.facts
    assert st.tool_calls["verify_identity"] == 3
    assert "lookup_order" not in st.tool_calls  # nothing about the order was looked up


def test_no_input_reprompts_then_ends(new_call: NewCall) -> None:
    conv, _ = new_call()
    lines = talk(conv, SILENCE, SILENCE, SILENCE)
    question = "agent: How can I help?"
    assert lines.count("agent: Sorry, I didn't hear anything.") == 2
    assert lines.count(question) == 3  # asked, then asked again twice
    assert lines[-5:] == [
        "you: (silence)",
        "agent: I haven't heard anything, so I'll end the call now.",
        "agent: Thanks for calling Acme.",
        "agent: Goodbye.",
        "[hang_up {}]",
    ]
    assert conv.state.status == "ended"


def test_silence_is_forgiven_once_the_caller_speaks(new_call: NewCall) -> None:
    conv, _ = new_call()
    lines = talk(conv, "order", SILENCE, SILENCE, "AB123456", SILENCE)
    assert lines[-2:] == [
        "agent: Sorry, I didn't hear anything.",
        "agent: And the email address on the order?",
    ]
    assert conv.state.status == "open" and conv.state.counter("no_input") == 1


def test_words_it_cannot_use_are_reprompted_then_transferred(new_call: NewCall) -> None:
    conv, _ = new_call()
    lines = talk(conv, "order", "purple", "banana", "what")
    assert lines.count("agent: Sorry, I didn't catch that.") == 2
    hint = "like A B one two three four five six."
    assert f"agent: Your order number has two letters and six digits, {hint}" in lines
    assert lines[-1] == "[transfer_to_agent {'queue': 'support'}]"


def test_asking_for_a_person_transfers_from_any_step(new_call: NewCall) -> None:
    conv, _ = new_call()
    lines = talk(conv, "order please", "can I speak to someone")
    assert lines[-2:] == [
        "agent: Let me connect you with a member of our team.",
        "[transfer_to_agent {'queue': 'support'}]",
    ]


def test_refund_over_the_limit_escalates_to_a_supervisor(
    new_call: NewCall, flow_service: AgentService
) -> None:
    conv, sink = new_call()
    sam = (
        "C D two three four five six seven",
        "sam dot patel at example dot com",
        "E C one A one B B",
    )
    lines = talk(conv, "I want my money back", *sam, "it was damaged", "the full amount", "yes")
    assert "agent: So that's a refund of $129, reason damaged." in lines
    assert lines[-2:] == [
        "agent: A refund of that size needs a supervisor. Let me connect you with one now.",
        "[transfer_to_agent {'queue': 'supervisor'}]",
    ]
    assert _refunds(flow_service) == []
    refusal = [e for e in sink.events if e.decision.kind == "tool_call" and e.decision.rules]
    assert refusal[-1].decision.rules == ("refund-limit",)
    assert conv.state.status == "transferred"


def test_declining_the_refund_goes_back_to_order_help(
    new_call: NewCall, flow_service: AgentService
) -> None:
    conv, _ = new_call()
    lines = talk(conv, "refund", *VERIFY_JANE, "it's late", "ten dollars", "no", "no")
    i = lines.index("agent: Okay, I won't issue a refund.")
    assert lines[i + 1] == "agent: Is there anything else I can help with, like a refund?"
    assert lines[-1] == "[hang_up {}]"
    assert _refunds(flow_service) == []
    assert conv.state.tool_calls["lookup_order"] == 2  # status told once, refund step's own look-up


def test_general_questions(new_call: NewCall) -> None:
    conv, _ = new_call()
    lines = talk(conv, "what are your opening hours", "no")
    assert "agent: Our support line is open 8am to 8pm, Monday to Saturday." in lines
    assert lines[-1] == "[hang_up {}]"


def test_same_input_same_output(new_call: NewCall) -> None:
    script = ("where is my order", *VERIFY_JANE, "refund", "broken", "five dollars", "yes", "bye")
    first = talk(new_call()[0], *script)
    second = talk(new_call()[0], *script)
    assert first == second


def test_a_turn_proposes_and_only_commit_changes_state(new_call: NewCall) -> None:
    conv, _ = new_call()
    talk(conv, "order")
    before = conv.state
    run = conv.hear("AB123456")
    done = run.run()
    assert conv.state is before  # nothing applied yet
    assert done.delta.slots == {"order_id": "AB123456"}
    conv.commit(done.delta)
    assert conv.state.slots == {"order_id": "AB123456"} and before.slots == {}
    assert conv.state.turn == before.turn + 1


def test_data_dir_is_where_the_settings_say(flow_service: AgentService, tmp_path: Path) -> None:
    assert flow_service.database is not None
    assert flow_service.database.parent == tmp_path / "data"
