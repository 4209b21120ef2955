# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench module`: mod_aiframe inside a real FreeSWITCH.

Two measurements, each against a peer path in the same run:

- **CPU per call.** N loopback calls whose far legs play speech, with the
  module attached and both rings live (this process drains every uplink and
  keeps every downlink fed), against the same N calls parked without it.
  FreeSWITCH's user+system CPU (``/proc/<pid>/stat``, all threads) is read
  over a fixed window once the calls have settled.
- **Barge-in flush time.** A far leg hears AI audio, then starts talking; on
  its own stereo recording, the time from its talking onset to the last AI
  audio it hears. In-switch (the module's detector flushes the downlink)
  against controller-side (detector off; this process watches the uplink with
  the same threshold and minimum speech, then flushes through the arena).

The switch is the tests' one (``aiframe.fs.testswitch``), started here.
"""

from __future__ import annotations

import functools
import os
import platform
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.fs.calls import (
    LoopbackCall,
    attach,
    hangup_all,
    is_event,
    originate_loopback,
    subscribe_aiframe,
    wait_slots_free,
    wait_start,
)
from aiframe.fs.esl import SyncEsl
from aiframe.fs.signal import (
    barge_timing,
    heard_and_said,
    read_wav,
    speechlike,
    tone,
    write_wav,
)
from aiframe.fs.testswitch import SwitchSettings, TestSwitch, require
from aiframe.media import Arena, Attachment, UplinkDrainer

AI_HZ = 1000
TALK_HZ = 300
TALK_LEAD_S = 1.5
BARGE_THRESHOLD = 900
BATCH = 5  # barge-in trials run this many calls at once
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


class _Pump:
    """The controller's part for the CPU run: every uplink drained, every
    downlink kept half a second ahead, from a thread."""

    def __init__(self, arena: Arena, rate: int) -> None:
        self.drainer = UplinkDrainer(arena)
        self.atts: list[Attachment] = []
        self.chunk = tone(AI_HZ, 0.2, rate, 6000)
        self.rate = rate
        self.samples_read = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="bench-pump", daemon=True)
        self._thread.start()

    def add(self, att: Attachment) -> None:
        with self._lock:
            self.drainer.add(att)
            self.atts.append(att)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                for _, pcm in self.drainer.drain():
                    if pcm is not None:
                        self.samples_read += len(pcm)
                for a in self.atts:
                    if a.alive and a.queued() < self.rate // 2:
                        a.write(self.chunk)
            self._stop.wait(0.02)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True, slots=True)
class CpuSample:
    calls: int
    cpu_s: float
    wall_s: float
    channels: int

    @property
    def ms_per_call_s(self) -> float:
        """Milliseconds of FreeSWITCH CPU per second of one call."""
        return 1000.0 * self.cpu_s / self.wall_s / self.calls


def _cpu_run(
    sw: TestSwitch,
    esl: SyncEsl,
    arena: Arena,
    speech: Path,
    calls: int,
    *,
    with_module: bool,
    settle_s: float,
    window_s: float,
) -> CpuSample:
    far = [("endless_playback", str(speech))]
    pump = _Pump(arena, sw.settings.sample_rate) if with_module else None
    try:
        for _ in range(calls):
            if pump is None:
                originate_loopback(esl, "park", far=far)
                continue
            call = originate_loopback(
                esl, "ai", far=far, variables={"aiframe_e2e_args": "barge_threshold=0"}
            )
            pump.add(attach(arena, wait_start(esl, call.b_uuid)))
        time.sleep(settle_s)
        ticks0, t0 = sw.cpu_ticks(), time.monotonic()
        time.sleep(window_s)
        ticks1, t1 = sw.cpu_ticks(), time.monotonic()
        channels = len([ln for ln in esl.api("show channels").splitlines() if "loopback/" in ln])
    finally:
        if pump is not None:
            pump.close()
        hangup_all(esl, timeout=60)
        wait_slots_free(arena, timeout=30)
        esl.drain_events()
    tck = os.sysconf("SC_CLK_TCK")
    return CpuSample(calls, (ticks1 - ticks0) / tck, t1 - t0, channels)


def _barge_batch(
    sw: TestSwitch,
    esl: SyncEsl,
    arena: Arena,
    talk: Path,
    n: int,
    *,
    in_switch: bool,
    min_ms: int,
) -> list[float | None]:
    args = f"barge_threshold={BARGE_THRESHOLD if in_switch else 0} barge_min_ms={min_ms}"
    calls: list[LoopbackCall] = []
    atts: list[Attachment] = []
    for _ in range(n):
        call = originate_loopback(
            esl,
            "ai",
            far=[("playback", str(talk)), ("park", "")],
            variables={"RECORD_STEREO": "true", "aiframe_e2e_args": args},
        )
        att = attach(arena, wait_start(esl, call.b_uuid))
        ai = tone(AI_HZ, 6.0, att.arena.slot_info(att.index).sample_rate)
        att.write(ai)
        att.end_utterance()
        calls.append(call)
        atts.append(att)
    wavs = [sw.recordings / f"barge-{c.a_uuid}.wav" for c in calls]
    starts = [
        esl.api(f"uuid_record {c.a_uuid} start {w}") for c, w in zip(calls, wavs, strict=True)
    ]
    if not all(s.startswith("+OK") for s in starts):
        raise RuntimeError(f"uuid_record failed: {starts}")
    deadline = time.monotonic() + TALK_LEAD_S + 4.0
    if in_switch:
        pending = {c.b_uuid for c in calls}
        while pending and time.monotonic() < deadline:
            ev = esl.wait_event(is_event("aiframe::barge_in"), deadline - time.monotonic())
            if ev is not None:
                pending.discard(ev.uuid)
    else:
        _controller_side_barge(atts, deadline, min_ms)
    time.sleep(0.6)
    for c, w in zip(calls, wavs, strict=True):
        esl.api(f"uuid_record {c.a_uuid} stop {w}")
    hangup_all(esl)
    wait_slots_free(arena)
    esl.drain_events()
    out: list[float | None] = []
    for w in wavs:
        rate, chans = read_wav(w)
        heard, said = heard_and_said(chans, rate, AI_HZ)
        timing = barge_timing(heard, said, rate, ai_hz=AI_HZ, talk_hz=TALK_HZ)
        out.append(timing.flush_ms)
        w.unlink(missing_ok=True)
    return out


def _controller_side_barge(atts: list[Attachment], deadline: float, min_ms: int) -> None:
    """The peer: the same detector (RMS over 20 ms frames above the threshold
    for the minimum speech time) run on the uplink here, then a flush."""
    rate = atts[0].arena.slot_info(atts[0].index).sample_rate
    frame = rate // 50
    need = max(1, min_ms // 20)
    carry = [np.zeros(0, dtype=np.int16) for _ in atts]
    run = [0] * len(atts)
    done = [False] * len(atts)
    while not all(done) and time.monotonic() < deadline:
        for i, att in enumerate(atts):
            if done[i]:
                continue
            pcm = np.concatenate([carry[i], att.read()])
            whole = len(pcm) // frame * frame
            for k in range(0, whole, frame):
                f = pcm[k : k + frame].astype(np.float64)
                run[i] = run[i] + 1 if np.mean(f * f) >= BARGE_THRESHOLD**2 else 0
                if run[i] >= need:
                    att.flush()
                    done[i] = True
                    break
            carry[i] = pcm[whole:]
        time.sleep(0.005)


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def run_module_bench(
    call_counts: list[int],
    *,
    window_s: float = 10.0,
    settle_s: float = 3.0,
    barge_trials: int = 20,
    barge_min_ms: int = 100,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    """Run both measurements; raises SwitchAbsentError when FreeSWITCH or the
    module is missing."""
    require()
    max_calls = max(call_counts, default=0)
    settings = SwitchSettings(max_slots=max(256, max_calls), max_sessions=max(1000, 3 * max_calls))
    with tempfile.TemporaryDirectory(prefix="aiframe-bench-module-") as tmp:
        work = Path(tmp)
        speech, talk = work / "speech.wav", work / "talk.wav"
        write_wav(speech, 8000, speechlike(20.0, 8000, seed=11))
        lead = np.zeros(round(TALK_LEAD_S * 8000), dtype=np.int16)
        write_wav(talk, 8000, np.concatenate([lead, tone(TALK_HZ, 3.0, 8000, 12000)]))
        sw = TestSwitch(settings, workdir=work / "fs")
        try:
            sw.start()
            assert sw.endpoint is not None
            with sw.esl(timeout=60) as esl, Arena.open(sw.endpoint.arena_path) as arena:
                subscribe_aiframe(esl)
                cpu_runs = []
                measure = functools.partial(
                    _cpu_run, sw, esl, arena, speech, settle_s=settle_s, window_s=window_s
                )
                for n in call_counts:
                    progress(f"cpu: {n} calls without the module")
                    without = measure(n, with_module=False)
                    progress(f"cpu: {n} calls with the module")
                    with_ = measure(n, with_module=True)
                    cpu_runs.append(
                        {
                            "calls": n,
                            "channels_with": with_.channels,
                            "channels_without": without.channels,
                            "with_module_ms_per_call_s": round(with_.ms_per_call_s, 3),
                            "without_module_ms_per_call_s": round(without.ms_per_call_s, 3),
                            "module_ms_per_call_s": round(
                                with_.ms_per_call_s - without.ms_per_call_s, 3
                            ),
                            "cpu_ratio": round(with_.ms_per_call_s / without.ms_per_call_s, 3)
                            if without.ms_per_call_s > 0
                            else float("nan"),
                            "switch_cpu_pct_with": round(100 * with_.cpu_s / with_.wall_s, 1),
                            "switch_cpu_pct_without": round(
                                100 * without.cpu_s / without.wall_s, 1
                            ),
                        }
                    )
                barge: dict[str, list[float | None]] = {"in_switch": [], "controller_side": []}
                done = 0
                while done < barge_trials:
                    n = min(BATCH, barge_trials - done)
                    progress(f"barge-in: trials {done + 1}-{done + n} of {barge_trials}")
                    trial = functools.partial(_barge_batch, sw, esl, arena, talk, n)
                    barge["in_switch"] += trial(in_switch=True, min_ms=barge_min_ms)
                    barge["controller_side"] += trial(in_switch=False, min_ms=barge_min_ms)
                    done += n
        finally:
            sw.cleanup()
    summary: dict[str, Any] = {}
    for path, values in barge.items():
        ok = [v for v in values if v is not None]
        summary[path] = {
            "trials": len(values),
            "flushed": len(ok),
            "p50_ms": round(_pct(ok, 50), 1),
            "p95_ms": round(_pct(ok, 95), 1),
            "max_ms": round(max(ok), 1) if ok else float("nan"),
            "beyond_min_speech_p50_ms": round(_pct(ok, 50) - barge_min_ms, 1),
        }
    ins, ctl = summary["in_switch"], summary["controller_side"]
    return {
        "benchmark": "module",
        "what": "mod_aiframe in FreeSWITCH 1.10 (loopback calls, far legs playing speech): "
        "FreeSWITCH CPU per call with the module attached and both rings live vs the same "
        "calls without it; barge-in flush time at the far leg, in-switch detector vs the "
        "same detector on the controller side",
        "targets": {"barge_in_p95_ms": 60},
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {
            "window_s": window_s,
            "settle_s": settle_s,
            "ai_rate": settings.sample_rate,
            "channel_rate": 8000,
            "barge_threshold": BARGE_THRESHOLD,
            "barge_min_ms": barge_min_ms,
        },
        "cpu": cpu_runs,
        "barge_in": {
            **summary,
            "p50_ratio": round(ctl["p50_ms"] / ins["p50_ms"], 2) if ins["p50_ms"] else None,
            "note": "flush time includes barge_min_ms of speech the detector must hear "
            "before it may act; beyond_min_speech is what the path itself adds",
        },
    }


__all__ = ["run_module_bench"]
