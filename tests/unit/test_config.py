# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from pathlib import Path

import pytest

from aiframe.config import load_settings
from aiframe.errors import ConfigError


def test_defaults() -> None:
    s = load_settings()
    assert s.media.arena_path == Path("/dev/shm/aiframe.arena")
    assert s.media.slots == 256
    assert s.log.format == "console"


def test_file_then_env_then_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "aiframe.toml"
    f.write_text('[media]\nslots = 32\nmax_rate = 8000\n[log]\nlevel = "debug"\n')
    s = load_settings(f)
    assert (s.media.slots, s.media.max_rate, s.log.level) == (32, 8000, "debug")
    monkeypatch.setenv("AIFRAME_MEDIA__SLOTS", "64")
    s = load_settings(f)
    assert (s.media.slots, s.media.max_rate) == (64, 8000)
    s = load_settings(f, log={"format": "json"})
    assert s.log.format == "json"
    monkeypatch.setenv("AIFRAME_CONFIG", str(f))
    assert load_settings().media.max_rate == 8000


def test_bad_configuration_names_the_file_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "bad.toml"
    f.write_text("[media]\nslots = 0\n")
    with pytest.raises(ConfigError, match=r"bad.toml.*media.slots"):
        load_settings(f)
    f.write_text("[media]\nmode = 0o666\n")
    with pytest.raises(ConfigError, match="world access"):
        load_settings(f)
    f.write_text("[media\n")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_settings(f)
    f.write_text("[media]\nno_such_knob = 1\n")
    with pytest.raises(ConfigError, match="no_such_knob"):
        load_settings(f)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml")
    monkeypatch.setenv("AIFRAME_MEDIA__MAX_RATE", "11025")
    with pytest.raises(ConfigError, match="max_rate"):
        load_settings()
