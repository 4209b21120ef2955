# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.errors import IllegalTransitionError
from aiframe.runtime.lifecycle import TRANSITIONS, CallPhase, Lifecycle

S = CallPhase


def test_a_call_goes_through_a_conversation_and_ends() -> None:
    lc = Lifecycle("u1")
    for to in (S.LISTENING, S.THINKING, S.SPEAKING, S.LISTENING, S.TRANSFERRING, S.ENDED):
        assert lc.to(to, "test")
    assert lc.ended
    assert [(st.before, st.after) for st in lc.history] == [
        (S.ATTACHED, S.LISTENING),
        (S.LISTENING, S.THINKING),
        (S.THINKING, S.SPEAKING),
        (S.SPEAKING, S.LISTENING),
        (S.LISTENING, S.TRANSFERRING),
        (S.TRANSFERRING, S.ENDED),
    ]


def test_staying_in_a_conversational_state_is_not_a_step() -> None:
    lc = Lifecycle("u1")
    lc.to(S.SPEAKING, "first sentence")
    assert lc.to(S.SPEAKING, "second sentence") is False
    assert len(lc.history) == 1


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        ([S.TRANSFERRING], S.SPEAKING),  # no talking while the transfer is in flight
        ([S.TRANSFERRING], S.TRANSFERRING),  # no second transfer on top of the first
        ([S.ENDED], S.LISTENING),  # nothing after the end
        ([S.ENDED], S.ENDED),
        ([S.LISTENING], S.ATTACHED),  # attached is only ever the first state
    ],
)
def test_illegal_steps_are_refused_loudly(path: list[CallPhase], bad: CallPhase) -> None:
    lc = Lifecycle("call-7")
    for to in path:
        lc.to(to, "setup")
    before = lc.state
    with pytest.raises(IllegalTransitionError) as e:
        lc.to(bad, "because a test said so")
    msg = str(e.value)
    assert "call-7" in msg and f"{before} -> {bad}" in msg and "because a test said so" in msg
    assert lc.state is before  # a refused step changes nothing


def test_every_state_can_end_except_ended_and_nothing_leaves_ended() -> None:
    for state, allowed in TRANSITIONS.items():
        assert (S.ENDED in allowed) is (state is not S.ENDED)
        assert S.ATTACHED not in allowed
    assert TRANSITIONS[S.ENDED] == frozenset()
