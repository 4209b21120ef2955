# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

import aiframe.policy as policy


def test_public_names_are_pinned() -> None:
    assert sorted(policy.__all__) == [
        "Action", "AuditEvent", "AuditSink", "CallGate", "CallState", "CompiledPolicy",
        "Decision", "DisclosureLedger", "JsonlAuditSink", "LoadedPack", "LogAuditSink",
        "MemoryAuditSink", "PolicyCaseError", "PolicyError", "PolicyLoadError", "PolicyPack",
        "PolicyRegistry", "PolicyStateError", "Problem", "ReloadOutcome", "RuleHit",
        "TaintedValue", "ToolCall", "Utterance", "check_caller", "check_sentence",
        "check_tool_call", "check_transition", "compile_pack", "load_pack", "load_pack_text",
        "load_policy", "taint_from_result",
    ]  # fmt: skip
    assert sorted(policy._WHERE) == sorted(policy.__all__)
    for name in policy.__all__:
        assert getattr(policy, name) is not None


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = policy.nope  # type: ignore[attr-defined]


def test_errors_hang_off_aiframe_error() -> None:
    from aiframe.errors import AiframeError

    for cls in (policy.PolicyLoadError, policy.PolicyCaseError, policy.PolicyStateError):
        assert issubclass(cls, policy.PolicyError)
    assert issubclass(policy.PolicyError, AiframeError)
