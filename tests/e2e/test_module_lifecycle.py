# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Starting, stopping and losing calls: every way a tap ends releases its slot
(generation bumped, stale attachments refused), bad requests get a specific
-ERR, and FreeSWITCH keeps running through all of it, module unload included."""

from __future__ import annotations

import json
import time

import pytest

from aiframe.errors import StaleSlotError
from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import (
    attach,
    exists,
    getvar,
    hangup,
    is_event,
    originate_loopback,
    subscribe_aiframe,
    wait_start,
    wait_stop,
)
from aiframe.lab.switch.signal import tone
from aiframe.lab.switch.testswitch import SwitchSettings, TestSwitch, find_module
from aiframe.media import Arena, SlotState


def _assert_released(arena: Arena, slot: int, generation: int) -> None:
    info = arena.slot_info(slot)
    assert info.state == SlotState.FREE, f"slot {slot} is {info.state.name}"
    assert info.generation > generation, "the slot's generation did not move on"


def test_channel_variables_and_start_event(esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(
        esl, "ai", variables={"aiframe_e2e_args": "policy=retail-support conversation_id=c-1"}
    )
    s = wait_start(esl, call.b_uuid)
    ev = s.event
    assert "Caller-Caller-ID-Number" in ev.headers
    assert ev.get("aiframe-arg-agent") == "e2e"
    assert ev.get("aiframe-arg-policy") == "retail-support"
    assert s.conversation_id == "c-1"
    assert getvar(esl, call.b_uuid, "aiframe_slot") == str(s.slot)
    assert getvar(esl, call.b_uuid, "aiframe_generation") == str(s.generation)
    assert getvar(esl, call.b_uuid, "aiframe_conversation_id") == "c-1"
    assert getvar(esl, call.b_uuid, "aiframe_active") == "true"
    assert arena.find(call.b_uuid) == (s.slot, s.generation)

    status = json.loads(esl.api("aiframe status json"))
    assert status["draining"] is False
    assert status["arena"]["active_slots"] == 1
    (row,) = status["slots"]
    assert (row["uuid"], row["index"], row["generation"]) == (call.b_uuid, s.slot, s.generation)
    assert row["rate"] == s.rate and row["counters"]["uplink_drops"] == 0
    assert call.b_uuid in esl.api("aiframe status")


def test_conversation_id_already_on_the_channel_is_kept(esl: SyncEsl) -> None:
    """A transfer carries aiframe_conversation_id; the app must not replace it."""
    call = originate_loopback(
        esl,
        "ai",
        variables={"aiframe_conversation_id": "carried-1", "aiframe_e2e_args": "conversation_id=x"},
    )
    s = wait_start(esl, call.b_uuid)
    assert s.conversation_id == "carried-1"
    assert getvar(esl, call.b_uuid, "aiframe_conversation_id") == "carried-1"


def test_transfer_keeps_the_tap_and_the_conversation(esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(esl, "ai")
    s = wait_start(esl, call.b_uuid)
    att = attach(arena, s)
    reply = esl.api(f"uuid_transfer {call.b_uuid} ai-auto XML default").strip()
    assert reply.startswith("+OK"), reply
    time.sleep(1.0)
    assert exists(esl, call.b_uuid)
    assert getvar(esl, call.b_uuid, "aiframe_conversation_id") == s.conversation_id
    # the channel is still tapped exactly once, by a live slot
    active = [i for i in arena.active_slots() if i.uuid == call.b_uuid]
    assert len(active) == 1
    if (active[0].index, active[0].generation) == (s.slot, s.generation):
        before = att.counters().frames_in
        time.sleep(0.3)
        assert att.counters().frames_in > before, "the tap stopped after the transfer"
    else:  # stopped and started again: the new start carries the same conversation
        again = wait_start(esl, call.b_uuid)
        assert again.conversation_id == s.conversation_id


def test_hangup_during_injection_releases_the_slot(esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(esl, "ai")
    s = wait_start(esl, call.b_uuid)
    att = attach(arena, s)
    att.write(tone(1000, 5.0, s.rate))
    time.sleep(0.5)
    hangup(esl, call.a_uuid)  # the far party hangs up while the AI talks
    stop = wait_stop(esl, call.b_uuid)
    assert stop.get("aiframe-reason") == "hangup"
    assert stop.get("aiframe-slot") == str(s.slot)
    assert int(stop["aiframe-frames-out"]) >= 20
    assert int(stop["aiframe-uplink-drops"]) == 0
    _assert_released(arena, s.slot, s.generation)
    assert not att.alive
    with pytest.raises(StaleSlotError):
        att.write(tone(1000, 0.1, s.rate))


def test_api_stop_then_start_again(esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(esl, "ai")
    s = wait_start(esl, call.b_uuid)
    att = attach(arena, s)
    att.write(tone(1000, 3.0, s.rate))

    assert esl.api(f"uuid_aiframe {call.b_uuid} stop").startswith("+OK")
    stop = wait_stop(esl, call.b_uuid)
    assert stop.get("aiframe-reason") == "api"
    _assert_released(arena, s.slot, s.generation)
    assert exists(esl, call.b_uuid), "stopping the tap hung up the call"
    assert esl.api(f"uuid_aiframe {call.b_uuid} stop").startswith("-ERR")

    reply = esl.api(f"uuid_aiframe {call.b_uuid} start agent=second").strip()
    assert reply.startswith("+OK"), reply
    again = wait_start(esl, call.b_uuid)
    assert again.conversation_id == s.conversation_id
    assert (again.slot, again.generation) != (s.slot, s.generation)
    assert again.event.get("aiframe-arg-agent") == "second"


def test_double_start_is_refused(esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(esl, "ai")
    s = wait_start(esl, call.b_uuid)
    reply = esl.api(f"uuid_aiframe {call.b_uuid} start").strip()
    assert reply.startswith(f"-ERR aiframe already running on {call.b_uuid}"), reply
    assert [i.uuid for i in arena.active_slots()] == [call.b_uuid]
    assert arena.find(call.b_uuid) == (s.slot, s.generation)
    assert esl.wait_event(is_event("aiframe::start", call.b_uuid), 0.5) is None


def test_flush_pause_resume(esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(esl, "ai")
    s = wait_start(esl, call.b_uuid)
    att = attach(arena, s)
    att.write(tone(1000, 5.0, s.rate))
    time.sleep(0.3)
    assert esl.api(f"uuid_aiframe {call.b_uuid} flush").startswith("+OK")
    deadline = time.monotonic() + 2
    while att.queued() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert att.queued() == 0, "flush left AI audio queued"
    c = att.counters()
    assert c.flushes >= 1 and c.flushed_samples > 0

    # paused: no caller audio in, queued AI audio held (neither played nor dropped)
    att.write(tone(1000, 2.0, s.rate))
    assert esl.api(f"uuid_aiframe {call.b_uuid} pause").startswith("+OK")
    assert arena.slot_info(s.slot).paused
    assert json.loads(esl.api("aiframe status json"))["slots"][0]["paused"] is True
    time.sleep(0.1)
    held, frames_in = att.queued(), att.counters().frames_in
    time.sleep(0.4)
    assert att.counters().frames_in == frames_in, "caller audio went in while paused"
    assert att.queued() == held > 0, "AI audio moved while paused"
    assert esl.api(f"uuid_aiframe {call.b_uuid} resume").startswith("+OK")
    assert not arena.slot_info(s.slot).paused
    time.sleep(0.4)
    assert att.counters().frames_in > frames_in and att.queued() < held


BAD_UUID_API = [
    ("", "missing"),
    ("{b}", "missing action"),
    ("{b} explode", "unknown action"),
    ("{b} stop now", "takes no options"),
    ("00000000-0000-0000-0000-000000000000 stop", "no such channel"),
    ("{b} start rate=12345", "rate=12345"),
    ("{b} start mode=loud", "mode=loud"),
    ("{b} start barge_threshold=-5", "barge_threshold"),
    ("{b} start barge_threshold=abc", "barge_threshold"),
    ("{b} start barge_min_ms=5", "barge_min_ms"),
    ("{b} start barge_only_while_ai_speaks=maybe", "barge_only_while_ai_speaks"),
    ("{b} start justaword", "key=value"),
    ("{b} start agent=", "needs a value"),
    ("{b} start Bad$Key=1", "bad key"),
    ("{b} start conversation_id=" + "x" * 300, "conversation_id"),
    ("{b} start " + "k=v " * 2000, "longer than"),
]


def test_bad_api_arguments_get_a_specific_error(esl: SyncEsl, arena: Arena, fs: TestSwitch) -> None:
    call = originate_loopback(esl, "park")  # no tap on this channel
    for args, reason in BAD_UUID_API:
        cmd = f"uuid_aiframe {args.format(b=call.b_uuid)}".strip()
        reply = esl.api(cmd)
        first, _, rest = reply.partition("\n")
        assert first.startswith("-ERR"), f"{cmd[:80]!r} -> {reply!r}"
        assert reason in first, f"{cmd[:80]!r}: expected {reason!r} in {first!r}"
        assert "USAGE: uuid_aiframe" in rest, f"{cmd[:80]!r}: no usage line in {reply!r}"
    for verb in ("flush", "pause", "resume", "stop"):
        reply = esl.api(f"uuid_aiframe {call.b_uuid} {verb}")
        assert reply.startswith(f"-ERR aiframe is not running on {call.b_uuid}"), reply
    for args, reason in [
        ("", "missing"),
        ("explode", "unknown command"),
        ("status xml", "json"),
        ("drain maybe", "on or off"),
        ("reload now", "no arguments"),
    ]:
        reply = esl.api(f"aiframe {args}".strip())
        first, _, rest = reply.partition("\n")
        assert first.startswith("-ERR") and reason in first, f"aiframe {args!r} -> {reply!r}"
        assert "USAGE: aiframe" in rest
    assert not arena.active_slots()
    assert fs.alive


def test_reload_and_drain_send_commands_and_drain_uses_the_fallback(
    esl: SyncEsl, arena: Arena
) -> None:
    live = originate_loopback(esl, "ai")
    s = wait_start(esl, live.b_uuid)
    assert esl.api("aiframe reload").startswith("+OK")
    ev = esl.wait_event(is_event("aiframe::command"), 3.0)
    assert ev is not None and ev.get("aiframe-command") == "reload"
    try:
        assert esl.api("aiframe drain on").startswith("+OK")
        ev = esl.wait_event(is_event("aiframe::command"), 3.0)
        assert ev is not None and ev.get("aiframe-command") == "drain"
        assert json.loads(esl.api("aiframe status json"))["draining"] is True

        refused = originate_loopback(esl, "ai")
        time.sleep(1.0)
        assert getvar(esl, refused.b_uuid, "aiframe_e2e_fallback") == "true"
        assert esl.wait_event(is_event("aiframe::start", refused.b_uuid), 0.2) is None
        # the call that was live before the drain keeps its slot
        assert arena.find(live.b_uuid) == (s.slot, s.generation)
    finally:
        assert esl.api("aiframe drain off").startswith("+OK")
    ev = esl.wait_event(is_event("aiframe::command"), 3.0)
    assert ev is not None and ev.get("aiframe-command") == "undrain"
    fresh = originate_loopback(esl, "ai")
    wait_start(esl, fresh.b_uuid)


def test_unload_with_live_calls(fs: TestSwitch, esl: SyncEsl, arena: Arena) -> None:
    calls = [originate_loopback(esl, "ai") for _ in range(3)]
    started = [wait_start(esl, c.b_uuid) for c in calls]
    att = attach(arena, started[0])
    att.write(tone(1000, 5.0, started[0].rate))
    time.sleep(0.3)

    reply = esl.api("unload mod_aiframe", timeout=20).strip()
    assert reply.startswith("+OK"), reply
    stops = {c.b_uuid: wait_stop(esl, c.b_uuid) for c in calls}
    assert {e.get("aiframe-reason") for e in stops.values()} == {"unload"}
    assert fs.alive
    assert esl.api("module_exists mod_aiframe").strip() == "false"
    for s in started:  # our mapping outlives the module's: every slot was released
        _assert_released(arena, s.slot, s.generation)
    for c in calls:  # the calls go on without the tap
        assert exists(esl, c.b_uuid)

    reply = esl.api(f"load {find_module().resolve()}", timeout=20).strip()
    assert reply.startswith("+OK"), reply
    fresh = originate_loopback(esl, "ai")
    wait_start(esl, fresh.b_uuid)


def test_no_free_slot_sends_the_call_to_the_fallback() -> None:
    """A switch of its own with two slots: the third call goes to the fallback."""
    with TestSwitch(SwitchSettings(max_slots=2)) as sw, sw.esl() as esl:
        subscribe_aiframe(esl)
        first = [originate_loopback(esl, "ai") for _ in range(2)]
        for c in first:
            wait_start(esl, c.b_uuid)
        third = originate_loopback(esl, "ai")
        time.sleep(1.0)
        assert getvar(esl, third.b_uuid, "aiframe_e2e_fallback") == "true"
        status = json.loads(esl.api("aiframe status json"))
        assert status["arena"]["active_slots"] == 2
        assert status["arena"]["claims_refused"] == 1
        assert sw.alive
