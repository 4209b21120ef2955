# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.errors import EslProtocolError
from aiframe.esl.wire import EslEvent
from aiframe.runtime import events
from aiframe.runtime.messages import Bridged, Dtmf, Hangup

U = "6f0f3a52-3c1d-4d84-9d1e-6a2f1b3c4d5e"


def start(**over: str) -> EslEvent:
    h = {
        "Event-Name": "CUSTOM",
        "Event-Subclass": "aiframe::start",
        "Unique-ID": U,
        "aiframe-slot": "3",
        "aiframe-generation": "17",
        "aiframe-rate": "8000",
        "aiframe-conversation-id": "conv-9",
        "Caller-Caller-ID-Number": "+15551234",
        "aiframe-arg-agent": "support",
        "aiframe-arg-policy": "retail",
    }
    h.update(over)
    return EslEvent({k: v for k, v in h.items() if v != "<drop>"})


def test_start_event_carries_the_slot_the_conversation_and_the_args() -> None:
    s = events.parse_start(start())
    assert (s.uuid, s.slot, s.generation, s.rate) == (U, 3, 17, 8000)
    assert s.conversation_id == "conv-9" and s.caller_id == "+15551234"
    assert s.args == {"agent": "support", "policy": "retail"}


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"aiframe-slot": "<drop>"}, "header aiframe-slot is missing"),
        ({"aiframe-generation": "x1"}, "aiframe-generation is 'x1', not a number"),
        ({"aiframe-rate": "12000"}, "aiframe-rate is 12000, not 8000 or 16000"),
        ({"aiframe-slot": "9999"}, "aiframe-slot is 9999, outside 0..4095"),
        ({"Unique-ID": "a b"}, "is not a call uuid"),
    ],
)
def test_a_malformed_start_names_the_header(over: dict[str, str], message: str) -> None:
    with pytest.raises(EslProtocolError, match=message):
        events.parse_start(start(**over))


def test_stop_collects_counters() -> None:
    ev = EslEvent(
        {
            "Event-Name": "CUSTOM",
            "Event-Subclass": "aiframe::stop",
            "Unique-ID": U,
            "aiframe-reason": "hangup",
            "aiframe-frames-in": "250",
            "aiframe-uplink-drops": "0",
        }
    )
    s = events.parse_stop(ev)
    assert s.reason == "hangup" and s.counters == {"frames_in": 250, "uplink_drops": 0}


def test_commands_are_reload_and_drain_only() -> None:
    ev = EslEvent({"Event-Name": "CUSTOM", "aiframe-command": "drain"})
    assert events.parse_command(ev) == "drain"
    with pytest.raises(EslProtocolError, match="knows reload and drain"):
        events.parse_command(EslEvent({"Event-Name": "CUSTOM", "aiframe-command": "rm -rf"}))


def test_channel_events_become_messages_for_the_right_legs() -> None:
    dtmf = EslEvent(
        {"Event-Name": "DTMF", "Unique-ID": U, "DTMF-Digit": "#", "DTMF-Duration": "800"}
    )
    assert events.channel_message(dtmf) == ((U,), Dtmf("#", 100))
    hang = EslEvent({"Event-Name": "CHANNEL_HANGUP", "Unique-ID": U, "Hangup-Cause": "USER_BUSY"})
    assert events.channel_message(hang) == ((U,), Hangup("USER_BUSY"))
    br = EslEvent({"Event-Name": "CHANNEL_BRIDGE", "Unique-ID": "a", "Other-Leg-Unique-ID": "b"})
    assert events.channel_message(br) == (("a", "b"), Bridged("b"))


def test_subscription_lists_custom_subclasses_after_custom() -> None:
    sub = list(events.SUBSCRIPTION)
    assert sub[sub.index("CUSTOM") + 1 :] == list(events.CUSTOM_SUBCLASSES)
    assert all(not s.startswith("aiframe::") for s in sub[: sub.index("CUSTOM")])


def lost(**over: str) -> EslEvent:
    h = {
        "Event-Name": "CUSTOM",
        "Event-Subclass": "aiframe::controller_lost",
        "Unique-ID": U,
        "aiframe-slot": "3",
        "aiframe-generation": "17",
        "aiframe-heartbeat-age-ms": "1250",
        "aiframe-controller-pid": "4242",
        "aiframe-caller-hears": "lost-audio",
        "aiframe-lost-audio": "tone_stream://%(1000,0,440)",
        "aiframe-fallback-after-ms": "30000",
    }
    h.update(over)
    return EslEvent({k: v for k, v in h.items() if v != "<drop>"})


def test_controller_lost_says_what_the_caller_hears_and_when_the_fallback_comes() -> None:
    uuid, msg = events.parse_controller_lost(lost())
    assert uuid == U
    assert (msg.heartbeat_age_ms, msg.heartbeat_pid) == (1250, 4242)
    assert (msg.caller_hears, msg.fallback_after_ms) == ("lost-audio", 30000)
    # No controller has heartbeated since the module loaded.
    _, never = events.parse_controller_lost(
        lost(**{"aiframe-heartbeat-age-ms": "-1", "aiframe-controller-pid": "0"})
    )
    assert (never.heartbeat_age_ms, never.heartbeat_pid) == (-1, 0)


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"aiframe-heartbeat-age-ms": "-7"}, "aiframe-heartbeat-age-ms is -7, outside"),
        ({"aiframe-fallback-after-ms": "<drop>"}, "aiframe-fallback-after-ms is missing"),
        ({"aiframe-controller-pid": "me"}, "aiframe-controller-pid is 'me', not a number"),
        ({"Unique-ID": "<drop>"}, "controller_lost: header Unique-ID is missing"),
    ],
)
def test_a_malformed_controller_lost_names_the_header(over: dict[str, str], message: str) -> None:
    with pytest.raises(EslProtocolError, match=message):
        events.parse_controller_lost(lost(**over))


def test_controller_back_says_how_long_it_was_gone() -> None:
    ev = EslEvent(
        {
            "Event-Name": "CUSTOM",
            "Event-Subclass": "aiframe::controller_back",
            "Unique-ID": U,
            "aiframe-lost-ms": "3100",
            "aiframe-controller-pid": "4243",
        }
    )
    uuid, msg = events.parse_controller_back(ev)
    assert (uuid, msg.lost_ms, msg.heartbeat_pid) == (U, 3100, 4243)
    with pytest.raises(EslProtocolError, match="aiframe-lost-ms is missing"):
        events.parse_controller_back(EslEvent({**ev.headers, "aiframe-lost-ms": ""}))


def test_the_controller_subscribes_to_every_module_event() -> None:
    for sub in ("aiframe::controller_lost", "aiframe::controller_back", "aiframe::start"):
        assert sub in events.SUBSCRIPTION
    assert events.SUBSCRIPTION.index("CUSTOM") < events.SUBSCRIPTION.index(sub)
