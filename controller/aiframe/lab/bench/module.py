# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench module`: mod_aiframe inside a real FreeSWITCH, beside the peer
operators install today, jambonz's mod_audio_fork (``aiframe.lab.bench.audio_fork``),
in the same run against the same test switch.

Loopback calls at 16 kHz (L16 on both legs, so the media bug sees 16 kHz and nobody
resamples); the far leg of each call plays speech. Three paths for the near leg:

- **none**: parked, no media bug: the switch's own cost of the calls;
- **aiframe**: the ``aiframe`` application; the receiver is the product, ``aiframe
  run`` with its default listen-only handler, as its own process;
- **audio_fork**: parked, with ``uuid_audio_fork <uuid> start ws://... mono 16k``;
  the receiver is a ``websockets`` server in its own process that reads every frame
  into numpy (``aiframe.lab.bench.ws_receiver``), what a Pipecat-style stack runs.

Measured, per call count:

- **CPU per call-second** of FreeSWITCH, and of the receiving process, each from
  ``/proc/<pid>/stat`` (user+system, all threads) over the same window once the
  calls have settled.
- **One-way delay** from the switch's media thread to the receiver holding the
  frame, p50/p99, at one call count (``aiframe.lab.bench.delay`` has the method): both
  receivers take the same calls at once, each call stamped in the switch.
- **Barge-in flush time.** A far leg hears AI audio, then starts talking; on its own
  stereo recording, the time from its talking onset to the last AI audio it hears.
  In-switch (the module's detector flushes the downlink) against controller-side
  (detector off; this process watches the uplink with the same threshold and minimum
  speech, then flushes through the arena). No receiver process runs meanwhile.

The switch is the tests' one (``aiframe.lab.switch.testswitch``), started here.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.esl.sync import SyncEsl
from aiframe.lab.bench import audio_fork
from aiframe.lab.bench.delay import (
    CLICK_PERIOD_S,
    DETECTOR_RMS,
    PROBE_ENV,
    click_train,
    delay_summary,
    pair_delays,
    read_arrivals,
)
from aiframe.lab.bench.ws_receiver import WsReceiver
from aiframe.lab.switch.calls import (
    LoopbackCall,
    attach,
    hangup_all,
    is_event,
    originate_loopback,
    subscribe_aiframe,
    wait_slots_free,
    wait_start,
)
from aiframe.lab.switch.controller_proc import ControllerProcess
from aiframe.lab.switch.signal import (
    barge_timing,
    heard_and_said,
    read_wav,
    speechlike,
    tone,
    write_wav,
)
from aiframe.lab.switch.testswitch import SwitchSettings, TestSwitch, require
from aiframe.media import Arena, Attachment

AI_HZ = 1000
TALK_HZ = 300
TALK_LEAD_S = 1.5
BARGE_THRESHOLD = 900
BATCH = 5  # barge-in trials run this many calls at once
RATE = 16000  # channel and AI rate of the CPU and delay runs
PATHS = ("none", "aiframe", "audio_fork")
LISTEN_HANDLER = "aiframe.runtime.handler:listen_handler"
PROBE_HANDLER = "aiframe.lab.bench.delay:probe_handler"
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def proc_ticks(pid: int) -> int:
    """utime + stime of a process (all threads), in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def ms_per_call_s(cpu_s: float, wall_s: float, calls: int) -> float:
    """Milliseconds of CPU per second of one call."""
    return 1000.0 * cpu_s / wall_s / calls


def ratio(peer: float | None, ours: float | None) -> float | None:
    """peer / ours, or None when either is missing or ours is zero."""
    if peer is None or ours is None or ours <= 0:
        return None
    return round(peer / ours, 3)


@dataclass(frozen=True, slots=True)
class CpuSample:
    path: str
    calls: int
    fs_cpu_s: float
    rx_cpu_s: float | None
    wall_s: float
    channels: int
    streams: int  # calls the receiver took (the calls themselves for "none")

    @property
    def fs_ms(self) -> float:
        return ms_per_call_s(self.fs_cpu_s, self.wall_s, self.calls)

    @property
    def rx_ms(self) -> float | None:
        if self.rx_cpu_s is None:
            return None
        return ms_per_call_s(self.rx_cpu_s, self.wall_s, self.calls)


@dataclass(slots=True)
class Rig:
    """The switch, this process's connection to it, and the receivers beside it."""

    sw: TestSwitch
    esl: SyncEsl
    arena: Arena
    work: Path
    peer: audio_fork.Peer | None
    ctl: ControllerProcess | None = None
    ws: WsReceiver | None = None
    ws_totals: list[dict[str, Any]] = field(default_factory=list)

    def start_receivers(self, *, probe: bool) -> None:
        """``aiframe run`` (listen-only, or the probe handler) and, with the peer,
        the WebSocket receiver; both appending click arrivals when ``probe``."""
        self.stop_receivers()
        handler = PROBE_HANDLER if probe else LISTEN_HANDLER
        self.ctl = ControllerProcess(
            self.sw,
            self.work,
            env={
                "AIFRAME_CONTROLLER__HANDLER": handler,
                "AIFRAME_STORE__ENABLED": "false",
                PROBE_ENV: str(self.probe_file("aiframe")),
            },
        )
        if self.peer is not None:
            self.ws = WsReceiver(self.probe_file("audio_fork") if probe else None)

    def stop_receivers(self) -> None:
        if self.ctl is not None:
            self.ctl.stop()
            self.ctl = None
        if self.ws is not None:
            self.ws_totals.append(self.ws.stop())
            self.ws = None

    def probe_file(self, path: str) -> Path:
        return self.work / f"arrivals-{path}.txt"


def _originate(
    rig: Rig, n: int, far_wav: Path, *, ext: str, aiframe_args: str = "", fork: bool = False
) -> list[LoopbackCall]:
    """``n`` calls into extension ``ext``, the far legs playing ``far_wav`` on a loop;
    with ``fork``, each near leg streamed to the WebSocket receiver as well."""
    far = [("endless_playback", str(far_wav))]
    variables = {"aiframe_e2e_args": aiframe_args} if aiframe_args else None
    calls = []
    for _ in range(n):
        call = originate_loopback(rig.esl, ext, far=far, rate=RATE, variables=variables)
        if fork and rig.ws is not None:
            audio_fork.start_fork(rig.esl, call.b_uuid, rig.ws.url(call.b_uuid))
        calls.append(call)
    return calls


def _await_streams(rig: Rig, path: str, n: int, opened_before: int, timeout: float = 60) -> int:
    """How many of the calls their receiver has taken (waiting up to ``timeout``)."""
    deadline = time.monotonic() + timeout
    if path == "audio_fork" and rig.ws is not None:
        return rig.ws.wait_opened(opened_before + n, timeout) - opened_before
    if path == "none":
        return n
    attached = 0
    while time.monotonic() < deadline:
        attached = len([s for s in rig.arena.active_slots() if s.status])
        if attached >= n:
            break
        time.sleep(0.1)
    return attached


@contextlib.contextmanager
def _calls(rig: Rig) -> Iterator[None]:
    try:
        yield
    finally:
        hangup_all(rig.esl, timeout=120)
        wait_slots_free(rig.arena, timeout=60)
        rig.esl.drain_events()


def _receiver_pid(rig: Rig, path: str) -> int | None:
    if path == "aiframe" and rig.ctl is not None:
        return rig.ctl.pid
    if path == "audio_fork" and rig.ws is not None:
        return rig.ws.pid
    return None


def _cpu_run(
    rig: Rig, path: str, n: int, speech: Path, *, settle_s: float, window_s: float
) -> CpuSample:
    rx = _receiver_pid(rig, path)
    opened = rig.ws.opened if rig.ws is not None else 0
    with _calls(rig):
        if path == "aiframe":
            _originate(rig, n, speech, ext="ai", aiframe_args="barge_threshold=0")
        else:
            _originate(rig, n, speech, ext="park", fork=path == "audio_fork")
        streams = _await_streams(rig, path, n, opened)
        time.sleep(settle_s)
        fs0, rx0, t0 = rig.sw.cpu_ticks(), proc_ticks(rx) if rx else 0, time.monotonic()
        time.sleep(window_s)
        fs1, rx1, t1 = rig.sw.cpu_ticks(), proc_ticks(rx) if rx else 0, time.monotonic()
        lines = rig.esl.api("show channels").splitlines()
        channels = len([ln for ln in lines if "loopback/" in ln])
    tck = os.sysconf("SC_CLK_TCK")
    rx_s = (rx1 - rx0) / tck if rx else None
    return CpuSample(path, n, (fs1 - fs0) / tck, rx_s, t1 - t0, channels, streams)


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 3)


def _plus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a + b, 3)


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 3)


def cpu_row(n: int, s: dict[str, CpuSample]) -> dict[str, Any]:
    """One call count's figures; ``s`` maps path to its sample (audio_fork may be missing)."""
    fs = {p: _round(s[p].fs_ms) if p in s else None for p in PATHS}
    rx = {p: _round(s[p].rx_ms) if p in s else None for p in PATHS[1:]}
    total = {p: _plus(fs[p], rx[p]) for p in PATHS[1:]}
    added = {p: _minus(fs[p], fs["none"]) for p in PATHS[1:]}
    return {
        "calls": n,
        "fs_ms_per_call_s": fs,
        "rx_ms_per_call_s": rx,
        "fs_added_ms_per_call_s": added,
        "total_ms_per_call_s": total,
        "fs_cpu_ratio": ratio(fs["audio_fork"], fs["aiframe"]),
        "fs_added_cpu_ratio": ratio(added["audio_fork"], added["aiframe"]),
        "rx_cpu_ratio": ratio(rx["audio_fork"], rx["aiframe"]),
        "total_cpu_ratio": ratio(total["audio_fork"], total["aiframe"]),
        "channels": {p: s[p].channels for p in s},
        "streams": {p: s[p].streams for p in s},
        "fs_cpu_pct": {p: round(100 * s[p].fs_cpu_s / s[p].wall_s, 1) for p in s},
    }


def legacy_cpu_row(row: dict[str, Any]) -> dict[str, Any]:
    """The keys the module bench reported before the peer (``bench all`` reads them)."""
    fs = row["fs_ms_per_call_s"]
    with_, without = fs["aiframe"], fs["none"]
    return {
        "calls": row["calls"],
        "channels_with": row["channels"]["aiframe"],
        "channels_without": row["channels"]["none"],
        "with_module_ms_per_call_s": with_,
        "without_module_ms_per_call_s": without,
        "module_ms_per_call_s": round(with_ - without, 3),
        "cpu_ratio": ratio(with_, without) or float("nan"),
        "switch_cpu_pct_with": row["fs_cpu_pct"]["aiframe"],
        "switch_cpu_pct_without": row["fs_cpu_pct"]["none"],
    }


def _cpu_rows(
    rig: Rig, counts: list[int], speech: Path, settle_s: float, window_s: float, progress: Progress
) -> list[dict[str, Any]]:
    rows = []
    paths = PATHS if rig.peer is not None else PATHS[:2]
    for n in counts:
        samples = {}
        for path in paths:
            progress(f"cpu: {n} calls, {path}")
            samples[path] = _cpu_run(rig, path, n, speech, settle_s=settle_s, window_s=window_s)
        rows.append(cpu_row(n, samples))
    return rows


def _barge_stamps(esl: SyncEsl, until: float) -> dict[str, list[int]]:
    """``aiframe::barge_in`` stamps per call, read as they come until ``until``."""
    out: dict[str, list[int]] = {}
    events = esl.drain_events()
    while (left := until - time.monotonic()) > 0:
        if (ev := esl.next_event(left)) is not None:
            events.append(ev)
    for e in events:
        _add_stamp(out, e.subclass, e.uuid, e.get("aiframe-barge-at-ns"))
    return out


def _add_stamp(out: dict[str, list[int]], subclass: str, uuid: str, at: str | None) -> None:
    if subclass == "aiframe::barge_in" and at and at.isdigit() and int(at) > 0:
        out.setdefault(uuid, []).append(int(at))


def _delay_run(
    rig: Rig, n: int, clicks: Path, *, settle_s: float, window_s: float, progress: Progress
) -> dict[str, Any]:
    """Both receivers on the same calls at once; each click stamped in the switch."""
    progress(f"delay: {n} calls, clicks to {'both receivers' if rig.peer else 'aiframe'}")
    args = f"barge_threshold={DETECTOR_RMS} barge_min_ms=20 barge_only_while_ai_speaks=false"
    opened = rig.ws.opened if rig.ws is not None else 0
    with _calls(rig):
        calls = _originate(rig, n, clicks, ext="ai", aiframe_args=args, fork=True)
        streams = {"aiframe": _await_streams(rig, "aiframe", n, 0)}
        if rig.ws is not None:
            streams["audio_fork"] = _await_streams(rig, "audio_fork", n, opened)
        stamps = _barge_stamps(rig.esl, time.monotonic() + settle_s + window_s)
    ours = {c.b_uuid for c in calls}
    stamps = {u: t for u, t in stamps.items() if u in ours}
    out: dict[str, Any] = {
        "calls": n,
        "streams": streams,
        "clicks_stamped": sum(map(len, stamps.values())),
    }
    for p in ("aiframe", "audio_fork") if rig.peer is not None else ("aiframe",):
        arrivals = {u: t for u, t in _arrivals(rig.probe_file(p)).items() if u in ours}
        out[p] = delay_summary(pair_delays(stamps, arrivals))
    return out


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


def _barge_trials(
    sw: TestSwitch,
    esl: SyncEsl,
    arena: Arena,
    talk: Path,
    trials: int,
    min_ms: int,
    progress: Progress,
) -> dict[str, list[float | None]]:
    barge: dict[str, list[float | None]] = {"in_switch": [], "controller_side": []}
    done = 0
    while done < trials:
        n = min(BATCH, trials - done)
        progress(f"barge-in: trials {done + 1}-{done + n} of {trials}")
        trial = functools.partial(_barge_batch, sw, esl, arena, talk, n)
        barge["in_switch"] += trial(in_switch=True, min_ms=min_ms)
        barge["controller_side"] += trial(in_switch=False, min_ms=min_ms)
        done += n
    return barge


def barge_summary(barge: dict[str, list[float | None]], min_ms: int) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for path, values in barge.items():
        ok = [v for v in values if v is not None]
        summary[path] = {
            "trials": len(values),
            "flushed": len(ok),
            "p50_ms": round(_pct(ok, 50), 1),
            "p95_ms": round(_pct(ok, 95), 1),
            "max_ms": round(max(ok), 1) if ok else float("nan"),
            "beyond_min_speech_p50_ms": round(_pct(ok, 50) - min_ms, 1),
        }
    ins, ctl = summary["in_switch"], summary["controller_side"]
    return {
        **summary,
        "p50_ratio": round(ctl["p50_ms"] / ins["p50_ms"], 2) if ins["p50_ms"] else None,
        "note": "flush time includes barge_min_ms of speech the detector must hear "
        "before it may act; beyond_min_speech is what the path itself adds",
    }


def _signals(work: Path) -> tuple[Path, Path, Path]:
    """The far legs' audio: speech (CPU runs), a talker (barge-in), clicks (delay)."""
    speech, talk, clicks = work / "speech.wav", work / "talk.wav", work / "clicks.wav"
    write_wav(speech, RATE, speechlike(20.0, RATE, seed=11))
    lead = np.zeros(round(TALK_LEAD_S * 8000), dtype=np.int16)
    write_wav(talk, 8000, np.concatenate([lead, tone(TALK_HZ, 3.0, 8000, 12000)]))
    write_wav(clicks, RATE, click_train(RATE))
    return speech, talk, clicks


def _prepare_peer(progress: Progress) -> tuple[audio_fork.Peer | None, str | None]:
    try:
        progress("peer: locating and building mod_audio_fork")
        return audio_fork.prepare_peer(), None
    except audio_fork.PeerUnavailableError as e:
        progress(str(e))
        return None, str(e)


def _load_peer(
    esl: SyncEsl, peer: audio_fork.Peer | None, note: str | None, progress: Progress
) -> tuple[audio_fork.Peer | None, str | None]:
    if peer is None:
        return None, note
    try:
        audio_fork.load(esl, peer)
        return peer, None
    except audio_fork.PeerUnavailableError as e:
        progress(str(e))
        return None, str(e)


def _arrivals(path: Path) -> dict[str, list[int]]:
    if not path.is_file():
        return {}
    with path.open() as f:
        return read_arrivals(f)


def _by_path(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return rows[-1][key] if rows else {}


def _delay_figures(delay: dict[str, Any] | None) -> dict[str, Any]:
    if delay is None:
        return {}
    paths = [p for p in ("aiframe", "audio_fork") if p in delay]
    p50 = {p: delay[p]["p50_us"] for p in paths}
    p99 = {p: delay[p]["p99_us"] for p in paths}
    p50.setdefault("audio_fork", None)
    p99.setdefault("audio_fork", None)
    return {
        "delay_p50_us": p50,
        "delay_p99_us": p99,
        "delay_ratio": ratio(p99["audio_fork"], p99["aiframe"]),
        "delay_p50_ratio": ratio(p50["audio_fork"], p50["aiframe"]),
    }


METHOD = {
    "cpu": "per call count and path, the calls are placed, their receiver has taken them "
    "all, settle_s passes, then FreeSWITCH's and the receiver's user+system CPU are read "
    "from /proc/<pid>/stat at both ends of the same window_s window; ms per call-second "
    "is CPU ms / window s / calls. none: the same calls parked, no media bug",
    "receivers": "aiframe: `aiframe run` (controller.handler = the default listen-only "
    "handler) on the test switch's event socket and arena; audio_fork: a websockets "
    "(asyncio) server in its own process reading every binary frame into numpy "
    "(aiframe.lab.bench.ws_receiver). Each runs alone on its path's calls",
    "delay": "the far legs play a 20 ms click once a second; the near leg runs "
    "mod_aiframe with its barge-in detector always armed (threshold below the click, one "
    "frame of minimum speech), whose write path stamps CLOCK_MONOTONIC on the media-thread "
    "pass that read the click frame (aiframe::barge_in, aiframe-barge-at-ns); with the peer "
    "the same leg also carries mod_audio_fork, so both receivers take the same clicks of "
    "the same calls at once. Each receiver stamps CLOCK_MONOTONIC when it holds the chunk "
    "with the click's first sample (aiframe: on entry to the handler's on_audio, after "
    "the pump and the actor; audio_fork: right after np.frombuffer). Delay = receiver "
    "stamp - switch stamp, paired per call; the switch stamp comes microseconds after the "
    "frame was read, for both paths alike",
}


def run_module_bench(
    call_counts: list[int],
    *,
    window_s: float = 10.0,
    settle_s: float = 3.0,
    barge_trials: int = 20,
    barge_min_ms: int = 20,  # the shipped barge-in-min-speech-ms
    delay_calls: int = 50,
    peer: bool = True,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    """Run every measurement; raises SwitchAbsentError when FreeSWITCH or the module
    is missing. Without the peer's tarball (or when it does not build) its paths are
    left out with one line saying why."""
    require()
    fork, note = _prepare_peer(progress) if peer else (None, "left out (--no-peer)")
    counts = sorted(call_counts)
    top = max([*counts, delay_calls, 1])
    settings = SwitchSettings(max_slots=max(256, top), max_sessions=max(1000, 3 * top))
    delay: dict[str, Any] | None = None
    ws_totals: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="aiframe-bench-module-") as tmp:
        work = Path(tmp)
        speech, talk, clicks = _signals(work)
        sw = TestSwitch(settings, workdir=work / "fs")
        try:
            sw.start()
            assert sw.endpoint is not None
            with sw.esl(timeout=60) as esl, Arena.open(sw.endpoint.arena_path) as arena:
                subscribe_aiframe(esl)
                fork, note = _load_peer(esl, fork, note, progress)
                barge = _barge_trials(sw, esl, arena, talk, barge_trials, barge_min_ms, progress)
                rig = Rig(sw, esl, arena, work, fork)
                try:
                    rig.start_receivers(probe=False)
                    rows = _cpu_rows(rig, counts, speech, settle_s, window_s, progress)
                    if delay_calls > 0:
                        rig.start_receivers(probe=True)
                        delay = _delay_run(
                            rig,
                            delay_calls,
                            clicks,
                            settle_s=settle_s,
                            window_s=window_s,
                            progress=progress,
                        )
                finally:
                    rig.stop_receivers()
                    ws_totals = rig.ws_totals
        finally:
            sw.cleanup()
    return {
        "benchmark": "module",
        "what": "mod_aiframe in FreeSWITCH 1.10 beside jambonz's mod_audio_fork, same run, "
        "same switch (loopback calls at 16 kHz, far legs playing speech): CPU per "
        "call-second of FreeSWITCH and of the receiving process (aiframe run vs a websockets "
        "+ numpy server), one-way delay from the media thread to the receiver holding the "
        "frame, and barge-in flush time at the far leg, in-switch detector vs the same "
        "detector on the controller side. Ratios are peer / ours",
        "method": METHOD,
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
            "channel_rate": RATE,
            "codec": f"L16@{RATE}h@20i",
            "delay_calls": delay_calls,
            "click_period_s": CLICK_PERIOD_S,
            "barge_threshold": BARGE_THRESHOLD,
            "barge_min_ms": barge_min_ms,
            "barge_channel_rate": 8000,
        },
        "peer": {
            "name": "mod_audio_fork",
            "tarball": fork.tarball.name if fork else None,
            "sha256": fork.sha256 if fork else None,
            "skipped": note,
        },
        "headline_calls": rows[-1]["calls"] if rows else None,
        "fs_ms_per_call_s": _by_path(rows, "fs_ms_per_call_s"),
        "rx_ms_per_call_s": _by_path(rows, "rx_ms_per_call_s"),
        "fs_cpu_ratio": rows[-1]["fs_cpu_ratio"] if rows else None,
        "total_cpu_ratio": rows[-1]["total_cpu_ratio"] if rows else None,
        **_delay_figures(delay),
        "per_calls": rows,
        "delay": delay,
        # what each WebSocket receiver process took over its life (CPU runs, then delay)
        "ws_receiver_totals": ws_totals,
        "cpu": [legacy_cpu_row(r) for r in rows],
        "barge_in": barge_summary(barge, barge_min_ms),
    }


__all__ = [
    "CpuSample",
    "barge_summary",
    "cpu_row",
    "legacy_cpu_row",
    "ms_per_call_s",
    "proc_ticks",
    "ratio",
    "run_module_bench",
]
