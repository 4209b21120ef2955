# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""1,000 random interleavings of concurrent senders into one call's actor.

Each example spawns up to four senders (the ESL dispatcher, a speech engine,
the brain, an operator) that post messages with random yields in between, while
the handler starts transfers whose results come back after random delays.
Whatever the interleaving, the actor must: hand every message taken to the
handler exactly once, in the order it was taken; keep each sender's order;
account for every message offered (taken or discarded, nothing vanishes);
take only legal lifecycle steps; end exactly once, on the first terminal
message; and never fail.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import gevent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiframe.runtime.actor import CallActor
from aiframe.runtime.callcontrol import CallControl
from aiframe.runtime.handler import BaseHandler, Call, CallInfo
from aiframe.runtime.lifecycle import TRANSITIONS, CallPhase
from aiframe.runtime.messages import (
    AdminCommand,
    CallMessage,
    ChannelEvent,
    Dtmf,
    Hangup,
    MediaReady,
    MediaStopped,
)


@dataclass(frozen=True, slots=True)
class Heard(CallMessage):
    """A handler's own message, as a speech engine's transcript would be."""

    kind: str


@dataclass(frozen=True, slots=True)
class Answered(CallMessage):
    """A handler's own message, as the brain's answer would be."""

    n: int


S = CallPhase
TERMINAL = (Hangup, MediaStopped)
INFO = CallInfo("5e1a0c1e-aaaa-4bbb-8ccc-0123456789ab", 0, 1, 16000, "conv-h")


class SteppedCommands:
    """Answers after a number of scheduler turns, so the race is part of the draw."""

    def __init__(self, turns: list[int], outcomes: list[bool]) -> None:
        self.turns, self.outcomes, self.n = turns, outcomes, 0

    def bgapi(self, command: str, timeout: float) -> str:
        k = self.n
        self.n += 1
        for _ in range(self.turns[k % len(self.turns)]):
            gevent.sleep(0)
        return "+OK\n" if self.outcomes[k % len(self.outcomes)] else "-ERR No such channel!\n"


class Recorder(BaseHandler):
    """A well-behaved handler: it only asks for steps the lifecycle allows."""

    def __init__(self) -> None:
        self.log: list[CallMessage] = []
        self.ended: list[str] = []
        self.after_end = 0

    def on_message(self, call: Call, msg: CallMessage) -> None:
        if self.ended:
            self.after_end += 1
        self.log.append(msg)
        allowed = TRANSITIONS[call.state]
        if isinstance(msg, Dtmf) and msg.digit == "T" and S.TRANSFERRING in allowed:
            call.transfer("2000")
        elif isinstance(msg, Heard) and msg.kind == "final" and S.THINKING in allowed:
            call.enter(S.THINKING, "final transcript")
        elif isinstance(msg, Answered) and S.SPEAKING in allowed:
            call.enter(S.SPEAKING, "answer ready")
        elif isinstance(msg, Dtmf) and msg.digit == "#" and S.LISTENING in allowed:
            call.enter(S.LISTENING, "caller pressed #")

    def on_end(self, call: Call, reason: str) -> None:
        self.ended.append(reason)


class CountingActor(CallActor):
    def __init__(self, info: CallInfo, handler: Recorder, control: CallControl) -> None:
        super().__init__(info, handler, control=control)
        self.offered = 0
        self.taken: list[CallMessage] = []

    def deliver(self, msg: CallMessage) -> bool:
        self.offered += 1
        return super().deliver(msg)

    def _dispatch(self, msg: CallMessage) -> None:
        self.taken.append(msg)
        super()._dispatch(msg)


def message() -> st.SearchStrategy[CallMessage]:
    return st.one_of(
        st.sampled_from("0123456789#T*").map(Dtmf),
        st.sampled_from(["partial", "final", "end_of_turn"]).map(Heard),
        st.integers(0, 9).map(Answered),
        st.sampled_from(["reload", "drain"]).map(AdminCommand),
        st.sampled_from(["CHANNEL_EXECUTE_COMPLETE", "CUSTOM"]).map(ChannelEvent),
        st.just(MediaReady()),
        st.sampled_from(["NORMAL_CLEARING", "USER_BUSY"]).map(Hangup),
        st.just(MediaStopped("stop")),
    )


senders = st.lists(st.lists(st.tuples(message(), st.integers(0, 3)), max_size=8), max_size=4)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=senders,
    turns=st.lists(st.integers(0, 6), min_size=1, max_size=4),
    outcomes=st.lists(st.booleans(), min_size=1, max_size=4),
)
def test_random_interleavings_keep_the_invariants(
    plan: list[list[tuple[CallMessage, int]]], turns: list[int], outcomes: list[bool]
) -> None:
    # Fresh objects, so identity tells two equal messages apart.
    plan = [[(copy.copy(m), y) for m, y in sender] for sender in plan]
    h = Recorder()
    actor = CountingActor(INFO, h, CallControl(SteppedCommands(turns, outcomes), timeout=5))
    actor.start()

    def send(items: list[tuple[CallMessage, int]]) -> None:
        for msg, yields in items:
            for _ in range(yields):
                gevent.sleep(0)
            actor.deliver(msg)

    gevent.joinall([gevent.spawn(send, items) for items in plan])
    actor.deliver(Hangup("END"))
    assert actor.join(2.0)

    assert actor.error is None
    # Nothing vanished: every offer was taken or counted as discarded.
    assert actor.offered == actor.mailbox.taken + actor.mailbox.discarded
    assert actor.mailbox.taken == len(actor.taken)
    # The handler saw exactly the messages taken, once each, in order, up to the end.
    end_at = next(i for i, m in enumerate(actor.taken) if isinstance(m, TERMINAL))
    expected = [m for m in actor.taken[:end_at] if not isinstance(m, MediaReady)]
    assert [id(m) for m in h.log] == [id(m) for m in expected]
    assert h.after_end == 0
    # Each sender's messages were taken in the order it sent them, with no gaps.
    taken_ids = [id(m) for m in actor.taken]
    for items in plan:
        ids = [id(m) for m, _ in items]
        seen = [i for i in taken_ids if i in set(ids)]
        assert seen == ids[: len(seen)]
    # One end, on the first terminal message taken; only legal steps on the way.
    first = actor.taken[end_at]
    if isinstance(first, Hangup):
        reasons = {f"hangup: {first.cause}"}
    else:  # during a transfer, the media stopping is the AI letting go
        reasons = {f"media stopped: {first.reason}", "handed off for transfer to 2000"}
    assert actor.end_reason in reasons and h.ended == [actor.end_reason]
    steps = actor.lifecycle.history
    assert all(st_.after in TRANSITIONS[st_.before] for st_ in steps)
    assert [st_.after for st_ in steps].count(S.ENDED) == 1 and steps[-1].after is S.ENDED
