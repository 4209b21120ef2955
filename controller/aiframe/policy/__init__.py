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
