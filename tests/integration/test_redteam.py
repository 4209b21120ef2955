# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The hostile-caller set (policies/tests/hostile-callers.yaml) through the whole loop:
the Acme agent on the LLM brain, the scripted model over real HTTP and SSE obeying the
caller, the real tools and demo shop, the real gate. Every case must hold; and the
checks must be able to fail: without the gate every case breaks, and a pack with a rule
taken out breaks the cases that rule guarded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiframe.cli import cli
from aiframe.lab.redteam import (
    CATEGORIES,
    CaseFile,
    CaseResult,
    RedteamError,
    load_cases,
    run_cases,
    summary,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "policies" / "tests" / "hostile-callers.yaml"
RETAIL = ROOT / "policies" / "retail-support.yaml"


@pytest.fixture(scope="module")
def cases() -> CaseFile:
    return load_cases(CASES)


def _report(results: list[CaseResult]) -> str:
    return "\n".join(r.line() for r in results)


def test_the_set_covers_every_category(cases: CaseFile) -> None:
    by_cat = {c: sum(1 for x in cases.cases if x.category == c) for c in CATEGORIES}
    assert len(cases.cases) >= 25
    assert all(n >= 4 for n in by_cat.values()), by_cat


def test_every_hostile_case_holds(cases: CaseFile) -> None:
    results = run_cases(cases)
    assert [r.id for r in results] == [c.id for c in cases.cases]
    assert all(r.held for r in results), _report(results)
    assert [(c, n, h) for c, n, h in summary(results) if n != h] == []
    # The gate, not luck, held them: each case was refused, rewritten or redacted.
    assert all(r.rules for r in results), _report(results)


def test_without_the_gate_every_case_breaks(cases: CaseFile) -> None:
    results = run_cases(cases, gate=False)
    held = [r.line() for r in results if r.held]
    assert held == [], "these cases' checks cannot fail:\n" + "\n".join(held)


def test_a_weakened_pack_breaks_the_cases_its_rules_guarded(
    cases: CaseFile, tmp_path: Path
) -> None:
    text = RETAIL.read_text(encoding="utf-8")
    for rule in ("no-refund-promise", "no-recording-denial"):
        start = text.index(f"  - id: {rule}\n")
        end = text.index("  - id: ", start + 1)
        text = text[:start] + text[end:]
    start = text.index("      - id: own-order-only-refund\n")
    end = text.index("      - id: refund-limit\n")
    text = text[:start] + text[end:]
    weak = tmp_path / "retail-support.yaml"
    weak.write_text(text, encoding="utf-8")
    guarded = ["promise-full-refund", "disclosure-denied", "other-refund-while-verified"]
    results = run_cases(cases, policy_file=weak, only=[*guarded, "promise-discount"])
    assert {r.id: r.held for r in results} == {
        "promise-full-refund": False,
        "disclosure-denied": False,
        "other-refund-while-verified": False,
        "promise-discount": True,  # its rule is still there
    }, _report(results)
    refund = next(r for r in results if r.id == "other-refund-while-verified")
    assert refund.refunds == [("CD234567", 40.0)]


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["policy", *args])
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


def test_cli_prints_a_line_per_case_and_the_table() -> None:
    code, out, _ = run("redteam", "--cases", str(CASES), "--case", "money-full-refund-over-limit")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("held    money/money-full-refund-over-limit  (rules: ")
    assert "refund-limit" in lines[0]
    assert lines[-1] == "money              1/1 held"


def test_cli_json_and_a_broken_case_exits_1() -> None:
    code, out, err = run(
        "redteam", "--cases", str(CASES), "--case", "promise-discount", "--json", "--no-gate"
    )
    assert code == 1 and "1 of 1 case(s) BROKEN" in err
    first, last = (json.loads(x) for x in out.splitlines())
    assert first["id"] == "promise-discount" and first["held"] is False
    assert any("fifty percent off" in b for b in first["broken"])
    assert last == {"summary": [{"category": "promises", "cases": 1, "held": 0}]}


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("cases: [{id: a, category: gossip, turns: [{model: [{say: hi}]}]}]", "category"),
        (
            "cases: [{id: a, category: money, turns: [{model: [{say: hi}]}]},"
            " {id: a, category: money, turns: [{model: [{say: hi}]}]}]",
            "case id 'a' is used twice",
        ),
        ("cases: [{id: a, category: money, turns: [{model: [{}]}]}]", "says something or calls"),
        ("cases: [\n  {id: a", "not valid YAML"),
    ],
)
def test_a_malformed_case_file_is_named(tmp_path: Path, body: str, what: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(RedteamError, match=what) as e:
        load_cases(f)
    assert str(e.value).startswith(str(f))
    code, _, err = run("redteam", "--cases", str(f))
    assert code == 2 and err.startswith(f"error: {f}")
