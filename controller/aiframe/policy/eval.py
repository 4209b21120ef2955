# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Evaluating a pack against cases: the engine of ``aiframe policy eval``.

Input, one JSON object per line (blank lines and lines starting with ``#`` skipped)::

    {"id": "...", "kind": "sentence" | "tool_call" | "transition" | "caller",
     "state": {"step": "...", "facts": {...}, "disclosures_played": [...], "data": {...}},
     "text": "..." | "tool": "...", "args": {...} | "to": "...",
     "expect": {"action": "...", "rules": [...], "text": "..."}}

Output, one line per case: ``{"id", "action", "rules", "text"}``. This is a public
contract, documented in docs/policy-guide.md; ``expect`` is optional and only read by
``--check``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from aiframe.policy.compile import CompiledPolicy
from aiframe.policy.decisions import Decision
from aiframe.policy.errors import PolicyCaseError, PolicyStateError
from aiframe.policy.gate import check_caller, check_sentence, check_tool_call, check_transition
from aiframe.policy.schema import Action
from aiframe.policy.state import CallState, FactValue, TaintedValue

__all__ = ["Case", "CaseResult", "Expect", "evaluate", "parse_cases", "result_line"]


class _CaseState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: str | None = None
    facts: dict[str, FactValue] = Field(default_factory=dict)
    disclosures_played: list[str] = Field(default_factory=list)
    disclosures_pending: list[str] = Field(default_factory=list)
    data: dict[str, TaintedValue] = Field(default_factory=dict)
    tool_calls: dict[str, int] = Field(default_factory=dict)
    sensitive: dict[str, list[str]] = Field(default_factory=dict)
    turn_said: list[str] = Field(default_factory=list)


class Expect(BaseModel):
    """What a case should come out as; each given field must match exactly (rules as a set)."""

    model_config = ConfigDict(extra="forbid")

    action: Action | None = None
    rules: list[str] | None = None
    text: str | None = None


class Case(BaseModel):
    """One evaluation case."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    kind: Literal["sentence", "tool_call", "transition", "caller"]
    state: _CaseState = Field(default_factory=_CaseState)
    text: str | None = None
    tool: str | None = None
    args: dict[str, Any] | None = None
    to: str | None = None
    expect: Expect | None = None

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Case:
        need = {"sentence": "text", "caller": "text", "tool_call": "tool", "transition": "to"}
        field = need[self.kind]
        if getattr(self, field) is None:
            raise ValueError(f"a {self.kind} case needs '{field}'")
        others = {"text", "tool", "args", "to"} - {field} - ({"args"} if field == "tool" else set())
        extra = sorted(f for f in others if getattr(self, f) is not None)
        if extra:
            raise ValueError(f"a {self.kind} case does not take {', '.join(extra)}")
        return self


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: Case
    line: int
    decision: Decision

    def mismatches(self) -> list[str]:
        """How the decision differs from the case's ``expect`` (empty when it matches)."""
        exp = self.case.expect
        if exp is None:
            return []
        d = self.decision
        out = []
        if exp.action is not None and exp.action is not d.action:
            out.append(f"action: expected {exp.action.value}, got {d.action.value}")
        if exp.rules is not None and sorted(exp.rules) != sorted(d.rules):
            out.append(f"rules: expected {sorted(exp.rules)}, got {sorted(d.rules)}")
        if exp.text is not None and exp.text != d.text:
            out.append(f"text: expected {exp.text!r}, got {d.text!r}")
        return out


def parse_cases(lines: Iterable[str], source: str) -> list[tuple[int, Case]]:
    """Every case with its line number; any malformed line is an error naming it."""
    cases: list[tuple[int, Case]] = []
    problems: list[str] = []
    ids: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        try:
            obj = json.loads(s)
        except json.JSONDecodeError as e:
            problems.append(f"{source}:{n}: not valid JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{source}:{n}: a case is a JSON object, not {type(obj).__name__}")
            continue
        try:
            case = Case.model_validate(obj)
        except ValidationError as e:
            for err in e.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"]) or "case"
                msg = str(err["msg"]).removeprefix("Value error, ")
                problems.append(f"{source}:{n}: {where}: {msg}")
            continue
        if case.id in ids:
            problems.append(f"{source}:{n}: id {case.id!r} already used on line {ids[case.id]}")
            continue
        ids[case.id] = n
        cases.append((n, case))
    if problems:
        raise PolicyCaseError("malformed cases:\n  " + "\n  ".join(problems))
    return cases


def _state(policy: CompiledPolicy, case: Case) -> CallState:
    st = case.state
    return CallState(
        step=st.step or policy.pack.start,
        facts=st.facts,
        disclosures_played=frozenset(st.disclosures_played),
        disclosures_pending=frozenset(st.disclosures_pending),
        data=st.data,
        tool_calls=st.tool_calls,
        sensitive={k: tuple(v) for k, v in st.sensitive.items()},
        turn_said=tuple(st.turn_said),
    )


def evaluate(
    policy: CompiledPolicy, cases: list[tuple[int, Case]], source: str
) -> list[CaseResult]:
    """Run every case through the gate. A case whose state does not fit the pack (an
    unknown step, say) is malformed: the error names its line."""
    out = []
    for n, case in cases:
        try:
            state = _state(policy, case)
            if case.kind == "sentence":
                d = check_sentence(policy, state, case.text or "")
            elif case.kind == "caller":
                d = check_caller(policy, state, case.text or "")
            elif case.kind == "tool_call":
                d = check_tool_call(policy, state, case.tool or "", case.args or {})
            else:
                d = check_transition(policy, state, case.to or "")
        except PolicyStateError as e:
            raise PolicyCaseError(f"{source}:{n}: {e}") from None
        out.append(CaseResult(case, n, d))
    return out


def result_line(result: CaseResult) -> str:
    """The public output line for one case."""
    d = result.decision
    return json.dumps(
        {"id": result.case.id, "action": d.action.value, "rules": list(d.rules), "text": d.text},
        ensure_ascii=False,
    )
