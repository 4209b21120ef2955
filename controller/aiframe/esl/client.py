# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The controller's event-socket client, on gevent and greenswitch's ``InboundESL``.

greenswitch gives the socket, the auth handshake's shape and the FIFO of
commands awaiting a reply. We read the frames ourselves, because its reader
dies on a frame without a Content-Type, un-escapes a whole event before
splitting its headers, and leaves a command waiting forever when the
connection drops. Here:

- framing is strict (``Content-Length``, header size limits): a frame that
  breaks the protocol closes the connection, and the controller reconnects;
- an event whose body does not parse is skipped, counted and logged, and the
  connection carries on;
- every command has a timeout; a dropped connection fails every command
  still waiting, at once, with a message saying so;
- ``bgapi`` carries our own ``Job-UUID``, registered before the command is
  sent, so its ``BACKGROUND_JOB`` result can never arrive unclaimed;
- events are handed to ``on_event`` one at a time, in wire order, from one
  greenlet; ``on_close`` runs after the last of them.

Nothing here monkey-patches; it uses gevent's sockets directly.
"""

from __future__ import annotations

import contextlib
import uuid as uuidlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import gevent
import gevent.event
import gevent.lock
import gevent.socket
from greenswitch.esl import InboundESL

from aiframe.errors import (
    CommandError,
    CommandTimeoutError,
    EslAuthError,
    EslConnectError,
    EslProtocolError,
)
from aiframe.esl.wire import (
    MAX_HEADER_LINE,
    MAX_HEADER_LINES,
    EslEvent,
    body_length,
    parse_event_plain,
)
from aiframe.logs import get_logger

log = get_logger("esl")

_CLOSED = object()


@dataclass(frozen=True, slots=True)
class EslReply:
    """A ``command/reply`` or ``api/response`` frame."""

    headers: dict[str, str]
    body: str = ""

    @property
    def reply_text(self) -> str:
        return self.headers.get("Reply-Text", "")


@dataclass(slots=True)
class EslStats:
    frames: int = 0
    events: int = 0
    malformed: int = 0
    late_jobs: int = 0
    skipped_frames: list[str] = field(default_factory=list)


def _one_line(what: str, text: str) -> str:
    if "\n" in text or "\r" in text:
        raise CommandError(f"{what} must be a single line")
    return text


class EslConnection(InboundESL):  # type: ignore[misc]
    """One authenticated connection to FreeSWITCH's event socket."""

    def __init__(
        self,
        host: str,
        port: int,
        password: str,
        *,
        timeout: float = 5.0,
        on_event: Callable[[EslEvent], None] | None = None,
        on_close: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(host, port, password, timeout=timeout)
        self.where = f"{host}:{port}"
        self.stats = EslStats()
        self.close_reason = ""
        self.closed = gevent.event.Event()
        self._on_event = on_event
        self._on_close = on_close
        self._jobs: dict[str, gevent.event.AsyncResult] = {}
        self._send_lock = gevent.lock.Semaphore()
        self._rejected = False
        self._torn_down = False
        self._subscribed: set[str] = set()
        self.authenticated = False  # on_close fires only for a connection that got this far
        self.reader: gevent.Greenlet | None = None
        self.dispatcher: gevent.Greenlet | None = None

    # ---- connecting --------------------------------------------------------------

    def connect(self) -> None:
        """Connect and authenticate, or raise a one-line ``EslError``."""
        _one_line("the event-socket password", self.password)
        try:
            sock = gevent.socket.create_connection((self.host, self.port), timeout=self.timeout)
        except ConnectionRefusedError:
            raise EslConnectError(
                f"cannot connect to FreeSWITCH's event socket at {self.where}: connection "
                "refused (is FreeSWITCH running, with mod_event_socket listening there?)"
            ) from None
        except TimeoutError:
            raise EslConnectError(
                f"cannot connect to FreeSWITCH's event socket at {self.where}: "
                f"no answer within {self.timeout:g} s"
            ) from None
        except OSError as e:
            raise EslConnectError(
                f"cannot connect to FreeSWITCH's event socket at {self.where}: {e.strerror or e}"
            ) from None
        sock.settimeout(None)
        self.sock = sock
        self.sock_file = sock.makefile("rb")
        self.connected = True
        self._run = True
        self.reader = gevent.spawn(self._read_frames)
        self.dispatcher = gevent.spawn(self._dispatch_events)
        try:
            self._handshake()
        except BaseException:
            self.close("handshake failed")
            raise

    def _handshake(self) -> None:
        if not self._auth_request_event.wait(timeout=self.timeout):
            raise EslConnectError(
                f"{self.where} accepted the connection but did not ask for a password within "
                f"{self.timeout:g} s (is that FreeSWITCH's event socket?)"
            )
        if self._rejected:
            raise EslConnectError(
                f"FreeSWITCH at {self.where} rejected this connection: its event-socket ACL "
                "(apply-inbound-acl in event_socket.conf.xml) does not allow this host"
            )
        if not self.connected:
            raise EslConnectError(
                f"FreeSWITCH at {self.where} closed the connection before asking for a password"
            )
        try:
            reply = self.command(f"auth {self.password}", self.timeout)
        except CommandError as e:
            raise EslConnectError(
                f"FreeSWITCH at {self.where} dropped the connection during authentication ({e})"
            ) from None
        if reply.reply_text != "+OK accepted":
            raise EslAuthError(
                f"FreeSWITCH at {self.where} refused the event-socket password (set esl.password "
                "or AIFRAME_ESL__PASSWORD to the password in event_socket.conf.xml)"
            )
        self.authenticated = True

    def close(self, reason: str = "closed by the controller") -> None:
        """Drop the connection; waiting commands fail, ``on_close`` runs once."""
        if not self.close_reason:
            self.close_reason = reason
        self._run = False
        sock = getattr(self, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):  # already gone
                sock.shutdown(gevent.socket.SHUT_RDWR)
        if self.reader is not None and gevent.getcurrent() is not self.reader:
            self.reader.join(timeout=2.0)
        else:
            self._closed(reason)

    def stop(self) -> None:  # greenswitch's name for it
        self.close()

    # ---- commands ----------------------------------------------------------------

    def _request(self, data: str) -> gevent.event.AsyncResult:
        if not self.connected:
            raise CommandError(
                f"not connected to FreeSWITCH at {self.where}"
                + (f" ({self.close_reason})" if self.close_reason else "")
            )
        result = gevent.event.AsyncResult()
        # Replies come back in the order commands went out: append and send as one.
        with self._send_lock:
            self._commands_sent.append(result)
            try:
                self.sock.sendall((data + "\n\n").encode())
            except OSError as e:
                self._commands_sent.remove(result)
                raise CommandError(f"cannot send to FreeSWITCH at {self.where}: {e}") from None
        return result

    def command(self, data: str, timeout: float) -> EslReply:
        """Send one command (lines joined by \\n) and wait for its reply."""
        if "\n\n" in data or data.endswith("\n"):
            raise CommandError("an event-socket command may not contain an empty line")
        result = self._request(data)
        try:
            reply: EslReply = result.get(timeout=timeout)
        except gevent.Timeout:
            verb = data.split(" ", 2)[:2] if data.startswith(("api ", "bgapi ")) else data[:4]
            raise CommandTimeoutError(
                f"FreeSWITCH at {self.where} did not answer {' '.join(verb)!r} within {timeout:g} s"
            ) from None
        return reply

    def api(self, cmd: str, timeout: float) -> str:
        """Run an API command in FreeSWITCH's listener thread; its output."""
        reply = self.command("api " + _one_line("api command", cmd), timeout)
        return reply.body if "Content-Length" in reply.headers else reply.reply_text

    def bgapi(self, cmd: str, timeout: float) -> str:
        """Run an API command in a FreeSWITCH background thread; its output."""
        if not self._subscribed & {"BACKGROUND_JOB", "ALL"}:
            # FreeSWITCH only sends the job's result to a subscribed listener.
            raise CommandError("bgapi needs a BACKGROUND_JOB subscription on this connection")
        job = str(uuidlib.uuid4())
        result = gevent.event.AsyncResult()
        self._jobs[job] = result
        keys = [job]
        name = cmd.split(" ", 1)[0]
        try:
            with gevent.Timeout(
                timeout,
                CommandTimeoutError(
                    f"FreeSWITCH at {self.where} did not finish {name!r} within {timeout:g} s"
                ),
            ):
                reply = self.command(
                    f"bgapi {_one_line('bgapi command', cmd)}\nJob-UUID: {job}", timeout
                )
                if not reply.reply_text.startswith("+OK"):
                    raise CommandError(f"{name}: FreeSWITCH said {reply.reply_text}")
                theirs = reply.headers.get("Job-UUID", job)
                if theirs != job:  # a switch that ignored our Job-UUID
                    self._jobs[theirs] = result
                    keys.append(theirs)
                body: str = result.get()
                return body
        finally:
            for k in keys:
                self._jobs.pop(k, None)

    def subscribe(self, names: Iterable[str], timeout: float) -> None:
        """``event plain``: names are event types, then CUSTOM and its subclasses."""
        names = list(names)
        line = "event plain " + " ".join(names)
        reply = self.command(_one_line("event list", line), timeout)
        if not reply.reply_text.startswith("+OK"):
            raise EslProtocolError(f"FreeSWITCH refused the subscription: {reply.reply_text}")
        self._subscribed.update(names)

    def send_event(self, headers: dict[str, str], timeout: float) -> None:
        """``sendevent``: fire an event into FreeSWITCH (one line per header)."""
        name = headers.get("Event-Name", "CUSTOM")
        lines = [f"sendevent {_one_line('event name', name)}"]
        for k, v in headers.items():
            if k != "Event-Name":
                lines.append(f"{_one_line('header', k)}: {_one_line('header value', v)}")
        reply = self.command("\n".join(lines), timeout)
        if not reply.reply_text.startswith("+OK"):
            raise CommandError(f"sendevent: FreeSWITCH said {reply.reply_text}")

    # ---- reading -----------------------------------------------------------------

    def _read_frames(self) -> None:
        reason = "FreeSWITCH closed the connection"
        try:
            while self._run:
                head = self._read_head()
                if head is None:
                    break
                if not head:
                    continue  # a stray blank line between frames
                self._on_frame(head, self._read_body(head))
        except EslProtocolError as e:
            reason = f"protocol error: {e}"
            log.error("closing the event socket on a protocol error", error=str(e))
        except OSError as e:
            if self._run:
                reason = f"connection lost: {e.strerror or e}"
        finally:
            self._closed(self.close_reason or reason)

    def _read_head(self) -> dict[str, str] | None:
        headers: dict[str, str] = {}
        for _ in range(MAX_HEADER_LINES):
            raw = self.sock_file.readline(MAX_HEADER_LINE + 1)
            if not raw:
                if headers:
                    raise EslProtocolError("connection closed in the middle of a frame")
                return None
            if len(raw) > MAX_HEADER_LINE:
                raise EslProtocolError(f"a frame header line is over {MAX_HEADER_LINE} bytes")
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if not line:
                return headers
            name, sep, value = line.partition(": ")
            if not sep:
                raise EslProtocolError(f"frame header is not 'Name: value': {line[:80]!r}")
            headers[name] = value
        raise EslProtocolError(f"a frame has more than {MAX_HEADER_LINES} header lines")

    def _read_body(self, head: dict[str, str]) -> bytes:
        if "Content-Length" not in head:
            return b""
        size = body_length(head["Content-Length"])
        data: bytes = self.sock_file.read(size) if size else b""
        if len(data) != size:
            raise EslProtocolError("connection closed in the middle of a frame body")
        return data

    def _on_frame(self, head: dict[str, str], body: bytes) -> None:
        self.stats.frames += 1
        ctype = head.get("Content-Type", "")
        if ctype == "auth/request":
            self._auth_request_event.set()
        elif ctype in ("command/reply", "api/response"):
            if not self._commands_sent:
                raise EslProtocolError(f"a {ctype} arrived with no command waiting for it")
            self._commands_sent.pop(0).set(EslReply(head, body.decode("utf-8", "replace")))
        elif ctype == "text/event-plain":
            try:
                event = parse_event_plain(body)
            except EslProtocolError as e:
                self.stats.malformed += 1
                log.warning("skipping a malformed event", error=str(e))
                return
            self.stats.events += 1
            if event.name == "BACKGROUND_JOB":
                waiter = self._jobs.pop(event.get("Job-UUID"), None)
                if waiter is None:
                    self.stats.late_jobs += 1
                else:
                    waiter.set(event.body)
                return
            self._esl_event_queue.put(event)
        elif ctype == "text/disconnect-notice":
            self.close_reason = self.close_reason or "FreeSWITCH sent a disconnect notice"
        elif ctype == "text/rude-rejection":
            self._rejected = True
            self._auth_request_event.set()
        elif ctype == "log/data":
            return
        else:
            self.stats.malformed += 1
            self.stats.skipped_frames.append(ctype or "(no Content-Type)")
            log.warning("skipping a frame of unknown type", content_type=ctype or None)

    def _closed(self, reason: str) -> None:
        if self._torn_down:
            return
        self._torn_down = True
        self.connected = False
        self._run = False
        self.close_reason = self.close_reason or reason
        lost = CommandError(
            f"connection to FreeSWITCH at {self.where} lost before the reply ({self.close_reason})"
        )
        pending: list[Any] = [*self._commands_sent, *self._jobs.values()]
        self._commands_sent.clear()
        self._jobs.clear()
        for waiter in pending:
            if not waiter.ready():
                waiter.set_exception(lost)
        self._auth_request_event.set()
        for f in (getattr(self, "sock_file", None), getattr(self, "sock", None)):
            if f is not None:
                f.close()
        self._esl_event_queue.put(_CLOSED)

    def _dispatch_events(self) -> None:
        # Events reach on_event in wire order; an exception there ends this
        # greenlet with it, and the controller treats that as fatal.
        while True:
            event = self._esl_event_queue.get()
            if event is _CLOSED:
                break
            if self._on_event is not None:
                self._on_event(event)
        self.closed.set()
        if self._on_close is not None and self.authenticated:
            self._on_close(self.close_reason)


__all__ = ["EslConnection", "EslReply", "EslStats"]
