# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Hot reload: new calls get the new version, live calls keep theirs, every decision
carries its version; and every decision reaches the audit sink."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from aiframe.policy import (
    Action,
    JsonlAuditSink,
    LogAuditSink,
    MemoryAuditSink,
    PolicyError,
    PolicyRegistry,
    PolicyStateError,
)
from aiframe.policy.audit import AuditSink

V1 = """\
pack: demo
version: "{v}"
start: a
steps:
  a: {{tools: [t]}}
tools:
  t: {{kind: lookup}}
rules:
  - {{id: no-{word}, type: keywords, keywords: [{word}]}}
fallback: f
"""


def write(path: Path, v: str, word: str) -> Path:
    path.write_text(V1.format(v=v, word=word), encoding="utf-8")
    return path


def test_new_calls_get_the_new_version_live_calls_keep_theirs(tmp_path: Path) -> None:
    f = write(tmp_path / "demo.yaml", "1", "alpha")
    reg = PolicyRegistry([f])
    old_call = reg.open_call("c1", "demo")
    v1 = old_call.version
    assert v1.startswith("demo@1+")

    write(f, "2", "beta")
    [outcome] = reg.reload()
    assert outcome.changed and outcome.old_version == v1
    new_call = reg.open_call("c2", "demo")
    assert new_call.version == outcome.new_version != v1

    st_old, st_new = old_call.initial_state(), new_call.initial_state()
    d_old = old_call.sentence(st_old, "alpha beta")
    d_new = new_call.sentence(st_new, "alpha beta")
    assert (d_old.rules, d_old.policy_version) == (("no-alpha",), v1)
    assert (d_new.rules, d_new.policy_version) == (("no-beta",), new_call.version)
    assert reg.live_versions() == {v1: 1, new_call.version: 1}

    old_call.close()
    assert reg.live_versions() == {new_call.version: 1}
    with pytest.raises(PolicyError, match="not in service"):
        reg.get(v1)


def test_unchanged_file_keeps_its_version(tmp_path: Path) -> None:
    f = write(tmp_path / "demo.yaml", "1", "alpha")
    reg = PolicyRegistry([f])
    before = reg.current("demo").version
    [outcome] = reg.reload()
    assert not outcome.changed
    assert reg.current("demo").version == before


def test_a_broken_reload_keeps_the_version_in_service(tmp_path: Path) -> None:
    f = write(tmp_path / "demo.yaml", "1", "alpha")
    reg = PolicyRegistry([f])
    before = reg.current("demo").version
    f.write_text("pack: demo\nversion: [\n", encoding="utf-8")
    [outcome] = reg.reload()
    assert outcome.new_version is None and outcome.error and "YAML syntax" in outcome.error
    assert reg.current("demo").version == before


def test_registry_errors(tmp_path: Path) -> None:
    f = write(tmp_path / "demo.yaml", "1", "alpha")
    g = write(tmp_path / "copy.yaml", "1", "alpha")
    reg = PolicyRegistry([f])
    with pytest.raises(PolicyError, match="already loaded from"):
        reg.add_file(g)
    with pytest.raises(PolicyError, match="no policy pack 'nope'"):
        reg.open_call("c", "nope")
    call = reg.open_call("c", "demo")
    with pytest.raises(PolicyError, match="already has a policy gate"):
        reg.open_call("c", "demo")
    call.close()
    with pytest.raises(PolicyStateError, match="closed"):
        call.sentence(call.initial_state(), "hi")


def test_every_decision_is_audited_in_order(tmp_path: Path) -> None:
    f = write(tmp_path / "demo.yaml", "1", "alpha")
    sink = MemoryAuditSink()
    assert isinstance(sink, AuditSink)
    call = PolicyRegistry([f]).open_call("c1", "demo", sink)
    st = call.initial_state()
    call.sentence(st, "alpha")
    call.tool_call(st, "t", {})
    call.transition(st, "zz")
    call.caller(st, "hello")
    got = [(e.seq, e.decision.kind, e.decision.action, e.decision.rules) for e in sink.events]
    assert got == [
        (1, "sentence", Action.BLOCK, ("no-alpha",)),
        (2, "tool_call", Action.ALLOW, ()),
        (3, "transition", Action.BLOCK, ("step/unknown",)),
        (4, "caller", Action.ALLOW, ()),
    ]
    assert all(e.decision.policy_version == call.version for e in sink.events)
    record = sink.events[0].to_json()
    assert record["input"] == {"text": "alpha"} and record["text"] == "f"
    assert record["rules"] == ["no-alpha"] and record["reasons"] == ["said a listed keyword"]
    assert record["policy_version"] == call.version and record["call_id"] == "c1"


def test_jsonl_and_log_sinks(tmp_path: Path) -> None:
    f = write(tmp_path / "demo.yaml", "1", "alpha")
    reg = PolicyRegistry([f])
    jsonl = JsonlAuditSink(tmp_path / "audit.jsonl")
    call = reg.open_call("c1", "demo", jsonl)
    call.sentence(call.initial_state(), "alpha")
    jsonl.close()
    [line] = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert json.loads(line)["rules"] == ["no-alpha"]
    log_call = reg.open_call("c2", "demo", LogAuditSink())
    with capture_logs() as logs:
        log_call.sentence(log_call.initial_state(), "alpha")
    assert [(e["log_level"], e["rules"], e["call_id"]) for e in logs] == [
        ("warning", ["no-alpha"], "c2")
    ]
