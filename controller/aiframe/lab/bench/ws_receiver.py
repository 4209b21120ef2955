# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The peer's receiving end: what a Pipecat-style stack runs to take mod_audio_fork's
stream, as its own process (``python -m aiframe.lab.bench.ws_receiver``).

A ``websockets`` (asyncio) server on 127.0.0.1 that accepts the module's subprotocol,
takes the JSON metadata text frame the module sends first, then reads every binary
L16 frame into numpy. With ``--probe FILE`` it also runs the delay bench's onset
detector (``aiframe.lab.bench.delay``) and appends ``<uuid> <ns>`` per click to FILE.

It speaks to its parent on stdout, one line each: ``ready <port>`` once listening,
``open <call>`` per connection, and ``totals <json>`` when SIGTERM stops it.
``WsReceiver`` is the parent's side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from aiframe.lab.bench.delay import OnsetDetector, write_arrival
from aiframe.lab.switch.controller_proc import terminate

SUBPROTOCOL = "audio.drachtio.org"
RATE = 16000


def call_from(path: str, metadata: str | None) -> str:
    """The call a connection carries: ``uuid`` in the metadata frame, else the
    last part of the URL path."""
    if metadata:
        try:
            meta = json.loads(metadata)
        except ValueError:
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("uuid"), str) and meta["uuid"]:
            return str(meta["uuid"])
    return path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


@dataclass(slots=True)
class ForkStream:
    """One connection's state: its call, what it has received, its onset detector."""

    path: str
    detector: OnsetDetector | None = None
    call: str = ""
    metadata: str | None = None
    texts: int = 0
    frames: int = 0
    samples: int = 0

    def __post_init__(self) -> None:
        self.call = call_from(self.path, None)

    def on_text(self, text: str) -> None:
        self.texts += 1
        if self.metadata is None:
            self.metadata = text
            self.call = call_from(self.path, text)

    def on_binary(self, data: bytes) -> int | None:
        """Take one binary frame; the time it was held when it starts a click."""
        pcm = np.frombuffer(data, dtype="<i2")
        now = time.monotonic_ns()
        self.frames += 1
        self.samples += pcm.size
        if self.detector is not None and self.detector.feed(pcm):
            return now
        return None


@dataclass(slots=True)
class Totals:
    connections: int = 0
    frames: int = 0
    samples: int = 0
    texts: int = 0
    with_metadata: int = 0
    open: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {
            "connections": self.connections,
            "frames": self.frames,
            "samples": self.samples,
            "texts": self.texts,
            "with_metadata": self.with_metadata,
        }


async def _serve(probe: IO[str] | None, out: IO[str]) -> Totals:
    from websockets.asyncio.server import ServerConnection, serve
    from websockets.typing import Subprotocol

    totals = Totals()

    async def handler(ws: ServerConnection) -> None:
        stream = ForkStream(ws.request.path if ws.request else "/")
        if probe is not None:
            stream.detector = OnsetDetector(RATE)
        totals.connections += 1
        print(f"open {stream.call}", file=out, flush=True)
        try:
            async for msg in ws:
                if isinstance(msg, str):
                    stream.on_text(msg)
                elif (at := stream.on_binary(msg)) is not None and probe is not None:
                    write_arrival(probe, stream.call, at)
        finally:
            totals.frames += stream.frames
            totals.samples += stream.samples
            totals.texts += stream.texts
            totals.with_metadata += stream.metadata is not None

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with serve(handler, "127.0.0.1", 0, subprotocols=[Subprotocol(SUBPROTOCOL)]) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"ready {port}", file=out, flush=True)
        await stop.wait()
    return totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aiframe.lab.bench.ws_receiver")
    ap.add_argument("--probe", type=Path, default=None, help="append click arrivals here")
    args = ap.parse_args(argv)
    probe = args.probe.open("a", buffering=1) if args.probe else None
    try:
        totals = asyncio.run(_serve(probe, sys.stdout))
    finally:
        if probe is not None:
            probe.close()
    print("totals " + json.dumps(totals.as_dict()), flush=True)
    return 0


class WsReceiver:
    """The receiver process, from the bench's side: its pid, URLs for the module,
    how many connections it has taken, its totals once stopped."""

    def __init__(self, probe: Path | None = None, *, start_timeout: float = 30.0) -> None:
        cmd = [sys.executable, "-m", "aiframe.lab.bench.ws_receiver"]
        if probe is not None:
            cmd += ["--probe", str(probe)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        self.opened = 0
        self.totals: dict[str, Any] = {}
        self._ready = threading.Event()
        self.port = 0
        self._reader = threading.Thread(target=self._read, name="ws-receiver", daemon=True)
        self._reader.start()
        if not self._ready.wait(start_timeout):
            self.stop()
            raise RuntimeError("the WebSocket receiver did not start")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def url(self, call: str) -> str:
        return f"ws://127.0.0.1:{self.port}/{call}"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            word, _, rest = line.strip().partition(" ")
            if word == "ready":
                self.port = int(rest)
                self._ready.set()
            elif word == "open":
                self.opened += 1
            elif word == "totals":
                self.totals = json.loads(rest)

    def wait_opened(self, count: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.opened < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.opened

    def stop(self, timeout: float = 10.0) -> dict[str, Any]:
        terminate(self.proc, timeout)
        self._reader.join(timeout)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return self.totals


__all__ = ["SUBPROTOCOL", "ForkStream", "WsReceiver", "call_from", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
