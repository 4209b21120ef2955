# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiframe.cli import cli, main
from aiframe.lab.fakes.llm_double import LlmDouble, Reply


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def aiframe(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the real entry point (``main``) in this process; its exit status and output."""

    def run(*args: str, data: Path) -> Ran:
        monkeypatch.setenv("XDG_DATA_HOME", str(data))
        monkeypatch.setattr("sys.argv", ["aiframe", *args])
        code = 0
        try:
            main()
        except SystemExit as e:
            code = int(e.code or 0)
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


def test_list_and_check(aiframe, tmp_path: Path) -> None:
    r = aiframe("agent", "list", data=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[:3] == ["acme-support", "pack", "retail-support"]
    r = aiframe("agent", "check", "acme-support", data=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "acme-support on retail-support@2026.1+" in r.stdout and "6 flow steps" in r.stdout


def test_check_names_file_and_line(aiframe, tmp_path: Path) -> None:
    d = tmp_path / "broken"
    d.mkdir()
    (d / "agent.yaml").write_text(
        "agent: broken\npolicy: retail-support\nllm:\n  persona: x\n"
        "flow:\n  steps:\n    greeting:\n      enter:\n        - goto: nowhere\n"
    )
    r = aiframe("agent", "check", str(d), data=tmp_path)
    assert r.returncode == 1
    assert (
        f"{d / 'agent.yaml'}:9:11: flow.steps.greeting.enter[0]: goto: no step 'nowhere'"
        in r.stderr
    )


def test_unknown_agent_is_one_line_and_status_2(aiframe, tmp_path: Path) -> None:
    r = aiframe("agent", "chat", "--agent", "nobody", data=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("aiframe: error: no agent 'nobody'")
    assert "Traceback" not in r.stderr


def test_chat_on_the_flow_brain(tmp_path: Path) -> None:
    said = "\n".join(["where is my order", "AB123456", "jane.doe@example.com", "SW1A 1AA",
                      "", "no thanks"])  # fmt: skip
    audit = tmp_path / "audit.jsonl"
    r = CliRunner().invoke(
        cli,
        ["agent", "chat", "--data-dir", str(tmp_path / "data"), "--decisions",
         "--audit", str(audit)],
        input=said + "\n",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    out = r.output
    disclosure = "This call may be recorded for quality and training purposes."
    assert f"agent> {disclosure}  [disclosure: recording]" in out
    assert "agent> Order A B 1 2 3 4 5 6 is on its way." in out
    assert "agent> Sorry, I didn't hear anything." in out
    assert out.rstrip().splitlines()[-2:] == ["[hang_up: call ended]", "[call ended]"]
    assert "gate: sentence: allow (disclosure/recording)" in out
    records = [json.loads(x) for x in audit.read_text().splitlines()]
    assert {"verify_identity", "lookup_order", "hang_up"} <= {
        x["input"].get("tool") for x in records
    }


def test_chat_on_an_llm(tmp_path: Path) -> None:
    script = [
        Reply.say("Hi, this is Acme. How can I help?"),
        Reply.call("transfer_to_agent", {"queue": "support"}, text="Let me get you a person."),
    ]
    with LlmDouble(script) as llm:
        r = CliRunner().invoke(
            cli,
            ["agent", "chat", "--llm", llm.base_url, "--model", "scripted",
             "--data-dir", str(tmp_path)],
            input="a human please\n",
        )  # fmt: skip
        body = llm.requests[0].body
    assert r.exit_code == 0, r.output
    assert "agent> Hi, this is Acme." in r.output
    assert "[transfer_to_agent queue=support: call transferred]" in r.output
    assert body["model"] == "scripted"
