# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Where decisions go: every decision the gate makes for a call is recorded with the
rules that made it and the policy version it was made under.

A sink is anything with ``record(event)``. The store (a later issue) persists them;
here are the in-memory sink tests use, a structlog sink and a JSON-lines file sink.

Numbers exact_value rules remember (a card a tool returned or the caller read out) are
never written in clear: the gate masks them in what it was asked, and
:meth:`AuditEvent.to_json` in what the decision says, as ``[label ending 1111]``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO, runtime_checkable

from aiframe.logs import get_logger
from aiframe.policy.decisions import Decision
from aiframe.policy.exact import Secret, secret_spans
from aiframe.policy.gate import redact_spans
from aiframe.policy.schema import Action

__all__ = [
    "AuditEvent",
    "AuditSink",
    "JsonlAuditSink",
    "LogAuditSink",
    "MemoryAuditSink",
    "TeeAuditSink",
    "mask",
    "mask_value",
]


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One decision for one call, with what was asked."""

    call_id: str
    seq: int  # per call, from 1: the order the gate was asked in
    subject: dict[str, Any]  # {"text": ...} | {"tool": ..., "args": ...} | {"to": ...}
    decision: Decision
    # remembered numbers to mask wherever this event's text is written
    secrets: tuple[Secret, ...] = ()

    def to_json(self) -> dict[str, Any]:
        record = self.decision.to_json()
        if self.secrets:
            for key in ("text", "utterances", "reasons", "args"):
                record[key] = mask_value(record[key], self.secrets)
        return {"call_id": self.call_id, "seq": self.seq, "input": self.subject, **record}


def mask(text: str, secrets: tuple[Secret, ...]) -> str:
    """``text`` with what it says of each remembered number beyond the digits its rule
    allows replaced by ``[label ending 1111]``."""
    if not secrets:
        return text
    spans = secret_spans(text, secrets)
    return redact_spans(text, spans) if spans else text


def mask_value(value: Any, secrets: tuple[Secret, ...]) -> Any:
    """:func:`mask` applied to every string (and whole number) of a JSON-shaped value."""
    if not secrets:
        return value
    if isinstance(value, str):
        return mask(value, secrets)
    if isinstance(value, int) and not isinstance(value, bool):
        shown = mask(str(value), secrets)
        return value if shown == str(value) else shown
    if isinstance(value, Mapping):
        return {k: mask_value(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(v, secrets) for v in value]
    return value


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
