# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from aiframe import __version__
from aiframe.media import Arena
from aiframe.media.synth import synth_voice
from aiframe.media.wav import read_wav_mono, write_wav


def aiframe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiframe", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_version_and_help() -> None:
    r = aiframe("version")
    assert r.returncode == 0 and r.stdout.strip() == f"aiframe {__version__}"
    r = aiframe("--help")
    assert r.returncode == 0
    for cmd in ("demo", "bench", "host", "arena", "version"):
        assert cmd in r.stdout


def test_arena_info_json(arena_path: Path) -> None:
    with Arena.create(arena_path, slots=2, max_rate=8000) as a:
        a.claim("cli-call", 8000)
        r = aiframe("arena", "info", "--path", str(arena_path), "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["arena"]["slot_count"] == 2
    assert [s["uuid"] for s in d["slots"]] == ["cli-call"]


def test_errors_are_one_line_not_a_traceback(tmp_path: Path) -> None:
    r = aiframe("arena", "info", "--path", str(tmp_path / "none"))
    assert r.returncode == 2
    assert r.stderr.startswith("aiframe: error: arena ")
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    bad = tmp_path / "c.toml"
    bad.write_text("[media]\nslots = -1\n")
    r = aiframe("--config", str(bad), "version")
    assert r.returncode == 2 and "media.slots" in r.stderr


def test_host_command_records_stereo(arena_path: Path, tmp_path: Path) -> None:
    caller = tmp_path / "caller.wav"
    write_wav(caller, 16000, synth_voice(0.3, 130.0, seed=3))
    out = tmp_path / "rec.wav"
    r = aiframe(
        "host",
        "--arena",
        str(arena_path),
        "--create",
        "--caller",
        str(caller),
        "--out",
        str(out),
        "--tail-ms",
        "100",
    )
    assert r.returncode == 0, r.stderr
    assert read_wav_mono(out, 16000).shape[0] >= 16000 * 0.4 - 320
