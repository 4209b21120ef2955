# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe call` refuses in one line when it cannot place the call."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from aiframe.cli import cli


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_nothing_to_say_is_refused() -> None:
    r = CliRunner().invoke(cli, ["call", "15550100", "--via", "loopback"])
    assert r.exit_code != 0
    assert "nothing for the caller to say: give --say LINE or --script FILE" in str(r.exception)


def test_no_switch_to_call_is_named(tmp_path: Path) -> None:
    cfg = tmp_path / "aiframe.toml"
    cfg.write_text(f'[esl]\nport = {_closed_port()}\npassword = "x-secret"\n')
    r = CliRunner().invoke(
        cli,
        ["--config", str(cfg), "call", "15550100", "--via", "loopback", "--say", "Hello."],
    )
    assert r.exit_code != 0
    message = str(r.exception)
    assert "cannot connect" in message and "AIFRAME_ESL__PASSWORD" in message
    assert "x-secret" not in message
