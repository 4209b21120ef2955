# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe bench capacity --through freeswitch``: the same question through a real switch.

N loopback calls in FreeSWITCH 1.10 (the tests' switch, ``aiframe.lab.switch.testswitch``): the
near leg of each runs the ``aiframe`` application, the far leg plays the caller on a
loop with ``endless_playback``: a quiet line for most, and for ``talkers`` a line with
one sentence every ``talk_every_s``, each talker's cycle started at its own point (a
lead-in of silence), so that turns overlap evenly as in the embedded run. The
controller is the product itself, ``aiframe run`` with the conversation handler (the
Acme agent, the real speech models), as its own process.

Per N, after ``warm_s`` for the greetings, a window of ``seconds``:

* missed deadlines: the slots' own counters (uplink drops, downlink underruns and
  overruns), read from the arena at both ends of the window;
* CPU of the controller and of FreeSWITCH (``/proc/<pid>/stat``), per call;
* the response gap p50/p95, from the controller's Prometheus histogram
  (``aiframe_response_gap_seconds``), the window's increase interpolated as
  ``histogram_quantile`` does.

Both processes share this machine's cores: this is the one-box deployment.
"""

from __future__ import annotations

import os
import tempfile
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.lab.switch.calls import hangup_all, originate_loopback, wait_slots_free
from aiframe.lab.switch.controller_proc import ControllerProcess
from aiframe.lab.switch.signal import write_wav
from aiframe.lab.switch.testswitch import SwitchSettings, TestSwitch, require
from aiframe.media import Arena

RATE = 16000
KINDS = ("uplink_drops", "downlink_underruns", "downlink_overruns")
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def _ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def gap_histogram(text: str) -> dict[float, float]:
    """Cumulative bucket counts of ``aiframe_response_gap_seconds`` in a scrape."""
    out: dict[float, float] = {}
    for line in text.splitlines():
        if line.startswith("aiframe_response_gap_seconds_bucket{"):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            out[float(le)] = float(line.rsplit(" ", 1)[1])
    return out


def histogram_quantile(
    q: float, before: dict[float, float], after: dict[float, float]
) -> float | None:
    """The q-quantile of what a histogram gained between two scrapes, interpolated
    within its bucket the way Prometheus' ``histogram_quantile`` does."""
    les = sorted(after)
    counts = [after[le] - before.get(le, 0.0) for le in les]
    if not counts or counts[-1] <= 0:
        return None
    rank = q * counts[-1]
    lower, below = 0.0, 0.0
    for le, c in zip(les, counts, strict=True):
        if c >= rank:
            if le == float("inf"):
                return lower  # beyond the last bound: the bound is all we know
            return lower + (le - lower) * (rank - below) / max(c - below, 1e-12)
        lower, below = le, c
    return lower


def _lines(work: Path, voice: Path, every_s: float) -> tuple[Path, Path]:
    """The far legs' audio: a quiet line (1 s, looped) and a talker's cycle."""
    rng = np.random.default_rng(7)
    quiet = (rng.standard_normal(RATE) * 30).astype(np.int16)
    line = np.load(voice)
    cycle = (rng.standard_normal(int(every_s * RATE)) * 30).astype(np.int16)
    at = 2 * RATE
    cycle[at : at + len(line)] = line[: len(cycle) - at]
    quiet_wav, talk_wav = work / "quiet.wav", work / "talk.wav"
    write_wav(quiet_wav, RATE, quiet)
    write_wav(talk_wav, RATE, cycle)
    return quiet_wav, talk_wav


def _duration_ms(wav: Path) -> int:
    with wave.open(str(wav)) as w:
        return int(1000 * w.getnframes() // w.getframerate())


def _counters(arena: Arena) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """Each live call's ring counters, and its slot status text."""
    slots = arena.active_slots()
    return (
        {s.uuid: {k: getattr(s.counters, k) for k in KINDS} for s in slots},
        {s.uuid: s.status for s in slots},
    )


def _step(
    sw: TestSwitch,
    ctl: ControllerProcess,
    arena: Arena,
    calls: int,
    talkers: int,
    wavs: tuple[Path, Path],
    seconds: float,
    warm_s: float,
) -> dict[str, Any]:
    quiet_wav, talk_wav = wavs
    with sw.esl(timeout=60) as esl:
        try:
            cycle_ms = _duration_ms(talk_wav)
            for i in range(calls):
                if i < talkers:
                    # Originating takes milliseconds: without a lead-in of their own,
                    # every talker would say its sentence at the same moment.
                    lead_ms = max(20, i * cycle_ms // talkers)
                    far = [
                        ("playback", f"silence_stream://{lead_ms}"),
                        ("endless_playback", str(talk_wav)),
                    ]
                else:
                    far = [("endless_playback", str(quiet_wav))]
                originate_loopback(esl, "acme", far=far, rate=RATE)
            deadline = time.monotonic() + 60
            while len(arena.active_slots()) < calls and time.monotonic() < deadline:
                time.sleep(0.2)
            attached = len(arena.active_slots())
            time.sleep(warm_s)
            (c0, _), m0 = _counters(arena), gap_histogram(ctl.scrape())
            fs0, ctl0, t0 = _ticks(sw.pid), _ticks(ctl.pid), time.monotonic()
            time.sleep(seconds)
            (c1, status), m1 = _counters(arena), gap_histogram(ctl.scrape())
            fs1, ctl1, t1 = _ticks(sw.pid), _ticks(ctl.pid), time.monotonic()
            rss = _rss_mb(ctl.pid)
        finally:
            hangup_all(esl, timeout=120)
            wait_slots_free(arena, timeout=60)
    missed = {k: sum(c1[u][k] - c0[u][k] for u in c1 if u in c0) for k in KINDS}
    # The calls that missed, with what their controller last said (slot status text).
    missing: list[dict[str, Any]] = [
        {"uuid": u, "missed": sum(c1[u][k] - c0[u][k] for k in KINDS), "status": status[u]}
        for u in c1
        if u in c0 and any(c1[u][k] != c0[u][k] for k in KINDS)
    ]
    tck = os.sysconf("SC_CLK_TCK")
    wall = t1 - t0
    ctl_cpu = (ctl1 - ctl0) / tck / wall
    fs_cpu = (fs1 - fs0) / tck / wall
    p50, p95 = histogram_quantile(0.5, m0, m1), histogram_quantile(0.95, m0, m1)
    turns = (m1.get(float("inf"), 0.0) - m0.get(float("inf"), 0.0)) if m1 else 0.0
    total = sum(missed.values())
    return {
        "calls": calls,
        "attached": attached,
        "talkers": talkers,
        "seconds": seconds,
        "missed_deadlines": total,
        "ok": total == 0 and attached == calls,
        **missed,
        "responses_in_window": int(turns),
        "response_gap_ms": {
            "p50": round(p50 * 1000, 1) if p50 is not None else None,
            "p95": round(p95 * 1000, 1) if p95 is not None else None,
        },
        "controller_cpu_percent_of_one_core": round(100 * ctl_cpu, 1),
        "controller_cpu_ms_per_call_second": round(1000 * ctl_cpu / calls, 2),
        "switch_cpu_percent_of_one_core": round(100 * fs_cpu, 1),
        "switch_cpu_ms_per_call_second": round(1000 * fs_cpu / calls, 2),
        "controller_rss_mb": round(rss, 1),
        "calls_that_missed": sorted(missing, key=lambda m: -m["missed"])[:10],
    }


def run_switch_capacity(
    steps: list[int],
    seconds: float = 20.0,
    talker_share: float = 0.1,
    talk_every_s: float = 15.0,
    warm_s: float = 10.0,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    """Step N up; stop at the first step with a missed deadline. Raises
    ``SwitchAbsentError`` when FreeSWITCH or mod_aiframe is missing."""
    from aiframe.lab.bench.capacity import _voice, stepped

    require()
    top = max(steps, default=1)
    settings = SwitchSettings(max_slots=max(256, top), max_sessions=max(1000, 3 * top))
    runs: list[dict[str, Any]] = []
    best = 0
    with tempfile.TemporaryDirectory(prefix="aiframe-capacity-fs-") as tmp:
        work = Path(tmp)
        wavs = _lines(work, _voice(work), talk_every_s)
        sw = TestSwitch(settings, workdir=work / "fs")
        ctl: ControllerProcess | None = None
        try:
            sw.start()
            assert sw.endpoint is not None
            # Quiet lines never answer: no no-input prompts; nothing to keep.
            ctl = ControllerProcess(
                sw,
                work,
                env={
                    "AIFRAME_CONVERSATION__NO_INPUT_S": "600",
                    "AIFRAME_STORE__ENABLED": "false",
                },
            )
            with Arena.open(sw.endpoint.arena_path) as arena:
                for n in steps:
                    talkers = max(1, round(n * talker_share)) if talker_share > 0 else 0
                    progress(f"capacity through FreeSWITCH: {n} calls, {talkers} talking")
                    r = _step(sw, ctl, arena, n, talkers, wavs, seconds, warm_s)
                    runs.append(r)
                    if not r["ok"]:
                        break
                    best = n
        finally:
            if ctl is not None:
                ctl.stop()
            sw.cleanup()
    at_max = [r for r in runs if r["calls"] == best]
    at_200 = [r for r in runs if r["calls"] == 200]
    return {
        "bench": "capacity",
        "through": "freeswitch",
        "max_calls": best,
        "talker_share": talker_share,
        "talk_every_s": talk_every_s,
        "warm_s": warm_s,
        "response_gap_p95_ms_at_max": at_max[0]["response_gap_ms"]["p95"] if at_max else None,
        "response_gap_p95_ms_at_200": at_200[0]["response_gap_ms"]["p95"] if at_200 else None,
        **stepped(steps, runs),
    }


__all__ = ["gap_histogram", "histogram_quantile", "run_switch_capacity"]
