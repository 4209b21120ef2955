# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""How the test switch finds FreeSWITCH and lays out its run (no FreeSWITCH needed)."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from aiframe.lab.switch.calls import channel_vars
from aiframe.lab.switch.errors import SwitchAbsentError, TestSwitchError
from aiframe.lab.switch.testswitch import (
    Endpoint,
    SwitchSettings,
    TestSwitch,
    absent_reason,
    find_test_conf,
    freeswitch_prefix,
    require,
    unavailable,
)


def _fake_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, module: bool) -> None:
    binary = tmp_path / "bin" / "freeswitch"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\nexit 1\n")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    mods = tmp_path / "mod"
    mods.mkdir()
    for m in ("event_socket", "commands", "dptools", "dialplan_xml", "loopback", "sofia"):
        (mods / f"mod_{m}.so").write_bytes(b"")
    (mods / "mod_sndfile.so").write_bytes(b"")
    (mods / "mod_tone_stream.so").write_bytes(b"")
    so = tmp_path / "mod_aiframe.so"
    if module:
        so.write_bytes(b"")
    monkeypatch.setenv("AIFRAME_FREESWITCH", str(binary))
    monkeypatch.setenv("AIFRAME_FREESWITCH_MODDIR", str(mods))
    monkeypatch.setenv("AIFRAME_MODULE", str(so))


def test_absent_freeswitch_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AIFRAME_FREESWITCH", str(tmp_path / "nope"))
    reason = absent_reason()
    assert reason is not None and "\n" not in reason
    assert "FreeSWITCH is not installed" in reason
    with pytest.raises(SwitchAbsentError, match="not installed"):
        require()


@pytest.mark.parametrize("ci", ["", "false", "0"])
def test_an_absent_part_skips_on_a_developers_machine(
    monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match=r"^e2e: sipp is not installed$"):
        unavailable("e2e: sipp is not installed")


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_an_absent_part_fails_in_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"^e2e: sipp is not installed .*CI=true"):
        unavailable("e2e: sipp is not installed")


def test_the_switch_is_found_under_freeswitch_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("AIFRAME_FREESWITCH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("FREESWITCH_PREFIX", str(tmp_path))
    assert freeswitch_prefix() == tmp_path
    assert "not installed" in (absent_reason() or "")
    binary = tmp_path / "bin" / "freeswitch"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    mods = tmp_path / "mod"
    mods.mkdir()
    (mods / "mod_event_socket.so").write_bytes(b"")
    monkeypatch.delenv("AIFRAME_FREESWITCH_MODDIR", raising=False)
    assert "lacks mod_commands" in (absent_reason(need_module=False) or "")


def test_absent_modules_and_module(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_install(tmp_path, monkeypatch, module=False)
    reason = absent_reason()
    assert reason is not None and "mod_aiframe.so is not built" in reason
    assert absent_reason(need_module=False) is None
    (tmp_path / "mod" / "mod_loopback.so").unlink()
    assert "lacks mod_loopback" in (absent_reason(need_module=False) or "")
    monkeypatch.setenv("AIFRAME_FREESWITCH_MODDIR", str(tmp_path / "nowhere"))
    assert "modules are not installed" in (absent_reason(need_module=False) or "")


def test_run_layout_vars_and_module_load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_install(tmp_path, monkeypatch, module=True)
    sw = TestSwitch(SwitchSettings(max_slots=7, sample_rate=8000), workdir=tmp_path / "run")
    ep = sw._prepare()
    conf = sw.conf_dir
    assert (conf / "freeswitch.xml").is_file()
    text = (conf / "vars.xml").read_text()
    found = dict(re.findall(r'data="([a-z_0-9]+)=([^"]*)"', text))
    assert found["esl_port"] == str(ep.esl_port)
    assert found["esl_password"] == ep.esl_password != "ClueCon"
    assert found["aiframe_max_slots"] == "7"
    assert found["aiframe_sample_rate"] == "8000"
    assert found["aiframe_arena_path"] == str(ep.arena_path)
    assert str(ep.arena_path).startswith("/dev/shm/aiframe-e2e-")
    load = (conf / "autoload_configs" / "modules.d" / "aiframe.xml").read_text()
    assert str((tmp_path / "mod_aiframe.so").resolve()) in load
    cmd = sw.command()
    assert cmd[1:4] == ["-nc", "-nf", "-nonat"]
    assert cmd[cmd.index("-conf") + 1] == str(conf)
    for d in ("-log", "-db", "-run", "-temp"):
        assert Path(cmd[cmd.index(d) + 1]).is_dir()

    without = TestSwitch(SwitchSettings(load_module=False), workdir=tmp_path / "run2")
    without._prepare()
    assert not (without.conf_dir / "autoload_configs" / "modules.d" / "aiframe.xml").exists()


def test_every_variable_the_test_conf_uses_is_written(tmp_path: Path) -> None:
    used = set()
    for f in find_test_conf().rglob("*.xml"):
        if f.name != "vars.xml":
            used |= set(re.findall(r"\$\$\{([a-z_0-9]+)\}", f.read_text()))
    sw = TestSwitch(workdir=tmp_path)
    ep = Endpoint(1, "pw", 2, (3, 4), tmp_path / "a.arena")
    assert used <= set(sw.vars(ep))
    shipped = set(re.findall(r'data="([a-z_0-9]+)=', (find_test_conf() / "vars.xml").read_text()))
    assert set(sw.vars(ep)) == shipped


def test_channel_vars_quoting() -> None:
    assert channel_vars({"a": 1, "b": "x y"}) == "{a=1,b='x y'}"
    with pytest.raises(TestSwitchError, match="no commas"):
        channel_vars({"a": "x,y"})
