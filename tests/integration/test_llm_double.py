# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The Acme agent on the LLM brain, against a scripted LLM over real HTTP and SSE.

Each adversarial script makes the model do something it must not get away with; every
one is stopped by the policy gate or handled with a clear fallback, and the database
shows no tool acted that should not have.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from aiframe.brain.orchestration import Conversation
from aiframe.brain.outputs import ControlAction, Speak, TurnDone, TurnRun
from aiframe.brain.service import AgentService
from aiframe.brain.settings import BrainSettings
from aiframe.brain.state import ConversationState
from aiframe.lab.fakes.llm_double import LlmDouble, Reply
from aiframe.policy.audit import MemoryAuditSink
from aiframe.policy.state import TaintedValue

JANE = {"order_id": "AB123456", "email": "jane.doe@example.com", "postcode": "SW1A 1AA"}
REFUND_PROMISE = "I can't promise a refund, but I can check what options you have."


class Call:
    """One call on the LLM brain: the double, the service, the conversation."""

    def __init__(
        self, llm: LlmDouble, svc: AgentService, conv: Conversation, sink: MemoryAuditSink
    ):
        self.llm, self.svc, self.conv, self.sink = llm, svc, conv, sink
        self.outs: list[Any] = []

    def play(self, run: TurnRun) -> list[Any]:
        t0 = time.monotonic()
        outs = []
        for o in run:
            outs.append((time.monotonic() - t0, o))
            if isinstance(o, TurnDone):
                self.conv.commit(o.delta)
        self.outs += [o for _, o in outs]
        return outs

    def turn(self, said: str | None = None) -> list[Any]:
        if said is None and not self.conv.state.history:
            return [o for _, o in self.play(self.conv.open())]
        run = self.conv.hear(said) if said is not None else self.conv.silence()
        return [o for _, o in self.play(run)]

    @staticmethod
    def said(outs: list[Any]) -> list[str]:
        return [o.text for o in outs if isinstance(o, Speak)]

    def refunds(self) -> list[tuple[Any, ...]]:
        assert self.svc.database is not None
        with sqlite3.connect(self.svc.database) as db:
            rows = db.execute("SELECT order_id, amount FROM refunds").fetchall()
        db.close()
        return rows

    def rules(self) -> list[str]:
        return [r for e in self.sink.events for r in e.decision.rules]


@pytest.fixture
def make_call(tmp_path: Path) -> Iterator[Callable[..., Call]]:
    made: list[tuple[LlmDouble, AgentService, Conversation]] = []

    def make(script: list[Reply], state: ConversationState | None = None, **settings: Any) -> Call:
        llm = LlmDouble(script).start()
        settings.setdefault("first_output_deadline_ms", 2000)
        bs = BrainSettings(
            kind="llm", base_url=llm.base_url, data_dir=tmp_path / "data", model="scripted",
            retry_base_ms=10, retry_max_ms=50, **settings,
        )  # fmt: skip
        svc = AgentService(bs, today=lambda: dt.date(2026, 3, 10))
        sink = MemoryAuditSink()
        conv = svc.conversation(f"llm-{len(made)}", audit=sink, state=state)
        made.append((llm, svc, conv))
        return Call(llm, svc, conv, sink)

    yield make
    for llm, svc, conv in made:
        conv.close()
        svc.close()
        llm.close()


def _verified(step: str = "order_help", **extra: Any) -> ConversationState:
    return ConversationState(
        agent="acme-support",
        step=step,
        facts={"identity_verified": True, "verified_order": "AB123456"},
        disclosures_played=frozenset({"recording"}),
        **extra,
    )


def test_happy_path_with_streamed_tool_calls(make_call: Callable[..., Call]) -> None:
    c = make_call(
        [
            Reply.say("Hi, thanks for calling Acme. How can I help?"),
            Reply.call("change_step", {"step": "identify"}, text="I can help with that."),
            Reply.say("What's the order number, email and postcode?"),
            Reply.call("verify_identity", JANE),
            Reply.call("change_step", {"step": "order_help"}),
            Reply.call("lookup_order", {"order_id": "AB123456"}),
            Reply.say("Order A B 1 2 3 4 5 6 is on its way. The estimate is March 14."),
        ],
        api_key=SecretStr("sk-scripted"),
    )
    first = c.turn()
    assert c.said(first)[0] == "This call may be recorded for quality and training purposes."
    c.turn("where is my order")
    assert c.conv.state.step == "identify"
    out = c.turn("AB123456, jane.doe@example.com, SW1A 1AA")
    assert c.said(out) == ["Order A B 1 2 3 4 5 6 is on its way.", "The estimate is March 14."]
    st = c.conv.state
    assert st.step == "order_help"
    assert st.facts == {"identity_verified": True, "verified_order": "AB123456"}
    assert st.tool_calls == {"verify_identity": 1, "lookup_order": 1}
    reqs = c.llm.requests
    assert [r.tool_names for r in reqs[:2]] == [["transfer_to_agent", "change_step"]] * 2
    assert reqs[3].tool_names == ["verify_identity", "transfer_to_agent", "change_step"]
    assert reqs[5].tool_names == ["lookup_order", "transfer_to_agent", "change_step"]
    tool_msg = reqs[4].messages[-1]
    assert tool_msg["role"] == "tool" and json.loads(tool_msg["content"])["match"] is True
    assert {r.headers["Authorization"] for r in reqs} == {"Bearer sk-scripted"}
    assert "identity_verified: yes" in reqs[5].system


def test_a_tool_from_another_step_is_blocked(make_call: Callable[..., Call]) -> None:
    state = ConversationState(
        agent="acme-support", step="identify", disclosures_played=frozenset({"recording"})
    )
    c = make_call(
        [
            Reply.call("issue_refund", {"order_id": "AB123456", "amount": 20, "reason": "late"}),
            Reply.call("lookup_order", {"order_id": "AB123456"}),
            Reply.say("First I need to verify you. What's your order number?"),
        ],
        state=state,
    )
    out = c.turn("just refund me twenty dollars")
    assert c.said(out) == [
        "I'm not able to do that refund right now.",
        "First I need to verify you.",
        "What's your order number?",
    ]
    assert c.refunds() == []
    assert "issue_refund" not in c.conv.state.tool_calls
    assert "lookup_order" not in c.conv.state.tool_calls
    assert {"tool/issue_refund/not-in-step", "tool/lookup_order/not-in-step"} <= set(c.rules())
    told = [m for m in c.llm.requests[2].messages if m["role"] == "tool"]
    assert all("refused by policy" in json.loads(m["content"])["error"] for m in told)


def test_a_refund_promise_is_rewritten(make_call: Callable[..., Call]) -> None:
    c = make_call(
        [
            Reply.say("Don't worry, I'll refund you the full amount today. It's already done."),
            Reply.say("I can look into a refund for you."),
        ],
        state=_verified(),
    )
    out = c.turn("my kettle arrived broken")
    assert c.said(out) == [REFUND_PROMISE]  # and nothing the model said after it
    assert out[-1].reason == "refused"
    assert "no-refund-promise" in c.rules()
    c.turn("ok")
    assert "Policy replaced your last sentence (no-refund-promise" in c.llm.requests[1].system


def test_a_tainted_value_is_not_read_back(make_call: Callable[..., Call]) -> None:
    state = ConversationState(
        agent="acme-support",
        step="identify",
        disclosures_played=frozenset({"recording"}),
        data={"lookup_order.total": TaintedValue(value="45.99", data_class="financial")},
    )
    c = make_call([Reply.say("Your total was forty five dollars and ninety nine cents.")], state)
    out = c.turn("how much did I pay")
    assert c.said(out) == ["I can share order details once I've verified your identity."]
    assert "order-details-need-identity" in c.rules()
    # and the model was never shown the value
    sent = json.dumps(c.llm.requests[0].body)
    assert "45.99" not in sent


@pytest.mark.parametrize(
    "opening", ["Hi! How can I help?", "This call may be recorded. How can I help?"]
)
def test_the_disclosure_cannot_be_skipped(make_call: Callable[..., Call], opening: str) -> None:
    c = make_call([Reply.say(opening)])
    out = c.turn()
    speaks = [o for o in out if isinstance(o, Speak)]
    assert speaks[0].text == "This call may be recorded for quality and training purposes."
    assert speaks[0].disclosure == "recording"
    assert c.conv.state.disclosures_played == {"recording"}


def test_malformed_tool_arguments_are_not_run_and_the_model_is_told(
    make_call: Callable[..., Call],
) -> None:
    state = ConversationState(
        agent="acme-support", step="identify", disclosures_played=frozenset({"recording"})
    )
    broken = '{"order_id": "AB123456", "email": "jane.doe@example.com", "postcode": '
    c = make_call(
        [
            Reply.call("verify_identity", broken),
            Reply.call("verify_identity", JANE),
            Reply.say("Thanks, you're verified."),
        ],
        state=state,
    )
    out = c.turn("AB123456, jane.doe@example.com, SW1A 1AA")
    assert c.said(out) == ["Thanks, you're verified."]
    assert c.conv.state.tool_calls == {"verify_identity": 1}  # the broken call never ran
    assert c.conv.state.facts == {"identity_verified": True, "verified_order": "AB123456"}
    err = json.loads(c.llm.requests[1].messages[-1]["content"])["error"]
    assert err.startswith("not called: arguments are not valid JSON")


def test_a_model_that_only_sends_garbage_gets_the_fallback(make_call: Callable[..., Call]) -> None:
    c = make_call([Reply.call("verify_identity", "{{{")] * 3, max_rounds=3)
    out = c.turn()
    assert (
        c.said(out)[-1]
        == "Sorry, I can't help with that. Is there anything else I can do for your order?"
    )
    assert out[-1].reason == "failed" and c.conv.state.tool_calls == {}


def test_a_stall_past_the_deadline_gets_the_holding_utterance(
    make_call: Callable[..., Call],
) -> None:
    c = make_call([Reply.say("Here you go.", stall_before_s=0.5)], first_output_deadline_ms=150)
    outs = c.play(c.conv.open())
    speaks = [(t, o) for t, o in outs if isinstance(o, Speak)]
    assert [o.text for _, o in speaks] == [
        "This call may be recorded for quality and training purposes.",
        "One moment, please.",
        "Here you go.",
    ]
    assert speaks[1][1].holding and 0.13 <= speaks[0][0] < 0.4
    assert speaks[2][0] >= 0.45


def test_a_model_that_never_answers_fails_over(make_call: Callable[..., Call]) -> None:
    c = make_call(
        [Reply.say("late", stall_before_s=5)] * 2,
        first_output_deadline_ms=100,
        turn_timeout_s=0.4,
        max_failures=2,
    )
    t0 = time.monotonic()
    out = c.turn()
    assert time.monotonic() - t0 < 1.5
    assert c.said(out)[1:] == [
        "One moment, please.",
        "Sorry, I'm having trouble with that right now.",
    ]
    assert out[-1].reason == "failed" and "no complete reply" in (out[-1].error or "")
    out = c.turn("hello?")
    assert c.said(out)[-1] == "Let me connect you with a member of our team."
    assert [o for o in out if isinstance(o, ControlAction)] == [
        ControlAction("transfer_to_agent", {"queue": "supervisor"}, "transferred", "brain/failures")
    ]


def test_barge_in_closes_the_stream_at_once(make_call: Callable[..., Call]) -> None:
    long = "Let me look. " + "Still looking at your order details. " * 3
    c = make_call(
        [Reply.say(long, stall_mid_s=3, keepalive_s=0.05, chunk_chars=13)], state=_verified()
    )
    before = c.conv.state
    run = c.conv.hear("actually, never mind")
    first = next(run)
    assert isinstance(first, Speak) and first.text == "Let me look."
    t0 = time.monotonic()
    threading.Timer(0.05, run.cancel).start()
    done = run.run()
    assert done.reason == "cancelled" and time.monotonic() - t0 < 0.5
    assert c.conv.state is before
    deadline = time.monotonic() + 2
    while c.llm.disconnects == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert c.llm.disconnects == 1  # the request was really closed, not left running


def test_an_illegal_step_change_is_refused(make_call: Callable[..., Call]) -> None:
    state = ConversationState(
        agent="acme-support", step="identify", disclosures_played=frozenset({"recording"})
    )
    c = make_call(
        [
            Reply.call("change_step", {"step": "refund"}),
            Reply.call("change_step", {"step": "order_help"}),
            Reply.say("I need to verify you first."),
        ],
        state=state,
    )
    out = c.turn("skip all that and refund me")
    assert c.said(out) == ["I need to verify you first."]
    assert c.conv.state.step == "identify"
    assert {"step/illegal", "step/order_help/requires-facts"} <= set(c.rules())


def test_a_refund_over_the_limit_escalates(make_call: Callable[..., Call]) -> None:
    args = {"order_id": "CD234567", "amount": 80, "reason": "damaged"}
    c = make_call([Reply.call("issue_refund", args)], state=_verified("refund"))
    out = c.turn("refund eighty dollars")
    assert c.said(out) == [
        "A refund of that size needs a supervisor. Let me connect you with one now."
    ]
    assert [o for o in out if isinstance(o, ControlAction)] == [
        ControlAction("transfer_to_agent", {"queue": "supervisor"}, "transferred", "refund-limit")
    ]
    assert c.refunds() == [] and c.conv.state.status == "transferred"


def test_a_refund_within_limits_is_issued_once(make_call: Callable[..., Call]) -> None:
    args = {"order_id": "AB123456", "amount": 20, "reason": "late"}
    c = make_call(
        [
            Reply.call("issue_refund", args),
            Reply.say("Done, I've refunded $20 to your card."),
            Reply.call("issue_refund", args),
            Reply.say("Anything else?"),
        ],
        state=_verified("refund"),
    )
    c.turn("twenty dollars please, it was late")
    assert c.refunds() == [("AB123456", 20.0)]
    assert c.conv.state.facts["refund_issued"] is True
    out = c.turn("do it again")
    assert "tool/issue_refund/max-calls" in c.rules()
    assert c.said(out)[0] == "I'm not able to do that refund right now."
    assert c.refunds() == [("AB123456", 20.0)]


def test_a_refusal_as_the_first_words_still_follows_the_disclosure(
    make_call: Callable[..., Call],
) -> None:
    # The model's first act is a tool call the gate refuses: the refusal's words are the
    # first the caller hears, and the recording disclosure must still come before them.
    args = {"order_id": "AB123456", "amount": 20, "reason": "late"}
    c = make_call([Reply.call("issue_refund", args), Reply.say("How can I help?")])
    out = c.turn("refund twenty dollars on AB123456")
    speaks = [o for o in out if isinstance(o, Speak)]
    assert [s.text for s in speaks[:2]] == [
        "This call may be recorded for quality and training purposes.",
        "I'm not able to do that refund right now.",
    ]
    assert speaks[0].disclosure == "recording" and c.refunds() == []


def test_a_verified_caller_cannot_act_on_another_customers_order(
    make_call: Callable[..., Call],
) -> None:
    c = make_call(
        [
            Reply.call("lookup_order", {"order_id": "CD234567"}),
            Reply.say("Anything else?"),
        ],
        state=_verified(),
    )
    out = c.turn("and my neighbour's order CD234567?")
    assert c.said(out)[0] == "I can only help with the order you were verified for."
    assert "own-order-only" in c.rules() and "lookup_order" not in c.conv.state.tool_calls
    assert "4 Mill Lane" not in json.dumps([r.body for r in c.llm.requests])
