# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe bench capacity``: how many calls one controller process carries.

For each N the switch side runs as its own process (as FreeSWITCH does): one thread
paces N legs of 20 ms frames on an absolute clock through the module's per-frame
functions. The controller runs in this process exactly as a call would: the media pump
thread, one owner actor per call, and the real conversation loop (the Acme agent on the
flow brain, the policy gate, and the real speech models: silero VAD, smart-turn, whisper
and the Piper voice). Most callers are on a quiet line (VAD, the pause detector and
barge-in run on every frame of every call); a share of them (``talkers``) say a
sentence every ``talk_every_s``, so that many turns are in flight at once (smart-turn,
ASR, brain, gate, TTS, playout).

Every step first lets the calls' greetings play (``warm_s``: all N calls start at once,
so all N agents speak at once) and then measures a window of ``seconds``: callers
mostly listening, the talkers taking turns.

A frame deadline is missed when the controller let a ring overflow: a caller frame
dropped because the uplink was full (``uplink_drops``), or AI audio that ran dry in the
middle of an utterance (``downlink_underruns``) or overflowed (``downlink_overruns``).
The C core counts each in the slot. A call whose VAD fell more than ``VAD_LATE_MS``
behind its audio (sampled four times a second) missed too (``vad_late_calls``): its
rings may be fine, but nothing it says is heard in time. N is stepped up;
``max_calls`` is the largest N with no missed deadline. Per N: controller CPU per call,
memory per call, the response gap (the talkers' end of speech to the first AI frame
played) p50/p95.

The peer path is the same run with VAD per call through sherpa-onnx (the default
backend, a model state per call) instead of one batched ONNX Runtime inference for all
calls; the ratio of the two ``max_calls`` is the gain from batching.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.lab.bench.paced_legs import FRAME, PERIOD_NS, RATE, PacedLegs

VAD_LATE_MS = 500.0
LINE = "I'm calling about my order."


# ---- the switch side (a process of its own) ------------------------------------------


def producer(
    arena_path: str,
    calls: int,
    seconds: float,
    talkers: int,
    voice: str,
    every_s: float,
    warm_s: float,
) -> None:
    paced = PacedLegs(arena_path, calls)
    paced.announce()
    rng = np.random.default_rng(7)
    quiet = (rng.standard_normal(FRAME * 50) * 30).astype(np.int16)  # a quiet line, 1 s
    line = np.load(voice)
    cycle = int(every_s * 50)
    warm = int(warm_s * 1e9 // PERIOD_NS)
    ticks = warm + int(seconds * 1e9 // PERIOD_NS)
    # Talkers start their sentences spread over the cycle, so turns overlap evenly.
    phase = [int(i * cycle / max(1, talkers)) for i in range(calls)]

    def frame(t: int, i: int, now: int) -> np.ndarray[Any, np.dtype[np.int16]]:
        k = (t - warm + phase[i]) % cycle - 100  # 2 s into the cycle, the sentence
        if i < talkers and t >= warm and 0 <= k * FRAME < len(line):
            said: np.ndarray[Any, np.dtype[np.int16]] = line[k * FRAME : (k + 1) * FRAME]
            return np.pad(said, (0, FRAME - len(said))) if len(said) < FRAME else said
        j = (t % 50) * FRAME
        return quiet[j : j + FRAME]

    paced.run(0, warm, frame)
    # The greetings are over: the measured window starts.
    print(json.dumps(paced.totals()), flush=True)
    stats = paced.run(warm, ticks, frame)
    end = paced.totals()
    paced.close()
    print(json.dumps({**end, "late_frames": stats.late_frames, "producer_cpu_s": stats.cpu_s}),
          flush=True)  # fmt: skip


# ---- the controller side (this process) -------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def run_step(
    calls: int,
    seconds: float,
    talkers: int,
    backend: str,
    voice: Path,
    every_s: float,
    warm_s: float = 10.0,
) -> dict[str, Any]:
    import gevent

    from aiframe.brain.service import AgentService
    from aiframe.config import Settings
    from aiframe.conversation.handler import ConversationHandler
    from aiframe.conversation.service import ConversationService
    from aiframe.conversation.speech import EngineSpeech
    from aiframe.media.arena import Arena, now_ns
    from aiframe.runtime.actor import CallActor
    from aiframe.runtime.gcfreeze import freeze_startup_objects
    from aiframe.runtime.handler import CallInfo
    from aiframe.runtime.hubseam import HubSeam
    from aiframe.runtime.messages import Hangup
    from aiframe.runtime.pump import MediaPump
    from aiframe.speech.engines import SpeechEngines

    settings = Settings()
    vad = settings.speech.vad.model_copy(update={"backend": backend})
    speech_settings = settings.speech.model_copy(update={"vad": vad})
    engines = SpeechEngines(speech_settings)
    conv = settings.conversation.model_copy(update={"no_input_s": 600.0})
    speech = EngineSpeech(engines, conv.endpoint)
    speech.load()
    tmp = Path(tempfile.mkdtemp(prefix="aiframe-capacity-"))
    brain = settings.brain.model_copy(update={"data_dir": tmp / "data"})
    service = ConversationService(
        AgentService(brain), speech, settings=conv, audit=lambda info: None, brain_workers=4
    )
    service.warm((RATE,))
    freeze_startup_objects()
    sys.setswitchinterval(0.001)  # as `aiframe run` does: the lane thread and the hub share the GIL
    path = Path("/dev/shm") / f"aiframe-capacity-{os.getpid()}-{calls}.arena"
    arena = Arena.create(path, slots=max(calls, 1), max_rate=RATE)
    prod = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiframe.lab.bench.capacity",
            "--producer",
            str(path),
            str(calls),
            str(seconds),
            str(talkers),
            str(voice),
            str(every_s),
            str(warm_s),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert prod.stdin is not None and prod.stdout is not None
    bridge = HubSeam()
    pump = MediaPump.configured(arena, settings.media, settings.controller)
    actors: list[CallActor] = []
    handlers: list[ConversationHandler] = []
    try:
        legs: list[tuple[str, int, int]] = []
        while (line := prod.stdout.readline().strip()) != "ready":
            uuid, index, generation = line.split()
            legs.append((uuid, int(index), int(generation)))
        pump.start()
        rss0 = _rss_mb()
        for u, idx, gen in legs:
            att = arena.attach(idx, u, gen)
            info = CallInfo(u, idx, gen, RATE, f"cap-{u[:8]}")
            h = service.handler(info)
            actor = CallActor(
                info,
                h,
                attachment=att,
                pump=pump,
                control=None,
                downlink_lead_ms=settings.controller.downlink_lead_ms,
                barge_in_decide_ms=conv.barge_in.decide_ms + 500,
            )
            assert actor.route is not None
            pump.add(actor.route)
            actor.start()
            actors.append(actor)
            handlers.append(h)
        chunk_ms = 20 * pump.chunk_frames()
        start_ns = now_ns() + 500_000_000
        prod.stdin.write(f"{start_ns}\n")
        prod.stdin.flush()
        fd = prod.stdout.fileno()
        os.set_blocking(fd, False)
        buf = ""

        def next_line() -> dict[str, Any]:
            nonlocal buf
            while "\n" not in buf:
                gevent.sleep(0.02)
                with contextlib.suppress(BlockingIOError):
                    buf += os.read(fd, 65536).decode()
            line, buf = buf.split("\n", 1)
            got: dict[str, Any] = json.loads(line)
            return got

        warm_totals = next_line()
        handled0 = sum(a.handled for a in actors)
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.monotonic()
        window_ns = now_ns()
        worst_lag = [0.0] * len(handlers)

        def watch_vad() -> None:
            while True:
                for i, h in enumerate(handlers):
                    worst_lag[i] = max(worst_lag[i], h.listener.vad_lag_ms)
                gevent.sleep(0.25)

        watcher = gevent.spawn(watch_vad)
        end_totals = next_line()
        watcher.kill()
        wall = time.monotonic() - t0
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        handled1 = sum(a.handled for a in actors)
        rss1 = _rss_mb()
        end_ns = now_ns()
        switch_side = {k: v - warm_totals.get(k, 0) for k, v in end_totals.items()}
        for a in actors:
            a.deliver(Hangup("NORMAL_CLEARING"))
        for a in actors:
            a.join(5)
    finally:
        pump.stop()
        bridge.close()
        prod.wait(10)
        arena.close()
        path.unlink(missing_ok=True)
        service.close()
        speech.close()
        engines.close()
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    lane_stats = asdict(pump.stats)
    gaps = [
        (t.first_played_ns - t.caller_end_ns) / 1e6
        for h in handlers
        for t in h.record.turns
        if t.input == "speech"
        and t.first_played_ns
        and t.caller_end_ns
        and t.caller_end_ns >= window_ns
    ]
    spans = [
        (t.caller_end_ns, t.settled_ns or end_ns)
        for h in handlers
        for t in h.record.turns
        if t.input == "speech" and t.caller_end_ns and t.caller_end_ns >= window_ns
    ]
    turns = len(spans)
    vad_late = sum(1 for lag in worst_lag if lag > VAD_LATE_MS)
    missed = (
        switch_side["uplink_drops"]
        + switch_side["downlink_underruns"]
        + switch_side["downlink_overruns"]
        + vad_late
    )
    return {
        "calls": calls,
        "talkers": talkers,
        "vad_backend": backend,
        "seconds": seconds,
        "missed_deadlines": missed,
        "ok": missed == 0,
        "uplink_drops": switch_side["uplink_drops"],
        "downlink_underruns": switch_side["downlink_underruns"],
        "downlink_overruns": switch_side["downlink_overruns"],
        "vad_late_calls": vad_late,
        "vad_lag_ms_worst": round(max(worst_lag, default=0.0), 1),
        "caller_turns": turns,
        "most_turns_at_once": _most_at_once(spans),
        "response_gap_ms": {"p50": _pct(gaps, 50), "p95": _pct(gaps, 95), "n": len(gaps)},
        "controller_cpu_percent_of_one_core": round(100 * cpu / wall, 1),
        "cpu_ms_per_call_second": round(1000 * cpu / (calls * wall), 2),
        "actor_wakeups_per_call_second": round((handled1 - handled0) / (calls * wall), 2),
        "rss_mb_per_call": round((rss1 - rss0) / calls, 2),
        "producer_late_frames": switch_side["late_frames"],
        "lane": lane_stats,
        "pump": {"chunk_ms": chunk_ms, "held": pump.stats.held},
    }


def _most_at_once(spans: list[tuple[int, int]]) -> int:
    """The most turns in flight together (end of the caller's speech to settled)."""
    edges = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    most = now = 0
    for _, d in edges:
        now += d
        most = max(most, now)
    return most


def _voice(tmp: Path) -> Path:
    """The talkers' sentence, in the Piper voice, once."""
    from aiframe.config import Settings
    from aiframe.speech.engines import SpeechEngines

    engines = SpeechEngines(Settings().speech)
    try:
        pcm = np.concatenate([c.pcm for c in engines.tts.stream(LINE, rate=RATE)])
    finally:
        engines.close()
    path = tmp / "line.npy"
    np.save(path, pcm.astype(np.int16))
    return path


def run_capacity_bench(
    steps: list[int],
    seconds: float = 20.0,
    talker_share: float = 0.1,
    talk_every_s: float = 15.0,
    peer: bool = True,
    warm_s: float = 10.0,
    idle_calls: int = 200,
) -> dict[str, Any]:
    """Step N up on each VAD path; stop a path at its first step with a missed deadline.
    Then ``idle_calls`` calls in which nobody talks, on each path: what listening alone
    costs (0 leaves it out)."""
    with tempfile.TemporaryDirectory(prefix="aiframe-capacity-") as tmp:
        voice = _voice(Path(tmp))
        paths = ["onnxruntime"] + (["sherpa-onnx"] if peer else [])
        runs: list[dict[str, Any]] = []
        best: dict[str, int] = {}
        for backend in paths:
            best[backend] = 0
            for n in steps:
                talkers = max(1, round(n * talker_share)) if talker_share > 0 else 0
                r = run_step(n, seconds, talkers, backend, voice, talk_every_s, warm_s)
                runs.append(r)
                if not r["ok"]:
                    break
                best[backend] = n
        quiet = {
            backend: run_step(idle_calls, seconds, 0, backend, voice, talk_every_s, warm_s)
            for backend in (paths if idle_calls > 0 else [])
        }
    batched, per_call = best["onnxruntime"], best.get("sherpa-onnx")
    at_max = [r for r in runs if r["vad_backend"] == "onnxruntime" and r["calls"] == batched]
    return {
        "bench": "capacity",
        "max_calls": batched,
        "peer_max_calls": per_call,
        "ratio": round(batched / per_call, 2) if per_call else None,
        "talker_share": talker_share,
        "talk_every_s": talk_every_s,
        "warm_s": warm_s,
        "turns_at_once_at_max": at_max[0]["most_turns_at_once"] if at_max else None,
        "response_gap_p95_ms_at_max": at_max[0]["response_gap_ms"]["p95"] if at_max else None,
        "idle": idle_summary(quiet),
        **stepped(steps, runs),
    }


def idle_summary(quiet: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The nobody-talking step on the batched path, its per-call peer beside it."""
    ours = quiet.get("onnxruntime")
    if ours is None:
        return None
    peer = quiet.get("sherpa-onnx")
    mine = ours["cpu_ms_per_call_second"]
    theirs = peer["cpu_ms_per_call_second"] if peer else None
    return {
        "calls": ours["calls"],
        "cpu_ms_per_call_second": mine,
        "actor_wakeups_per_call_second": ours["actor_wakeups_per_call_second"],
        "missed_deadlines": ours["missed_deadlines"],
        "peer_cpu_ms_per_call_second": theirs,
        "ratio": round(theirs / mine, 2) if theirs and mine else None,
        "target": {"cpu_ms_per_call_second": 1.5},
    }


def stepped(steps: list[int], runs: list[dict[str, Any]]) -> dict[str, Any]:
    """What every capacity result ends with: the steps, their runs, the machine, the target."""
    return {
        "steps": steps,
        "runs": runs,
        "machine": {
            "cores": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "target": {"max_calls": 200},
    }


def main() -> None:
    a = sys.argv[1:]
    if a[:1] == ["--producer"]:
        producer(a[1], int(a[2]), float(a[3]), int(a[4]), a[5], float(a[6]), float(a[7]))


if __name__ == "__main__":
    main()
