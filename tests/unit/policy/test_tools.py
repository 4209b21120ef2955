# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.policy import (
    Action,
    CallState,
    CompiledPolicy,
    PolicyError,
    check_tool_call,
    compile_pack,
    load_pack_text,
    taint_from_result,
)

PACK = """
pack: tools
version: "1"
facts: {verified: "", approved: "", account: ""}
start: s
steps:
  s: {tools: [pay, xfer, lookup]}
  other: {tools: [xfer]}
tools:
  pay:
    requires_facts: [verified]
    max_calls: 2
    args:
      type: object
      properties:
        amount: {type: number}
        memo: {type: string}
        card: {type: object, properties: {account: {type: string}}}
      required: [amount]
    limits:
      - {arg: amount, max: 50, unless_facts: [approved], action: escalate, text: TOO MUCH}
      - {id: floor, arg: amount, min: 1}
      - {arg: memo, max_length: 10}
      - {id: own, arg: card.account, equals_fact: account}
    text: CANNOT PAY
  xfer: {kind: call_control}
  lookup:
    kind: lookup
    returns: {balance: fin, history: fin}
data_classes: {fin: {requires_facts: [verified]}}
fallback: F
escalation: {tool: xfer, text: ESC}
"""


@pytest.fixture(scope="module")
def p() -> CompiledPolicy:
    return compile_pack(load_pack_text(PACK, "tools.yaml"))


OK = CallState(step="s", facts={"verified": True, "account": "A1"})


def test_allowed_call_returns_its_args(p: CompiledPolicy) -> None:
    d = check_tool_call(p, OK, "pay", {"amount": 20})
    assert (d.action, d.rules, d.args, d.text) == (Action.ALLOW, (), {"amount": 20}, "")
    assert d.allowed


def test_unknown_tool(p: CompiledPolicy) -> None:
    d = check_tool_call(p, OK, "nuke", {})
    assert d.rules == ("tool/unknown",)
    assert d.args is None


def test_not_in_step_and_missing_facts(p: CompiledPolicy) -> None:
    d = check_tool_call(p, CallState(step="other"), "pay", {"amount": 20})
    assert d.rules == ("tool/pay/not-in-step", "tool/pay/requires-facts")
    assert d.text == "CANNOT PAY"


def test_schema_violations_are_refused(p: CompiledPolicy) -> None:
    d = check_tool_call(p, OK, "pay", {"amount": "twenty"})
    assert d.rules == ("tool/pay/args",)
    assert "amount" in d.hits[0].reason


def test_limit_escalates_unless_lifted(p: CompiledPolicy) -> None:
    d = check_tool_call(p, OK, "pay", {"amount": 80})
    assert (d.action, d.rules, d.text) == (Action.ESCALATE, ("tool/pay/limit/amount",), "TOO MUCH")
    assert d.call_control is not None and d.call_control.tool == "xfer"
    lifted = OK.evolve(facts={**OK.facts, "approved": True})
    assert check_tool_call(p, lifted, "pay", {"amount": 80}).action is Action.ALLOW


def test_min_length_and_equals_fact_limits(p: CompiledPolicy) -> None:
    assert check_tool_call(p, OK, "pay", {"amount": 0.5}).rules == ("floor",)
    long_memo = {"amount": 5, "memo": "far too long a memo"}
    assert check_tool_call(p, OK, "pay", long_memo).rules == ("tool/pay/limit/memo",)
    other = {"amount": 5, "card": {"account": "B2"}}
    assert check_tool_call(p, OK, "pay", other).rules == ("own",)
    own = {"amount": 5, "card": {"account": "A1"}}
    assert check_tool_call(p, OK, "pay", own).action is Action.ALLOW


def test_per_call_rate_limit(p: CompiledPolicy) -> None:
    used = OK.evolve(tool_calls={"pay": 2})
    assert check_tool_call(p, used, "pay", {"amount": 5}).rules == ("tool/pay/max-calls",)


def test_strictest_of_several_tool_rules(p: CompiledPolicy) -> None:
    d = check_tool_call(p, OK.evolve(tool_calls={"pay": 2}), "pay", {"amount": 80})
    assert d.action is Action.ESCALATE
    assert d.rules == ("tool/pay/max-calls", "tool/pay/limit/amount")


def test_call_control_is_a_tool(p: CompiledPolicy) -> None:
    assert check_tool_call(p, OK, "xfer", {}).action is Action.ALLOW
    assert check_tool_call(p, OK.evolve(step="other"), "xfer", {}).action is Action.ALLOW


def test_taint_from_result(p: CompiledPolicy) -> None:
    got = taint_from_result(p, "lookup", {"balance": 12.5, "history": [{"amt": 3}], "name": "x"})
    assert {k: (v.value, v.data_class) for k, v in got.items()} == {
        "lookup.balance": (12.5, "fin"),
        "lookup.history.0.amt": (3, "fin"),
    }
    with pytest.raises(PolicyError, match="no tool 'nope'"):
        taint_from_result(p, "nope", {})
