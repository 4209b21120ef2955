# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Each shipped pack against its own cases (policies/tests/<pack>.jsonl)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from aiframe.policy import load_policy
from aiframe.policy.eval import CaseResult, evaluate, parse_cases

POLICIES = Path(__file__).resolve().parents[3] / "policies"
SHIPPED = ("retail-support", "collections", "healthcare-scheduling")


@cache
def _results(pack: str) -> list[CaseResult]:
    path = POLICIES / "tests" / f"{pack}.jsonl"
    cases = parse_cases(path.read_text(encoding="utf-8").splitlines(), str(path))
    return evaluate(load_policy(POLICIES / f"{pack}.yaml"), cases, str(path))


CASES = [(pack, r.case.id) for pack in SHIPPED for r in _results(pack)]


@pytest.mark.parametrize(("pack", "case_id"), CASES)
def test_shipped_pack_case(pack: str, case_id: str) -> None:
    result = next(r for r in _results(pack) if r.case.id == case_id)
    assert result.case.expect is not None, "every shipped case states what it expects"
    assert result.mismatches() == []


@pytest.mark.parametrize("pack", SHIPPED)
def test_each_pack_has_allowed_and_refused_cases(pack: str) -> None:
    actions = {r.decision.action.value for r in _results(pack)}
    assert "allow" in actions
    assert actions & {"block", "rewrite", "redact", "escalate", "end_call"}
    kinds = {r.case.kind for r in _results(pack)}
    assert {"sentence", "tool_call", "transition"} <= kinds


def test_every_pack_file_has_a_case_file() -> None:
    packs = {p.stem for p in POLICIES.glob("*.yaml")}
    cases = {p.stem for p in (POLICIES / "tests").glob("*.jsonl")}
    assert packs == cases == set(SHIPPED)
