# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe --config FILE run`: the conversation service is built from the file the
controller was given, every section of it, not from a second read of the defaults."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiframe.config import CONFIG_ENV, Settings, load_settings
from aiframe.conversation import service
from aiframe.policy.audit import TeeAuditSink
from aiframe.runtime.handler import CONVERSATION, CallInfo
from aiframe.speech.settings import default_cache_dir

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def fresh_service(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(service, "_service", None)
    yield
    built = service._service
    if built is not None:
        built.close()


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    etc = tmp_path / "etc"
    (etc / "packs").mkdir(parents=True)
    shutil.copy(REPO / "policies" / "retail-support.yaml", etc / "packs")
    f = etc / "aiframe.toml"
    f.write_text(
        f'[controller]\nhandler = "{CONVERSATION}"\nbarge_in_decide_ms = 2500\n'
        '[store]\nurl = "sqlite:///state/calls.db"\n'
        '[brain]\nagent = "acme-support"\ndata_dir = "agents"\n'
        'holding_utterance = "Bear with me."\n'
        '[policy]\npacks = ["packs"]\ndefault_pack = "retail-support"\n'
        'audit_jsonl = "audit.jsonl"\n'
        f'[speech]\ncache_dir = "{default_cache_dir()}"\nworkers = 1\n'
        "[conversation]\nno_input_s = 7.5\nprompt_cache = false\n"
        "[conversation.endpoint]\nlong_hangover_ms = 900\n"
    )
    return f


def test_prepare_builds_every_part_from_the_controllers_settings(
    config_file: Path, tmp_path: Path, fresh_service: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CONFIG_ENV, raising=False)  # only the file given to the controller
    monkeypatch.chdir(tmp_path)
    settings: Settings = load_settings(config_file)
    described = service.conversation_handler.prepare(settings)
    etc = config_file.parent
    built = service._service
    assert built is not None
    # [brain] and [policy]: the agent, its pack found in policy.packs, its data dir.
    assert described["agent"] == "acme-support"
    assert described["pack"] == "retail-support"
    assert described["pack_file"] == str(etc / "packs" / "retail-support.yaml")
    assert built.agents.settings.holding_utterance == "Bear with me."
    assert built.agents.settings.data_dir == etc / "agents"
    # [store]: the file's database, next to the file, not ~/.local/state.
    assert described["store"] == f"sqlite:///{etc}/state/calls.db"
    assert built.store is not None and (etc / "state" / "calls.db").is_file()
    # [conversation] and its endpoint.
    assert built.settings.no_input_s == 7.5
    assert built.settings.endpoint.long_hangover_ms == 900
    # [speech]: the engines run with the file's settings.
    assert described["models"] == {
        "vad": settings.speech.vad.model,
        "turn": settings.speech.turn.model,
        "asr": settings.speech.asr.model,
        "tts": settings.speech.tts.model,
    }
    # policy.audit_jsonl is written: every decision goes to the log and to the file.
    info = CallInfo(uuid="u-1", slot=0, generation=1, rate=16000, conversation_id="c-1")
    assert isinstance(built._audit(info), TeeAuditSink)
    assert (etc / "audit.jsonl").exists()
