# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe policy validate|eval|test|schema`, and the public eval JSONL contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiframe.cli.policy import policy
from aiframe.policy import PolicyCaseError
from aiframe.policy.eval import parse_cases

ROOT = Path(__file__).resolve().parents[3]
RETAIL = ROOT / "policies" / "retail-support.yaml"


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(policy, list(args))
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


def test_validate_ok_and_bad(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(RETAIL))
    assert code == 0 and out.startswith(f"ok  {RETAIL}  retail-support@2026.1+")
    bad = tmp_path / "bad.yaml"
    bad.write_text('pack: x\nversion: "1"\nstart: a\nsteps:\n  a: {}\nfallback: f\nbogus: 1\n')
    code, _, err = run("validate", str(RETAIL), str(bad))
    assert code == 1
    assert f"{bad}:7:1: bogus: unknown field 'bogus'" in err
    assert "1 of 2 pack file(s) have problems" in err


def test_eval_writes_the_public_contract(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = [
        {"id": "s1", "kind": "sentence", "state": {"step": "greeting",
         "disclosures_played": ["recording"]}, "text": "Hello!"},
        {"id": "t1", "kind": "tool_call", "state": {"step": "refund",
         "facts": {"identity_verified": True, "verified_order": "AB123456"}},
         "tool": "issue_refund",
         "args": {"order_id": "AB123456", "amount": 99, "reason": "late"}},
        {"id": "x1", "kind": "transition", "state": {"step": "greeting", "facts": {},
         "disclosures_played": [], "data": {}}, "to": "order_help"},
    ]  # fmt: skip
    cases.write_text("\n".join(json.dumps(c) for c in lines) + "\n\n# a comment\n")
    code, out, _ = run("eval", "--policy", str(RETAIL), "--cases", str(cases))
    assert code == 0
    got = [json.loads(line) for line in out.splitlines()]
    assert [set(g) for g in got] == [{"id", "action", "rules", "text"}] * 3
    assert got[0] == {"id": "s1", "action": "allow", "rules": [], "text": "Hello!"}
    assert got[1]["action"] == "escalate" and got[1]["rules"] == ["refund-limit"]
    assert got[2] == {"id": "x1", "action": "block", "rules": ["step/illegal"], "text": ""}


def test_eval_check_reports_mismatches(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    case = {"id": "c", "kind": "transition", "state": {"step": "greeting"}, "to": "identify",
            "expect": {"action": "block"}}  # fmt: skip
    cases.write_text(json.dumps(case) + "\n")
    code, out, _ = run("eval", "--policy", str(RETAIL), "--cases", str(cases))
    assert code == 0 and json.loads(out)["action"] == "allow"
    code, _, err = run("eval", "--policy", str(RETAIL), "--cases", str(cases), "--check")
    assert code == 1
    assert "cases.jsonl:1: c: action: expected block, got allow" in err


def test_malformed_cases_name_the_line() -> None:
    lines = [
        '{"id": "a", "kind": "sentence", "text": "x"}',
        "not json",
        '{"id": "b", "kind": "tool_call"}',
        '{"id": "a", "kind": "sentence", "text": "y"}',
        '{"id": "c", "kind": "sentence", "text": "y", "to": "z"}',
        '["a list"]',
        '{"id": "d", "kind": "poem", "text": "y"}',
    ]
    with pytest.raises(PolicyCaseError) as e:
        parse_cases(lines, "cases.jsonl")
    msg = str(e.value)
    assert "cases.jsonl:2: not valid JSON" in msg
    assert "cases.jsonl:3: case: a tool_call case needs 'tool'" in msg
    assert "cases.jsonl:4: id 'a' already used on line 1" in msg
    assert "cases.jsonl:5: case: a sentence case does not take to" in msg
    assert "cases.jsonl:6: a case is a JSON object, not list" in msg
    assert "cases.jsonl:7: kind:" in msg


def test_case_with_a_step_the_pack_lacks_is_malformed(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "a", "kind": "sentence", "text": "x", "state": {"step": "nope"}}\n')
    r = CliRunner().invoke(policy, ["eval", "--policy", str(RETAIL), "--cases", str(cases)])
    assert isinstance(r.exception, PolicyCaseError)
    assert f"{cases}:1: call state step 'nope'" in str(r.exception)


def test_test_command_runs_the_shipped_packs() -> None:
    code, out, _ = run("test", str(ROOT / "policies"))
    assert code == 0
    assert out.count("ok   ") == 3


def test_schema_command(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "aiframe policy pack"
    target = tmp_path / "s.json"
    assert run("schema", "--out", str(target))[0] == 0
    assert json.loads(target.read_text()) == json.loads(out)
