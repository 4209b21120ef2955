# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from aiframe.brain.agent.loader import Agent
from aiframe.brain.agent.tools import (
    PythonTool,
    ToolContext,
    ToolRegistry,
    ToolReply,
    idempotency_key,
)
from aiframe.brain.errors import ToolError

ARGS = {
    "type": "object",
    "properties": {"order_id": {"type": "string", "pattern": "^[A-Z0-9]{6,12}$"}},
    "required": ["order_id"],
    "additionalProperties": False,
}


def _ctx(tool: str = "t", key: str = "k1") -> ToolContext:
    return ToolContext(conversation_id="conv", call_id="c1", tool=tool, idempotency_key=key)


@pytest.fixture
def reg() -> Iterator[ToolRegistry]:
    r = ToolRegistry()
    yield r
    r.close()


def test_python_tool_result_and_facts(reg: ToolRegistry) -> None:
    @reg.python("verify", args=ARGS, sets_facts=["identity_verified"], returns={"name": "personal"})
    def verify(args: Mapping[str, Any], ctx: ToolContext) -> ToolReply:
        return ToolReply({"match": True, "name": "Jane"}, {"identity_verified": True})

    r = reg.run("verify", {"order_id": "AB123456"}, _ctx("verify"))
    assert r.ok and r.result == {"match": True, "name": "Jane"}
    assert r.facts == {"identity_verified": True}
    assert r.tainted["verify.name"].data_class == "personal"
    assert r.idempotency_key == "k1" and r.elapsed_ms >= 0


def test_bad_arguments_are_refused_before_the_tool_runs(reg: ToolRegistry) -> None:
    ran = []
    reg.python("t", args=ARGS)(lambda a, c: ran.append(1) or {})
    r = reg.run("t", {"order_id": "ab; drop table"}, _ctx())
    assert not r.ok and r.error is not None and "order_id" in r.error and "bad arguments" in r.error
    assert ran == []


def test_a_tool_may_not_set_facts_it_does_not_declare(reg: ToolRegistry) -> None:
    reg.python("t")(lambda a, c: ToolReply({}, {"supervisor_approved": True}))
    r = reg.run("t", {}, _ctx())
    assert not r.ok and r.error is not None and "supervisor_approved" in r.error
    assert r.facts == {}


def test_a_raising_tool_is_a_failed_call(reg: ToolRegistry) -> None:
    def boom(args: Mapping[str, Any], ctx: ToolContext) -> dict[str, Any]:
        raise ZeroDivisionError("no")

    reg.python("t")(boom)
    r = reg.run("t", {}, _ctx())
    assert not r.ok and r.error == "tool t failed: ZeroDivisionError: no"


def test_a_slow_tool_times_out_and_wait_can_poll(reg: ToolRegistry) -> None:
    release = threading.Event()
    reg.add(PythonTool("slow", lambda a, c: release.wait(2) and {}, timeout_s=0.2))
    pending = reg.start("slow", {}, _ctx())
    assert pending.wait(0.05) is None  # still running, its timeout not reached
    r = pending.wait()
    assert r is not None and not r.ok and r.error == "tool slow timed out after 200 ms"
    release.set()


def test_unknown_tool_and_duplicates(reg: ToolRegistry) -> None:
    r = reg.run("nope", {}, _ctx())
    assert not r.ok and r.error is not None and "no tool 'nope'" in r.error
    reg.python("t")(lambda a, c: {})
    with pytest.raises(ToolError, match="already registered"):
        reg.python("t")(lambda a, c: {})
    with pytest.raises(ToolError, match="not valid JSON Schema"):
        PythonTool("bad", lambda a, c: {}, args={"type": "objekt"})


def test_results_are_tagged_with_the_packs_data_classes(acme: Agent) -> None:
    reg = ToolRegistry()
    reg.python("lookup_order", args=ARGS)(
        lambda a, c: {"status": "delivered", "total": 45.99, "items": ["kettle"], "eta": "x"}
    )
    r = reg.run("lookup_order", {"order_id": "AB123456"}, _ctx(), policy=acme.policy)
    reg.close()
    assert {k: v.data_class for k, v in r.tainted.items()} == {
        "lookup_order.status": "order_details",
        "lookup_order.total": "financial",
        "lookup_order.items.0": "order_details",
    }


def test_idempotency_keys_are_stable_and_distinct() -> None:
    a = idempotency_key("conv", 3, "issue_refund", {"amount": 20, "order_id": "AB123456"})
    b = idempotency_key("conv", 3, "issue_refund", {"order_id": "AB123456", "amount": 20})
    c = idempotency_key("conv", 4, "issue_refund", {"order_id": "AB123456", "amount": 20})
    assert a == b != c and len(a) == 32


class _Hook(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[dict[str, str], dict[str, Any]]]] = []
    fail_first = 0
    reply: Any = None

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        type(self).seen.append((dict(self.headers.items()), body))
        if type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = json.dumps(type(self).reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def hook() -> Iterator[str]:
    _Hook.seen = []
    _Hook.fail_first = 0
    _Hook.reply = {"result": {"match": True}, "facts": {"identity_verified": True}}
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/hook"
    srv.shutdown()
    srv.server_close()


def test_webhook_posts_args_with_the_idempotency_key(reg: ToolRegistry, hook: str) -> None:
    from pydantic import SecretStr

    reg.webhook(
        "verify",
        hook,
        args=ARGS,
        sets_facts=["identity_verified"],
        headers={"Authorization": SecretStr("Bearer s3cret")},
    )
    r = reg.run("verify", {"order_id": "AB123456"}, _ctx("verify", key="abc"))
    assert r.ok and r.result == {"match": True} and r.facts == {"identity_verified": True}
    headers, body = _Hook.seen[0]
    assert headers["Idempotency-Key"] == "abc" and headers["Authorization"] == "Bearer s3cret"
    assert body == {
        "tool": "verify",
        "args": {"order_id": "AB123456"},
        "conversation_id": "conv",
        "call_id": "c1",
    }


def test_webhook_retries_reuse_the_same_key(reg: ToolRegistry, hook: str) -> None:
    _Hook.fail_first = 2
    _Hook.reply = {"status": "delivered"}  # a plain object is the result itself
    reg.webhook("lookup", hook, retries=2)
    r = reg.run("lookup", {}, _ctx("lookup", key="same"))
    assert r.ok and r.result == {"status": "delivered"}
    assert [h["Idempotency-Key"] for h, _ in _Hook.seen] == ["same"] * 3


def test_webhook_failures_are_results(reg: ToolRegistry, hook: str) -> None:
    _Hook.fail_first = 5
    reg.webhook("lookup", hook, retries=1)
    r = reg.run("lookup", {}, _ctx("lookup"))
    assert not r.ok and r.error is not None and "HTTP 503" in r.error
    _Hook.fail_first = 0
    _Hook.reply = [1, 2]
    assert (
        reg.run("lookup", {}, _ctx("lookup")).error
        == f"webhook {hook}: the answer is not a JSON object"
    )
    with pytest.raises(ToolError, match="must be http"):
        reg.webhook("x", "ftp://example.com")


def test_webhook_timeout(reg: ToolRegistry) -> None:
    # A listening socket that never answers.
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    try:
        reg.webhook("slow", f"http://127.0.0.1:{s.getsockname()[1]}/", timeout_s=0.2)
        t0 = time.monotonic()
        r = reg.run("slow", {}, _ctx("slow"))
        assert (
            not r.ok and r.error is not None and ("no answer" in r.error or "timed out" in r.error)
        )
        assert time.monotonic() - t0 < 1.5
    finally:
        s.close()
