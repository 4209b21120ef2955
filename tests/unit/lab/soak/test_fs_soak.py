# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe soak --through freeswitch`` without a switch: what it reads off FreeSWITCH,
the caller's wav, when a call counts as completed, and the judgements on made-up runs."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aiframe.callcheck.caller import lay_out, write_caller_ulaw
from aiframe.config import Settings
from aiframe.esl.wire import EslEvent
from aiframe.lab.soak import probe
from aiframe.lab.soak.fs_driver import (
    SippAbsentError,
    SwitchCallResult,
    SwitchSoakParams,
    SwitchSoakRun,
    call_errors,
)
from aiframe.lab.soak.fs_probe import SwitchSample, count_bugs, stop_counters
from aiframe.lab.soak.fs_report import build_switch_report
from aiframe.lab.switch.signal import tone, write_wav

# uuid_buglist on a channel with mod_aiframe's tap and a recording (FreeSWITCH 1.10).
BUGLIST = """<media-bugs>
  <media-bug>
    <function>aiframe</function>
    <target>aiframe</target>
    <thread-locked>0</thread-locked>
  </media-bug>
  <media-bug>
    <function>session_record</function>
    <target>/tmp/x.wav</target>
    <thread-locked>0</thread-locked>
  </media-bug>
</media-bugs>
"""


def test_only_mod_aiframes_media_bugs_are_counted() -> None:
    assert count_bugs(BUGLIST) == 1
    assert count_bugs("<media-bugs>\n</media-bugs>\n") == 0
    assert count_bugs("-ERR no such channel\n") == 0


def test_the_stop_events_counters_are_read_by_their_arena_names() -> None:
    ev = EslEvent(
        {
            "Event-Subclass": "aiframe::stop",
            "aiframe-reason": "hangup",
            "aiframe-uplink-drops": "0",
            "aiframe-downlink-underruns": "2",
            "aiframe-downlink-overruns": "0",
            "aiframe-frames-in": "2500",
            "aiframe-barge-ins": "1",
        }
    )
    assert stop_counters(ev) == {
        "uplink_drops": 0,
        "downlink_underruns": 2,
        "downlink_overruns": 0,
        "frames_in": 2500,
        "barge_ins": 1,
    }


def test_the_callers_wav_is_lead_lines_with_pauses_and_a_tail() -> None:
    rate = 16000
    clips = [np.full(rate, 8000, dtype=np.int16), np.full(rate // 2, 8000, dtype=np.int16)]
    pcm = lay_out(clips, rate=rate, lead_s=2.0, pause_s=3.0, tail_s=1.0)
    assert len(pcm) == rate * (2 + 1 + 3 + 0.5 + 1)
    loud = np.flatnonzero(np.abs(pcm) > 4000)
    assert loud[0] == 2 * rate and loud[-1] == int(6.5 * rate) - 1
    quiet = pcm[: 2 * rate].astype(np.float64)
    assert 0 < np.sqrt(np.mean(quiet * quiet)) < 100  # a hiss, not digital silence


def test_sipps_caller_is_the_same_audio_as_mulaw_at_8khz(tmp_path: Path) -> None:
    rate = 16000
    pcm = lay_out(
        [tone(300, 1.0, rate, amplitude=8000)], rate=rate, lead_s=0.5, pause_s=0, tail_s=0.5
    )
    write_wav(tmp_path / "caller.wav", rate, pcm)
    write_caller_ulaw(tmp_path / "caller.wav", tmp_path / "caller.ulaw")
    ulaw = np.frombuffer((tmp_path / "caller.ulaw").read_bytes(), dtype=np.uint8)
    assert len(ulaw) == len(pcm) // 2  # a byte a sample at 8 kHz
    # mu-law's loud codes have small magnitudes once inverted: the tone is where it was.
    loud = np.flatnonzero((~ulaw & 0x7F) > 0x50)
    assert loud[0] == pytest.approx(4000, abs=40) and loud[-1] == pytest.approx(12000, abs=40)


def test_the_sipp_caller_needs_sipp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no sipp on it
    monkeypatch.setattr("aiframe.lab.soak.fs_driver.require", lambda: None)  # nor a switch needed
    run = SwitchSoakRun(Settings(), SwitchSoakParams(caller="sipp"), tmp_path)
    with pytest.raises(SippAbsentError, match=r"sipp is not installed \(the Debian package"):
        run.open()
    run.close()
    assert not (tmp_path / "soak.db").exists()


def _done(**changes: object) -> SwitchCallResult:
    r = SwitchCallResult(0, 1, "soak", 0.0, a_uuid="a", b_uuid="b", wall_s=40.0)
    r.attached_by_module = True
    r.stop_reason = "hangup"
    r.attached_by_controller = True
    r.leg_reason = "hangup: NORMAL_CLEARING"
    r.turns = 6
    return replace(r, **changes)  # type: ignore[arg-type]


def test_a_call_completes_when_both_sides_attached_it_and_it_ran_to_its_hangup() -> None:
    assert call_errors(_done()) == []
    assert call_errors(_done(stop_reason="controller_lost")) == [
        "aiframe::stop reason controller_lost, not hangup"
    ]
    assert call_errors(_done(stop_reason=None)) == ["no aiframe::stop"]
    assert call_errors(_done(attached_by_module=False)) == ["no aiframe::start"]
    assert call_errors(_done(attached_by_controller=False, turns=0)) == [
        "the controller did not attach it (no leg in its store)"
    ]
    assert call_errors(_done(leg_reason=None)) == ["the controller's leg did not end"]
    assert call_errors(_done(leg_reason="failed: JobFailed: boom")) == [
        "the controller failed it: failed: JobFailed: boom"
    ]
    assert call_errors(_done(turns=0)) == ["no turn recorded"]
    assert call_errors(_done(b_uuid="")) == []  # never placed: its originate error says why


def _sample(t: float, **changes: int) -> SwitchSample:
    s = SwitchSample(
        t_s=t,
        ctl_rss_kb=900_000,
        ctl_fds=20,
        ctl_threads=30,
        fs_rss_kb=100_000,
        fs_fds=40,
        fs_threads=50,
        slots_active=0,
        channels=0,
        media_bugs=0,
        shm_entries=1,
        shm_ours=1,
        uplink_drops=0,
        downlink_underruns=0,
        downlink_overruns=0,
        calls_live=0,
        calls_done=0,
    )
    return replace(s, **changes)


def _run(tmp_path: Path, fs_leak_kb_s: int = 0, **final: int) -> SwitchSoakRun:
    run = SwitchSoakRun(Settings(), SwitchSoakParams(seconds=600, calls=2), tmp_path)
    run.window = (100.0, 700.0)
    run.samples = [
        _sample(
            float(t),
            fs_rss_kb=100_000 + fs_leak_kb_s * t,
            channels=4 if 100 <= t < 700 else 0,
            media_bugs=2 if 100 <= t < 700 else 0,
            fs_threads=54 if 100 <= t < 700 else 50,
        )
        for t in range(0, 720)
    ]
    run.baseline = run.samples[99]
    run.final = _sample(719.0, fs_rss_kb=run.samples[-1].fs_rss_kb, **final)
    run.results = [_done(phase=p, b_uuid=f"b{i}") for i, p in enumerate(["warm-up", "soak"])]
    return run


def test_a_flat_run_passes_every_judgement(tmp_path: Path) -> None:
    report = build_switch_report(_run(tmp_path))
    assert report["soak"] == "freeswitch"
    assert set(report["judgements"]) == {
        "calls_completed",
        "controller_memory_flat",
        "freeswitch_memory_flat",
        "controller_fds_back",
        "controller_threads_back",
        "freeswitch_fds_back",
        "freeswitch_threads_back",
        "slots_back",
        "media_bugs_back",
        "shm_back",
        "no_ring_drops",
    }
    assert report["ok"], report["judgements"]
    assert report["memory"]["freeswitch"]["slope_mb_per_h"] == 0


def test_growth_and_leftovers_in_freeswitch_are_named(tmp_path: Path) -> None:
    # 1 kB a second is 3.5 MB an hour, against the 1 MB/h limit.
    report = build_switch_report(_run(tmp_path, 1, media_bugs=1, channels=2))
    failed = {k for k, j in report["judgements"].items() if not j["ok"]}
    assert failed == {"freeswitch_memory_flat", "media_bugs_back"}
    assert report["memory"]["freeswitch"]["slope_mb_per_h"] == pytest.approx(3.516, abs=0.01)
    # The switch's threads may end above the baseline only up to what the first half
    # reached less one per live channel (54 - 4): one more is a thread kept.
    report = build_switch_report(_run(tmp_path, fs_threads=51))
    assert not report["judgements"]["freeswitch_threads_back"]["ok"]


def test_another_process_is_probed_by_its_pid() -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        rss, threads = probe.process_status(child.pid)
        assert rss > 0 and threads >= 1
        assert probe.fds(child.pid) >= 3  # stdin, stdout, stderr at least
        assert probe.thread_names(child.pid)
        assert len(probe.fd_targets(child.pid)) >= 3
    finally:
        child.kill()
        child.wait()
