# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""An LLM test double: a real HTTP server on 127.0.0.1 that speaks the OpenAI
chat-completions protocol (SSE streaming, tool-call deltas, errors) and plays a script.

Each request takes the next :class:`Reply` of the script. A reply can stream text,
stream tool calls in pieces (arguments split across deltas, as real servers do), send
raw or malformed arguments, answer with an HTTP error (with ``Retry-After``), stall
before or during the stream, or send garbage. Every request is recorded, so a test can
check what the model was shown (the prompt, the tools offered). Nothing here is mocked
below HTTP: the brain's real client, SSE parser and assembler do the work::

    script = [Reply.say("Hello!"), Reply.call("lookup_order", {"order_id": "AB123456"})]
    with LlmDouble(script) as llm:
        settings = BrainSettings(kind="llm", base_url=llm.base_url)
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LlmDouble", "RecordedRequest", "Reply", "ScriptedCall"]


@dataclass(frozen=True, slots=True)
class ScriptedCall:
    """A tool call to stream; ``arguments`` is sent as is (it may be broken JSON)."""

    name: str
    arguments: str
    id: str = ""
    pieces: int = 3  # how many deltas the arguments are split into


@dataclass(frozen=True, slots=True)
class Reply:
    """One scripted answer."""

    text: str = ""
    calls: tuple[ScriptedCall, ...] = ()
    status: int = 200
    error: str = ""
    retry_after: float | None = None
    stall_before_s: float = 0.0  # before the response headers
    stall_mid_s: float = 0.0  # after the first text chunk
    keepalive_s: float = 0.0  # while stalling mid-stream, an SSE comment this often
    chunk_chars: int = 8
    finish_reason: str | None = None  # default: tool_calls if calls else stop
    send_done: bool = True
    whole_json: bool = False  # ignore stream: true and send one JSON body
    raw: bytes | None = None  # send this SSE body verbatim

    @classmethod
    def say(cls, text: str, **kw: Any) -> Reply:
        return cls(text=text, **kw)

    @classmethod
    def call(
        cls, name: str, args: Mapping[str, Any] | str, *, text: str = "", id: str = "", **kw: Any
    ) -> Reply:
        raw = args if isinstance(args, str) else json.dumps(dict(args))
        return cls(text=text, calls=(ScriptedCall(name, raw, id),), **kw)

    @classmethod
    def calls_of(cls, *calls: ScriptedCall, text: str = "", **kw: Any) -> Reply:
        return cls(text=text, calls=tuple(calls), **kw)

    @classmethod
    def http_error(cls, status: int, message: str = "", retry_after: float | None = None) -> Reply:
        return cls(status=status, error=message or f"scripted {status}", retry_after=retry_after)


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """What the brain sent."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        msgs: list[dict[str, Any]] = self.body.get("messages", [])
        return msgs

    @property
    def tool_names(self) -> list[str]:
        return [t["function"]["name"] for t in self.body.get("tools", [])]

    @property
    def system(self) -> str:
        return next((m["content"] for m in self.messages if m["role"] == "system"), "")


@dataclass
class _State:
    script: deque[Reply]
    requests: list[RecordedRequest] = field(default_factory=list)
    disconnects: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)


def _chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    obj = {
        "id": "chatcmpl-double",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "double",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(obj).encode() + b"\n\n"


def _split(s: str, n: int) -> list[str]:
    if n <= 1 or len(s) <= 1:
        return [s]
    size = max(1, -(-len(s) // n))
    return [s[i : i + size] for i in range(0, len(s), size)]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return None  # tests read the recorded requests, not stderr

    def _send_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def do_POST(self) -> None:
        st = self.server.state
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        with st.lock:
            st.requests.append(
                RecordedRequest(self.path, dict(self.headers.items()), body, time.monotonic())
            )
            reply = st.script.popleft() if st.script else None
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        if reply is None:
            self._json(500, {"error": {"message": "the double's script is exhausted"}})
            return
        try:
            self._play(reply)
        except (BrokenPipeError, ConnectionResetError):
            with st.lock:
                st.disconnects += 1

    def _json(self, status: int, obj: Any, extra: Mapping[str, str] | None = None) -> None:
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def _play(self, r: Reply) -> None:
        stop = self.server.state.stop
        if r.stall_before_s and stop.wait(r.stall_before_s):
            return
        if r.status != 200:
            extra = {"Retry-After": f"{r.retry_after:g}"} if r.retry_after is not None else None
            self._json(r.status, {"error": {"message": r.error, "type": "scripted"}}, extra)
            return
        finish = r.finish_reason or ("tool_calls" if r.calls else "stop")
        if r.whole_json:
            msg: dict[str, Any] = {"role": "assistant", "content": r.text or None}
            if r.calls:
                msg["tool_calls"] = [
                    {"id": c.id or f"call_{i}", "type": "function",
                     "function": {"name": c.name, "arguments": c.arguments}}
                    for i, c in enumerate(r.calls, start=1)
                ]  # fmt: skip
            self._json(200, {"choices": [{"index": 0, "message": msg, "finish_reason": finish}]})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if r.raw is not None:
            self._send_chunk(r.raw)
            self._send_chunk(b"")
            return
        self._send_chunk(_chunk({"role": "assistant", "content": ""}))
        first = True
        for piece in _split(r.text, max(1, -(-len(r.text) // max(1, r.chunk_chars)))):
            if not piece:
                continue
            self._send_chunk(_chunk({"content": piece}))
            if first and r.stall_mid_s and self._stall(r.stall_mid_s, r.keepalive_s):
                return
            first = False
        if not r.text and r.stall_mid_s and self._stall(r.stall_mid_s, r.keepalive_s):
            return
        for i, c in enumerate(r.calls):
            cid = c.id or f"call_{i + 1}"
            head = {"index": i, "id": cid, "type": "function",
                    "function": {"name": c.name, "arguments": ""}}  # fmt: skip
            self._send_chunk(_chunk({"tool_calls": [head]}))
            for part in _split(c.arguments, c.pieces):
                delta = {"index": i, "function": {"arguments": part}}
                self._send_chunk(_chunk({"tool_calls": [delta]}))
        self._send_chunk(_chunk({}, finish))
        if r.send_done:
            self._send_chunk(b"data: [DONE]\n\n")
        self._send_chunk(b"")

    def _stall(self, seconds: float, keepalive: float) -> bool:
        """Wait; True if the double is shutting down."""
        stop = self.server.state.stop
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if stop.wait(min(left, keepalive) if keepalive else left):
                return True
            if keepalive and left > 0:
                self._send_chunk(b": keep-alive\n\n")
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: _State) -> None:
        self.state = state
        super().__init__(("127.0.0.1", 0), _Handler)


class LlmDouble:
    """The scripted chat-completions server. Use as a context manager."""

    def __init__(self, script: Iterable[Reply] = ()) -> None:
        self._state = _State(deque(script))
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LlmDouble:
        self._server = _Server(self._state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __enter__(self) -> LlmDouble:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the double is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def push(self, *replies: Reply) -> None:
        with self._state.lock:
            self._state.script.extend(replies)

    def clear(self) -> int:
        """Drop the replies not yet used (a turn ended before the model's script did);
        returns how many were dropped."""
        with self._state.lock:
            n = len(self._state.script)
            self._state.script.clear()
            return n

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def disconnects(self) -> int:
        """Streams the client closed before the double finished them."""
        with self._state.lock:
            return self._state.disconnects

    @property
    def left(self) -> int:
        with self._state.lock:
            return len(self._state.script)

    def close(self) -> None:
        self._state.stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
