# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A FreeSWITCH event-socket double for tests and benchmarks.

A real TCP server on 127.0.0.1 speaking mod_event_socket's wire protocol:
``auth/request`` on connect, ``auth``, ``event plain`` with CUSTOM subclasses,
``api`` answered as ``api/response`` with ``Content-Length``, ``bgapi``
answered with a ``Job-UUID`` and a later ``BACKGROUND_JOB`` event (honouring a
``Job-UUID`` the client chose), ``sendevent``, ``exit``, disconnect notices
and URL-encoded ``text/event-plain`` events. Behind it sits a small model of
channels and their variables, enough for call control to act on.

It runs on plain threads and blocking sockets, independent of gevent, so a
controller under test in the same process cannot lean on it by accident.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

ApiHandler = Callable[[list[str]], str]
AttachHook = Callable[[str, dict[str, str]], tuple[int, int]]


def serialize_event(headers: dict[str, str], body: str = "") -> bytes:
    """One ``text/event-plain`` frame, as mod_event_socket writes it."""
    payload = "".join(f"{k}: {quote(v, safe='')}\n" for k, v in headers.items())
    raw_body = body.encode()
    if raw_body:
        data = (payload + f"Content-Length: {len(raw_body)}\n\n").encode() + raw_body
    else:
        data = (payload + "\n").encode()
    return f"Content-Length: {len(data)}\nContent-Type: text/event-plain\n\n".encode() + data


@dataclass
class _Client:
    sock: socket.socket
    authed: bool = False
    events: set[str] = field(default_factory=set)
    subclasses: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, data: bytes) -> None:
        # A client that went away is cleaned up by its reader thread.
        with self.lock, contextlib.suppress(OSError):
            self.sock.sendall(data)

    def wants(self, name: str, subclass: str) -> bool:
        if not self.authed:
            return False
        if "ALL" in self.events or name in self.events:
            return True
        return name == "CUSTOM" and subclass in self.subclasses


class FakeSwitch:
    """Start with ``start()``; ``address`` is where to connect."""

    def __init__(
        self, password: str = "s3cret-test", *, module_loaded: bool = True, host: str = "127.0.0.1"
    ) -> None:
        self.password = password
        self.module_loaded = module_loaded
        self.core_uuid = str(uuidlib.uuid4())
        self.channels: dict[str, dict[str, str]] = {}
        self.commands: list[str] = []  # every command received, passwords redacted
        self.sent_events: list[dict[str, str]] = []  # what clients fired with sendevent
        self.api_overrides: dict[str, ApiHandler] = {}
        self.api_delay_s: dict[str, float] = {}
        self.reject_all = False  # answer connections with text/rude-rejection
        # mod_aiframe's part: which channels are attached (slot, generation), and
        # hooks that claim or release a slot when `uuid_aiframe start|stop` runs.
        self.attached: dict[str, tuple[int, int]] = {}
        self.on_attach: AttachHook | None = None
        self.on_detach: Callable[[str], None] | None = None
        self.connections = 0
        self._clients: list[_Client] = []
        self._lock = threading.Lock()
        self._seq = 0
        self._server = socket.create_server((host, 0))
        self.address: tuple[str, int] = self._server.getsockname()[:2]
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._stop_event = threading.Event()

    @property
    def port(self) -> int:
        return self.address[1]

    # ---- life --------------------------------------------------------------------

    def start(self) -> FakeSwitch:
        t = threading.Thread(target=self._accept_loop, name="fakeswitch-accept", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stopping = True
        self._stop_event.set()
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._server.close()
        self.drop_clients()
        for t in self._threads:
            t.join(timeout=2.0)

    def __enter__(self) -> FakeSwitch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def clients(self) -> int:
        with self._lock:
            return sum(1 for c in self._clients if c.authed)

    def drop_clients(self) -> None:
        """Cut every connection, as a killed TCP session would."""
        with self._lock:
            clients, self._clients = self._clients, []
        for c in clients:
            with contextlib.suppress(OSError):
                c.sock.shutdown(socket.SHUT_RDWR)
            c.sock.close()

    # ---- the channel model -------------------------------------------------------

    def add_channel(self, uuid: str, **variables: str) -> None:
        with self._lock:
            self.channels[uuid] = dict(variables)

    def hangup(self, uuid: str, cause: str = "NORMAL_CLEARING") -> None:
        with self._lock:
            self.channels.pop(uuid, None)
        self.emit("CHANNEL_HANGUP", {"Unique-ID": uuid, "Hangup-Cause": cause})
        self._detach(uuid, "hangup")

    def _detach(self, uuid: str, reason: str) -> bool:
        with self._lock:
            where = self.attached.pop(uuid, None)
        if where is None:
            return False
        self.emit_custom(
            "aiframe::stop",
            {
                "Unique-ID": uuid,
                "aiframe-reason": reason,
                "aiframe-slot": str(where[0]),
                "aiframe-generation": str(where[1]),
            },
        )
        if self.on_detach is not None:
            self.on_detach(uuid)
        return True

    # ---- events ------------------------------------------------------------------

    def emit(
        self, name: str, headers: dict[str, str], *, subclass: str = "", body: str = ""
    ) -> None:
        """Fire an event to every client subscribed to it."""
        with self._lock:
            self._seq += 1
            seq = self._seq
            clients = list(self._clients)
        full = {
            "Event-Name": name,
            "Core-UUID": self.core_uuid,
            "FreeSWITCH-Hostname": "fakeswitch",
            "Event-Date-Timestamp": str(time.time_ns() // 1000),
            "Event-Sequence": str(seq),
        }
        if subclass:
            full["Event-Subclass"] = subclass
        full.update(headers)
        frame = serialize_event(full, body)
        for c in clients:
            if c.wants(name, subclass):
                c.send(frame)

    def emit_custom(self, subclass: str, headers: dict[str, str]) -> None:
        self.emit("CUSTOM", headers, subclass=subclass)

    def emit_start(
        self,
        uuid: str,
        slot: int,
        generation: int,
        rate: int = 16000,
        conversation_id: str = "",
        caller: str = "1000",
        **args: str,
    ) -> None:
        headers = {
            "Unique-ID": uuid,
            "aiframe-slot": str(slot),
            "aiframe-generation": str(generation),
            "aiframe-rate": str(rate),
            "aiframe-conversation-id": conversation_id,
            "Caller-Caller-ID-Number": caller,
        }
        headers.update({f"aiframe-arg-{k}": v for k, v in args.items()})
        with self._lock:
            self.attached[uuid] = (slot, generation)
        self.emit_custom("aiframe::start", headers)

    def emit_dtmf(self, uuid: str, digit: str, duration_samples: int = 2000) -> None:
        self.emit(
            "DTMF",
            {
                "Unique-ID": uuid,
                "DTMF-Digit": digit,
                "DTMF-Duration": str(duration_samples),
                "DTMF-Source": "RTP",
            },
        )

    def send_raw(self, data: bytes) -> None:
        """Bytes straight onto every authenticated connection (malformed-frame tests)."""
        with self._lock:
            clients = [c for c in self._clients if c.authed]
        for c in clients:
            c.send(data)

    # ---- the wire ----------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stopping:
            try:
                sock, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            client = _Client(sock)
            if self.reject_all:
                body = b"Access Denied, go away.\n"
                client.send(
                    b"Content-Type: text/rude-rejection\nContent-Length: %d\n\n" % len(body) + body
                )
                sock.close()
                continue
            with self._lock:
                self._clients.append(client)
            t = threading.Thread(target=self._serve, args=(client,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, c: _Client) -> None:
        c.send(b"Content-Type: auth/request\n\n")
        f = c.sock.makefile("rb")
        try:
            while True:
                lines: list[str] = []
                while True:
                    raw = f.readline()
                    if not raw:
                        return
                    line = raw.decode().rstrip("\r\n")
                    if not line:
                        break
                    lines.append(line)
                if lines and not self._command(c, lines):
                    return
        except OSError:
            return
        finally:
            f.close()
            c.sock.close()
            with self._lock:
                if c in self._clients:
                    self._clients.remove(c)

    def _reply(self, c: _Client, text: str, extra: dict[str, str] | None = None) -> None:
        head = f"Content-Type: command/reply\nReply-Text: {text}\n"
        for k, v in (extra or {}).items():
            head += f"{k}: {v}\n"
        c.send((head + "\n").encode())

    def _disconnect(self, c: _Client) -> None:
        body = b"Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"
        c.send(b"Content-Type: text/disconnect-notice\nContent-Length: %d\n\n" % len(body) + body)

    def _command(self, c: _Client, lines: list[str]) -> bool:
        first = lines[0]
        verb, _, rest = first.partition(" ")
        self.commands.append("auth ***" if verb == "auth" else "\n".join(lines))
        if verb == "auth":
            if rest == self.password:
                c.authed = True
                self._reply(c, "+OK accepted")
                return True
            self._reply(c, "-ERR invalid")
            self._disconnect(c)
            return False
        if not c.authed:
            self._reply(c, "-ERR command not found")
            return True
        if verb == "exit":
            self._reply(c, "+OK bye")
            self._disconnect(c)
            return False
        if verb == "event":
            fmt, _, names = rest.partition(" ")
            if fmt != "plain":
                self._reply(c, f"-ERR {fmt} format not supported by this double")
                return True
            custom = False
            for name in names.split():
                if custom:
                    c.subclasses.add(name)
                elif name == "CUSTOM":
                    custom = True
                else:
                    c.events.add(name)
            self._reply(c, "+OK event listener enabled plain")
            return True
        if verb == "api":
            out = self._api(rest).encode()
            c.send(b"Content-Type: api/response\nContent-Length: %d\n\n" % len(out) + out)
            return True
        if verb == "bgapi":
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            job = headers.get("Job-UUID") or str(uuidlib.uuid4())
            self._reply(c, f"+OK Job-UUID: {job}", {"Job-UUID": job})
            t = threading.Thread(target=self._job, args=(job, rest), daemon=True)
            t.start()
            return True
        if verb == "sendevent":
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            headers["Event-Name"] = rest or "CUSTOM"
            self.sent_events.append(headers)
            self._reply(c, f"+OK {uuidlib.uuid4()}")
            return True
        self._reply(c, "-ERR command not found")
        return True

    def _job(self, job: str, cmd: str) -> None:
        out = self._api(cmd)
        name = cmd.split(" ", 1)[0]
        self.emit(
            "BACKGROUND_JOB",
            {"Job-UUID": job, "Job-Command": name, "Job-Command-Arg": cmd[len(name) + 1 :]},
            body=out,
        )

    def _api(self, cmd: str) -> str:
        argv = cmd.split()
        if not argv:
            return "-ERR no command\n"
        name = argv[0]
        delay = self.api_delay_s.get(name)
        if delay:
            self._stop_event.wait(delay)
        if name in self.api_overrides:
            return self.api_overrides[name](argv[1:])
        fn = getattr(self, f"_api_{name}", None)
        if fn is None:
            return f"-ERR {name} Command not found!\n"
        out: str = fn(argv[1:])
        return out

    def _channel(self, argv: list[str]) -> dict[str, str] | None:
        with self._lock:
            return self.channels.get(argv[0]) if argv else None

    def _api_status(self, argv: list[str]) -> str:
        return "UP 0 years, 0 days, 0 hours, 1 minute\nFreeSWITCH (fake) is ready\n"

    def _api_module_exists(self, argv: list[str]) -> str:
        if argv == ["mod_aiframe"]:
            return "true" if self.module_loaded else "false"
        return "false"

    def _api_show(self, argv: list[str]) -> str:
        if argv[:1] != ["channels"]:
            return "-USAGE: show channels\n"
        with self._lock:
            rows = [{"uuid": u, "name": f"fake/{u}"} for u in self.channels]
        if "json" in argv:
            return json.dumps({"row_count": len(rows), "rows": rows} if rows else {"row_count": 0})
        return "uuid,name\n" + "".join(f"{r['uuid']},{r['name']}\n" for r in rows)

    def _api_uuid_kill(self, argv: list[str]) -> str:
        if self._channel(argv) is None:
            return "-ERR No such channel!\n"
        self.hangup(argv[0], argv[1] if len(argv) > 1 else "NORMAL_CLEARING")
        return "+OK\n"

    def _api_uuid_transfer(self, argv: list[str]) -> str:
        if len(argv) < 2:
            return "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n"
        return "+OK\n" if self._channel(argv) is not None else "-ERR No such channel!\n"

    def _api_uuid_bridge(self, argv: list[str]) -> str:
        if len(argv) != 2:
            return "-USAGE: <uuid> <other_uuid>\n"
        if self._channel(argv) is None or self._channel(argv[1:]) is None:
            return "-ERR No such channel!\n"
        self.emit("CHANNEL_BRIDGE", {"Unique-ID": argv[0], "Other-Leg-Unique-ID": argv[1]})
        return f"+OK {argv[1]}\n"

    def _api_uuid_send_dtmf(self, argv: list[str]) -> str:
        if len(argv) != 2:
            return "-USAGE: <uuid> <dtmf_data>\n"
        return "+OK Success\n" if self._channel(argv) is not None else "-ERR No such channel!\n"

    def _api_uuid_broadcast(self, argv: list[str]) -> str:
        if len(argv) < 2:
            return "-USAGE: <uuid> <path> [aleg|bleg|both]\n"
        return (
            "+OK Message sent\n" if self._channel(argv) is not None else "-ERR No such channel!\n"
        )

    def _api_uuid_setvar(self, argv: list[str]) -> str:
        if len(argv) < 2:
            return "-USAGE: <uuid> <var> [value]\n"
        ch = self._channel(argv)
        if ch is None:
            return "-ERR No such channel!\n"
        with self._lock:
            ch[argv[1]] = " ".join(argv[2:])
        return "+OK\n"

    def _api_uuid_getvar(self, argv: list[str]) -> str:
        if len(argv) != 2:
            return "-USAGE: <uuid> <var>\n"
        ch = self._channel(argv)
        if ch is None:
            return "-ERR No such channel!\n"
        return ch.get(argv[1], "_undef_")

    def _api_uuid_aiframe(self, argv: list[str]) -> str:
        usage = "USAGE: uuid_aiframe <uuid> start|stop|flush|pause|resume [key=value ...]\n"
        if len(argv) < 2 or argv[1] not in ("start", "stop", "flush", "pause", "resume"):
            return "-ERR missing or unknown action\n" + usage
        uuid, action = argv[0], argv[1]
        ch = self._channel(argv)
        if ch is None:
            return f"-ERR no such channel '{uuid}'\n" + usage
        if action == "start":
            if uuid in self.attached:
                return f"-ERR aiframe already running on {uuid}\n"
            if self.on_attach is None:
                return "-ERR no free slot (this double has no media host)\n"
            opts = dict(kv.split("=", 1) for kv in argv[2:] if "=" in kv)
            slot, gen = self.on_attach(uuid, opts)
            # As the module does: a conversation id already on the channel wins.
            with self._lock:
                conv = ch.setdefault("aiframe_conversation_id", str(uuidlib.uuid4()))
            rate = int(opts.pop("rate", "16000"))
            self.emit_start(uuid, slot, gen, rate, conv, ch.get("caller", "1000"), **opts)
            return f"+OK slot {slot} generation {gen}\n"
        if uuid not in self.attached:
            return f"-ERR aiframe is not running on {uuid}\n"
        if action == "stop":
            self._detach(uuid, "api")
            return "+OK stopped\n"
        return f"+OK {action}\n"

    def _api_uuid_record(self, argv: list[str]) -> str:
        if len(argv) < 3 or argv[1] not in ("start", "stop", "mask", "unmask"):
            return "-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>]\n"
        return "+OK Success\n" if self._channel(argv) is not None else "-ERR No such channel!\n"


__all__ = ["FakeSwitch", "serialize_event"]
