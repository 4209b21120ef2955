# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The synchronous ESL client against a scripted fake event socket."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest

from aiframe.errors import EslAuthError, EslClosedError, EslConnectError
from aiframe.esl.sync import SyncEsl
from aiframe.esl.wire import parse_event_plain

Script = Callable[[socket.socket], None]


def _recv_command(conn: socket.socket) -> str:
    buf = b""
    while not buf.endswith(b"\n\n"):
        chunk = conn.recv(4096)
        if not chunk:
            return ""
        buf += chunk
    return buf.decode().strip()


def _frame(content_type: str, body: str = "", **headers: str) -> bytes:
    head = f"Content-Type: {content_type}\n"
    for k, v in headers.items():
        head += f"{k.replace('_', '-')}: {v}\n"
    if body:
        head += f"Content-Length: {len(body.encode())}\n"
    return (head + "\n" + body).encode()


def _event(body: str = "", **headers: str) -> bytes:
    text = "".join(f"{k.replace('_', '-')}: {quote(v)}\n" for k, v in headers.items())
    if body:
        text += f"Content-Length: {len(body.encode())}\n"
    text += "\n" + body
    return _frame("text/event-plain", text)


def _auth_ok(conn: socket.socket) -> None:
    conn.sendall(_frame("auth/request"))
    assert _recv_command(conn) == "auth sekrit"
    conn.sendall(_frame("command/reply", Reply_Text="+OK accepted"))


@pytest.fixture
def fake() -> Iterator[Callable[[Script], int]]:
    """Start a one-connection fake event socket running ``script``; returns its port."""
    servers: list[tuple[socket.socket, threading.Thread]] = []
    errors: list[BaseException] = []

    def start(script: Script) -> int:
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)

        def serve() -> None:
            conn, _ = srv.accept()
            try:
                script(conn)
            except BaseException as e:  # surfaced by the fixture below
                errors.append(e)
            finally:
                conn.close()

        t = threading.Thread(target=serve, daemon=True)
        t.start()
        servers.append((srv, t))
        return int(srv.getsockname()[1])

    yield start
    for srv, t in servers:
        t.join(timeout=5)
        srv.close()
    if errors:
        raise errors[0]


def test_api_reply_with_events_arriving_first(fake: Callable[[Script], int]) -> None:
    def script(conn: socket.socket) -> None:
        _auth_ok(conn)
        assert _recv_command(conn) == "event plain CUSTOM aiframe::start"
        conn.sendall(_frame("command/reply", Reply_Text="+OK event listener enabled plain"))
        assert _recv_command(conn) == "api status"
        # an event, then the reply split over two sends
        conn.sendall(_event(Event_Name="CUSTOM", Event_Subclass="aiframe::start", Unique_ID="u1"))
        reply = _frame("api/response", "UP 1 second\nready\n")
        conn.sendall(reply[:20])
        conn.sendall(reply[20:])
        assert _recv_command(conn) == "exit"

    with SyncEsl.connect("127.0.0.1", fake(script), "sekrit", timeout=5) as esl:
        esl.subscribe("CUSTOM", "aiframe::start")
        assert esl.api("status") == "UP 1 second\nready\n"
        ev = esl.next_event(1.0)
        assert ev is not None and ev.subclass == "aiframe::start" and ev.uuid == "u1"
        esl._send("exit")


def test_event_headers_are_unescaped_and_bodies_kept(fake: Callable[[Script], int]) -> None:
    def script(conn: socket.socket) -> None:
        _auth_ok(conn)
        conn.sendall(
            _event("+OK result\n", Event_Name="BACKGROUND_JOB", Job_UUID="j1", Note="a b:c%d")
        )
        conn.sendall(_event(Event_Name="CUSTOM", Event_Subclass="aiframe::stop", Unique_ID="u2"))
        _recv_command(conn)

    with SyncEsl.connect("127.0.0.1", fake(script), "sekrit", timeout=5) as esl:
        stop = esl.wait_event(lambda e: e.subclass == "aiframe::stop", 2.0)
        assert stop is not None and stop.uuid == "u2"
        job = esl.next_event(1.0)  # skipped over by wait_event, still queued in order
        assert job is not None and job.name == "BACKGROUND_JOB"
        assert job.body == "+OK result\n"
        assert job["Note"] == "a b:c%d"
        assert esl.next_event(0.05) is None
        esl._send("bye")


def test_wrong_password_is_an_auth_error(fake: Callable[[Script], int]) -> None:
    def script(conn: socket.socket) -> None:
        conn.sendall(_frame("auth/request"))
        _recv_command(conn)
        conn.sendall(_frame("command/reply", Reply_Text="-ERR invalid"))

    with pytest.raises(EslAuthError, match="password refused"):
        SyncEsl.connect("127.0.0.1", fake(script), "wrong", timeout=5)


def test_acl_rejection_is_reported(fake: Callable[[Script], int]) -> None:
    def script(conn: socket.socket) -> None:
        conn.sendall(_frame("text/rude-rejection", "Access Denied, go away.\n"))

    with pytest.raises(EslConnectError, match="ACL"):
        SyncEsl.connect("127.0.0.1", fake(script), "sekrit", timeout=5)


def test_connection_closed_mid_command(fake: Callable[[Script], int]) -> None:
    def script(conn: socket.socket) -> None:
        _auth_ok(conn)
        _recv_command(conn)
        conn.sendall(_frame("text/disconnect-notice", "Disconnected, goodbye.\n"))

    with SyncEsl.connect("127.0.0.1", fake(script), "sekrit", timeout=5) as esl:
        with pytest.raises(EslClosedError, match="closed by FreeSWITCH"):
            esl.api("status")
        assert esl.closed


def test_no_reply_in_time(fake: Callable[[Script], int]) -> None:
    done = threading.Event()

    def script(conn: socket.socket) -> None:
        _auth_ok(conn)
        _recv_command(conn)
        done.wait(5)

    with SyncEsl.connect("127.0.0.1", fake(script), "sekrit", timeout=5) as esl:
        with pytest.raises(EslClosedError, match="no api/response in time"):
            esl.api("status", timeout=0.2)
        done.set()


def test_nothing_listening() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(EslConnectError, match="cannot connect"):
        SyncEsl.connect("127.0.0.1", port, "x", timeout=2)


def test_event_parse_without_body() -> None:
    ev = parse_event_plain(b"Event-Name: CUSTOM\nEvent-Subclass: aiframe%3A%3Abarge_in\n\n")
    assert ev.subclass == "aiframe::barge_in"
    assert ev.body == ""
    assert ev.get("missing") == ""
    with pytest.raises(KeyError):
        ev["missing"]
