# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""An OpenAI-compatible chat-completions client: streaming, tool calls, retries.

Works against any base URL that serves ``POST {base_url}/chat/completions``: OpenAI,
vLLM, llama.cpp's server, Ollama. What it does beyond the wire format:

- retries a request refused with 429 or a 5xx, or that could not connect, with full
  jitter backoff (``uniform(0, min(max, base * 2**attempt))``), honouring a
  ``Retry-After`` header up to the same cap. Once the reply has started streaming it is
  never retried: the caller may already have spoken part of it;
- separate connect and between-chunk read timeouts (the whole round's budget is the
  caller's, see :class:`~aiframe.brain.engines.llm.LlmBrain`);
- accepts a server that ignores ``stream: true`` and sends one JSON body.

The API key goes in the ``Authorization`` header only; it is never logged and never
part of an error message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import httpx
from pydantic import SecretStr

from aiframe.brain.engines.chat import ToolCallAssembler, parse_chunk, parse_completion
from aiframe.brain.engines.events import ToolCallRequest
from aiframe.brain.engines.sse import SseDecoder
from aiframe.brain.errors import LlmError, LlmHttpError, LlmProtocolError, LlmTimeoutError
from aiframe.logs import get_logger

__all__ = ["RETRY_STATUSES", "ChatClient", "ChatText", "ChatToolCalls", "Finished"]

log = get_logger("brain.llm")

RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class ChatText:
    """A piece of the reply's text, as it streamed."""

    text: str


@dataclass(frozen=True, slots=True)
class ChatToolCalls:
    """Every tool call of the reply, assembled (sent once, at the end)."""

    calls: tuple[ToolCallRequest, ...]


@dataclass(frozen=True, slots=True)
class Finished:
    """The reply is complete."""

    reason: str


ChatPiece = ChatText | ChatToolCalls | Finished


def _error_message(body: bytes) -> str:
    """What an error body says, without echoing anything large."""
    try:
        obj = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        text = body.decode("utf-8", "replace").strip()
        return text[:200] or "(empty body)"
    err = obj.get("error") if isinstance(obj, dict) else None
    if isinstance(err, dict) and isinstance(err.get("message"), str):
        return str(err["message"])[:300]
    if isinstance(err, str):
        return err[:300]
    return json.dumps(obj)[:200]


def _retry_after(resp: httpx.Response) -> float | None:
    v = resp.headers.get("retry-after")
    if v is None:
        return None
    try:
        return max(0.0, float(v))
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


class ChatClient:
    """One endpoint and model. Use from a single asyncio event loop."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: SecretStr | None = None,
        connect_timeout_s: float = 3.0,
        read_timeout_s: float = 10.0,
        max_retries: int = 2,
        retry_base_ms: int = 250,
        retry_max_ms: int = 4000,
        temperature: float = 0.2,
        max_tokens: int = 300,
        rng: random.Random | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self._key = api_key
        self._timeout = httpx.Timeout(
            connect=connect_timeout_s, read=read_timeout_s, write=read_timeout_s, pool=None
        )
        self.max_retries = max_retries
        self._base_s = retry_base_ms / 1000
        self._max_s = retry_max_ms / 1000
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._rng = rng or random.Random()
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self.attempts = 0  # requests sent, retries included (for tests and metrics)

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=self._timeout, transport=self._transport)
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def backoff_s(self, attempt: int, retry_after: float | None = None) -> float:
        """The wait before retry number ``attempt`` (0-based): full jitter."""
        delay = self._rng.uniform(0, min(self._max_s, self._base_s * (2**attempt)))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self._max_s))
        return delay

    def _headers(self) -> dict[str, str]:
        h = {"Accept": "text/event-stream", "Content-Type": "application/json"}
        if self._key is not None:
            h["Authorization"] = f"Bearer {self._key.get_secret_value()}"
        return h

    def body(
        self, messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]]
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "stream": True,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }
        if tools:
            body["tools"] = list(tools)
            body["tool_choice"] = "auto"
        return body

    async def _open(self, body: dict[str, Any]) -> httpx.Response:
        """Send until a 2xx, retrying what is worth retrying."""
        client = self._client()
        attempt = 0
        while True:
            self.attempts += 1
            req = client.build_request("POST", self.url, json=body, headers=self._headers())
            try:
                resp = await client.send(req, stream=True)
            except httpx.TimeoutException:
                failure: LlmError = LlmTimeoutError(
                    f"{self.url}: no answer in time (connect {self._timeout.connect:g} s, "
                    f"read {self._timeout.read:g} s)"
                )
                wait_hint = None
            except httpx.TransportError as e:
                failure = LlmError(f"{self.url}: cannot connect: {type(e).__name__}: {e}")
                wait_hint = None
            else:
                if resp.status_code < 300:
                    return resp
                data = await resp.aread()
                await resp.aclose()
                retryable = resp.status_code in RETRY_STATUSES
                failure = LlmHttpError(
                    resp.status_code,
                    f"{self.url}: HTTP {resp.status_code}: {_error_message(data)}",
                    retryable=retryable,
                )
                wait_hint = _retry_after(resp)
                if not retryable:
                    raise failure
            if attempt >= self.max_retries:
                raise failure
            delay = self.backoff_s(attempt, wait_hint)
            log.warning(
                "llm request failed; retrying",
                error=str(failure),
                attempt=attempt + 1,
                retry_in_s=round(delay, 3),
            )
            await asyncio.sleep(delay)
            attempt += 1

    async def stream(
        self, messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]] = ()
    ) -> AsyncIterator[ChatPiece]:
        """Text pieces as they arrive, then the assembled tool calls (if any), then
        :class:`Finished`."""
        resp = await self._open(self.body(messages, tools))
        try:
            ctype = resp.headers.get("content-type", "")
            if "application/json" in ctype:
                async for piece in self._whole(resp):
                    yield piece
                return
            async for piece in self._sse(resp):
                yield piece
        except httpx.TimeoutException:
            raise LlmTimeoutError(
                f"{self.url}: the stream stalled for more than {self._timeout.read:g} s"
            ) from None
        except httpx.TransportError as e:
            raise LlmError(f"{self.url}: the stream broke: {type(e).__name__}: {e}") from None
        finally:
            await resp.aclose()

    async def _whole(self, resp: httpx.Response) -> AsyncIterator[ChatPiece]:
        data = await resp.aread()
        try:
            obj = json.loads(data)
        except json.JSONDecodeError as e:
            raise LlmProtocolError(f"{self.url}: the reply is not JSON ({e.msg})") from None
        text, calls, finish = parse_completion(obj)
        if text:
            yield ChatText(text)
        asm = ToolCallAssembler()
        for c in calls:
            asm.add(c)
        if asm:
            yield ChatToolCalls(tuple(asm.finish()))
        yield Finished(finish or "stop")

    async def _sse(self, resp: httpx.Response) -> AsyncIterator[ChatPiece]:
        decoder = SseDecoder()
        asm = ToolCallAssembler()
        finish: str | None = None
        done = False
        # aclosing: leaving early ([DONE]) must close the line iterator now, not when
        # the garbage collector finds it on a loop that may be gone.
        lines_gen = cast(AsyncGenerator[str, None], resp.aiter_lines())  # it is one
        async with contextlib.aclosing(lines_gen) as lines:
            async for line in lines:
                ev = decoder.feed(line.rstrip("\r"))
                if ev is None:
                    continue
                if ev.data.strip() == "[DONE]":
                    done = True
                    break
                if ev.event == "error":
                    raise LlmProtocolError(
                        f"{self.url}: the service sent an error event: {ev.data}"
                    )
                chunk = parse_chunk(ev.data)
                if chunk.text:
                    yield ChatText(chunk.text)
                for d in chunk.tool_deltas:
                    asm.add(d)
                if chunk.finish_reason:
                    finish = chunk.finish_reason
        if not done:
            tail = decoder.flush()
            if tail is not None and tail.data.strip() != "[DONE]":
                chunk = parse_chunk(tail.data)
                if chunk.text:
                    yield ChatText(chunk.text)
                for d in chunk.tool_deltas:
                    asm.add(d)
                finish = chunk.finish_reason or finish
        if not done and finish is None:
            raise LlmProtocolError(
                f"{self.url}: the stream ended before the reply was finished "
                "(no finish_reason, no [DONE])"
            )
        if asm:
            yield ChatToolCalls(tuple(asm.finish()))
        yield Finished(finish or "stop")
