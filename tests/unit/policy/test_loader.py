# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Bad packs get errors naming the file, the line, the field and what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiframe.policy import PolicyLoadError, load_pack, load_pack_text
from aiframe.policy.schema import json_schema, json_schema_text

ROOT = Path(__file__).resolve().parents[3]
GOOD = """\
pack: ok
version: "1"
start: a
steps:
  a: {}
fallback: f
"""


def problems(text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(PolicyLoadError) as e:
        load_pack_text(text, "p.yaml")
    return [(p.line, p.field, p.message) for p in e.value.problems]


def test_a_good_minimal_pack_loads() -> None:
    loaded = load_pack_text(GOOD, "p.yaml")
    assert loaded.pack.pack == "ok"
    assert len(loaded.sha256) == 64


def test_unknown_field_names_line_and_suggests() -> None:
    got = problems(GOOD.replace("  a: {}", "  a:\n    tols: [x]"))
    assert got == [(6, "steps.a.tols", "unknown field 'tols'; did you mean 'tools'?")]


def test_missing_field() -> None:
    got = problems(GOOD.replace("fallback: f\n", ""))
    assert got == [(1, "fallback", "required field is missing")]


def test_number_where_text_is_needed() -> None:
    got = problems(GOOD.replace('version: "1"', "version: 2026.1"))
    assert got == [(2, "version", "expected text, got the number 2026.1: quote it in YAML")]


def test_bad_names_say_what_a_name_is() -> None:
    got = problems(GOOD.replace("  a: {}", "  Step-A: {}"))
    assert got[0][0] == 5
    assert "a name is lowercase letters" in got[0][2]


def test_rule_type_and_rule_fields() -> None:
    text = (
        GOOD
        + """rules:
  - id: r1
    type: patern
  - id: r2
    type: pattern
    patterns: ["(unclosed"]
  - id: r3
    type: detector
    detector: commitment
    categories: [refunds]
"""
    )
    got = problems(text)
    assert got[0][:2] == (8, "rules[0]")
    assert "unknown rule type 'patern'" in got[0][2]
    assert got[1][:2] == (12, "rules[1].patterns")
    assert "not a valid regex" in got[1][2]
    assert got[2][:2] == (16, "rules[2].categories[0]")
    assert "'refunds'" in got[2][2]


def test_references_are_checked_with_lines() -> None:
    text = """\
pack: refs
version: "1"
facts: {verified: ""}
start: greting
steps:
  greeting:
    tools: [lookup]
    next: [greeting, {to: nowhere, requires_facts: [verifed]}]
tools:
  lookup:
    args: {type: object, properties: {id: {type: strin}}}
    limits:
      - {arg: amount, max: 5, action: escalate}
disclosures:
  rec: {text: hi, before: ["tool:lookp"]}
rules:
  - {id: r, type: length, max_chars: 3, action: redact}
  - {id: r, type: keywords, keywords: ["..."], unless_disclosed: [recording]}
fallback: f
"""
    got = problems(text)
    fields = {(line, field) for line, field, _ in got}
    assert (4, "start") in fields
    assert (8, "steps.greeting.next[1]") in fields
    assert (8, "steps.greeting.next[1].requires_facts[0]") in fields
    assert (11, "tools.lookup.args") in fields
    assert (13, "tools.lookup.limits[0].action") in fields
    assert (15, "disclosures.rec.before[0]") in fields
    assert (17, "rules[0].action") in fields
    assert (18, "rules[1].id") in fields
    assert (18, "rules[1].keywords[0]") in fields
    assert (18, "rules[1].unless_disclosed[0]") in fields
    messages = " | ".join(m for _, _, m in got)
    assert "unknown step 'greting'; did you mean 'greeting'?" in messages
    assert "unknown fact 'verifed'; did you mean 'verified'?" in messages
    assert "not a valid JSON Schema" in messages
    assert "action escalate needs a top-level 'escalation'" in messages
    assert "a length rule finds no span to redact" in messages
    assert "rule id 'r' is used twice" in messages


def test_limit_on_an_undeclared_argument() -> None:
    text = (
        GOOD.replace("  a: {}", "  a: {tools: [t]}")
        + """tools:
  t:
    args: {type: object, properties: {amount: {type: number}}}
    limits: [{arg: amont, max: 5}]
"""
    )
    got = problems(text)
    assert got == [
        (
            10,
            "tools.t.limits[0].arg",
            "unknown argument of tool 't' 'amont'; did you mean 'amount'? (known: amount)",
        )
    ]


def test_yaml_syntax_errors_name_the_line() -> None:
    got = problems(GOOD + "rules: [1, 2\n")
    assert got[0][0] in (7, 8)  # where the parser gave up: the end of the list or file
    assert got[0][2].startswith("YAML syntax:")


def test_duplicate_keys_are_an_error() -> None:
    got = problems(GOOD + "fallback: g\n")
    assert "duplicate key" in got[0][2]


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n"])
def test_a_pack_is_a_mapping(text: str) -> None:
    assert "a pack is a YAML mapping" in problems(text)[0][2]


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyLoadError, match="file not found"):
        load_pack(tmp_path / "missing.yaml")
    with pytest.raises(PolicyLoadError, match="is a directory"):
        load_pack(tmp_path)
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"pack: caf\xe9\n")
    with pytest.raises(PolicyLoadError, match="not UTF-8"):
        load_pack(bad)


def test_error_message_lists_every_problem_with_file_and_line() -> None:
    with pytest.raises(PolicyLoadError) as e:
        load_pack_text(GOOD.replace("start: a", "start: b"), "packs/x.yaml")
    assert str(e.value).splitlines() == [
        "packs/x.yaml: 1 problem",
        "  packs/x.yaml:3:1: start: unknown step 'b' (known: a)",
    ]


def test_committed_json_schema_is_current() -> None:
    committed = (ROOT / "policies" / "schema" / "policy-pack.schema.json").read_text()
    assert committed == json_schema_text(), "run: aiframe policy schema --out " + (
        "policies/schema/policy-pack.schema.json"
    )


def test_json_schema_describes_the_pack() -> None:
    schema = json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["required"]) == {"pack", "version", "start", "steps", "fallback"}
    assert json.loads(json_schema_text()) == schema
