# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The chat-completions client against the LLM double: real HTTP, real SSE."""

from __future__ import annotations

import asyncio
import random
import socket
import time
from typing import Any

import pytest
from pydantic import SecretStr
from structlog.testing import capture_logs

from aiframe.brain.engines.llm_client import ChatClient, ChatText, ChatToolCalls, Finished
from aiframe.brain.errors import LlmError, LlmHttpError, LlmProtocolError, LlmTimeoutError
from aiframe.lab.fakes.llm_double import LlmDouble, Reply, ScriptedCall

MSGS = [{"role": "user", "content": "hi"}]


def _client(url: str, **kw: Any) -> ChatClient:
    kw.setdefault("retry_base_ms", 20)
    kw.setdefault("retry_max_ms", 200)
    return ChatClient(base_url=url, model="m", rng=random.Random(7), **kw)


def _collect(client: ChatClient, tools: list[dict[str, Any]] | None = None) -> list[Any]:
    async def run() -> list[Any]:
        try:
            return [p async for p in client.stream(MSGS, tools or [])]
        finally:
            await client.aclose()

    return asyncio.run(run())


def test_streams_text_then_tool_calls_then_finish() -> None:
    reply = Reply.calls_of(
        ScriptedCall("lookup_order", '{"order_id": "AB123456"}', "c1", pieces=4),
        ScriptedCall("hang_up", "{}", "c2"),
        text="Let me look that up.",
        chunk_chars=4,
    )
    with LlmDouble([reply]) as llm:
        out = _collect(_client(llm.base_url))
        req = llm.requests[0]
    text = "".join(p.text for p in out if isinstance(p, ChatText))
    assert text == "Let me look that up."
    assert len([p for p in out if isinstance(p, ChatText)]) == 5  # it streamed
    calls = next(p for p in out if isinstance(p, ChatToolCalls)).calls
    assert [(c.call_id, c.name, c.args) for c in calls] == [
        ("c1", "lookup_order", {"order_id": "AB123456"}),
        ("c2", "hang_up", {}),
    ]
    assert out[-1] == Finished("tool_calls")
    assert req.path == "/v1/chat/completions"
    assert req.body["stream"] is True and req.body["model"] == "m"


def test_retries_429_honouring_retry_after_then_succeeds() -> None:
    with LlmDouble([Reply.http_error(429, "slow down", retry_after=0.3), Reply.say("ok")]) as llm:
        c = _client(llm.base_url, retry_max_ms=1000)
        out = _collect(c)
        reqs = llm.requests
    assert out[0] == ChatText("ok") and c.attempts == 2
    assert reqs[1].at - reqs[0].at >= 0.28


def test_retries_5xx_with_jitter_until_it_gives_up() -> None:
    with LlmDouble([Reply.http_error(503, "busy")] * 3) as llm:
        c = _client(llm.base_url, max_retries=2)
        with capture_logs() as logs, pytest.raises(LlmHttpError, match="HTTP 503: busy") as e:
            _collect(c)
    assert e.value.status == 503 and e.value.retryable
    assert c.attempts == 3
    assert [x["event"] for x in logs] == ["llm request failed; retrying"] * 2


def test_backoff_is_full_jitter_within_the_cap() -> None:
    c = _client("http://127.0.0.1:9", retry_base_ms=100, retry_max_ms=1000)
    for attempt in range(8):
        cap = min(1.0, 0.1 * 2**attempt)
        waits = [c.backoff_s(attempt) for _ in range(200)]
        assert all(0 <= w <= cap for w in waits)
        assert max(waits) > cap * 0.8  # it does spread out up to the cap
    assert c.backoff_s(0, retry_after=5.0) == 1.0  # Retry-After, capped


def test_client_errors_are_not_retried() -> None:
    with LlmDouble([Reply.http_error(400, "bad model"), Reply.say("never")]) as llm:
        c = _client(llm.base_url)
        with pytest.raises(LlmHttpError, match="HTTP 400: bad model") as e:
            _collect(c)
        assert llm.left == 1
    assert not e.value.retryable and c.attempts == 1


def test_connection_refused_is_an_llm_error() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    c = _client(f"http://127.0.0.1:{port}/v1", max_retries=1)
    with pytest.raises(LlmError, match="cannot connect"):
        _collect(c)
    assert c.attempts == 2


def test_the_api_key_is_sent_but_never_logged_or_echoed() -> None:
    key = "sk-very-secret-123"
    with LlmDouble([Reply.http_error(500, "oops"), Reply.http_error(401, "bad key")]) as llm:
        c = _client(llm.base_url, api_key=SecretStr(key), max_retries=1)
        with capture_logs() as logs, pytest.raises(LlmHttpError) as e:
            _collect(c)
        sent = [r.headers.get("Authorization") for r in llm.requests]
    assert sent == [f"Bearer {key}"] * 2
    assert key not in str(e.value) and key not in repr(logs)


def test_a_server_that_ignores_stream_true() -> None:
    reply = Reply.call("lookup_order", {"order_id": "AB123456"}, text="Checking.", whole_json=True)
    with LlmDouble([reply]) as llm:
        out = _collect(_client(llm.base_url))
    assert out[0] == ChatText("Checking.")
    assert isinstance(out[1], ChatToolCalls) and out[1].calls[0].args == {"order_id": "AB123456"}
    assert out[-1] == Finished("tool_calls")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"data: {not json}\n\n", "not JSON"),
        (b'data: {"choices": [{"delta": {"content": "hi"}}]}\n\n', "ended before the reply"),
        (b'data: {"error": {"message": "model crashed"}}\n\n', "model crashed"),
        (b"event: error\ndata: overloaded\n\n", "error event"),
    ],
)
def test_garbage_is_a_protocol_error(raw: bytes, why: str) -> None:
    with LlmDouble([Reply(raw=raw)]) as llm, pytest.raises(LlmProtocolError, match=why):
        _collect(_client(llm.base_url))


def test_keepalive_comments_are_ignored() -> None:
    reply = Reply.say("One. Two.", stall_mid_s=0.3, keepalive_s=0.05, chunk_chars=5)
    with LlmDouble([reply]) as llm:
        out = _collect(_client(llm.base_url, read_timeout_s=0.2))
    assert "".join(p.text for p in out if isinstance(p, ChatText)) == "One. Two."


def test_a_stalled_stream_times_out_between_chunks() -> None:
    with LlmDouble([Reply.say("One. Two.", stall_mid_s=2.0, chunk_chars=5)]) as llm:
        t0 = time.monotonic()
        with pytest.raises(LlmTimeoutError, match="stalled"):
            _collect(_client(llm.base_url, read_timeout_s=0.2))
        assert time.monotonic() - t0 < 1.5
