# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One real demo call for the whole session: `aiframe demo` with the default models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import structlog
from click.testing import CliRunner

from aiframe.cli import cli


@dataclass(frozen=True)
class DemoRun:
    out: Path
    exit_code: int
    output: str
    report: dict[str, Any]
    transcript: str


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    out = tmp_path_factory.mktemp("demo-out")
    saved = structlog.get_config()
    try:
        result = CliRunner().invoke(cli, ["demo", "--out", str(out)], catch_exceptions=False)
    finally:
        structlog.configure(**saved)
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    transcript = (out / "transcript.md").read_text() if (out / "transcript.md").exists() else ""
    return DemoRun(out, result.exit_code, result.output, report, transcript)
