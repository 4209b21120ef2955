# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The log sink's levels: a warning is something the gate stopped or replaced."""

from __future__ import annotations

import logging

import pytest
import structlog
from structlog.testing import capture_logs

from aiframe.policy.audit import AuditEvent, LogAuditSink
from aiframe.policy.decisions import CheckKind, Decision, RuleHit
from aiframe.policy.schema import Action


def _event(kind: CheckKind, action: Action, rules: tuple[str, ...] = ()) -> AuditEvent:
    hits = tuple(RuleHit(r, action, "why") for r in rules)
    decision = Decision(kind, action, hits, (), "pack@1")
    return AuditEvent("call-1", 1, {"text": "hello"}, decision)


@pytest.mark.parametrize(
    ("kind", "action", "rules", "level"),
    [
        ("sentence", Action.ALLOW, (), "debug"),
        ("sentence", Action.ALLOW, ("disclosure/recording",), "info"),
        ("sentence", Action.REDACT, ("pii/card",), "info"),
        ("sentence", Action.REWRITE, ("promise/refund",), "warning"),
        ("sentence", Action.BLOCK, ("scope/medical",), "warning"),
        ("caller", Action.ALLOW, (), "debug"),
        ("caller", Action.REDACT, ("pii/card",), "info"),
        ("caller", Action.ESCALATE, ("abuse/threat",), "warning"),
        ("tool_call", Action.ALLOW, (), "debug"),
        ("tool_call", Action.REDACT, ("tool/args",), "warning"),
        ("transition", Action.END_CALL, ("abuse",), "warning"),
    ],
)
def test_each_decision_is_logged_at_the_level_its_outcome_deserves(
    kind: CheckKind, action: Action, rules: tuple[str, ...], level: str
) -> None:
    saved = structlog.get_config()
    # Every level reaches the capture, whatever level an earlier test configured.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG))
    try:
        with capture_logs() as logs:
            LogAuditSink().record(_event(kind, action, rules))
    finally:
        structlog.configure(**saved)
    assert [(e["event"], e["log_level"]) for e in logs] == [("policy decision", level)]
    assert logs[0]["action"] == action.value and logs[0]["rules"] == list(rules)
