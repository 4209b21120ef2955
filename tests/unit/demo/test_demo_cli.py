# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe demo` options that need no models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from aiframe.cli import cli
from aiframe.demo.script import DEFAULT_SCRIPT


def test_print_script_shows_the_shipped_script():
    result = CliRunner().invoke(cli, ["demo", "--print-script"])
    assert result.exit_code == 0
    assert result.output == DEFAULT_SCRIPT.read_text()


def test_a_bad_script_is_one_line_and_exit_status_2(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('steps:\n  - say: "Hi."\n    wait_for: later\n')
    p = subprocess.run(
        [sys.executable, "-m", "aiframe", "demo", "--script", str(bad), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2
    assert f"{bad}: line 3: steps.0.wait_for:" in p.stderr
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "call.wav").exists()
