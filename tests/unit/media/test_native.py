# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Which core calls keep the GIL and which release it."""

from __future__ import annotations

import ctypes
import threading
import time
from pathlib import Path

import pytest

from aiframe.media import Arena
from aiframe.media import _native as n

_PYTHONAPI = 0x4  # ctypes' _FUNCFLAG_PYTHONAPI: the call holds the GIL


def _holds_gil(name: str) -> bool:
    return bool(getattr(n.lib, name)._flags_ & _PYTHONAPI)


def test_only_the_blocking_calls_release_the_gil() -> None:
    for name in n._SIGNATURES:
        assert _holds_gil(name) == (name not in n.BLOCKING), name
    assert not _holds_gil("aif_arena_doorbell_wait")
    assert _holds_gil("aif_downlink_write")


def test_a_doorbell_wait_lets_other_threads_run(arena_path: Path) -> None:
    with Arena.create(arena_path, slots=1, max_rate=8000) as a:
        seen = a.doorbell_seq()
        done = threading.Event()

        def wait() -> None:
            a.wait(seen, 300)
            done.set()

        t = threading.Thread(target=wait)
        t.start()
        spins = 0
        while not done.is_set():
            spins += 1  # this thread needs the GIL to count
        t.join()
    assert spins > 1000


def test_the_core_library_carries_no_benchmark_code() -> None:
    core = ctypes.CDLL(str(n._candidates()[-1]))
    assert hasattr(core, "aif_slot_on_read_frame")
    for name in ("aif_bench_prepare", "aif_bench_run", "aif_bench_finish"):
        assert not hasattr(core, name), name


def test_the_lab_producer_releases_the_gil_for_its_paced_loop() -> None:
    from aiframe.lab.bench import media_producer

    assert not media_producer.lib.aif_bench_run._flags_ & _PYTHONAPI


def test_an_unknown_function_is_named_in_the_error() -> None:
    with pytest.raises(AttributeError, match="aif_no_such_call"):
        n.lib.aif_no_such_call  # noqa: B018


def test_a_held_call_still_works(arena_path: Path) -> None:
    with Arena.create(arena_path, slots=1, max_rate=8000) as a:
        t0 = time.monotonic_ns()
        now = int(n.lib.aif_now_ns())
        assert now >= t0
        assert int(n.lib.aif_arena_slot_count(a._handle())) == 1
