# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The policy gate: the AI proposes, code disposes.

Load a pack, then ask the gate about each sentence, caller turn, tool call and step
transition; every answer is a :class:`Decision` naming the rules that made it::

    policy = load_policy("policies/retail-support.yaml")
    state = CallState(step=policy.pack.start)
    decision = check_sentence(policy, state, "Your refund will be 80 dollars, guaranteed.")

The check functions are pure; :class:`PolicyRegistry` adds versions, hot reload and
an audit record per decision for live calls. docs/policy-guide.md is the author's guide.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiframe.policy.audit import (
        AuditEvent,
        AuditSink,
        JsonlAuditSink,
        LogAuditSink,
        MemoryAuditSink,
    )
    from aiframe.policy.compile import CompiledPolicy, compile_pack
    from aiframe.policy.decisions import Decision, RuleHit, ToolCall, Utterance
    from aiframe.policy.disclosures import DisclosureLedger
    from aiframe.policy.errors import (
        PolicyCaseError,
        PolicyError,
        PolicyLoadError,
        PolicyStateError,
        Problem,
    )
    from aiframe.policy.gate import check_caller, check_sentence, check_tool_call, check_transition
    from aiframe.policy.loader import LoadedPack, load_pack, load_pack_text
    from aiframe.policy.registry import CallGate, PolicyRegistry, ReloadOutcome, load_policy
    from aiframe.policy.schema import Action, PolicyPack
    from aiframe.policy.state import CallState, TaintedValue
    from aiframe.policy.tools import taint_from_result

# Names load on first use (PEP 562), so importing aiframe.policy.settings for the
# configuration does not pull in jsonschema and ruamel.yaml.
_WHERE = {
    "Action": "aiframe.policy.schema",
    "AuditEvent": "aiframe.policy.audit",
    "AuditSink": "aiframe.policy.audit",
    "CallGate": "aiframe.policy.registry",
    "CallState": "aiframe.policy.state",
    "CompiledPolicy": "aiframe.policy.compile",
    "Decision": "aiframe.policy.decisions",
    "DisclosureLedger": "aiframe.policy.disclosures",
    "JsonlAuditSink": "aiframe.policy.audit",
    "LoadedPack": "aiframe.policy.loader",
    "LogAuditSink": "aiframe.policy.audit",
    "MemoryAuditSink": "aiframe.policy.audit",
    "PolicyCaseError": "aiframe.policy.errors",
    "PolicyError": "aiframe.policy.errors",
    "PolicyLoadError": "aiframe.policy.errors",
    "PolicyPack": "aiframe.policy.schema",
    "PolicyRegistry": "aiframe.policy.registry",
    "PolicyStateError": "aiframe.policy.errors",
    "Problem": "aiframe.policy.errors",
    "ReloadOutcome": "aiframe.policy.registry",
    "RuleHit": "aiframe.policy.decisions",
    "TaintedValue": "aiframe.policy.state",
    "ToolCall": "aiframe.policy.decisions",
    "Utterance": "aiframe.policy.decisions",
    "check_caller": "aiframe.policy.gate",
    "check_sentence": "aiframe.policy.gate",
    "check_tool_call": "aiframe.policy.gate",
    "check_transition": "aiframe.policy.gate",
    "compile_pack": "aiframe.policy.compile",
    "load_pack": "aiframe.policy.loader",
    "load_pack_text": "aiframe.policy.loader",
    "load_policy": "aiframe.policy.registry",
    "taint_from_result": "aiframe.policy.tools",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'aiframe.policy' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Action",
    "AuditEvent",
    "AuditSink",
    "CallGate",
    "CallState",
    "CompiledPolicy",
    "Decision",
    "DisclosureLedger",
    "JsonlAuditSink",
    "LoadedPack",
    "LogAuditSink",
    "MemoryAuditSink",
    "PolicyCaseError",
    "PolicyError",
    "PolicyLoadError",
    "PolicyPack",
    "PolicyRegistry",
    "PolicyStateError",
    "Problem",
    "ReloadOutcome",
    "RuleHit",
    "TaintedValue",
    "ToolCall",
    "Utterance",
    "check_caller",
    "check_sentence",
    "check_tool_call",
    "check_transition",
    "compile_pack",
    "load_pack",
    "load_pack_text",
    "load_policy",
    "taint_from_result",
]
