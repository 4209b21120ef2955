# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The tools an agent can call: Python callables and HTTP webhooks.

Every tool has a JSON Schema for its arguments (checked here, and again by the policy
gate against the pack), a timeout, and the facts it may establish. A call carries an
idempotency key derived from the conversation, the turn and the arguments, so a retried
call (a webhook retry, a turn replayed after a restart) can be recognised by the
backend. Results are tagged with data classes, from the pack's ``returns`` and the
tool's own, so the gate's taint rules can tell which values the caller may hear.

A tool's failure is a result, not an exception: ``ToolResult.ok`` is False and
``error`` says why, for the brain to handle.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from pydantic import SecretStr

from aiframe.brain.errors import ToolArgsError, ToolError
from aiframe.logs import get_logger
from aiframe.policy.compile import CompiledPolicy
from aiframe.policy.state import FactValue, TaintedValue
from aiframe.policy.tools import taint_from_result

__all__ = [
    "PendingTool",
    "PythonTool",
    "Tool",
    "ToolContext",
    "ToolFn",
    "ToolRegistry",
    "ToolReply",
    "ToolResult",
    "WebhookTool",
    "host_allowed",
    "idempotency_key",
]

log = get_logger("brain.tools")


def idempotency_key(conversation_id: str, turn: int, tool: str, args: Mapping[str, Any]) -> str:
    """The same call in the same turn of the same conversation gets the same key."""
    canon = json.dumps(dict(args), sort_keys=True, separators=(",", ":"), default=str)
    raw = f"{conversation_id}\x1f{turn}\x1f{tool}\x1f{canon}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class ToolContext:
    """What a tool knows about the call it serves."""

    conversation_id: str
    call_id: str
    tool: str
    idempotency_key: str
    step: str = ""
    turn: int = 0
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    database: Path | None = None  # the agent's demo database, when it ships one


@dataclass(frozen=True, slots=True)
class ToolReply:
    """What a tool returns: its result and the facts it establishes (only the facts the
    tool declares in ``sets_facts`` are accepted)."""

    result: Mapping[str, Any]
    facts: Mapping[str, FactValue] = field(default_factory=dict)


ToolFn = Callable[[Mapping[str, Any], ToolContext], "Mapping[str, Any] | ToolReply"]


@dataclass(frozen=True, slots=True)
class ToolResult:
    """The outcome of one tool call."""

    tool: str
    call_id: str
    ok: bool
    result: dict[str, Any] | None = None
    facts: dict[str, FactValue] = field(default_factory=dict)
    tainted: dict[str, TaintedValue] = field(default_factory=dict)
    error: str | None = None
    idempotency_key: str = ""
    elapsed_ms: float = 0.0


def host_allowed(url: str, allowed: Iterable[str]) -> bool:
    """Is the host of ``url`` in the allow-list? Entries are ``host``, ``host:port``
    (only that port) or ``*.domain`` (its subdomains, not the domain itself); case does
    not matter."""
    u = httpx.URL(url)
    host = u.host.lower().rstrip(".")
    port = u.port or (443 if u.scheme == "https" else 80)
    for entry in allowed:
        e = entry.strip().lower().rstrip(".")
        want_port: int | None = None
        if e.count(":") == 1:  # host:port (an IPv6 literal is written [::1]:port)
            e, _, p = e.partition(":")
            want_port = int(p) if p.isdigit() else -1
        elif e.startswith("[") and "]:" in e:
            e, _, p = e.rpartition(":")
            want_port = int(p) if p.isdigit() else -1
        e = e.strip("[]")
        if want_port is not None and want_port != port:
            continue
        if e.startswith("*."):
            if host.endswith(e[1:]) and host != e[2:]:
                return True
        elif host == e:
            return True
    return False


def _shown(url: str) -> str:
    """The URL for messages and logs: no query string, which may carry a token."""
    u = httpx.URL(url)
    return str(u.copy_with(query=None, fragment=None))


def _validator(name: str, schema: Mapping[str, Any]) -> Draft202012Validator:
    try:
        Draft202012Validator.check_schema(dict(schema))
    except SchemaError as e:
        raise ToolError(
            f"tool {name}: its argument schema is not valid JSON Schema: {e.message}"
        ) from None
    return Draft202012Validator(dict(schema), format_checker=Draft202012Validator.FORMAT_CHECKER)


class Tool:
    """Base of the tool kinds: name, argument schema, timeout, facts it may set."""

    kind = "tool"

    def __init__(
        self,
        name: str,
        *,
        description: str = "",
        args: Mapping[str, Any] | None = None,
        timeout_s: float = 3.0,
        sets_facts: Iterable[str] = (),
        returns: Mapping[str, str] | None = None,
    ) -> None:
        if timeout_s <= 0:
            raise ToolError(f"tool {name}: timeout must be positive, not {timeout_s}")
        self.name = name
        self.description = description
        self.args_schema: dict[str, Any] = dict(args or {"type": "object"})
        self.timeout_s = timeout_s
        self.sets_facts = frozenset(sets_facts)
        self.returns = dict(returns or {})
        self._validator = _validator(name, self.args_schema)

    def check_args(self, args: Mapping[str, Any]) -> None:
        errors = sorted(self._validator.iter_errors(dict(args)), key=lambda e: list(e.path))
        if errors:
            why = "; ".join(
                f"{'/'.join(str(p) for p in e.absolute_path) or '(arguments)'}: {e.message}"
                for e in errors[:3]
            )
            raise ToolArgsError(f"tool {self.name}: bad arguments: {why}")

    def invoke(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolReply:
        """Run the tool (blocking; a worker thread calls this)."""
        raise NotImplementedError


class PythonTool(Tool):
    """A Python callable ``fn(args, ctx)`` returning a mapping or a :class:`ToolReply`."""

    kind = "python"

    def __init__(self, name: str, fn: ToolFn, **kw: Any) -> None:
        super().__init__(name, **kw)
        self.fn = fn

    def invoke(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolReply:
        out = self.fn(args, ctx)
        if isinstance(out, ToolReply):
            return out
        if isinstance(out, Mapping):
            return ToolReply(out)
        raise ToolError(
            f"tool {self.name}: returned {type(out).__name__}; return a mapping or ToolReply"
        )


class WebhookTool(Tool):
    """An HTTP endpoint. It receives ``{"tool", "args", "conversation_id", "call_id"}``
    as JSON with an ``Idempotency-Key`` header and answers a JSON object: either the
    result itself, or ``{"result": {...}, "facts": {...}}``. Retries (on 5xx and
    connection errors) reuse the same key.

    ``allowed_hosts`` (the agent's loader passes ``brain.webhook_hosts``) is checked
    when the tool is made and again before each request; redirects are not followed,
    so a 3xx cannot lead a call off the list. Credentials go in ``headers`` (secrets,
    never logged), never in the URL."""

    kind = "webhook"

    def __init__(
        self,
        name: str,
        url: str,
        *,
        headers: Mapping[str, SecretStr] | None = None,
        retries: int = 0,
        transport: httpx.BaseTransport | None = None,
        allowed_hosts: Iterable[str] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(name, **kw)
        if not url.startswith(("http://", "https://")):
            raise ToolError(f"tool {name}: webhook url must be http(s), not {_shown(url)!r}")
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as e:
            raise ToolError(f"tool {name}: webhook url is not a URL: {e}") from None
        if parsed.userinfo:
            # It would be in every error message and log line that names the URL.
            raise ToolError(
                f"tool {name}: webhook url carries credentials; send them in a header "
                "from the environment (headers_env) instead"
            )
        if not parsed.host:
            raise ToolError(f"tool {name}: webhook url {_shown(url)!r} has no host")
        self.allowed_hosts = None if allowed_hosts is None else tuple(allowed_hosts)
        self.url = url
        self.shown_url = _shown(url)
        self._check_host()
        self._headers = dict(headers or {})
        self.retries = retries
        self._transport = transport

    def _check_host(self) -> None:
        if self.allowed_hosts is not None and not host_allowed(self.url, self.allowed_hosts):
            host = httpx.URL(self.url).host
            listed = ", ".join(self.allowed_hosts) or "none"
            raise ToolError(
                f"tool {self.name}: webhook host {host} is not in brain.webhook_hosts "
                f"(allowed: {listed})"
            )

    def invoke(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolReply:
        self._check_host()
        headers = {k: v.get_secret_value() for k, v in self._headers.items()}
        headers["Idempotency-Key"] = ctx.idempotency_key
        body = {
            "tool": self.name,
            "args": dict(args),
            "conversation_id": ctx.conversation_id,
            "call_id": ctx.call_id,
        }
        last: ToolError | None = None
        shown = self.shown_url
        client = httpx.Client(
            timeout=self.timeout_s, transport=self._transport, follow_redirects=False
        )
        with client:
            for _ in range(self.retries + 1):
                try:
                    resp = client.post(self.url, json=body, headers=headers)
                except httpx.TimeoutException:
                    last = ToolError(f"webhook {shown}: no answer in {self.timeout_s:g} s")
                    continue
                except httpx.TransportError as e:
                    last = ToolError(f"webhook {shown}: {type(e).__name__}: {e}")
                    continue
                if resp.status_code >= 500:
                    last = ToolError(f"webhook {shown}: HTTP {resp.status_code}")
                    continue
                if resp.status_code >= 300:
                    raise ToolError(f"webhook {shown}: HTTP {resp.status_code}")
                return self._reply(resp)
        assert last is not None
        raise last

    def _reply(self, resp: httpx.Response) -> ToolReply:
        try:
            obj = resp.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ToolError(f"webhook {self.shown_url}: the answer is not JSON") from None
        if not isinstance(obj, dict):
            raise ToolError(f"webhook {self.shown_url}: the answer is not a JSON object")
        if set(obj) <= {"result", "facts"} and isinstance(obj.get("result"), dict):
            facts = obj.get("facts") or {}
            if not isinstance(facts, dict):
                raise ToolError(f"webhook {self.shown_url}: facts must be a JSON object")
            return ToolReply(obj["result"], facts)
        return ToolReply(obj)


def _flatten(out: dict[str, TaintedValue], key: str, value: Any, cls: str) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            _flatten(out, f"{key}.{k}", v, cls)
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _flatten(out, f"{key}.{i}", v, cls)
    elif isinstance(value, bool | int | float | str):
        out[key] = TaintedValue(value=value, data_class=cls)


class PendingTool:
    """A tool call under way. :meth:`wait` returns its result, or None if it is still
    running and its own timeout has not passed (so the caller can speak meanwhile)."""

    def __init__(self, future: Future[ToolResult], timeout_s: float, base: ToolResult) -> None:
        self._future = future
        self._until = time.monotonic() + timeout_s
        self._timeout_s = timeout_s
        self._base = base

    def wait(self, timeout: float | None = None) -> ToolResult | None:
        left = self._until - time.monotonic()
        limit = left if timeout is None else min(timeout, left)
        try:
            return self._future.result(timeout=max(0.0, limit))
        except TimeoutError:
            if time.monotonic() < self._until:
                return None
        # Python threads cannot be killed: a late answer is dropped; the idempotency
        # key lets the backend recognise a retry of the same call.
        self._future.cancel()
        return ToolResult(
            self._base.tool,
            self._base.call_id,
            False,
            error=f"tool {self._base.tool} timed out after {self._timeout_s * 1000:.0f} ms",
            idempotency_key=self._base.idempotency_key,
            elapsed_ms=self._timeout_s * 1000,
        )


class ToolRegistry:
    """The tools of one agent, and the worker threads they run on."""

    def __init__(self, workers: int = 4) -> None:
        self._tools: dict[str, Tool] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._workers = workers
        self._lock = threading.Lock()

    def add(self, tool: Tool) -> Tool:
        if tool.name in self._tools:
            raise ToolError(f"tool {tool.name} is already registered")
        self._tools[tool.name] = tool
        return tool

    def python(self, name: str, **kw: Any) -> Callable[[ToolFn], ToolFn]:
        """Decorator: register ``fn(args, ctx)`` as tool ``name``."""

        def register(fn: ToolFn) -> ToolFn:
            self.add(PythonTool(name, fn, **kw))
            return fn

        return register

    def webhook(self, name: str, url: str, **kw: Any) -> WebhookTool:
        tool = WebhookTool(name, url, **kw)
        self.add(tool)
        return tool

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._tools)

    def get(self, name: str) -> Tool:
        try:
            return self._tools[name]
        except KeyError:
            known = ", ".join(sorted(self._tools)) or "none"
            raise ToolError(f"no tool {name!r} is registered (registered: {known})") from None

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="aiframe-tool")
            return self._pool

    def start(
        self,
        name: str,
        args: Mapping[str, Any],
        ctx: ToolContext,
        *,
        policy: CompiledPolicy | None = None,
    ) -> PendingTool:
        """Start a call on a worker thread; see :class:`PendingTool`."""
        base = ToolResult(name, ctx.call_id, False, idempotency_key=ctx.idempotency_key)
        try:
            tool = self.get(name)
            tool.check_args(args)
        except ToolError as e:
            done: Future[ToolResult] = Future()
            done.set_result(ToolResult(name, ctx.call_id, False, error=str(e),
                                       idempotency_key=ctx.idempotency_key))  # fmt: skip
            return PendingTool(done, 0.001, base)
        fut = self._executor().submit(self._call, tool, dict(args), ctx, policy)
        return PendingTool(fut, tool.timeout_s, base)

    def run(
        self,
        name: str,
        args: Mapping[str, Any],
        ctx: ToolContext,
        *,
        policy: CompiledPolicy | None = None,
    ) -> ToolResult:
        """Call and wait (up to the tool's timeout)."""
        result = self.start(name, args, ctx, policy=policy).wait()
        assert result is not None  # wait() without a timeout always ends with a result
        return result

    def _call(
        self, tool: Tool, args: dict[str, Any], ctx: ToolContext, policy: CompiledPolicy | None
    ) -> ToolResult:
        t0 = time.monotonic()

        def failed(why: str) -> ToolResult:
            ms = (time.monotonic() - t0) * 1000
            return ToolResult(tool.name, ctx.call_id, False, error=why,
                              idempotency_key=ctx.idempotency_key, elapsed_ms=ms)  # fmt: skip

        try:
            reply = tool.invoke(args, ctx)
        except ToolError as e:
            return failed(str(e))
        except Exception as e:  # a tool's bug is its call's failure, logged loudly
            log.error("tool raised", tool=tool.name, error=repr(e), exc_info=True)
            return failed(f"tool {tool.name} failed: {type(e).__name__}: {e}")
        extra = sorted(set(reply.facts) - tool.sets_facts)
        if extra:
            return failed(
                f"tool {tool.name} tried to set facts it does not declare: {', '.join(extra)}"
            )
        result = dict(reply.result)
        tainted: dict[str, TaintedValue] = {}
        for fld, cls in tool.returns.items():
            if fld in result:
                _flatten(tainted, f"{tool.name}.{fld}", result[fld], cls)
        if policy is not None and tool.name in policy.tools:
            tainted.update(taint_from_result(policy, tool.name, result))
        return ToolResult(
            tool.name,
            ctx.call_id,
            True,
            result=result,
            facts=dict(reply.facts),
            tainted=tainted,
            idempotency_key=ctx.idempotency_key,
            elapsed_ms=(time.monotonic() - t0) * 1000,
        )

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
