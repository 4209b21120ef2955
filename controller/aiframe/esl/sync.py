# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The synchronous event-socket client: the doctor, `aiframe call` and the lab.

One socket, one thread, no gevent: ``api`` sends a command and reads frames
until its reply arrives, queueing any events that come first; ``next_event``
hands them out in wire order. Frames are read with ``Content-Length``
framing into one buffer, so a timeout in the middle of a frame loses nothing.
The controller's long-lived client is :mod:`aiframe.esl.client`; this one is for
code that drives a switch step by step. Both share :mod:`aiframe.esl.wire`.
"""

from __future__ import annotations

import contextlib
import socket
import time
import uuid as uuidlib
from collections import deque
from collections.abc import Callable
from types import TracebackType

from aiframe.errors import (
    CommandError,
    EslAuthError,
    EslClosedError,
    EslConnectError,
    EslProtocolError,
)
from aiframe.esl.wire import EslEvent, EslFrame, parse_envelope, parse_event_plain

MAX_FRAME = 64 * 1024 * 1024


def _event(frame: EslFrame) -> EslEvent:
    return parse_event_plain(frame.body.encode())


class SyncEsl:
    """A connected, authenticated event-socket session."""

    def __init__(self, sock: socket.socket, *, timeout: float = 10.0) -> None:
        self._sock = sock
        self._buf = bytearray()
        self._events: deque[EslEvent] = deque()
        self.timeout = timeout
        self.closed = False

    @classmethod
    def connect(cls, host: str, port: int, password: str, *, timeout: float = 10.0) -> SyncEsl:
        """Connect and authenticate; raises EslAuthError or EslClosedError."""
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as e:
            raise EslConnectError(f"event socket {host}:{port}: cannot connect ({e})") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        esl = cls(sock, timeout=timeout)
        try:
            hello = esl._frame(time.monotonic() + timeout)
            if hello is None:
                raise EslClosedError(f"event socket {host}:{port}: no auth request in time")
            if hello.content_type == "text/rude-rejection":
                raise EslConnectError(
                    f"event socket {host}:{port}: rejected by its ACL ({hello.body.strip()})"
                )
            if hello.content_type != "auth/request":
                raise EslProtocolError(
                    f"event socket {host}:{port}: expected auth/request, got {hello.content_type!r}"
                )
            esl._send(f"auth {password}")
            reply = esl._reply(time.monotonic() + timeout)
            if not reply.headers.get("Reply-Text", "").startswith("+OK"):
                raise EslAuthError(
                    f"event socket {host}:{port}: password refused "
                    f"({reply.headers.get('Reply-Text', '').strip()})"
                )
        except BaseException:
            esl.close()
            raise
        return esl

    def __enter__(self) -> SyncEsl:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(OSError):
                self._sock.close()

    # --- commands -------------------------------------------------------------------------

    def api(self, command: str, *, timeout: float | None = None) -> str:
        """Run an API command; returns its text (``+OK ...``, ``-ERR ...`` or output)."""
        self._send(f"api {command}")
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        frame = self._reply(deadline, want="api/response")
        return frame.body

    def bgapi(self, command: str) -> str:
        """Start an API command in the background; returns the Job-UUID of its
        BACKGROUND_JOB event (subscribe to BACKGROUND_JOB to receive it)."""
        job = str(uuidlib.uuid4())
        self._send(f"bgapi {command}\nJob-UUID: {job}")
        reply = self._reply(time.monotonic() + self.timeout)
        text = reply.headers.get("Reply-Text", "")
        if not text.startswith("+OK"):
            raise CommandError(f"bgapi {command!r} refused: {text}")
        return job

    def subscribe(self, *events: str) -> None:
        """``event plain <events>``, e.g. ``subscribe("CUSTOM", "aiframe::start")``."""
        self._command("event plain " + " ".join(events))

    def filter(self, header: str, value: str) -> None:
        self._command(f"filter {header} {value}")

    def _command(self, line: str) -> str:
        self._send(line)
        reply = self._reply(time.monotonic() + self.timeout)
        text = reply.headers.get("Reply-Text", "")
        if not text.startswith("+OK"):
            raise CommandError(f"{line!r} refused: {text}")
        return text

    # --- events ---------------------------------------------------------------------------

    def next_event(self, timeout: float) -> EslEvent | None:
        """The next queued or arriving event, or None when none comes in time."""
        if self._events:
            return self._events.popleft()
        deadline = time.monotonic() + timeout
        while True:
            frame = self._frame(deadline)
            if frame is None:
                return None
            if frame.content_type == "text/event-plain":
                return _event(frame)
            self._unexpected(frame)

    def wait_event(
        self, match: Callable[[EslEvent], bool], timeout: float, *, keep_others: bool = True
    ) -> EslEvent | None:
        """The first event ``match`` accepts within ``timeout``; the others stay
        queued (in order) when ``keep_others``."""
        deadline = time.monotonic() + timeout
        skipped: list[EslEvent] = []
        found: EslEvent | None = None
        # look at what is queued first, then at what arrives
        while self._events:
            ev = self._events.popleft()
            if found is None and match(ev):
                found = ev
            else:
                skipped.append(ev)
        while found is None:
            frame = self._frame(deadline)
            if frame is None:
                break
            if frame.content_type != "text/event-plain":
                self._unexpected(frame)
                continue
            ev = _event(frame)
            if match(ev):
                found = ev
            else:
                skipped.append(ev)
        if keep_others:
            self._events.extendleft(reversed(skipped))
        return found

    def drain_events(self) -> list[EslEvent]:
        """Every event queued or already readable, without waiting."""
        out = list(self._events)
        self._events.clear()
        while (ev := self.next_event(0.0)) is not None:
            out.append(ev)
        return out

    # --- wire -----------------------------------------------------------------------------

    def _send(self, line: str) -> None:
        if self.closed:
            raise EslClosedError("event socket is closed")
        try:
            self._sock.sendall(line.encode() + b"\n\n")
        except OSError as e:
            self.close()
            raise EslClosedError(f"event socket: send failed ({e})") from None

    def _reply(self, deadline: float, want: str = "command/reply") -> EslFrame:
        while True:
            frame = self._frame(deadline)
            if frame is None:
                raise EslClosedError(f"event socket: no {want} in time")
            if frame.content_type == want:
                return frame
            if frame.content_type == "text/event-plain":
                self._events.append(_event(frame))
                continue
            self._unexpected(frame)

    def _unexpected(self, frame: EslFrame) -> None:
        if frame.content_type in ("text/disconnect-notice", "text/rude-rejection"):
            self.close()
            raise EslClosedError(f"event socket closed by FreeSWITCH: {frame.body.strip()}")
        # log/data and replies nobody waits for are not ours to handle; drop them

    def _take_frame(self) -> EslFrame | None:
        end = self._buf.find(b"\n\n")
        if end < 0:
            return None
        headers = parse_envelope(self._buf[:end].decode(errors="replace"))
        length = int(headers.get("Content-Length", "0"))
        if length < 0 or length > MAX_FRAME:
            raise EslProtocolError(f"event socket: frame of {length} bytes refused")
        total = end + 2 + length
        if len(self._buf) < total:
            return None
        body = self._buf[end + 2 : total].decode(errors="replace")
        del self._buf[:total]
        return EslFrame(headers, body)

    def _frame(self, deadline: float) -> EslFrame | None:
        """The next complete frame, or None at the deadline (partial data is kept)."""
        while True:
            frame = self._take_frame()
            if frame is not None:
                return frame
            if self.closed:
                raise EslClosedError("event socket is closed")
            left = deadline - time.monotonic()
            if left <= 0:
                # one non-blocking look, so timeout=0 still collects what already arrived
                self._sock.settimeout(0.0)
            else:
                self._sock.settimeout(left)
            try:
                chunk = self._sock.recv(1 << 16)
            except (TimeoutError, BlockingIOError):
                return None
            except OSError as e:
                self.close()
                raise EslClosedError(f"event socket: receive failed ({e})") from None
            if not chunk:
                self.close()
                raise EslClosedError("event socket closed by FreeSWITCH")
            self._buf += chunk
            if left <= 0:
                frame = self._take_frame()
                return frame


__all__ = ["SyncEsl"]
