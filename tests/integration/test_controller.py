# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The controller against the ESL double, a real arena and embedded-host legs."""

from __future__ import annotations

import gc
import os
import subprocess
from typing import Any

import gevent
import numpy as np
import pytest

from aiframe.config import Settings
from aiframe.errors import (
    ConfigError,
    ControllerActiveError,
    EslAuthError,
    EslConnectError,
    HandlerPrepareError,
    SwitchSetupError,
)
from aiframe.media.arena import MarkResult, now_ns
from aiframe.runtime.controller import Controller
from aiframe.runtime.handler import ListenHandler
from aiframe.runtime.lifecycle import CallPhase
from aiframe.runtime.messages import (
    ControllerBack,
    ControllerLost,
    Dtmf,
    MarkSettled,
    SpeakingFinished,
)
from aiframe.speech.errors import ModelNotPulledError

RATE = 16000


def voice(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE))
    return (3000 * np.sin(2 * np.pi * 180 * t / RATE)).astype(np.int16)


def sent(switch) -> list[str]:
    return [c.split("\n")[0] for c in switch.commands]


def test_a_call_from_start_to_hangup(
    switch, big_arena, make_settings, run_controller, place_call, wait_until
):
    def react(call, msg) -> None:
        if isinstance(msg, Dtmf) and msg.digit == "5":
            call.say(voice(0.3), 41)
        elif isinstance(msg, Dtmf) and msg.digit == "9":
            call.hangup("USER_BUSY")

    r = run_controller(make_settings(), react=react)
    c = place_call(conversation_id="conv-abc", agent="support")
    p = r.probe(c.uuid)
    assert p.info.conversation_id == "conv-abc" and p.info.args == {"agent": "support"}
    wait_until(lambda: p.samples_seen >= RATE, what="a second of caller audio at the actor")
    switch.emit_dtmf(c.uuid, "5")
    wait_until(lambda: any(isinstance(m, SpeakingFinished) for m in p.messages), what="speech")
    marks = [m for m in p.messages if isinstance(m, MarkSettled)]
    assert [(m.mark_id, m.result) for m in marks] == [(41, MarkResult.PLAYED)]
    assert 0 < marks[0].at_ns <= now_ns()
    wait_until(lambda: "dtmf=5" in big_arena.slot_info(c.leg.index).status, what="status")
    assert "conv=conv-abc" in big_arena.slot_info(c.leg.index).status
    switch.emit_dtmf(c.uuid, "9")
    wait_until(lambda: c.uuid not in r.controller.registry.calls, what="the call to end")
    assert p.ended == ["hangup: USER_BUSY"]
    assert f"bgapi uuid_kill {c.uuid} USER_BUSY" in sent(switch)
    underruns = big_arena.slot_info(c.leg.index).counters.downlink_underruns
    c.end()
    ai = c.host.recording.ai
    assert abs(int(np.count_nonzero(ai)) - int(0.3 * RATE)) < 200  # the whole reply, once
    assert underruns == 0


def test_a_new_conversation_id_is_recorded_on_the_channel(
    switch, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings())
    c = place_call()
    conv = r.probe(c.uuid).info.conversation_id
    assert len(conv) == 36
    wait_until(lambda: switch.channels.get(c.uuid, {}).get("aiframe_conversation_id") == conv)


def test_a_transfer_and_restart_keeps_the_conversation(
    switch, make_settings, run_controller, place_call, wait_until
):
    def react(call, msg) -> None:
        if isinstance(msg, Dtmf) and msg.digit == "0":
            call.transfer("agents")

    r = run_controller(make_settings(), react=react)
    c = place_call(conversation_id="conv-t")
    switch.channels[c.uuid]["aiframe_conversation_id"] = "conv-t"  # as the module sets it
    switch.on_detach = lambda uuid: c.host.stop()  # the module releases the slot
    first = r.probe(c.uuid)
    actor = r.controller.registry.calls[c.uuid]
    switch.emit_dtmf(c.uuid, "0")
    wait_until(
        lambda: f"bgapi uuid_transfer {c.uuid} agents XML default" in sent(switch),
        what="the transfer command",
    )
    assert sent(switch).index(f"bgapi uuid_aiframe {c.uuid} stop") < sent(switch).index(
        f"bgapi uuid_transfer {c.uuid} agents XML default"
    )
    wait_until(lambda: first.ended == ["handed off for transfer to agents"])
    assert actor.state is CallPhase.ENDED
    # The new extension runs the aiframe app again: a new slot, the same conversation.
    del r.probes[c.uuid]
    c.host.join(2.0)
    nxt = place_call(2.0, uuid=c.uuid, announce=False)
    switch.on_attach = lambda uuid, opts: (nxt.leg.index, nxt.leg.generation)
    assert switch._api(f"uuid_aiframe {c.uuid} start agent=b").startswith("+OK")
    second = r.probe(c.uuid)
    assert second is not first and second.info.conversation_id == "conv-t"
    assert second.info.args == {"agent": "b"}


@pytest.mark.parametrize(
    ("events", "outcomes"),
    [
        # The dialplan has no such extension: the switch hangs the caller up at once.
        ([("CHANNEL_HANGUP", {"Hangup-Cause": "NO_ROUTE_DESTINATION"})], ["hangup/False"]),
        # Someone took the call, then the call ended normally.
        (
            [
                ("CHANNEL_BRIDGE", {"Other-Leg-Unique-ID": "person-leg"}),
                ("CHANNEL_HANGUP", {"Hangup-Cause": "NORMAL_CLEARING"}),
            ],
            ["bridged/True", "hangup/True"],
        ),
    ],
)
def test_what_the_switch_does_after_a_hand_off_reaches_the_handler(
    switch, make_settings, run_controller, place_call, wait_until, events, outcomes
):
    def react(call, msg) -> None:
        if isinstance(msg, Dtmf) and msg.digit == "0":
            call.transfer("support")

    r = run_controller(make_settings(), react=react)
    c = place_call()
    switch.on_detach = lambda uuid: c.host.stop()
    probe = r.probe(c.uuid)
    switch.emit_dtmf(c.uuid, "0")
    wait_until(lambda: probe.ended == ["handed off for transfer to support"], what="hand-off")
    wait_until(lambda: c.uuid in r.controller.registry.handoffs, what="the watch")
    for name, headers in events:
        switch.emit(name, {"Unique-ID": c.uuid, **headers})
    wait_until(lambda: len(probe.handoffs) == len(outcomes), what="the outcomes")
    assert [f"{o.kind}/{o.reached}" for o in probe.handoffs] == outcomes
    assert all(o.destination == "support" for o in probe.handoffs)
    assert c.uuid not in r.controller.registry.handoffs  # a hangup ends the watch
    if outcomes == ["hangup/False"]:
        line = probe.handoffs[0].describe()
        assert line.startswith("transfer to support failed: hangup NO_ROUTE_DESTINATION")
        assert line.endswith("(the dialplan has no such extension)")


def test_a_second_controller_on_the_same_arena_refuses_at_start(
    switch, big_arena, make_settings
) -> None:
    running = subprocess.Popen(["sleep", "30"])  # stands in for the first controller
    try:
        big_arena.heartbeat(running.pid, now_ns())
        c = Controller(make_settings(), handler_factory=lambda info: ListenHandler())
        with pytest.raises(
            ControllerActiveError, match=rf"another controller \(pid {running.pid},"
        ):
            c.run()
        assert big_arena.info().controller_pid == running.pid  # the first keeps the arena
        assert not switch.commands  # refused before it said a word on the event socket
    finally:
        running.kill()
        running.wait()


def test_reconnect_keeps_live_calls_and_resubscribes(
    switch, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings())
    c = place_call()
    p = r.probe(c.uuid)
    switch.drop_clients()
    wait_until(lambda: r.controller.stats.resyncs == 2, what="reconnect and re-sync")
    assert r.controller.stats.connects == 2
    assert sum(x.startswith("event plain") for x in switch.commands) == 2
    assert sum(x == "api show channels as json" for x in switch.commands) == 2
    assert c.uuid in r.controller.registry.calls and not p.ended
    switch.emit_dtmf(c.uuid, "3")
    wait_until(lambda: Dtmf("3", 250) in p.messages, what="DTMF after the reconnect")


def test_calls_that_ended_while_disconnected_are_finished_on_resync(
    switch, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings())
    c1, c2 = place_call(), place_call()
    p1, p2 = r.probe(c1.uuid), r.probe(c2.uuid)
    switch.reject_all = True  # keep the controller out for a while (ACL-style rejections)
    switch.drop_clients()
    del switch.channels[c1.uuid]  # c1 hangs up while nobody is listening
    gevent.sleep(0.2)
    assert r.controller.stats.connects == 1  # rejected attempts do not count
    switch.reject_all = False
    wait_until(lambda: r.controller.stats.resyncs == 2, what="the re-sync")
    wait_until(lambda: p1.ended == ["hangup: GONE_WHILE_DISCONNECTED"])
    assert not p2.ended and c2.uuid in r.controller.registry.calls


def test_live_calls_are_reattached_when_the_controller_starts(
    make_settings, run_controller, place_call, wait_until
):
    # The call was up before this controller started: a restart.
    c = place_call(3.0, announce=False, channel_vars={"aiframe_conversation_id": "conv-kept"})
    r = run_controller(make_settings())
    p = r.probe(c.uuid)
    assert p.info.reattached and p.info.conversation_id == "conv-kept"
    wait_until(lambda: p.samples_seen > 0, what="audio for the re-attached call")
    assert r.controller.registry.stats.reattached == 1


def test_malformed_events_are_skipped_without_dropping_the_connection(
    switch, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings())
    c = place_call()
    p = r.probe(c.uuid)
    switch.emit_custom(
        "aiframe::start",
        {
            "Unique-ID": c.uuid,
            "aiframe-slot": "1",
            "aiframe-generation": "x",
            "aiframe-rate": "16000",
        },
    )
    switch.emit_start("4a1c2d3e-0000-4000-8000-000000000001", 7, 1)  # slot 7 is not active
    switch.emit_custom("aiframe::command", {"aiframe-command": "format-disk"})
    body = b"Event-Name: DTMF\nthis is not a header\n\n"
    switch.send_raw(b"Content-Type: text/event-plain\nContent-Length: %d\n\n" % len(body) + body)
    switch.emit_dtmf(c.uuid, "8")
    wait_until(lambda: Dtmf("8", 250) in p.messages, what="the good event after the bad ones")
    reg = r.controller.registry.stats
    assert (reg.malformed, reg.refused) == (2, 1)
    assert r.controller.conn.stats.malformed == 1
    assert r.controller.stats.connects == 1 and len(r.controller.registry.calls) == 1


def test_controller_lost_and_back_reach_the_call_and_are_counted(
    switch, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings())
    c = place_call()
    p = r.probe(c.uuid)
    head = {"Unique-ID": c.uuid, "aiframe-slot": str(c.leg.index), "aiframe-generation": "1"}
    switch.emit_custom(
        "aiframe::controller_lost",
        {
            **head,
            "aiframe-heartbeat-age-ms": "1200",
            "aiframe-controller-pid": str(os.getpid()),
            "aiframe-caller-hears": "silence",
            "aiframe-fallback-after-ms": "0",
        },
    )
    switch.emit_custom(
        "aiframe::controller_back",
        {**head, "aiframe-lost-ms": "1800", "aiframe-controller-pid": str(os.getpid())},
    )
    wait_until(lambda: ControllerBack(1800, os.getpid()) in p.messages, what="controller_back")
    assert ControllerLost(1200, os.getpid(), "silence", 0) in p.messages
    reg = r.controller.registry.stats
    assert (reg.controller_lost, reg.controller_back, reg.malformed) == (1, 1, 0)
    assert not p.ended  # the call carries on: the module decides about the fallback


def test_a_broken_frame_reconnects_and_keeps_the_call(
    switch, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings())
    c = place_call()
    p = r.probe(c.uuid)
    switch.send_raw(b"Content-Type: text/event-plain\nContent-Length: -5\n\n")
    wait_until(lambda: r.controller.stats.resyncs == 2, what="reconnect after the bad frame")
    switch.emit_dtmf(c.uuid, "1")
    wait_until(lambda: Dtmf("1", 250) in p.messages)


def test_drain_finishes_live_calls_then_exits(
    switch, big_arena, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings())
    c = place_call()
    r.probe(c.uuid)
    assert big_arena.info().accepting
    switch.emit_custom("aiframe::command", {"aiframe-command": "drain"})
    wait_until(lambda: not big_arena.info().accepting, what="accepting cleared")
    gevent.sleep(0.1)
    assert not r.greenlet.dead  # the live call keeps the controller up
    switch.hangup(c.uuid)
    wait_until(lambda: r.greenlet.dead, what="exit once drained")
    assert r.greenlet.get() == 0
    results = [(e["aiframe-command"], e["aiframe-result"]) for e in switch.sent_events]
    assert results == [("drain", "ok"), ("drain", "drained")]
    assert all(e["Event-Subclass"] == "aiframe::controller" for e in switch.sent_events)


def test_reload_applies_new_settings_and_reports(switch, make_settings, run_controller, wait_until):
    r = run_controller(
        make_settings(), reload=lambda: make_settings(controller={"downlink_lead_ms": 60})
    )
    switch.emit_custom("aiframe::command", {"aiframe-command": "reload"})
    wait_until(lambda: switch.sent_events, what="the reload report")
    assert switch.sent_events[0]["aiframe-result"] == "ok"
    assert r.controller.registry.settings.downlink_lead_ms == 60


def test_reload_reaches_the_call_behaviour(switch, make_settings, run_controller, wait_until):
    reloads: list[int] = []

    class Factory:
        def __call__(self, info: Any) -> Any:
            raise AssertionError("no call in this test")

        def reload(self) -> str:
            reloads.append(1)
            if len(reloads) > 1:
                raise ConfigError("policy retail-support.yaml:3:1: broken")
            return "policy retail-support 1 -> 2"

    r = run_controller(make_settings(), reload=make_settings)
    r.controller.handler_factory = Factory()
    switch.emit_custom("aiframe::command", {"aiframe-command": "reload"})
    wait_until(lambda: switch.sent_events, what="the reload report")
    first = switch.sent_events[0]
    assert (first["aiframe-result"], reloads) == ("ok", [1])
    assert "retail-support 1 -> 2" in first["aiframe-detail"]
    switch.emit_custom("aiframe::command", {"aiframe-command": "reload"})
    wait_until(lambda: len(switch.sent_events) > 1, what="the second report")
    assert switch.sent_events[1]["aiframe-result"] == "error"
    assert "broken" in switch.sent_events[1]["aiframe-detail"]


def test_the_call_behaviour_is_prepared_before_the_controller_takes_calls(
    switch, big_arena, make_settings, wait_until
) -> None:
    pids_while_preparing: list[int] = []

    class Factory:
        def __call__(self, info: Any) -> Any:
            raise AssertionError("no call in this test")

        def prepare(self, settings: Settings) -> dict[str, object]:
            pids_while_preparing.append(big_arena.info().controller_pid)
            prepared_with.append(settings)
            return {"agent": "test-agent"}

    prepared_with: list[Settings] = []
    settings = make_settings()
    c = Controller(settings, handler_factory=Factory())
    g = gevent.spawn(c.run)
    try:
        wait_until(lambda: c.ready.is_set() or g.dead, what="the controller to be ready")
        assert not g.dead
        # While it prepared, the arena named no controller: the module's no-controller
        # handling covered calls then; the controller's heartbeats came after.
        assert pids_while_preparing == [0]
        assert prepared_with == [settings]  # the controller's own settings, not a re-read
        assert big_arena.info().controller_pid == os.getpid()
        assert gc.get_freeze_count() > 0  # what start-up loaded is out of full collections
    finally:
        c.stop()
        g.join(timeout=5)
        gc.unfreeze()  # this process is a test session, not a controller


def test_a_call_behaviour_that_cannot_prepare_stops_the_controller_at_start(
    switch, big_arena, make_settings
) -> None:
    class Factory:
        def __call__(self, info: Any) -> Any:
            raise AssertionError("no call in this test")

        def prepare(self, settings: Settings) -> None:
            raise ModelNotPulledError("model silero-vad is missing; run `aiframe models pull`")

    c = Controller(make_settings(), handler_factory=Factory())
    with pytest.raises(HandlerPrepareError) as e:
        c.run()
    # One line: what failed and how to fix it; the CLI turns it into exit status 2.
    assert "cannot prepare the call behaviour" in str(e.value)
    assert "run `aiframe models pull`" in str(e.value)
    assert "\n" not in str(e.value)
    assert big_arena.info().controller_pid == 0  # it never took the arena


def test_heartbeats_name_this_process(big_arena, make_settings, run_controller, wait_until):
    run_controller(make_settings(controller={"heartbeat_ms": 50}))
    first = big_arena.info().controller_heartbeat_ns
    assert big_arena.info().controller_pid == os.getpid()
    wait_until(lambda: big_arena.info().controller_heartbeat_ns > first, what="a second beat")


def test_a_failing_actor_hangs_up_its_call(
    switch, make_settings, run_controller, place_call, wait_until
):
    def react(call, msg) -> None:
        raise ValueError("policy pack is corrupt")

    r = run_controller(make_settings(), react=react)
    c = place_call()
    r.probe(c.uuid)
    switch.emit_dtmf(c.uuid, "1")
    wait_until(lambda: c.uuid not in r.controller.registry.calls)
    wait_until(lambda: f"bgapi uuid_kill {c.uuid} NORMAL_TEMPORARY_FAILURE" in sent(switch))
    assert r.controller.registry.stats.failed == 1
    assert not r.greenlet.dead  # one call failed; the controller carries on


def test_startup_errors(switch, make_settings, run_controller) -> None:
    with pytest.raises(EslAuthError, match="refused the event-socket password"):
        run_controller(make_settings(esl={"password": "wrong"}))
    switch.module_loaded = False
    with pytest.raises(SwitchSetupError, match="no mod_aiframe loaded"):
        run_controller(make_settings())
    with pytest.raises(EslConnectError, match="connection refused"):
        run_controller(make_settings(esl={"port": 1}))


def test_a_password_that_stops_working_is_fatal(switch, make_settings, run_controller, wait_until):
    r = run_controller(make_settings())
    switch.password = "rotated"
    switch.drop_clients()
    wait_until(lambda: r.greenlet.dead, what="the controller to give up")
    with pytest.raises(EslAuthError):
        r.greenlet.get()
