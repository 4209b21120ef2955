# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from aiframe.brain.settings import BrainSettings, default_data_dir
from aiframe.config import load_settings
from aiframe.errors import ConfigError


def test_defaults_run_the_flow_brain_on_the_demo_agent() -> None:
    s = BrainSettings()
    assert (s.kind, s.agent) == ("flow", "acme-support")


def test_key_from_a_file_never_in_repr(tmp_path: Path) -> None:
    f = tmp_path / "key"
    f.write_text("sk-from-file\n")
    s = BrainSettings(api_key_file=f)
    key = s.resolved_api_key()
    assert key is not None and key.get_secret_value() == "sk-from-file"
    assert "sk-from-file" not in repr(s) + str(key)


def test_key_file_problems_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        BrainSettings(api_key_file=tmp_path / "missing").resolved_api_key()
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(ConfigError, match="the file is empty"):
        BrainSettings(api_key_file=tmp_path / "empty").resolved_api_key()


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not both"):
        BrainSettings(api_key=SecretStr("k"), api_key_file=tmp_path / "k")
    with pytest.raises(ValidationError, match="must start with http"):
        BrainSettings(base_url="localhost:8080")
    with pytest.raises(ValidationError):
        BrainSettings(kind="gpt")


def test_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIFRAME_BRAIN__KIND", "llm")
    monkeypatch.setenv("AIFRAME_BRAIN__API_KEY", "sk-env")
    monkeypatch.setenv("AIFRAME_BRAIN__FIRST_OUTPUT_DEADLINE_MS", "900")
    s = load_settings().brain
    assert s.kind == "llm" and s.first_output_deadline_ms == 900
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-env"


def test_data_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "aiframe" / "agents"
    monkeypatch.setenv("XDG_DATA_HOME", "")
    assert default_data_dir() == Path.home() / ".local" / "share" / "aiframe" / "agents"
