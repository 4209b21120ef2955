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


def test_relative_paths_in_the_file_are_taken_from_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    f = etc / "aiframe.toml"
    f.write_text(
        '[media]\narena_path = "arena"\n'
        '[store]\nurl = "sqlite:///state/aiframe.db"\ndead_letter = "/var/log/dl.jsonl"\n'
        '[policy]\npacks = ["policies", "/abs/packs"]\naudit_jsonl = "log/audit.jsonl"\n'
        '[speech]\ncache_dir = "models"\n'
        '[brain]\ndata_dir = "agents"\nagent_dirs = ["my-agents"]\n'
    )
    monkeypatch.chdir(tmp_path)  # a service's working directory is not the file's
    s = load_settings(f)
    assert s.media.arena_path == etc / "arena"
    assert s.store.url == f"sqlite:///{etc}/state/aiframe.db"
    assert s.store.dead_letter == Path("/var/log/dl.jsonl")  # absolute stays
    assert s.policy.packs == [etc / "policies", Path("/abs/packs")]
    assert s.policy.audit_jsonl == etc / "log" / "audit.jsonl"
    assert s.speech.cache_dir == etc / "models"
    assert (s.brain.data_dir, s.brain.agent_dirs) == (etc / "agents", [etc / "my-agents"])
    # Defaults and the environment are not the file's: they keep their meaning.
    monkeypatch.setenv("AIFRAME_POLICY__PACKS", '["rel"]')
    assert load_settings(f).policy.packs == [Path("rel")]


def test_brain_policy_dirs_points_at_the_one_setting(tmp_path: Path) -> None:
    f = tmp_path / "aiframe.toml"
    f.write_text('[brain]\npolicy_dirs = ["policies"]\n')
    with pytest.raises(ConfigError, match=r"brain\.policy_dirs is gone: policy\.packs is the one"):
        load_settings(f)


def test_config_option_and_environment_mean_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every section set through `aiframe --config FILE` takes effect, and whatever in the
    process reads the configuration again (the conversation service did, with no path)
    reads the same file."""
    from click.testing import CliRunner

    from aiframe.cli import cli
    from aiframe.config import CONFIG_ENV

    f = tmp_path / "aiframe.toml"
    f.write_text(
        '[esl]\nport = 8123\n[media]\nslots = 17\n[log]\nlevel = "warning"\n'
        '[policy]\ndefault_pack = "collections"\n[controller]\nheartbeat_ms = 250\n'
        '[speech]\nworkers = 3\n[brain]\nagent = "my-agent"\n'
        "[conversation]\nno_input_s = 7.5\n[store]\nflush_ms = 35\n"
        '[metrics]\nport = 9999\n[tracing]\nservice_name = "edge-7"\n'
    )
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    r = CliRunner().invoke(cli, ["--config", str(f), "version"])
    assert r.exit_code == 0, r.output
    s = load_settings()
    taken = {
        "esl": s.esl.port == 8123,
        "media": s.media.slots == 17,
        "log": s.log.level == "warning",
        "policy": s.policy.default_pack == "collections",
        "controller": s.controller.heartbeat_ms == 250,
        "speech": s.speech.workers == 3,
        "brain": s.brain.agent == "my-agent",
        "conversation": s.conversation.no_input_s == 7.5,
        "store": s.store.flush_ms == 35,
        "metrics": s.metrics.port == 9999,
        "tracing": s.tracing.service_name == "edge-7",
    }
    assert set(taken) == set(type(s).model_fields), "a section is not exercised here"
    assert all(taken.values()), {k: v for k, v in taken.items() if not v}
