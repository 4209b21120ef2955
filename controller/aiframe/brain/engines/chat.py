# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The OpenAI chat-completions wire format: stream chunks in, text and tool calls out.

A streamed tool call arrives in pieces: the first delta for an ``index`` carries the
call's ``id`` and function ``name``, later ones append to its ``arguments`` string.
:class:`ToolCallAssembler` puts them back together and parses the arguments only when
the reply is finished; arguments that are not a JSON object become a
:class:`~aiframe.brain.engines.events.ToolCallRequest` with ``error`` set, never an exception,
so turn orchestration can answer the model and carry on.

Servers differ in small ways, all accepted here: a missing ``index`` (one call per
delta), ids repeated on every delta, the whole call in one delta, ``arguments`` sent as
an object instead of a string, ``finish_reason`` "stop" after tool calls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiframe.brain.engines.events import ToolCallRequest
from aiframe.brain.errors import LlmProtocolError

__all__ = ["ChatChunk", "ToolCallAssembler", "parse_chunk", "parse_completion"]


@dataclass(frozen=True, slots=True)
class ChatChunk:
    """What one stream chunk says."""

    text: str = ""
    tool_deltas: tuple[dict[str, Any], ...] = ()
    finish_reason: str | None = None


def _excerpt(data: str, n: int = 200) -> str:
    return data if len(data) <= n else data[:n] + "…"


def parse_chunk(data: str) -> ChatChunk:
    """One ``data:`` payload of a chat-completions stream (not ``[DONE]``)."""
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as e:
        raise LlmProtocolError(f"stream chunk is not JSON ({e.msg}): {_excerpt(data)!r}") from None
    if not isinstance(obj, dict):
        raise LlmProtocolError(f"stream chunk is not a JSON object: {_excerpt(data)!r}")
    if "error" in obj:
        err = obj["error"]
        msg = err.get("message") if isinstance(err, dict) else err
        raise LlmProtocolError(f"the service reported an error mid-stream: {msg}")
    choices = obj.get("choices")
    if not isinstance(choices, list):
        raise LlmProtocolError(f"stream chunk has no choices list: {_excerpt(data)!r}")
    if not choices:
        return ChatChunk()  # usage-only chunks
    choice = choices[0]
    if not isinstance(choice, dict):
        raise LlmProtocolError(f"stream chunk choice is not an object: {_excerpt(data)!r}")
    delta = choice.get("delta") or {}
    if not isinstance(delta, dict):
        raise LlmProtocolError(f"stream chunk delta is not an object: {_excerpt(data)!r}")
    text = delta.get("content") or ""
    if not isinstance(text, str):
        raise LlmProtocolError(f"delta content is not a string: {_excerpt(data)!r}")
    calls = delta.get("tool_calls") or []
    if not isinstance(calls, list) or not all(isinstance(c, dict) for c in calls):
        raise LlmProtocolError(f"delta tool_calls is not a list of objects: {_excerpt(data)!r}")
    finish = choice.get("finish_reason")
    return ChatChunk(text, tuple(calls), finish if isinstance(finish, str) else None)


def parse_completion(body: Any) -> tuple[str, list[dict[str, Any]], str | None]:
    """A whole (non-streamed) completion: its text, tool calls and finish reason, for
    servers that answer ``stream: true`` with one JSON body."""
    if not isinstance(body, dict) or not isinstance(body.get("choices"), list):
        raise LlmProtocolError("the completion has no choices list")
    if not body["choices"]:
        raise LlmProtocolError("the completion has an empty choices list")
    choice = body["choices"][0]
    msg = choice.get("message") if isinstance(choice, dict) else None
    if not isinstance(msg, dict):
        raise LlmProtocolError("the completion's first choice has no message object")
    text = msg.get("content") or ""
    calls = msg.get("tool_calls") or []
    if not isinstance(text, str) or not isinstance(calls, list):
        raise LlmProtocolError("the completion's message has the wrong types")
    indexed = [dict(c, index=i) for i, c in enumerate(calls) if isinstance(c, dict)]
    return text, indexed, choice.get("finish_reason")


@dataclass(slots=True)
class _Partial:
    id: str = ""
    name: str = ""
    args: list[str] = field(default_factory=list)
    args_obj: Any = None


class ToolCallAssembler:
    """Collects tool-call deltas by index; :meth:`finish` returns the calls in order."""

    def __init__(self) -> None:
        self._calls: dict[int, _Partial] = {}
        self._order: list[int] = []

    def __bool__(self) -> bool:
        return bool(self._calls)

    def add(self, delta: dict[str, Any]) -> None:
        idx = delta.get("index")
        cid = delta.get("id")
        if not isinstance(idx, int):
            # No index: a new id (or the first call) starts a call, else continue the last.
            last = self._order[-1] if self._order else None
            known = last is not None and (not cid or self._calls[last].id in ("", cid))
            idx = last if known and last is not None else len(self._order)
        part = self._calls.get(idx)
        if part is None:
            part = self._calls[idx] = _Partial()
            self._order.append(idx)
        if isinstance(cid, str) and cid:
            part.id = cid
        fn = delta.get("function") or {}
        if not isinstance(fn, dict):
            return
        name = fn.get("name")
        if isinstance(name, str) and name:
            # Some servers repeat the name on every delta; some stream it in pieces.
            part.name = name if (not part.name or part.name == name) else part.name + name
        args = fn.get("arguments")
        if isinstance(args, str):
            part.args.append(args)
        elif isinstance(args, dict):
            part.args_obj = args

    def finish(self) -> list[ToolCallRequest]:
        out: list[ToolCallRequest] = []
        for n, idx in enumerate(self._order, start=1):
            p = self._calls[idx]
            cid = p.id or f"call_{n}"
            raw = "".join(p.args)
            if not p.name:
                out.append(
                    ToolCallRequest(cid, "", None, raw, "the tool call has no function name")
                )
                continue
            if p.args_obj is not None and not raw:
                out.append(ToolCallRequest(cid, p.name, dict(p.args_obj), json.dumps(p.args_obj)))
                continue
            if not raw.strip():
                out.append(ToolCallRequest(cid, p.name, {}, raw))
                continue
            try:
                args = json.loads(raw)
            except json.JSONDecodeError as e:
                why = f"arguments are not valid JSON ({e.msg} at character {e.pos})"
                out.append(ToolCallRequest(cid, p.name, None, raw, why))
                continue
            if not isinstance(args, dict):
                why = f"arguments must be a JSON object, not {type(args).__name__}"
                out.append(ToolCallRequest(cid, p.name, None, raw, why))
                continue
            out.append(ToolCallRequest(cid, p.name, args, raw))
        return out
