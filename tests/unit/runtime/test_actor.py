# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The owner actor under concurrency: races between events for one call."""

from __future__ import annotations

import gevent
import numpy as np
import pytest

from aiframe.errors import CallError, IllegalTransitionError, MailboxFullError
from aiframe.media.arena import Arena, InjectMode, MarkResult, now_ns
from aiframe.runtime.actor import CallActor
from aiframe.runtime.callcontrol import CallControl
from aiframe.runtime.handler import CallInfo
from aiframe.runtime.lifecycle import TRANSITIONS, CallPhase
from aiframe.runtime.messages import (
    BargeIn,
    ChannelEvent,
    ControlResult,
    Dtmf,
    Hangup,
    MarkSettled,
    MediaStopped,
    SpeakingFinished,
    TimerFired,
)
from aiframe.runtime.pump import MediaPump

S = CallPhase


def legal(actor: CallActor) -> bool:
    return all(st.after in TRANSITIONS[st.before] for st in actor.lifecycle.history)


def make(info, handler, commands=None, **kw) -> CallActor:
    control = CallControl(commands, timeout=1.0) if commands is not None else None
    actor = CallActor(info, handler, control=control, **kw)
    actor.start()
    return actor


def test_hangup_racing_a_transfer_ends_the_call_once(
    info, handler_cls, commands, wait_until
) -> None:
    commands.delay_s["uuid_transfer"] = 0.05  # the transfer is still in flight at the hangup
    commands.replies["uuid_transfer"] = "-ERR No such channel!\n"

    def react(call, msg) -> None:
        if isinstance(msg, Dtmf) and msg.digit == "0":
            call.transfer("1000")

    h = handler_cls(react=react)
    actor = make(info, h, commands)
    racers = [
        gevent.spawn(actor.deliver, Dtmf("0")),
        gevent.spawn_later(0.01, actor.deliver, Hangup("NORMAL_CLEARING")),
    ]
    gevent.joinall(racers)
    assert actor.join(2.0)
    assert actor.state is S.ENDED and actor.error is None
    assert actor.end_reason == "hangup: NORMAL_CLEARING"
    assert [(st.before, st.after) for st in actor.lifecycle.history] == [
        (S.ATTACHED, S.LISTENING),
        (S.LISTENING, S.TRANSFERRING),
        (S.TRANSFERRING, S.ENDED),
    ]
    assert h.ended == ["hangup: NORMAL_CLEARING"]
    # The hand-off runs to its end even though the call ended meanwhile; a
    # caller who hung up is not attached again.
    wait_until(lambda: len(commands.sent) >= 2 and actor.mailbox.discarded == 1)
    gevent.sleep(0.05)
    assert commands.sent == [
        f"uuid_aiframe {info.uuid} stop",
        f"uuid_transfer {info.uuid} 1000 XML default",
    ]
    # The call ended while the transfer was in flight: its result reaches no
    # handler, and the closed mailbox counts it instead of dropping it silently.
    assert not any(isinstance(m, ControlResult) for m in h.messages)
    assert actor.mailbox.taken == 2 and actor.mailbox.discarded == 1


def test_a_failed_transfer_returns_the_call_to_listening(
    info, handler_cls, commands, wait_until
) -> None:
    commands.replies["uuid_transfer"] = "-ERR No such channel!\n"

    def react(call, msg) -> None:
        if isinstance(msg, Dtmf):
            call.transfer("sip:queue@10.0.0.5:5060")

    h = handler_cls(react=react)
    actor = make(info, h, commands)
    actor.deliver(Dtmf("0"))
    wait_until(lambda: any(isinstance(m, ControlResult) for m in h.messages))
    results = [m for m in h.messages if isinstance(m, ControlResult)]
    assert len(results) == 1 and not results[0].ok
    assert "No such channel" in results[0].detail
    assert actor.state is S.LISTENING
    assert commands.sent == [
        f"uuid_aiframe {info.uuid} stop",
        f"uuid_transfer {info.uuid} 'bridge:sofia/internal/queue@10.0.0.5:5060' inline",
    ]
    actor.deliver(Hangup("NORMAL_CLEARING"))
    assert actor.join(1.0) and legal(actor)


def test_a_transfer_detaches_first_and_reattaches_when_it_fails(
    handler_cls, commands, wait_until
) -> None:
    info = CallInfo("1b2c3d4e-0000-4000-8000-00000000000a", 0, 1, 16000, "c", args={"agent": "x"})
    commands.replies["uuid_transfer"] = "-ERR invalid extension\n"
    commands.delay_s["uuid_transfer"] = 0.05

    def react(call, msg) -> None:
        if isinstance(msg, Dtmf):
            call.transfer("9999")

    actor = make(info, handler_cls(react=react), commands)
    actor.deliver(Dtmf("0"))
    wait_until(lambda: actor.state is S.TRANSFERRING)
    actor.deliver(MediaStopped("api"))  # what the switch says once the AI let go
    assert actor.join(1.0)
    assert actor.end_reason == "handed off for transfer to 9999"
    wait_until(lambda: len(commands.sent) == 3)
    assert commands.sent == [
        f"uuid_aiframe {info.uuid} stop",
        f"uuid_transfer {info.uuid} 9999 XML default",
        f"uuid_aiframe {info.uuid} start agent=x",  # the caller is not left in silence
    ]


def test_two_dtmf_digits_at_once_both_arrive_in_order(info, handler_cls, wait_until) -> None:
    h = handler_cls()
    actor = make(info, h)
    gevent.joinall([gevent.spawn(actor.deliver, Dtmf("4")), gevent.spawn(actor.deliver, Dtmf("2"))])
    wait_until(lambda: len(h.messages) == 2)
    assert [m.digit for m in h.messages if isinstance(m, Dtmf)] == ["4", "2"]


def test_many_concurrent_senders_lose_nothing_and_keep_each_senders_order(
    info, handler_cls
) -> None:
    h = handler_cls()
    actor = make(info, h)

    def sender(k: int) -> None:
        for i in range(20):
            actor.deliver(ChannelEvent(f"{k}:{i}"))
            gevent.sleep(0)

    gevent.joinall([gevent.spawn(sender, k) for k in range(10)])
    actor.deliver(Hangup("NORMAL_CLEARING"))
    assert actor.join(2.0)
    got = [m.name for m in h.messages if isinstance(m, ChannelEvent)]
    assert len(got) == 200 and len(set(got)) == 200
    for k in range(10):
        mine = [g for g in got if g.startswith(f"{k}:")]
        assert mine == [f"{k}:{i}" for i in range(20)]
    assert actor.mailbox.taken == 201 and actor.mailbox.discarded == 0


def test_messages_after_the_end_are_counted_not_handled(info, handler_cls) -> None:
    h = handler_cls()
    actor = make(info, h)
    actor.deliver(MediaStopped("hangup"))
    actor.deliver(Dtmf("1"))  # already queued behind the stop
    assert actor.join(1.0)
    assert not actor.deliver(Dtmf("2"))
    assert h.messages == []
    assert actor.mailbox.discarded == 2
    assert actor.end_reason == "media stopped: hangup"


def test_a_failing_handler_fails_its_call_loudly(info, handler_cls, commands, wait_until) -> None:
    def react(call, msg) -> None:
        raise RuntimeError("brain exploded")

    h = handler_cls(react=react)
    actor = make(info, h, commands)
    actor.deliver(Dtmf("1"))
    assert actor.join(1.0)
    assert isinstance(actor.error, RuntimeError)
    assert actor.state is S.ENDED
    assert actor.status_text == "failed: RuntimeError: brain exploded"
    assert h.ended == ["failed: RuntimeError: brain exploded"]
    wait_until(lambda: commands.sent)
    assert commands.sent == [f"uuid_kill {info.uuid} NORMAL_TEMPORARY_FAILURE"]


def test_an_illegal_transition_fails_the_call(info, handler_cls, commands) -> None:
    def react(call, msg) -> None:
        if msg == Dtmf("0"):
            call.transfer("1000")
        elif msg == Dtmf("1"):
            call.enter(S.THINKING, "a sloppy handler")  # not while transferring

    commands.delay_s["uuid_transfer"] = 0.5
    actor = make(info, handler_cls(react=react), commands)
    actor.deliver(Dtmf("0"))
    actor.deliver(Dtmf("1"))
    assert actor.join(1.0)
    assert isinstance(actor.error, IllegalTransitionError)
    assert "transferring -> thinking is not allowed (a sloppy handler)" in str(actor.error)


def test_a_stuck_actor_is_failed_when_its_mailbox_fills(info, handler_cls) -> None:
    def react(call, msg) -> None:
        gevent.sleep(10)  # a handler that blocks: exactly what must not happen

    actor = make(info, handler_cls(react=react), mailbox_size=16)
    for _ in range(18):
        actor.deliver(Dtmf("1"))
    assert actor.join(1.0)
    assert isinstance(actor.error, MailboxFullError)


def test_timers_report_through_the_mailbox(info, handler_cls, wait_until) -> None:
    tokens: list[int] = []

    def start(call) -> None:
        tokens.append(call.start_timer("no-input", 0.01))
        tokens.append(call.start_timer("cancelled", 0.01))
        call.cancel_timer(tokens[1])

    h = handler_cls(on_start_do=start)
    make(info, h)
    wait_until(lambda: any(isinstance(m, TimerFired) for m in h.messages))
    gevent.sleep(0.05)  # the cancelled timer's deadline has passed too
    fired = [m for m in h.messages if isinstance(m, TimerFired)]
    assert [(m.name, m.token) for m in fired] == [("no-input", tokens[0])]


def test_call_control_results_come_back_as_messages(
    info, handler_cls, commands, wait_until
) -> None:
    commands.replies["uuid_getvar"] = "conv-9"
    ids: dict[str, int] = {}

    def start(call) -> None:
        ids["get"] = call.get_var("aiframe_conversation_id")
        ids["dtmf"] = call.send_dtmf("12")
        ids["rec"] = call.record("/tmp/x.wav")

    h = handler_cls(on_start_do=start)
    make(info, h, commands)
    wait_until(lambda: sum(isinstance(m, ControlResult) for m in h.messages) == 3)
    got = {m.request_id: m for m in h.messages if isinstance(m, ControlResult)}
    assert got[ids["get"]].detail == "conv-9" and got[ids["get"]].ok
    assert got[ids["dtmf"]].op == "send_dtmf" and got[ids["rec"]].op == "record_start"


def test_call_control_needs_a_switch_and_checks_arguments(
    info, handler_cls, commands, wait_until
) -> None:
    caught: list[Exception] = []

    def react(call, msg) -> None:
        for fn in (lambda: call.transfer("10 00"), lambda: call.say(np.zeros(10, np.int16))):
            try:
                fn()
            except CallError as e:
                caught.append(e)
            except Exception as e:
                caught.append(e)

    actor = make(info, handler_cls(react=react), commands)
    actor.deliver(Dtmf("1"))
    wait_until(lambda: len(caught) == 2)
    assert "transfer destination '10 00' is not valid" in str(caught[0])
    assert "no media slot attached" in str(caught[1])
    assert actor.state is S.LISTENING and commands.sent == []


# ---- barge-in during TTS, on a real arena slot stepped frame by frame ----------


RATE, FRAME = 16000, 320


def voice(seconds: float) -> np.ndarray:
    """Never zero, and each sample's value says where it is: (value - 1000) = position."""
    return (np.arange(int(seconds * RATE)) % 30000 + 1000).astype(np.int16)


def loud(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE))
    return (8000 * np.sin(2 * np.pi * 300 * t / RATE)).astype(np.int16)


def step(leg, actor, caller: np.ndarray, out: list[np.ndarray]) -> None:
    """One 20 ms tick of the switch: caller frame in, outbound frame out, then the actor."""
    t = now_ns()
    leg.on_read_frame(caller, t)
    frame = np.zeros(FRAME, dtype=np.int16)
    leg.on_write_frame(frame, InjectMode.REPLACE, t)
    out.append(frame)
    actor.media_ready()
    gevent.sleep(0)
    gevent.sleep(0)


@pytest.fixture
def tts_call(arena: Arena, info: CallInfo):
    leg = arena.claim(info.uuid, RATE)
    leg.set_barge_in(900, 60, True)
    att = arena.attach(leg.index, info.uuid, leg.generation)
    call_info = CallInfo(info.uuid, leg.index, leg.generation, RATE, "conv-1")
    yield leg, att, call_info
    leg.release()


@pytest.mark.parametrize("decision", ["confirm", "resume", "undecided"])
def test_barge_in_during_tts(tts_call, handler_cls, wait_until, decision: str) -> None:
    leg, att, info = tts_call
    speech = voice(2.0)

    def react(call, msg) -> None:
        if isinstance(msg, BargeIn):
            if decision == "confirm":
                call.confirm_barge_in()
            elif decision == "resume":
                call.resume_speaking()

    h = handler_cls(react=react, on_start_do=lambda call: call.say(speech, 7))
    actor = CallActor(info, h, attachment=att, downlink_lead_ms=100, barge_in_decide_ms=60)
    actor.start()
    gevent.sleep(0)
    quiet, talk = np.zeros(FRAME, np.int16), loud(0.02)
    out: list[np.ndarray] = []
    for _ in range(15):
        step(leg, actor, quiet, out)
    assert actor.state is S.SPEAKING
    played_before = int(sum(np.count_nonzero(f) for f in out))
    assert played_before == 15 * FRAME
    # The speaker never ran more than its lead ahead of playout.
    assert actor.speaker.samples_written <= played_before + 1600 + FRAME
    for _ in range(4):  # caller talks over the AI: 60 ms triggers the in-switch flush
        step(leg, actor, talk, out)
    barge = [m for m in h.messages if isinstance(m, BargeIn)]
    assert len(barge) == 1
    assert barge[0].dropped_samples <= 1600 + FRAME  # a flush discards at most the lead
    played = [m for m in h.messages if isinstance(m, MarkSettled)]
    assert [(m.mark_id, m.result) for m in played] == [(7, MarkResult.PLAYED)]
    if decision == "undecided":  # the watchdog confirms after barge_in_decide_ms
        wait_until(lambda: not actor.speaker.held, what="the barge-in watchdog")
    for _ in range(10):
        step(leg, actor, quiet, out)
    after = np.concatenate(out[-8:])
    barge_frame = next(k for k, f in enumerate(out) if 0 < np.count_nonzero(f) < FRAME)
    heard = barge_frame * FRAME  # full frames of speech before the flush frame
    if decision == "resume":
        assert actor.state is S.SPEAKING
        # Playback carries on from the first sample the caller did not hear
        # (the 4 ms fade-out at the cut is heard again).
        resumed = np.concatenate(out[barge_frame + 1 :])
        first = int(resumed[np.flatnonzero(resumed)[0]])
        assert first - 1000 == heard
        assert after.all()
    else:
        assert actor.state is S.LISTENING
        assert not after.any()  # nothing more reaches the caller
        assert not actor.speaker.active
    assert legal(actor)
    actor.deliver(Hangup("NORMAL_CLEARING"))
    assert actor.join(1.0) and actor.error is None


def test_speaking_finished_returns_to_listening(tts_call, handler_cls) -> None:
    leg, att, info = tts_call
    h = handler_cls(on_start_do=lambda call: call.say(voice(0.1), 3))
    actor = CallActor(info, h, attachment=att)
    actor.start()
    out: list[np.ndarray] = []
    for _ in range(12):
        step(leg, actor, np.zeros(FRAME, np.int16), out)
    kinds = [type(m) for m in h.messages]
    assert kinds == [MarkSettled, SpeakingFinished]
    assert actor.state is S.LISTENING
    assert int(sum(np.count_nonzero(f) for f in out)) == 1600
    assert att.counters().downlink_underruns == 0
    actor.deliver(Hangup("NORMAL_CLEARING"))
    actor.join(1.0)


def test_a_slot_released_during_a_transfer_is_the_hand_off(
    tts_call, handler_cls, commands, wait_until
) -> None:
    leg, att, info = tts_call
    commands.delay_s["uuid_transfer"] = 0.2

    def react(call, msg) -> None:
        if isinstance(msg, Dtmf):
            call.transfer("1000")

    pump = MediaPump(att.arena, poll_ms=20)
    pump.start()
    try:
        actor = CallActor(
            info,
            handler_cls(react=react),
            attachment=att,
            pump=pump,
            control=CallControl(commands, timeout=1.0),
        )
        pump.add(actor.route)
        actor.start()
        actor.deliver(Dtmf("0"))
        wait_until(lambda: actor.state is S.TRANSFERRING)
        leg.release()  # the module let go; its aiframe::stop is still on the wire
        pump.kick(info.slot)  # the pump finds the slot released
        assert actor.join(2.0)
        assert actor.end_reason == "handed off for transfer to 1000"
    finally:
        pump.stop()
