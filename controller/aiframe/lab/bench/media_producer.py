# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The switch side of the media benchmark, run as its own process (as
FreeSWITCH is). The paced loop is C (mod_aiframe/src/bench/producer.c, built
into the lab's own library ``_producer`` beside a copy of the core) so both
transports are fed the way a C module feeds them: through the arena's per-frame
call, or as WebSocket messages over loopback TCP as mod_audio_fork and
mod_audio_stream send audio.

    python -m aiframe.lab.bench.media_producer {shm ARENA|ws PORT|null -} STREAMS SECONDS START_NS

It prints "ready" once slots are claimed or connections are up, and at the
end "cpu SECONDS": the CPU its paced loop used (set-up excluded).
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from pathlib import Path

from aiframe.errors import MediaError


def _load() -> ctypes.CDLL:
    spec = importlib.util.find_spec("aiframe.lab.bench._producer")
    if spec is None or not spec.origin or not Path(spec.origin).is_file():
        raise MediaError(
            "the media benchmark's producer library is not built; "
            "run `make setup` or `pip install -e .` from the repository"
        )
    # CDLL: the paced loop runs for seconds, so it releases the GIL.
    return ctypes.CDLL(spec.origin)


lib = _load()

FRAME = 320  # 20 ms at 16 kHz: the frame the C producer sends

_prepare = lib.aif_bench_prepare
_prepare.restype = ctypes.c_int
_prepare.argtypes = [
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_uint32,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.c_char_p,
    ctypes.c_size_t,
]
_run = lib.aif_bench_run
_run.restype = ctypes.c_int
_run.argtypes = [ctypes.c_void_p, ctypes.c_uint64, ctypes.c_double, ctypes.POINTER(ctypes.c_double)]
_finish = lib.aif_bench_finish
_finish.restype = None
_finish.argtypes = [ctypes.POINTER(ctypes.c_void_p)]


def produce(mode: str, target: str, streams: int, seconds: float, start_ns: int) -> float:
    handle = ctypes.c_void_p()
    err = ctypes.create_string_buffer(256)
    if _prepare(mode.encode(), target.encode(), streams, ctypes.byref(handle), err, len(err)):
        raise SystemExit(f"producer: {err.value.decode()}")
    try:
        print("ready", flush=True)
        cpu = ctypes.c_double()
        if _run(handle, start_ns, seconds, ctypes.byref(cpu)):
            raise SystemExit("producer: a send failed")
        return cpu.value
    finally:
        _finish(ctypes.byref(handle))


def main(argv: list[str]) -> None:
    mode, target, streams, seconds, start_ns = argv
    cpu = produce(mode, target, int(streams), float(seconds), int(start_ns))
    print(f"cpu {cpu:.6f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
