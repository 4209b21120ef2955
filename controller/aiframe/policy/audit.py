# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Where decisions go: every decision the gate makes for a call is recorded with the
rules that made it and the policy version it was made under.

A sink is anything with ``record(event)``. The store (a later issue) persists them;
here are the in-memory sink tests use, a structlog sink and a JSON-lines file sink.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO, runtime_checkable

from aiframe.logs import get_logger
from aiframe.policy.decisions import Decision
from aiframe.policy.schema import Action

__all__ = [
    "AuditEvent",
    "AuditSink",
    "JsonlAuditSink",
    "LogAuditSink",
    "MemoryAuditSink",
    "TeeAuditSink",
]


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One decision for one call, with what was asked."""

    call_id: str
    seq: int  # per call, from 1: the order the gate was asked in
    subject: dict[str, Any]  # {"text": ...} | {"tool": ..., "args": ...} | {"to": ...}
    decision: Decision

    def to_json(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "seq": self.seq,
            "input": self.subject,
            **self.decision.to_json(),
        }


@runtime_checkable
class AuditSink(Protocol):
    """Receives every decision. Must not raise for ordinary input; must be quick."""

    def record(self, event: AuditEvent) -> None: ...


class MemoryAuditSink:
    """Keeps events in a list (tests, the eval CLI)."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []
        self._lock = threading.Lock()

    def record(self, event: AuditEvent) -> None:
        with self._lock:
            self.events.append(event)


class LogAuditSink:
    """Logs each decision through structlog: what the gate stopped or replaced at
    warning, what it let through with a rule fired (a disclosure said, the AI's or the
    caller's words redacted) at info, the rest at debug. Every decision is in the store
    and the JSONL sink anyway; the log is for an operator, who must not get a warning
    per disclosure."""

    def __init__(self) -> None:
        self._log = get_logger("policy.audit")

    def record(self, event: AuditEvent) -> None:
        d = event.decision
        fields = {
            "call_id": event.call_id,
            "seq": event.seq,
            "kind": d.kind,
            "action": d.action.value,
            "rules": list(d.rules),
            "policy_version": d.policy_version,
        }
        # A caller's words redacted (PII kept out of the record) let the call go on.
        redacted_caller = d.kind == "caller" and d.action is Action.REDACT
        if not d.allowed and not redacted_caller:
            self._log.warning("policy decision", **fields)
        elif d.hits:
            self._log.info("policy decision", **fields)
        else:
            self._log.debug("policy decision", **fields)


class JsonlAuditSink:
    """Appends one JSON object per decision to a file (flushed per line)."""

    def __init__(self, path: Path) -> None:
        self._fh: TextIO = path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def record(self, event: AuditEvent) -> None:
        line = json.dumps(event.to_json(), ensure_ascii=False, sort_keys=True)
        with self._lock:
            self._fh.write(line + "\n")
            self._fh.flush()

    def close(self) -> None:
        self._fh.close()


class TeeAuditSink:
    """Hands each event to several sinks, in order (the log and the store)."""

    def __init__(self, *sinks: AuditSink) -> None:
        self.sinks = sinks

    def record(self, event: AuditEvent) -> None:
        for sink in self.sinks:
            sink.record(event)
