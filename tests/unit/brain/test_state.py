# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest
from pydantic import ValidationError

from aiframe.brain.state import (
    AgentEntry,
    CallerEntry,
    ContextWindow,
    ConversationState,
    StateDelta,
    ToolEntry,
)
from aiframe.policy.state import TaintedValue


def _state() -> ConversationState:
    return ConversationState(
        agent="a", step="greeting", slots={"order_id": "AB123456"}, counters={"misses": 1}
    )


def test_apply_leaves_the_old_state_as_it_was() -> None:
    s = _state()
    before = s.model_dump()
    d = StateDelta(
        step="identify",
        facts={"identity_verified": True},
        slots={"email": "j@example.com", "order_id": None},
        counters={"misses": None, "failures": 2},
        tool_calls={"verify_identity": 1},
        entries=(CallerEntry(text="hi"),),
        new_turn=True,
    )
    after = d.apply(s)
    assert s.model_dump() == before
    assert after.step == "identify" and after.turn == 1
    assert after.slots == {"email": "j@example.com"}
    assert after.counters == {"failures": 2}
    assert after.tool_calls == {"verify_identity": 1}
    assert after.facts == {"identity_verified": True}


def test_state_is_frozen() -> None:
    with pytest.raises(ValidationError):
        _state().step = "x"


def test_then_composes_and_adds_tool_counts() -> None:
    a = StateDelta(step="x", tool_calls={"t": 1}, entries=(CallerEntry(text="a"),))
    b = StateDelta(slots={"k": 1}, tool_calls={"t": 2}, entries=(AgentEntry(text="b"),))
    s = _state()
    assert a.then(b).apply(s) == b.apply(a.apply(s))
    assert a.then(b).tool_calls == {"t": 3}


def test_settled_keeps_what_the_world_saw_and_drops_proposals() -> None:
    tv = TaintedValue(value="on its way", data_class="order_details")
    d = StateDelta(
        step="order_help",
        slots={"x": 1},
        counters={"c": 1},
        facts={"refund_issued": True},
        data={"lookup_order.status": tv},
        tool_calls={"issue_refund": 1},
        entries=(
            CallerEntry(text="refund it"),
            ToolEntry(call_id="1", tool="issue_refund", ok=True),
            AgentEntry(text="Done."),
        ),
        disclosures_played=frozenset({"recording"}),
    )
    kept = d.settled()
    assert kept.step is None and not kept.slots and not kept.counters
    assert kept.facts == {"refund_issued": True} and kept.tool_calls == {"issue_refund": 1}
    assert kept.data == {"lookup_order.status": tv}
    assert kept.disclosures_played == {"recording"}
    spoken = [e for e in kept.entries if isinstance(e, AgentEntry)]
    assert spoken and all(e.interrupted for e in spoken)


def test_history_is_bounded_and_folded_into_a_summary() -> None:
    s = _state()
    window = ContextWindow(entries=4, summary_max_chars=60)
    for i in range(10):
        s = StateDelta(entries=(CallerEntry(text=f"caller line {i}"),)).apply(s, window)
    assert len(s.history) == 4
    assert [e.text for e in s.history] == [f"caller line {i}" for i in range(6, 10)]
    assert len(s.summary) <= 60
    assert s.summary.splitlines()[-1] == "caller: caller line 5"  # newest evicted kept


def test_gate_state_maps_the_snapshot() -> None:
    s = _state().model_copy(update={"disclosures_played": frozenset({"a"})})
    g = s.gate_state("pack@1", pending=frozenset({"a", "b"}))
    assert g.step == "greeting" and g.policy_version == "pack@1"
    assert g.disclosures_pending == {"b"}  # played ones are not pending


def test_numbers_the_caller_said_are_added_once_and_kept_when_a_turn_is_cancelled() -> None:
    first = StateDelta(sensitive={"card_number": ("4111111111111111",)}, new_turn=True)
    again = StateDelta(sensitive={"card_number": ("4111111111111111", "5555555555554444")})
    s = again.apply(first.apply(_state()))
    assert s.sensitive == {"card_number": ("4111111111111111", "5555555555554444")}
    assert first.then(again).apply(_state()).sensitive == s.sensitive
    assert again.settled().sensitive == again.sensitive  # the caller said them
    assert StateDelta(step="x").apply(s).sensitive == s.sensitive  # nothing forgets them
    assert ConversationState.model_validate_json(s.model_dump_json()) == s  # stored and back


def test_gate_state_carries_remembered_numbers_and_the_turn_so_far() -> None:
    s = _state().model_copy(update={"sensitive": {"ssn": ("123456789",)}})
    g = s.gate_state("pack@1", turn_said=("One.", "Two."))
    assert g.sensitive == {"ssn": ("123456789",)} and g.turn_said == ("One.", "Two.")
    assert s.gate_state().turn_said == ()


def test_empty_delta() -> None:
    assert StateDelta().empty
    assert not StateDelta(new_turn=True).empty
