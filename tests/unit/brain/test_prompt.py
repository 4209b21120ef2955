# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import json

from aiframe.brain.agent.loader import Agent
from aiframe.brain.engines.prompt import CHANGE_STEP, build_messages, offered_tools, system_prompt
from aiframe.brain.state import (
    AgentEntry,
    CallerEntry,
    ConversationState,
    NoteEntry,
    ToolEntry,
)
from aiframe.policy.state import TaintedValue

BOUND = frozenset({"verify_identity", "lookup_order", "issue_refund"})


def _names(tools: list[dict[str, object]]) -> list[str]:
    return [t["function"]["name"] for t in tools]


def test_only_the_current_steps_tools_are_offered(acme: Agent) -> None:
    st = ConversationState(agent="acme-support", step="identify")
    tools = offered_tools(acme, acme.policy, st, BOUND)
    assert _names(tools) == ["verify_identity", "transfer_to_agent", CHANGE_STEP]
    step_tool = tools[-1]["function"]
    assert step_tool["parameters"]["properties"]["step"]["enum"] == ["order_help", "goodbye"]
    refund = ConversationState(agent="acme-support", step="refund")
    assert _names(offered_tools(acme, acme.policy, refund, BOUND)) == [
        "lookup_order",
        "issue_refund",
        "transfer_to_agent",
        CHANGE_STEP,
    ]
    # a pack tool without code behind it is not offered
    assert "issue_refund" not in _names(offered_tools(acme, acme.policy, refund, frozenset()))


def test_values_the_caller_may_not_hear_are_withheld(acme: Agent) -> None:
    st = ConversationState(
        agent="acme-support",
        step="identify",
        data={"lookup_order.total": TaintedValue(value="45.99", data_class="financial")},
        history=(
            ToolEntry(
                call_id="c1",
                tool="lookup_order",
                args={"order_id": "AB123456"},
                ok=True,
                result={"total": 45.99, "found": True},
            ),
        ),
    )
    msgs = build_messages(acme, acme.policy, st)
    text = json.dumps(msgs)
    assert "45.99" not in text
    assert "withheld until identity_verified" in text
    verified = st.model_copy(update={"facts": {"identity_verified": True}})
    text = json.dumps(build_messages(acme, acme.policy, verified))
    assert "45.99" in text


def test_transcript_becomes_chat_messages(acme: Agent) -> None:
    st = ConversationState(
        agent="acme-support",
        step="identify",
        history=(
            AgentEntry(text="Hello."),
            CallerEntry(text="where's my order"),
            AgentEntry(text="Let me check."),
            ToolEntry(
                call_id="s1",
                tool=CHANGE_STEP,
                args={"step": "identify"},
                ok=True,
                result={"step": "identify"},
            ),
            AgentEntry(text="What's your order number?"),
            CallerEntry(text="", no_input=True),
            ToolEntry(call_id="b1", tool="verify_identity", raw_args="{bad", error="not JSON"),
            NoteEntry(text="Policy replaced your last sentence (no-refund-promise)."),
        ),
    )
    msgs = build_messages(acme, acme.policy, st)
    roles = [m["role"] for m in msgs]
    assert roles == [
        "system",
        "user",
        "assistant",
        "user",
        "assistant",
        "tool",
        "assistant",
        "user",
        "assistant",
        "tool",
    ]
    assert msgs[4]["content"] == "Let me check."
    assert msgs[4]["tool_calls"][0]["function"] == {
        "name": CHANGE_STEP,
        "arguments": '{"step": "identify"}',
    }
    assert msgs[7]["content"] == "(The caller said nothing.)"
    assert msgs[8]["content"] is None  # a tool call with nothing said
    assert msgs[8]["tool_calls"][0]["function"]["arguments"] == "{}"  # never the broken JSON
    assert json.loads(msgs[9]["content"]) == {"error": "not JSON"}
    # notes go to the system prompt, not mid-conversation system turns
    assert "no-refund-promise" in msgs[0]["content"]


def test_system_prompt_has_the_step_facts_and_moves(acme: Agent) -> None:
    st = ConversationState(agent="acme-support", step="identify", summary="caller: hi")
    text = system_prompt(acme, acme.policy, st)
    assert acme.spec.llm.persona.strip() in text
    assert "Current step: identify. Ask for the order number" in text
    assert "identity_verified: no" in text
    assert "order_help (needs identity_verified), goodbye" in text
    assert "Earlier in this call (summary):\ncaller: hi" in text
