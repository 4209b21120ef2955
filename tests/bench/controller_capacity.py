# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Can one controller process keep up with N live calls on this box?

The switch side runs as its own process (as FreeSWITCH does): one thread
paces N legs of 20 ms frames on an absolute clock, each leg offset within the
period, pushing caller frames through the module's per-frame function (each
stamped with CLOCK_MONOTONIC) and pulling the outbound frame. The controller
runs in this process, exactly as `aiframe run` wires it: the calls arrive as
``aiframe::start`` over a real event socket (the FakeSwitch double), each gets
an owner actor, the media pump thread drains the uplinks, and every actor
speaks the whole time (2 s utterances, back to back, with marks) through the
paced downlink writer.

A frame deadline is missed when the caller frame is dropped (uplink full) or
the outbound frame ran dry mid-utterance (downlink underrun); both are
counted by the C core in each slot. Latency is the frame's stamp to the
moment the pump read it, and to the moment its actor's handler had it.

    python tests/bench/controller_capacity.py --calls 200 --seconds 20 [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.lab.bench.paced_legs import FRAME, PERIOD_NS, RATE, PacedLegs

# ---- the switch side (a separate process) ------------------------------------


def producer(arena_path: str, calls: int, seconds: float) -> None:
    paced = PacedLegs(arena_path, calls)
    paced.announce()
    rng = np.random.default_rng(1)
    frame = rng.integers(-2000, 2000, FRAME, dtype=np.int16)
    stamp = frame[:4].view(np.int64)

    def stamped(t: int, i: int, now: int) -> np.ndarray[Any, np.dtype[np.int16]]:
        stamp[0] = now
        return frame

    ticks = int(seconds * 1e9 // PERIOD_NS)
    stats = paced.run(0, ticks, stamped)
    totals = paced.totals()
    paced.close()
    print(
        json.dumps(
            {
                "frames_per_leg": ticks,
                "late_frames": stats.late_frames,
                "max_late_ms": stats.max_late_ns / 1e6,
                "ai_samples": stats.ai_samples,
                **totals,
                "producer_cpu_s": stats.cpu_s,
            }
        ),
        flush=True,
    )


# ---- the controller side (this process) --------------------------------------


def run(calls: int, seconds: float, lead_ms: int, coalesce_us: int) -> dict[str, Any]:
    import gevent

    from aiframe.config import load_settings
    from aiframe.lab.fakes.switch import FakeSwitch
    from aiframe.logs import configure_logging
    from aiframe.media.arena import PCM, Arena, now_ns
    from aiframe.runtime.controller import Controller
    from aiframe.runtime.handler import BaseHandler, Call, CallInfo
    from aiframe.runtime.messages import CallMessage, MarkSettled, SpeakingFinished

    configure_logging("warning")
    sys.setswitchinterval(0.001)  # as `aiframe run` does
    speech = (3000 * np.sin(2 * np.pi * 200 * np.arange(2 * RATE) / RATE)).astype(np.int16)
    read_lat: list[np.ndarray] = []
    handle_lat: list[np.ndarray] = []
    totals = {"frames": 0, "marks_played": 0, "utterances": 0}

    class Speaker(BaseHandler):
        def on_start(self, call: Call) -> None:
            call.say(speech)
            call.say(speech)

        def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
            t = now_ns()
            n = len(pcm) // FRAME
            stamps = pcm[: n * FRAME].reshape(n, FRAME)[:, :4].copy().view(np.int64)[:, 0]
            read_lat.append(at_ns - stamps)
            handle_lat.append(t - stamps)
            totals["frames"] += n

        def on_message(self, call: Call, msg: CallMessage) -> None:
            if isinstance(msg, MarkSettled):
                totals["marks_played"] += 1
                totals["utterances"] += 1
                call.say(speech)  # keep one utterance queued behind the one playing
            elif isinstance(msg, SpeakingFinished):
                call.say(speech)
            super().on_message(call, msg)

    def factory(info: CallInfo) -> Speaker:
        return Speaker()

    path = Path("/dev/shm") / f"aiframe-capacity-{os.getpid()}.arena"
    arena = Arena.create(path, slots=max(calls, 1), max_rate=RATE)
    sw = FakeSwitch().start()
    prod = subprocess.Popen(
        [sys.executable, __file__, "--producer", str(path), str(calls), str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert prod.stdin is not None and prod.stdout is not None
    try:
        legs = []
        while (line := prod.stdout.readline().strip()) != "ready":
            u, idx, gen = line.split()
            legs.append((u, int(idx), int(gen)))
        settings = load_settings(
            None,
            esl={"port": sw.port, "password": sw.password},
            media={"arena_path": str(path)},
            controller={"downlink_lead_ms": lead_ms, "pump_coalesce_us": coalesce_us},
        )
        controller = Controller(settings, handler_factory=factory)
        g = gevent.spawn(controller.run)
        while not controller.ready.is_set():
            gevent.sleep(0.01)
            if g.dead:
                g.get()
        for u, idx, gen in legs:
            sw.add_channel(u)
            sw.emit_start(u, idx, gen)
        assert controller.registry is not None
        while len(controller.registry.calls) < calls:
            gevent.sleep(0.01)
        lag: list[float] = []

        def lag_probe() -> None:
            # How late the hub runs a 5 ms timer: time the hub is held up.
            while True:
                t = time.perf_counter()
                gevent.sleep(0.005)
                lag.append((time.perf_counter() - t - 0.005) * 1e3)

        probe = gevent.spawn(lag_probe)
        start_ns = now_ns() + 300_000_000
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        la0 = os.getloadavg()[0]
        t0 = time.monotonic()
        prod.stdin.write(f"{start_ns}\n")
        prod.stdin.flush()
        # Wait cooperatively: the controller keeps running in this thread's hub.
        fd = prod.stdout.fileno()
        os.set_blocking(fd, False)
        buf = ""
        while "\n" not in buf:
            gevent.sleep(0.05)
            with contextlib.suppress(BlockingIOError):  # nothing yet
                buf += os.read(fd, 65536).decode()
        wall = time.monotonic() - t0 - 0.3
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        la1 = os.getloadavg()[0]
        probe.kill()
        switch_side = json.loads(buf.strip().splitlines()[-1])
        pump = controller.pump.stats if controller.pump else None
        controller.stop()
        g.join(10)
    finally:
        prod.wait(10)
        sw.stop()
        arena.close()
        path.unlink(missing_ok=True)

    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    rl = np.concatenate(read_lat) / 1e6 if read_lat else np.zeros(1)
    hl = np.concatenate(handle_lat) / 1e6 if handle_lat else np.zeros(1)
    produced = switch_side["frames_in"]
    return {
        "calls": calls,
        "seconds": seconds,
        "downlink_lead_ms": lead_ms,
        "pump_coalesce_us": coalesce_us,
        "frames_produced": produced,
        "frames_at_actors": totals["frames"],
        "uplink_drops": switch_side["uplink_drops"],
        "downlink_underruns": switch_side["downlink_underruns"],
        "downlink_overruns": switch_side["downlink_overruns"],
        "ai_seconds_played": switch_side["ai_samples"] / RATE,
        "ai_fill": switch_side["ai_samples"]
        / max(1, calls * switch_side["frames_per_leg"] * FRAME),
        "utterances_started": totals["utterances"],
        "pump_read_ms": {
            "p50": float(np.percentile(rl, 50)),
            "p99": float(np.percentile(rl, 99)),
            "max": float(rl.max()),
        },
        "at_actor_ms": {
            "p50": float(np.percentile(hl, 50)),
            "p99": float(np.percentile(hl, 99)),
            "max": float(hl.max()),
        },
        "controller_cpu_percent_of_one_core": 100 * cpu / wall,
        "controller_cpu_ms_per_call_second": 1000 * cpu / (calls * wall),
        "producer_cpu_percent_of_one_core": 100 * switch_side["producer_cpu_s"] / wall,
        "hub_lag_ms": {
            "p50": float(np.percentile(lag, 50)),
            "p99": float(np.percentile(lag, 99)),
            "max": float(max(lag)),
        },
        "load_average_before_after": [la0, la1],
        "producer_late_frames": switch_side["late_frames"],
        "producer_max_late_ms": switch_side["max_late_ms"],
        "pump": None
        if pump is None
        else {
            "wakes": pump.wakes,
            "reads": pump.reads,
            "backpressured": pump.backpressured,
            "max_pass_us": pump.max_pass_us,
            "thread_cpu_percent_of_one_core": 100 * pump.cpu_s / wall,
        },
        "cores": os.cpu_count(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", default="200", help="comma-separated call counts")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--lead-ms", type=int, default=100)
    ap.add_argument("--coalesce-us", default="2000", help="comma-separated pump_coalesce_us")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--producer", nargs=3, metavar=("ARENA", "CALLS", "SECONDS"))
    a = ap.parse_args()
    if a.producer:
        producer(a.producer[0], int(a.producer[1]), float(a.producer[2]))
        return
    results = [
        run(int(n), a.seconds, a.lead_ms, int(c))
        for n in a.calls.split(",")
        for c in a.coalesce_us.split(",")
    ]
    text = json.dumps(results, indent=2)
    print(text)
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
