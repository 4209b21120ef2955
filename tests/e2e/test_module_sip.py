# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""SIP calls from sipp on 127.0.0.1, with RTP, are tapped like loopback calls."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import numpy as np
import pytest

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import attach, read_for, wait_start, wait_stop
from aiframe.lab.switch.signal import (
    best_match,
    mulaw_encode,
    resample,
    segment_correlations,
    speechlike,
)
from aiframe.lab.switch.testswitch import TestSwitch, unavailable
from aiframe.media import Arena

SCENARIO = Path(__file__).parent / "sipp" / "uac_rtp_stream.xml"
SPEECH_S = 3.0
HOLD_MS = 4500


def _udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sipp() -> str:
    path = shutil.which("sipp") or "/usr/bin/sipp"
    if not Path(path).is_file():
        unavailable("sipp is not installed (Debian package sip-tester)")
    return path


def test_sipp_call_with_rtp_is_tapped(
    fs: TestSwitch, esl: SyncEsl, arena: Arena, sipp: str, tmp_path: Path
) -> None:
    assert fs.endpoint is not None
    source = np.concatenate([np.zeros(4000, dtype=np.int16), speechlike(SPEECH_S, 8000, seed=3)])
    (tmp_path / "caller.ulaw").write_bytes(mulaw_encode(source))
    cmd = [
        sipp,
        f"127.0.0.1:{fs.endpoint.sip_port}",
        "-sf",
        str(SCENARIO),
        "-s",
        "ai",
        "-i",
        "127.0.0.1",
        "-p",
        str(_udp_port()),
        "-mp",
        str(_udp_port()),
        "-m",
        "1",
        "-l",
        "1",
        "-d",
        str(HOLD_MS),
        "-nostdin",
        "-timeout",
        "30s",
        "-timeout_error",
    ]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        started = wait_start(esl, timeout=10)
        assert started.event.get("Caller-Caller-ID-Number") == "sipp"
        assert (started.event.get("Channel-Name") or "").startswith("sofia/")
        assert started.channel_rate == 8000
        att = attach(arena, started)
        got = read_for(att, HOLD_MS / 1000 + 1)
        stop = wait_stop(esl, started.uuid)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, out.decode(errors="replace")[-2000:]
    assert stop.get("aiframe-reason") == "hangup"
    assert int(stop["aiframe-uplink-drops"]) == 0

    ref = resample(source, 8000, started.rate)
    segments = segment_correlations(ref, got, started.rate)
    good = sum(c >= 0.9 for c in segments)
    assert len(segments) >= 10 and good >= 0.9 * len(segments), (
        f"{good}/{len(segments)} segments of the tapped SIP audio correlate >= 0.9 "
        f"(whole call {best_match(ref, got)})"
    )
