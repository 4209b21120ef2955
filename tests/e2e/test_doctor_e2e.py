# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe doctor`'s FreeSWITCH checks against a real FreeSWITCH with mod_aiframe."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from aiframe.config import Settings
from aiframe.deploy.doctor import check_arena, check_esl, check_module
from aiframe.lab.switch.testswitch import TestSwitch


def _settings(fs: TestSwitch, **media: object) -> Settings:
    assert fs.endpoint is not None
    ep = fs.endpoint
    return Settings.model_validate(
        {
            "esl": {"port": ep.esl_port, "password": ep.esl_password},
            "media": {"arena_path": str(ep.arena_path), **media},
        }
    )


def test_doctor_passes_the_switch_the_module_and_its_arena(fs: TestSwitch) -> None:
    settings = _settings(fs)
    esl, conn = check_esl(settings)
    assert esl.status == "ok", esl.line()
    assert conn is not None
    with conn:
        module = check_module(settings, conn)
    assert module.status == "ok", module.line()
    assert module.detail == f"mod_aiframe is loaded, arena {settings.media.arena_path}"
    arena = check_arena(settings)
    assert arena.status == "ok", arena.line()
    assert "layout v1" in arena.detail


def test_doctor_catches_an_arena_path_the_module_does_not_use(fs: TestSwitch) -> None:
    settings = _settings(fs, arena_path=str(Path("/dev/shm/aiframe-not-this-one.arena")))
    _, conn = check_esl(settings)
    assert conn is not None
    with conn:
        module = check_module(settings, conn)
    assert module.status == "fail"
    assert "arena-path" in module.fix
    assert check_arena(settings).status == "fail"


def test_doctor_names_a_wrong_password_on_a_real_switch(fs: TestSwitch) -> None:
    settings = _settings(fs)
    settings.esl.password = SecretStr("wrong-" + "y" * 20)
    esl, conn = check_esl(settings)
    assert conn is None
    assert esl.status == "fail"
    assert "refused the event-socket password" in esl.detail
