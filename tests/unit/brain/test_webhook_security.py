# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Webhook tools: an allow-list of hosts (at agent load and at call time), no redirects
off the list, no credentials in URLs, timeouts, and secret headers never logged."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import SecretStr
from structlog.testing import capture_logs

from aiframe.brain.agent.loader import SHIPPED_AGENTS, load_agent
from aiframe.brain.agent.tools import ToolContext, ToolRegistry, WebhookTool, host_allowed
from aiframe.brain.errors import AgentError, ToolError
from aiframe.brain.service import AgentService
from aiframe.brain.settings import BrainSettings

ROOT = Path(__file__).resolve().parents[3]
SECRET = "Bearer hook-s3cret-value"


class _Hook(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []
    answer: ClassVar[tuple[int, dict[str, str], bytes]] = (200, {}, b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        type(self).seen.append(self.path)
        status, headers, body = type(self).answer
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def hook() -> Iterator[str]:
    _Hook.seen = []
    _Hook.answer = (200, {"Content-Type": "application/json"}, b'{"ok": true}')
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/hook"
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def reg() -> Iterator[ToolRegistry]:
    r = ToolRegistry()
    yield r
    r.close()


def _ctx(tool: str) -> ToolContext:
    return ToolContext(conversation_id="conv", call_id="c1", tool=tool, idempotency_key="k")


@pytest.mark.parametrize(
    ("url", "allowed", "ok"),
    [
        ("https://shop.example/hooks/x", ["shop.example"], True),
        ("https://SHOP.example./hooks/x", ["shop.example"], True),
        ("https://evil.example/hooks/x", ["shop.example"], False),
        ("https://shop.example.evil.net/x", ["shop.example"], False),
        ("https://api.shop.example/x", ["*.shop.example"], True),
        ("https://shop.example/x", ["*.shop.example"], False),
        ("https://shop.example/x", ["shop.example:443"], True),
        ("https://shop.example:8443/x", ["shop.example:443"], False),
        ("http://127.0.0.1:9000/x", ["127.0.0.1:9000"], True),
        ("http://[::1]:9000/x", ["[::1]:9000"], True),
        ("http://[::1]:9001/x", ["[::1]:9000"], False),
        ("https://shop.example/x", [], False),
    ],
)
def test_host_allowed(url: str, allowed: list[str], ok: bool) -> None:
    assert host_allowed(url, allowed) is ok


def test_a_host_off_the_list_is_refused_when_the_tool_is_made() -> None:
    with pytest.raises(
        ToolError, match=r"webhook host evil\.example is not in brain\.webhook_hosts"
    ):
        WebhookTool("t", "https://evil.example/x", allowed_hosts=["shop.example"])
    with pytest.raises(ToolError, match="carries credentials"):
        WebhookTool("t", "https://user:pw@shop.example/x", allowed_hosts=["shop.example"])


def test_a_host_off_the_list_is_refused_at_call_time(reg: ToolRegistry, hook: str) -> None:
    tool = reg.webhook("t", hook, allowed_hosts=["127.0.0.1"])
    assert reg.run("t", {}, _ctx("t")).ok and _Hook.seen == ["/hook"]
    tool.allowed_hosts = ("shop.example",)  # the list changed under a live registry
    r = reg.run("t", {}, _ctx("t"))
    assert not r.ok and "not in brain.webhook_hosts" in (r.error or "")
    assert _Hook.seen == ["/hook"]  # no second request went out


def test_a_redirect_is_not_followed_off_the_list(reg: ToolRegistry, hook: str) -> None:
    _Hook.answer = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    reg.webhook("t", hook, allowed_hosts=["127.0.0.1"])
    r = reg.run("t", {}, _ctx("t"))
    assert not r.ok and r.error == f"webhook {hook}: HTTP 302"


def test_a_webhook_times_out(reg: ToolRegistry) -> None:
    s = socket.socket()  # listens, never answers
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    try:
        reg.webhook("slow", f"http://127.0.0.1:{s.getsockname()[1]}/", timeout_s=0.2)
        r = reg.run("slow", {}, _ctx("slow"))
        assert not r.ok and (
            "no answer in 0.2 s" in (r.error or "") or "timed out" in (r.error or "")
        )
    finally:
        s.close()


def test_secret_headers_and_url_tokens_are_never_logged_or_returned(
    reg: ToolRegistry, hook: str
) -> None:
    _Hook.answer = (503, {}, b"busy")
    url = hook + "?token=q-s3cret"
    reg.webhook("t", url, headers={"Authorization": SecretStr(SECRET)}, retries=1)
    with capture_logs() as logs:
        r = reg.run("t", {}, _ctx("t"))
        _Hook.answer = (200, {"Content-Type": "application/json"}, b"[1]")
        r2 = reg.run("t", {}, _ctx("t"))
    assert not r.ok and not r2.ok and len(_Hook.seen) == 3
    said = json.dumps([r.error, r2.error, logs], default=str)
    assert "s3cret" not in said and "hook-s3cret" not in repr(reg.get("t").__dict__)


def _agent_with_webhook(tmp_path: Path, url: str) -> Path:
    text = (SHIPPED_AGENTS / "acme_support" / "agent.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    python: aiframe.agents.acme_support.tools:lookup_order\n",
        f"    webhook:\n      url: {url}\n      headers_env: {{Authorization: HOOK_AUTH}}\n",
    )
    d = tmp_path / "hooked"
    d.mkdir()
    (d / "agent.yaml").write_text(text, encoding="utf-8")
    (d / "data.sql").write_text(
        (SHIPPED_AGENTS / "acme_support" / "data.sql").read_text(encoding="utf-8")
    )
    return d


def test_an_agent_with_a_webhook_off_the_list_does_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOK_AUTH", SECRET)
    d = _agent_with_webhook(tmp_path, "https://shop.example/hooks/lookup")
    agent = load_agent(str(d), packs=[ROOT / "policies"])
    with pytest.raises(AgentError) as e:
        agent.tools(webhook_hosts=[])
    msg = str(e.value)
    assert f"{d / 'agent.yaml'}: tools.lookup_order.webhook:" in msg
    assert "shop.example is not in brain.webhook_hosts (allowed: none)" in msg
    with pytest.raises(AgentError, match=r"not in brain\.webhook_hosts"):
        AgentService(
            BrainSettings(agent=str(d), data_dir=tmp_path / "db"), packs=[ROOT / "policies"]
        )
    settings = BrainSettings(
        agent=str(d),
        data_dir=tmp_path / "db",
        webhook_hosts=["shop.example"],
    )
    svc = AgentService(settings, packs=[ROOT / "policies"])
    try:
        assert isinstance(svc.tools.get("lookup_order"), WebhookTool)
        assert SECRET not in repr(svc.tools.get("lookup_order").__dict__)
    finally:
        svc.close()
