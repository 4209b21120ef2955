# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One call's policy decisions, kept for its report and passed on to the real sink.

The gate audits every decision with what it was asked (the brain's own sentence, the
tool and its arguments, the step). The call keeps them in order, so its report lists
every decision and its transcript can show, next to a sentence the gate replaced, the
sentence the brain had proposed.
"""

from __future__ import annotations

import threading
from typing import Any

from aiframe.metrics import DECISIONS
from aiframe.policy.audit import AuditEvent, AuditSink
from aiframe.policy.decisions import Decision

__all__ = ["CallAudit"]


class CallAudit:
    """An :class:`~aiframe.policy.audit.AuditSink` for one call (thread-safe)."""

    def __init__(self, forward: AuditSink | None = None) -> None:
        self.forward = forward
        self.events: list[AuditEvent] = []
        self._by_decision: dict[int, AuditEvent] = {}
        self._lock = threading.Lock()

    def record(self, event: AuditEvent) -> None:
        d = event.decision
        for rule in d.rules or ("none",):
            DECISIONS.labels(d.kind, d.action.value, rule).inc()
        with self._lock:
            self.events.append(event)
            self._by_decision[id(event.decision)] = event
        if self.forward is not None:
            self.forward.record(event)

    def proposal(self, decision: Decision) -> str | None:
        """The sentence the brain proposed for ``decision`` (None for other checks)."""
        with self._lock:
            ev = self._by_decision.get(id(decision))
        if ev is None:
            return None
        text = ev.subject.get("text")
        return text if isinstance(text, str) else None

    def to_json(self) -> list[dict[str, Any]]:
        with self._lock:
            return [e.to_json() for e in self.events]
