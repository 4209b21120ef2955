# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The ESL client against a server speaking the real event-socket wire protocol."""

from __future__ import annotations

import socket
import threading

import gevent
import pytest

from aiframe.errors import (
    CommandError,
    CommandTimeoutError,
    EslAuthError,
    EslConnectError,
)
from aiframe.esl.client import EslConnection
from aiframe.esl.wire import EslEvent
from aiframe.lab.fakes.switch import FakeSwitch, serialize_event


@pytest.fixture
def connect(switch: FakeSwitch):
    conns: list[EslConnection] = []

    def make(password: str | None = None, **kw) -> EslConnection:
        c = EslConnection("127.0.0.1", switch.port, password or switch.password, timeout=1.0, **kw)
        conns.append(c)
        c.connect()
        return c

    yield make
    for c in conns:
        c.close()


def test_auth_api_and_bgapi(switch, connect) -> None:
    switch.add_channel("u-1", greeting="hello world")
    c = connect()
    assert c.api("module_exists mod_aiframe", 1.0) == "true"
    with pytest.raises(CommandError, match="needs a BACKGROUND_JOB subscription"):
        c.bgapi("uuid_getvar u-1 greeting", 1.0)  # FreeSWITCH would never send the result
    c.subscribe(["BACKGROUND_JOB"], 1.0)
    assert c.bgapi("uuid_getvar u-1 greeting", 1.0) == "hello world"
    # Our own Job-UUID went out with the bgapi, so its result had a waiter from the start.
    bg = [cmd for cmd in switch.commands if cmd.startswith("bgapi")]
    assert bg[0].split("\n")[1].startswith("Job-UUID: ")
    assert switch.commands[0] == "auth ***"


def test_a_timed_out_command_does_not_shift_later_replies(switch, connect) -> None:
    c = connect()
    switch.api_delay_s["status"] = 0.3
    with pytest.raises(CommandTimeoutError, match=r"did not answer .api status. within 0\.05 s"):
        c.api("status", 0.05)
    # The late reply to 'status' must not be taken as the reply to this one.
    assert c.api("module_exists mod_aiframe", 1.0) == "true"


def test_a_dropped_connection_fails_waiting_commands_at_once(switch, connect) -> None:
    closed: list[str] = []
    c = connect(on_close=closed.append)
    switch.api_delay_s["status"] = 5.0
    gevent.spawn_later(0.05, switch.drop_clients)
    with pytest.raises(CommandError, match="lost before the reply"):
        c.api("status", 3.0)
    c.closed.wait(1.0)
    assert closed == ["FreeSWITCH closed the connection"]
    with pytest.raises(CommandError, match="not connected"):
        c.api("status", 1.0)


def test_events_arrive_in_order_and_malformed_ones_are_skipped(switch, connect) -> None:
    got: list[EslEvent] = []
    c = connect(on_event=got.append)
    c.subscribe(["DTMF", "CUSTOM", "aiframe::start"], 1.0)
    switch.emit_dtmf("u-1", "1")
    # An event body without Event-Name, then one with a broken header line:
    for body in (b"Unique-ID: u-1\n\n", b"Event-Name: DTMF\nnot a header\n\n"):
        switch.send_raw(
            b"Content-Type: text/event-plain\nContent-Length: %d\n\n" % len(body) + body
        )
    switch.send_raw(b"Content-Type: text/x-unknown\nContent-Length: 3\n\nabc")
    switch.emit_custom("aiframe::start", {"Unique-ID": "u-1", "aiframe-slot": "2"})
    switch.emit("CHANNEL_HANGUP", {"Unique-ID": "u-1"})  # not subscribed: never sent
    switch.emit_dtmf("u-1", "2")
    deadline = gevent.get_hub().loop.now() + 2
    while len(got) < 3 and gevent.get_hub().loop.now() < deadline:
        gevent.sleep(0.01)
    assert [(e.name, e.get("DTMF-Digit"), e.subclass) for e in got] == [
        ("DTMF", "1", ""),
        ("CUSTOM", "", "aiframe::start"),
        ("DTMF", "2", ""),
    ]
    assert c.stats.malformed == 3 and c.connected  # skipped, counted, still connected


def test_a_framing_error_closes_the_connection(switch, connect) -> None:
    closed: list[str] = []
    c = connect(on_close=closed.append)
    switch.send_raw(b"Content-Type: text/event-plain\nContent-Length: twelve\n\n")
    assert c.closed.wait(2.0)
    assert closed == ["protocol error: Content-Length 'twelve' is not a number"]


def test_wrong_password(switch) -> None:
    c = EslConnection("127.0.0.1", switch.port, "guess", timeout=1.0)
    with pytest.raises(EslAuthError, match=f"FreeSWITCH at 127.0.0.1:{switch.port} refused"):
        c.connect()
    assert not c.connected


def test_refused_connection() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    c = EslConnection("127.0.0.1", port, "x", timeout=1.0)
    with pytest.raises(EslConnectError, match="connection refused"):
        c.connect()


def test_acl_rejection(switch) -> None:
    switch.reject_all = True
    c = EslConnection("127.0.0.1", switch.port, switch.password, timeout=1.0)
    with pytest.raises(EslConnectError, match="apply-inbound-acl"):
        c.connect()


def test_a_server_that_never_asks_for_a_password() -> None:
    srv = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    t = threading.Thread(target=lambda: held.append(srv.accept()[0]), daemon=True)
    t.start()
    try:
        c = EslConnection("127.0.0.1", srv.getsockname()[1], "x", timeout=0.2)
        with pytest.raises(EslConnectError, match=r"did not ask for a password within 0\.2 s"):
            c.connect()
    finally:
        t.join(1)
        for s in held:
            s.close()
        srv.close()


def test_serialized_events_carry_content_length_framing() -> None:
    frame = serialize_event({"Event-Name": "DTMF", "DTMF-Digit": "#"})
    head, _, body = frame.partition(b"\n\n")
    assert head.split(b"\n") == [
        b"Content-Length: %d" % len(body),
        b"Content-Type: text/event-plain",
    ]
    assert body == b"Event-Name: DTMF\nDTMF-Digit: %23\n\n"
