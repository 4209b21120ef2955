# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.errors import EslProtocolError
from aiframe.esl.wire import parse_event_plain
from aiframe.lab.fakes.switch import serialize_event


def body_of(frame: bytes) -> bytes:
    head, _, body = frame.partition(b"\n\n")
    assert b"Content-Type: text/event-plain" in head
    return body


def test_round_trip_unescapes_each_value_on_its_own() -> None:
    headers = {
        "Event-Name": "CUSTOM",
        "Event-Subclass": "aiframe::start",
        "aiframe-arg-greeting": "hi: there\nsecond line 100%",
    }
    ev = parse_event_plain(body_of(serialize_event(headers)))
    assert ev.headers == headers  # a %0A inside a value stays inside that value
    assert ev.subclass == "aiframe::start"


def test_event_body_is_read_by_its_own_content_length() -> None:
    frame = serialize_event({"Event-Name": "BACKGROUND_JOB", "Job-UUID": "j1"}, body="+OK\n")
    ev = parse_event_plain(body_of(frame))
    assert ev.body == "+OK\n" and ev.get("Job-UUID") == "j1"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"Unique-ID: x\n\n", "no Event-Name"),
        (b"Event-Name: DTMF\ngarbage line\n\n", "line 2 is not 'Name: value'"),
        (b"Event-Name: X\nContent-Length: 99\n\nshort", "its Content-Length says 99"),
        (b"Event-Name: X\nContent-Length: lots\n\n", "'lots' is not a number"),
    ],
)
def test_malformed_events_say_what_is_wrong(raw: bytes, message: str) -> None:
    with pytest.raises(EslProtocolError, match=message):
        parse_event_plain(raw)
