# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.brain.agent.templates import placeholders, render, render_value
from aiframe.brain.errors import FlowError

SCOPE = {
    "slots": {"order_id": "AB123456", "amount": 20.0, "reason": "wrong_item"},
    "result": {"status": "on its way", "delivery_date": "2026-03-14", "items": ["kettle"]},
    "data": {"lookup_order.total": 45.99},
    "facts": {"identity_verified": True},
    "counters": {"failures": 2},
}


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("Order {order_id|spell} is {result.status}.", "Order A B 1 2 3 4 5 6 is on its way."),
        ("Due {result.delivery_date|date}.", "Due Saturday, March 14."),
        ("A refund of {amount|money} for {reason|words}.", "A refund of $20 for wrong item."),
        ("Total {data.lookup_order.total|money}.", "Total $45.99."),
        (
            "First item: {result.items.0}; tries {counters.failures}.",
            "First item: kettle; tries 2.",
        ),
        ("Unset counter {counters.nothing}.", "Unset counter 0."),
    ],
)
def test_render(template: str, text: str) -> None:
    assert render(template, SCOPE) == text


def test_a_lone_placeholder_keeps_its_type() -> None:
    args = {"order_id": "{order_id}", "amount": "{amount|number}", "note": "x {amount}"}
    assert render_value(args, SCOPE) == {"order_id": "AB123456", "amount": 20.0, "note": "x 20"}
    assert render_value("{data.lookup_order.total|number}", SCOPE) == 45.99


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("{email}", "slot 'email' is not filled"),
        ("{result.nope}", "no field 'nope'"),
        ("{data.lookup_order.items}", "no stored tool value"),
        ("{order_id|shout}", "no filter 'shout'"),
        ("{order_id|date}", "not an ISO date"),
    ],
)
def test_render_errors_say_what_is_missing(template: str, why: str) -> None:
    with pytest.raises(FlowError, match=why):
        render(template, SCOPE)


def test_placeholders_for_load_time_checks() -> None:
    assert placeholders("{a} and {result.b|money}") == [("a", None), ("result.b", "money")]
