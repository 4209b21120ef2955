# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The switch side of the media benchmark, run as its own process (as
FreeSWITCH is). It paces N streams of 20 ms frames on an absolute clock, each
stream offset within the period as real calls are, and stamps every frame with
CLOCK_MONOTONIC just before handing it over: through the arena (the module's
per-frame function) or over a loopback WebSocket (as mod_audio_fork and
mod_audio_stream carry audio).

    python -m aiframe.bench.media_producer shm ARENA STREAMS SECONDS START_NS
    python -m aiframe.bench.media_producer ws PORT STREAMS SECONDS START_NS
    python -m aiframe.bench.media_producer null - STREAMS SECONDS START_NS

The null mode paces and stamps the same frames and hands them to nobody: its
CPU is what the producer costs by itself, subtracted to get each transport's
own cost.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Iterator

import numpy as np

from aiframe.media.arena import Arena, now_ns

RATE = 16000
FRAME = 320  # 20 ms at 16 kHz
PERIOD_NS = 20_000_000


def schedule(streams: int, seconds: float, start_ns: int) -> Iterator[tuple[int, int]]:
    """(due time, stream) in time order: stream i runs i/streams of a period late."""
    ticks = int(seconds * 1e9 // PERIOD_NS)
    offsets = [i * PERIOD_NS // streams for i in range(streams)]
    for t in range(ticks):
        base = start_ns + t * PERIOD_NS
        for i, off in enumerate(offsets):
            yield base + off, i


def _frames(streams: int) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    return [rng.integers(-3000, 3000, FRAME, dtype=np.int16) for _ in range(streams)]


def _sleep_until(due: int) -> None:
    wait = due - now_ns()
    if wait > 100_000:
        time.sleep((wait - 50_000) / 1e9)


def run_null(streams: int, seconds: float, start_ns: int) -> float:
    frames = _frames(streams)
    stamps = [f.view(np.int64) for f in frames]
    print("ready", flush=True)
    cpu0 = time.process_time()
    for due, i in schedule(streams, seconds, start_ns):
        _sleep_until(due)
        stamps[i][0] = now_ns()
    return time.process_time() - cpu0


def run_shm(arena_path: str, streams: int, seconds: float, start_ns: int) -> float:
    with Arena.open(arena_path) as arena:
        legs = [arena.claim(f"bench-{i}", RATE) for i in range(streams)]
        frames = _frames(streams)
        stamps = [f.view(np.int64) for f in frames]
        print("ready", flush=True)
        cpu0 = time.process_time()
        for due, i in schedule(streams, seconds, start_ns):
            _sleep_until(due)
            stamps[i][0] = now_ns()
            legs[i].on_read_frame(frames[i], int(stamps[i][0]))
        cpu = time.process_time() - cpu0
        time.sleep(0.1)  # let the consumer take the last frames before the "hangup"
        for leg in legs:
            leg.release()
    return cpu


async def _ws_main(port: int, streams: int, seconds: float, start_ns: int) -> float:
    from websockets.asyncio.client import connect

    conns = [await connect(f"ws://127.0.0.1:{port}/s{i}", compression=None) for i in range(streams)]
    frames = _frames(streams)
    stamps = [f.view(np.int64) for f in frames]
    print("ready", flush=True)
    cpu0 = time.process_time()
    send: list[Callable[[bytes], Awaitable[None]]] = [c.send for c in conns]
    for due, i in schedule(streams, seconds, start_ns):
        wait = due - now_ns()
        if wait > 100_000:
            await asyncio.sleep((wait - 50_000) / 1e9)
        stamps[i][0] = now_ns()
        await send[i](frames[i].tobytes())
    cpu = time.process_time() - cpu0
    for c in conns:
        await c.close()
    return cpu


def main(argv: list[str]) -> None:
    mode, target, streams, seconds, start_ns = argv
    if mode == "shm":
        cpu = run_shm(target, int(streams), float(seconds), int(start_ns))
    elif mode == "null":
        cpu = run_null(int(streams), float(seconds), int(start_ns))
    elif mode == "ws":
        cpu = asyncio.run(_ws_main(int(target), int(streams), float(seconds), int(start_ns)))
    else:
        raise SystemExit(f"unknown mode {mode!r}; use shm, ws or null")
    # CPU of the paced loop alone: start-up and connection set-up are not the handoff.
    print(f"cpu {cpu:.6f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
