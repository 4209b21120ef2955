# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""After a hand-off: the channel's bridge or hangup, told once, in order."""

from __future__ import annotations

from aiframe.runtime.handoff import HandoffOutcome, HandoffWatches
from aiframe.runtime.messages import Bridged, Dtmf, Hangup


def test_an_unrouted_transfer_is_a_failure_with_its_meaning() -> None:
    seen: list[HandoffOutcome] = []
    w = HandoffWatches()
    w.add("u1", "support", seen.append)
    w.on_message("u2", Hangup("NORMAL_CLEARING"))  # another channel
    w.on_message("u1", Dtmf("5"))  # not a fate
    assert seen == []
    w.on_message("u1", Hangup("NO_ROUTE_DESTINATION"))
    assert len(seen) == 1 and seen[0].failed and "u1" not in w
    assert seen[0].describe().startswith("transfer to support failed: hangup NO_ROUTE_DESTINATION")
    assert "(the dialplan has no such extension)" in seen[0].describe()
    w.on_message("u1", Hangup("NORMAL_CLEARING"))  # the watch is over: told once
    assert len(seen) == 1


def test_a_bridge_then_a_hangup_is_a_reached_transfer() -> None:
    seen: list[HandoffOutcome] = []
    w = HandoffWatches()
    w.add("u1", "aiframe-human", seen.append)
    w.on_message("u1", Bridged("b-leg"))
    w.on_message("u1", Bridged("b-leg"))  # both legs' bridge events: one outcome
    w.on_message("u1", Hangup("NORMAL_CLEARING"))
    assert [(o.kind, o.reached, o.failed) for o in seen] == [
        ("bridged", True, False),
        ("hangup", True, False),
    ]
    assert seen[0].other_uuid == "b-leg"
    assert seen[0].describe().startswith("transfer to aiframe-human answered after")
    assert seen[1].describe() == "hangup after transfer to aiframe-human: NORMAL_CLEARING"


def test_a_channel_the_ai_takes_again_is_no_longer_watched() -> None:
    seen: list[HandoffOutcome] = []
    w = HandoffWatches()
    w.add("u1", "ai-support-1", seen.append)
    w.forget("u1")
    w.on_message("u1", Hangup("NORMAL_CLEARING"))
    assert seen == [] and len(w) == 0


def test_old_watches_are_dropped() -> None:
    w = HandoffWatches(watch_s=0.0)
    w.add("u1", "x", lambda o: None)
    w.add("u2", "x", lambda o: None)  # adding prunes what is past its time
    assert "u1" not in w and "u2" in w
