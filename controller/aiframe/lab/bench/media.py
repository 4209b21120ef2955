# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench media`: frame handoff from the switch side to the
controller, through the shared-memory arena and, as the peer path in the same
run, over a loopback WebSocket.

Latency is CLOCK_MONOTONIC at "the controller has the frame" minus the stamp
the producer put in the frame just before handing it over. CPU is user+system
time of both processes (producer and consumer) over the run, per stream.
"""

from __future__ import annotations

import asyncio
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.lab.bench.media_producer import FRAME
from aiframe.media.arena import Arena, now_ns
from aiframe.media.drain import UplinkDrainer

WARMUP_NS = 500_000_000
BATCH_US = 10_000
LEAD_NS = 1_500_000_000  # time for the producer to start, claim or connect


@dataclass(slots=True)
class PathResult:
    latencies_ns: np.ndarray
    frames: int
    cpu_s: float
    consumer_cpu_s: float


def _producer(
    mode: str, target: str, streams: int, seconds: float, start_ns: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiframe.lab.bench.media_producer",
            mode,
            target,
            str(streams),
            str(seconds),
            str(start_ns),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def _await_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != "ready":
        proc.kill()
        proc.wait()
        proc.stdout.close()
        raise RuntimeError(f"benchmark producer failed to start (said {line!r})")


def _producer_cpu(proc: subprocess.Popen[str]) -> float:
    """Wait for the producer; the CPU seconds its paced loop used, as it reports."""
    assert proc.stdout is not None
    rest = proc.stdout.read()
    proc.wait()
    proc.stdout.close()
    for line in rest.splitlines():
        if line.startswith("cpu "):
            return float(line.split()[1])
    raise RuntimeError(f"benchmark producer ended without a cpu report (exit {proc.returncode})")


def _measure_shm(streams: int, seconds: float, batch_us: int = 0) -> PathResult:
    path = Path("/dev/shm") / f"aiframe-bench-{os.getpid()}.arena"
    lat: list[int] = []
    frames = 0
    stop = threading.Event()
    with Arena.create(path, slots=max(streams, 1), max_rate=16000) as arena:
        try:
            start_ns = now_ns() + LEAD_NS
            warm_from = start_ns + WARMUP_NS
            proc = _producer("shm", str(path), streams, seconds, start_ns)
            _await_ready(proc)
            drainer = UplinkDrainer(arena)
            for s in arena.active_slots():
                drainer.add(arena.attach(s.index, s.uuid, s.generation))

            pump_cpu = 0.0

            def pump() -> None:
                nonlocal frames, pump_cpu
                cpu0 = time.thread_time()
                while True:
                    last_pass = stop.is_set()  # one more pass after the producer ends
                    for _, audio in drainer.pump(0 if last_pass else 100, batch_us):
                        t = now_ns()
                        if audio is None:
                            continue
                        for j in range(0, len(audio) - FRAME + 1, FRAME):
                            ts = int(audio[j : j + 4].view(np.int64)[0])
                            if ts >= warm_from:
                                lat.append(t - ts)
                            frames += 1
                    if last_pass:
                        pump_cpu = time.thread_time() - cpu0
                        return

            th = threading.Thread(target=pump, name="bench-pump")
            th.start()
            producer_cpu = _producer_cpu(proc)
            stop.set()
            th.join()
        finally:
            path.unlink(missing_ok=True)
    return PathResult(np.array(lat, dtype=np.int64), frames, producer_cpu + pump_cpu, pump_cpu)


def _measure_null(streams: int, seconds: float) -> float:
    """CPU seconds the producer spends pacing and stamping frames by itself."""
    proc = _producer("null", "-", streams, seconds, now_ns() + LEAD_NS)
    _await_ready(proc)
    return _producer_cpu(proc)


def _measure_ws(streams: int, seconds: float) -> PathResult:
    from websockets.asyncio.server import ServerConnection, serve

    lat: list[int] = []
    frames = 0
    warm_from = 0

    async def handler(ws: ServerConnection) -> None:
        nonlocal frames
        async for msg in ws:
            t = now_ns()
            if isinstance(msg, bytes):
                ts = int.from_bytes(msg[:8], "little")
                if ts >= warm_from:
                    lat.append(t - ts)
                frames += 1

    async def run() -> tuple[float, float]:
        nonlocal warm_from
        async with serve(handler, "127.0.0.1", 0, compression=None, max_queue=None) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            start_ns = now_ns() + LEAD_NS
            warm_from = start_ns + WARMUP_NS
            proc = _producer("ws", str(port), streams, seconds, start_ns)
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, _await_ready, proc)
            cpu0 = time.process_time()
            producer_cpu = await loop.run_in_executor(None, _producer_cpu, proc)
            await asyncio.sleep(0.05)
            return time.process_time() - cpu0, producer_cpu

    consumer_cpu, producer_cpu = asyncio.run(run())
    return PathResult(
        np.array(lat, dtype=np.int64), frames, producer_cpu + consumer_cpu, consumer_cpu
    )


def _pct(a: np.ndarray, q: float) -> float:
    return float(np.percentile(a, q) / 1000) if len(a) else float("nan")


def measure(streams: int, seconds: float) -> dict[str, Any]:
    null_cpu = _measure_null(streams, seconds)
    shm = _measure_shm(streams, seconds)
    # The same path with the pump waking at most every BATCH_US: what a
    # controller serving many calls runs, trading that much latency for CPU.
    batched = _measure_shm(streams, seconds, BATCH_US)
    ws = _measure_ws(streams, seconds)
    stream_seconds = streams * seconds
    out: dict[str, Any] = {
        "streams": streams,
        "seconds": seconds,
        "producer_alone_cpu_pct_per_stream": round(100 * null_cpu / stream_seconds, 3),
    }
    transport: dict[str, float] = {}
    for name, r in (("shm", shm), ("shm_batched", batched), ("ws", ws)):
        # What the handoff itself costs: both processes, less the producer's own pacing.
        transport[name] = max(r.cpu_s - null_cpu, 1e-6)
        out[f"{name}_frames"] = r.frames
        out[f"{name}_p50_us"] = round(_pct(r.latencies_ns, 50), 1)
        out[f"{name}_p99_us"] = round(_pct(r.latencies_ns, 99), 1)
        out[f"{name}_max_us"] = round(
            float(r.latencies_ns.max() / 1000) if len(r.latencies_ns) else float("nan"), 1
        )
        out[f"{name}_cpu_pct_per_stream"] = round(100 * transport[name] / stream_seconds, 3)
        out[f"{name}_consumer_cpu_pct_per_stream"] = round(
            100 * r.consumer_cpu_s / stream_seconds, 3
        )
    out["latency_ratio"] = round(out["ws_p99_us"] / out["shm_p99_us"], 2)
    out["cpu_ratio"] = round(transport["ws"] / transport["shm"], 2)
    out["cpu_ratio_batched"] = round(transport["ws"] / transport["shm_batched"], 2)
    out["batch_us"] = BATCH_US
    out["consumer_cpu_ratio"] = (
        round(ws.consumer_cpu_s / shm.consumer_cpu_s, 2) if shm.consumer_cpu_s > 0 else float("nan")
    )
    return out


def run_media_bench(counts: list[int], seconds: float) -> dict[str, Any]:
    runs = [measure(n, seconds) for n in counts]
    top = runs[-1]
    return {
        "benchmark": "media",
        "what": "frame handoff, switch side write -> controller has it; shared memory vs "
        "loopback WebSocket (websockets library), same frames, same run",
        "targets": {"shm_p99_us": 500, "latency_ratio": 10, "cpu_ratio": 5},
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "streams": top["streams"],
        "shm_p99_us": top["shm_p99_us"],
        "ws_p99_us": top["ws_p99_us"],
        "latency_ratio": top["latency_ratio"],
        "cpu_ratio": top["cpu_ratio"],
        "runs": runs,
    }


__all__ = ["measure", "run_media_bench"]
