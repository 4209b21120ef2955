# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe reload` reaches the policy packs of the configured conversations."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from aiframe.conversation import service
from aiframe.policy.registry import PolicyRegistry

PACK = Path(__file__).resolve().parents[3] / "policies" / "retail-support.yaml"


@pytest.fixture
def pack_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    f = tmp_path / "retail-support.yaml"
    shutil.copy(PACK, f)
    fake = SimpleNamespace(agents=SimpleNamespace(policies=PolicyRegistry([f])))
    monkeypatch.setattr(service, "_service", fake)
    return f


def test_reload_installs_a_new_version_for_new_calls(pack_file: Path) -> None:
    registry = service._service.agents.policies  # type: ignore[union-attr]
    live = registry.open_call("call-1", "retail-support", None)
    assert service.conversation_handler.reload() == "policy unchanged"
    pack_file.write_text(pack_file.read_text().replace('version: "2026.1"', 'version: "2026.2"'))
    said = service.conversation_handler.reload()
    assert said.startswith("policy retail-support@2026.1+")
    assert "-> retail-support@2026.2+" in said
    assert registry.open_call("call-2", "retail-support", None).policy.version.startswith(
        "retail-support@2026.2+"
    )
    # A live call keeps the version it started with.
    assert live.policy.version.startswith("retail-support@2026.1+")


def test_a_broken_pack_is_refused_and_the_old_one_stays(pack_file: Path) -> None:
    pack_file.write_text("pack: retail-support\nversion: [not, a, version\n")
    with pytest.raises(service.PolicyReloadError, match=r"retail-support\.yaml"):
        service.conversation_handler.reload()
    registry = service._service.agents.policies  # type: ignore[union-attr]
    version = registry.open_call("call-3", "retail-support", None).policy.version
    assert version.startswith("retail-support@2026.1+")


def test_reload_before_any_call_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "_service", None)
    assert "no calls yet" in service.conversation_handler.reload()
