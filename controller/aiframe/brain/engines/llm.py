# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The LLM brain: any OpenAI-compatible chat-completions service, streamed.

Requests run on one asyncio event loop in a background thread owned by the brain, so a
round can be cancelled at once from any thread (the request task is cancelled and its
connection closed) and the whole round has a hard budget (``turn_timeout_s``). Text
streams out as it arrives; tool calls are proposed once the reply is complete (their
arguments are only whole then). ``change_step`` calls become step proposals.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aiframe.brain.agent.loader import Agent
from aiframe.brain.engines.base import BrainKind
from aiframe.brain.engines.events import (
    EndOfStream,
    StepRequest,
    TextDelta,
    ToolCallRequest,
    TurnRequest,
)
from aiframe.brain.engines.llm_client import ChatClient, ChatText, ChatToolCalls
from aiframe.brain.engines.prompt import CHANGE_STEP, build_messages, offered_tools
from aiframe.brain.engines.stream import Deadline, TurnStream
from aiframe.brain.errors import BrainError, LlmTimeoutError
from aiframe.brain.settings import BrainSettings
from aiframe.brain.state import ToolEntry

__all__ = ["LlmBrain"]


class LlmBrain:
    """The LLM brain of one agent (shared by its calls; thread-safe)."""

    def __init__(
        self,
        agent: Agent,
        settings: BrainSettings,
        *,
        bound_tools: frozenset[str],
        client: ChatClient | None = None,
    ) -> None:
        self.agent = agent
        self.settings = settings
        self.bound_tools = bound_tools
        self.client = client or ChatClient(
            base_url=settings.base_url,
            model=settings.model,
            api_key=settings.resolved_api_key(),
            connect_timeout_s=settings.connect_timeout_s,
            read_timeout_s=settings.read_timeout_s,
            max_retries=settings.max_retries,
            retry_base_ms=settings.retry_base_ms,
            retry_max_ms=settings.retry_max_ms,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
        )
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def kind(self) -> BrainKind:
        return "llm"

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._closed:
                raise BrainError("the LLM brain was closed")
            if self._loop is None:
                loop = asyncio.new_event_loop()
                t = threading.Thread(target=loop.run_forever, name="aiframe-llm", daemon=True)
                t.start()
                self._loop, self._thread = loop, t
            return self._loop

    def prompt(self, request: TurnRequest) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The messages and tools one round sends."""
        messages = build_messages(self.agent, request.policy, request.state)
        tools = offered_tools(self.agent, request.policy, request.state, self.bound_tools)
        return messages, tools

    def respond(self, request: TurnRequest, *, deadline: Deadline | None = None) -> TurnStream:
        messages, tools = self.prompt(request)
        budget = self.settings.turn_timeout_s
        stream = TurnStream(deadline=deadline, hard_timeout_s=budget + 1.0)
        used = frozenset(e.call_id for e in request.state.history if isinstance(e, ToolEntry))
        tag = f"t{request.state.turn}r{request.round}"
        fut = asyncio.run_coroutine_threadsafe(
            self._produce(stream, messages, tools, budget, used, tag), self._event_loop()
        )
        stream.cancelled.on_set(lambda: _discard(fut.cancel()))
        return stream

    async def _produce(
        self,
        stream: TurnStream,
        messages: Sequence[dict[str, Any]],
        tools: Sequence[dict[str, Any]],
        budget: float,
        used_ids: frozenset[str],
        tag: str,
    ) -> None:
        calls: tuple[ToolCallRequest, ...] = ()
        try:
            async with asyncio.timeout(budget):
                async for piece in self.client.stream(messages, tools):
                    if isinstance(piece, ChatText):
                        stream.emit(TextDelta(piece.text))
                    elif isinstance(piece, ChatToolCalls):
                        calls = piece.calls
        except TimeoutError:
            stream.fail(LlmTimeoutError(f"{self.client.url}: no complete reply in {budget:g} s"))
            return
        except asyncio.CancelledError:
            raise
        except Exception as e:  # a BrainError ends the turn; anything else is raised loudly
            stream.fail(e)
            return
        for c in calls:
            if c.call_id in used_ids:
                # Some servers number calls per reply (call_1, ...); the transcript needs
                # ids that are unique across the call to pair calls with results.
                c = replace(c, call_id=f"{c.call_id}-{tag}")
            if c.name == CHANGE_STEP and c.args is not None:
                to = c.args.get("step")
                if isinstance(to, str) and to:
                    stream.emit(StepRequest(to, c.call_id))
                else:
                    why = 'change_step needs {"step": "<step name>"}'
                    stream.emit(ToolCallRequest(c.call_id, c.name, None, c.raw_args, why))
            else:
                stream.emit(c)
        stream.emit(EndOfStream("actions" if calls else "done"))

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        # Closing is best effort: the loop goes away below anyway.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self.client.aclose(), loop).result(timeout=2)
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(loop.shutdown_asyncgens(), loop).result(timeout=2)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=2)
        if not thread.is_alive():
            loop.close()


def _discard(_: object) -> None:
    """Callbacks return None; ``Future.cancel`` returns whether it could."""
