# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Security promises that are about the code base as a whole (docs/security.md): no
shell anywhere in the package, the event socket on loopback only, database passwords
kept out of messages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from aiframe.config import load_settings
from aiframe.errors import ConfigError, StoreError
from aiframe.store.engine import make_engine, safe_url

PACKAGE = Path(__file__).resolve().parents[2] / "controller" / "aiframe"

# Calls that hand a string to a shell, whatever their arguments.
_SHELL_CALLS = {
    ("os", "system"),
    ("os", "popen"),
    ("subprocess", "getoutput"),
    ("subprocess", "getstatusoutput"),
}
_PROCESS_CALLS = {"run", "Popen", "call", "check_call", "check_output"}


def _dotted(node: ast.expr) -> tuple[str, str] | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return None


def shell_uses(source: str, name: str = "<src>") -> list[str]:
    """Every place ``source`` runs a shell or builds a command line as one string."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.Call):
            continue
        where = f"{name}:{node.lineno}"
        for kw in node.keywords:
            if kw.arg == "shell" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                found.append(f"{where}: shell={ast.unparse(kw.value)}")
        called = _dotted(node.func)
        if called in _SHELL_CALLS:
            found.append(f"{where}: {'.'.join(called)}()")
        if called is not None and called[0] == "os" and called[1].startswith(("exec", "spawn")):
            found.append(f"{where}: {'.'.join(called)}()")
        if called is not None and called[0] == "subprocess" and called[1] in _PROCESS_CALLS:
            first = node.args[0] if node.args else None
            # A command is an argument list; one string (literal, f-string, +, %) is a
            # command line for a shell to split, where call data could add arguments.
            if isinstance(first, ast.Constant | ast.JoinedStr | ast.BinOp):
                found.append(f"{where}: subprocess.{called[1]}() with a string command")
    return found


def test_the_scan_finds_what_it_looks_for() -> None:
    bad = (
        "import os, subprocess\n"
        "os.system('rm ' + path)\n"
        "subprocess.run(cmd, shell=True)\n"
        "subprocess.Popen(f'sox {name}')\n"
        "subprocess.check_output('ls -l')\n"
        "os.execvp('sh', ['sh'])\n"
        "subprocess.getoutput(x)\n"
    )
    assert [f.split(": ", 1)[0] for f in shell_uses(bad)] == [f"<src>:{n}" for n in range(2, 8)]
    assert shell_uses("import subprocess\nsubprocess.run(['git', 'status'], shell=False)\n") == []


def test_the_package_never_runs_a_shell() -> None:
    found = []
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 100
    for f in files:
        found += shell_uses(f.read_text(encoding="utf-8"), str(f.relative_to(PACKAGE)))
    assert found == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_the_event_socket_on_loopback_is_accepted(host: str) -> None:
    assert load_settings(None, esl={"host": host}).esl.host == host


@pytest.mark.parametrize("host", ["10.0.0.5", "0.0.0.0", "fs.example.net", "::"])
def test_a_remote_event_socket_is_refused_unless_allowed(host: str) -> None:
    with pytest.raises(ConfigError, match=f"esl.host '{host}' is not a loopback address"):
        load_settings(None, esl={"host": host})
    assert load_settings(None, esl={"host": host, "allow_remote": True}).esl.host == host


def test_store_url_passwords_are_masked() -> None:
    url = "postgresql+psycopg://aiframe:db-s3cret@db.example.net:5432/aiframe"
    shown = safe_url(url)
    assert "db-s3cret" not in shown and shown.startswith("postgresql+psycopg://aiframe:***@")
    assert safe_url("not a url at all") == "(an unparsable URL)"
    with pytest.raises(StoreError) as e:
        make_engine("postgresql+nosuchdriver://aiframe:db-s3cret@db.example.net/aiframe")
    assert "db-s3cret" not in str(e.value) and "***" in str(e.value)
