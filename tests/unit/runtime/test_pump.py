# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import threading

import gevent
import numpy as np
import pytest

from aiframe.media.arena import Arena, now_ns
from aiframe.runtime.pump import MediaPump, MediaRoute

FRAME = 320


def ramp(n: int, start: int) -> np.ndarray:
    return ((np.arange(start, start + n) * 13) % 60000 - 30000).astype(np.int16)


@pytest.fixture
def pump(arena: Arena):
    p = MediaPump(arena, poll_ms=20, max_backlog=16000)
    p.start()
    yield p
    if p.running:
        p.stop()


def route_for(arena: Arena, pump: MediaPump, uuid: str):
    leg = arena.claim(uuid, 16000)
    att = arena.attach(leg.index, uuid, leg.generation)
    woken: list[int] = []
    r = MediaRoute(att, lambda: woken.append(threading.get_ident()))
    return leg, r, woken


def test_every_leg_gets_its_own_audio_in_order_in_the_hub(arena, pump, wait_until) -> None:
    legs = [route_for(arena, pump, f"call-{k}") for k in range(3)]
    for _, r, _ in legs:
        pump.add(r)
    for i in range(25):
        for k, (leg, _, _) in enumerate(legs):
            leg.on_read_frame(ramp(FRAME, k * 100_000 + i * FRAME), now_ns())
        gevent.sleep(0.001)
    got: list[list[np.ndarray]] = [[], [], []]

    def complete() -> bool:
        for k, (_, r, _) in enumerate(legs):
            got[k] += [c for c, _ in r.take()]
        return all(sum(len(c) for c in g) == 25 * FRAME for g in got)

    wait_until(complete, what="25 frames on each leg")
    for k in range(3):
        np.testing.assert_array_equal(np.concatenate(got[k]), ramp(25 * FRAME, k * 100_000))
        woken = legs[k][2]
        # The pump thread only pokes the hub; routes are notified in the hub's thread.
        assert woken and set(woken) == {threading.get_ident()}
    assert pump.stats.samples == 3 * 25 * FRAME


def test_audio_from_before_the_attach_is_taken_when_the_call_is_added(
    arena, pump, wait_until
) -> None:
    leg, r, _ = route_for(arena, pump, "early")
    leg.on_read_frame(ramp(FRAME, 0), now_ns())
    gevent.sleep(0.05)  # the pump saw the slot ready, but nobody owned it yet
    assert r.backlog == 0
    pump.add(r)
    wait_until(lambda: r.backlog == FRAME, what="the early frame")


def test_a_released_slot_marks_the_route_gone(arena, pump, wait_until) -> None:
    leg, r, woken = route_for(arena, pump, "gone")
    pump.add(r)
    leg.release()
    pump.kick(r.index)
    wait_until(lambda: r.gone, what="the pump to notice the release")
    assert woken  # the actor is told, so it can end the call


def test_a_slow_call_is_left_in_its_ring_not_in_memory(arena, wait_until) -> None:
    p = MediaPump(arena, poll_ms=5, max_backlog=3 * FRAME)
    p.start()
    try:
        leg, r, _ = route_for(arena, p, "slow")
        p.add(r)
        for i in range(10):
            leg.on_read_frame(ramp(FRAME, i * FRAME), now_ns())
            gevent.sleep(0.005)
        gevent.sleep(0.05)
        assert r.backlog <= 4 * FRAME  # stopped reading once over the limit
        assert p.stats.backpressured > 0 and r.starved
        chunks = [c for c, _ in r.take()]
        r.starved = False
        p.kick(r.index)  # what the actor does when it catches up
        wait_until(lambda: r.backlog > 0, what="the rest")
        chunks += [c for c, _ in r.take()]
        np.testing.assert_array_equal(np.concatenate(chunks), ramp(10 * FRAME, 0))
    finally:
        p.stop()


def test_start_waits_for_the_thread_and_stop_ends_it(arena) -> None:
    p = MediaPump(arena, poll_ms=1000)
    p.start()
    assert p.running and p.last_loop_ns > 0
    t0 = now_ns()
    p.stop(timeout=1.0)  # the doorbell wakes it: no waiting out the poll interval
    assert not p.running
    assert now_ns() - t0 < 200_000_000


def test_a_pump_failure_is_raised_not_swallowed(arena) -> None:
    class Broken:
        index = 0

        def read_into(self, out: np.ndarray) -> int:
            raise RuntimeError("core went away")

    p = MediaPump(arena, poll_ms=5)
    p.start()
    p.add(MediaRoute(Broken(), lambda: None))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="core went away"):
        p.wait(timeout=2.0)
    assert not p.running
    p.stop()  # already over: nothing left to stop, nothing raised twice


def test_under_load_passes_are_spaced_and_nothing_is_lost(arena, wait_until, monkeypatch) -> None:
    import aiframe.runtime.pump as pump_mod

    monkeypatch.setattr(pump_mod, "_COALESCE_NS_PER_CALL", 5_000_000)  # 5 ms per call
    p = MediaPump(arena, poll_ms=20, coalesce_us=10_000)  # two calls: 10 ms windows
    p.start()
    try:
        (l1, r1, _), (l2, r2, _) = (route_for(arena, p, u) for u in ("x1", "x2"))
        p.add(r1)
        p.add(r2)
        gevent.sleep(0.05)
        wakes0, t0 = p.stats.wakes, now_ns()
        for i in range(50):  # a frame on each leg every millisecond or so
            l1.on_read_frame(ramp(FRAME, i * FRAME), now_ns())
            l2.on_read_frame(ramp(FRAME, i * FRAME + 7), now_ns())
            gevent.sleep(0.001)
        elapsed_ms = (now_ns() - t0) / 1e6
        wait_until(lambda: r1.backlog == r2.backlog == 50 * FRAME, what="all frames")
        # About one pass per 10 ms window, not one per frame (~75 without coalescing).
        assert p.stats.wakes - wakes0 <= min(40, elapsed_ms / 10 + 4)
        np.testing.assert_array_equal(
            np.concatenate([c for c, _ in r1.take()]), ramp(50 * FRAME, 0)
        )
    finally:
        p.stop()


def test_under_load_each_call_gets_its_audio_in_longer_chunks(arena, wait_until) -> None:
    p = MediaPump(arena, poll_ms=20, chunk_calls=2, max_chunk_ms=60)
    p.start()
    try:
        legs = [route_for(arena, p, f"busy-{k}") for k in range(4)]
        assert p.chunk_frames() == 1
        for _, r, _ in legs:
            p.add(r)
        assert p.chunk_frames() == 3  # 1 + 4 // 2, capped at 60 ms
        for i in range(12):
            for k, (leg, _, _) in enumerate(legs):
                leg.on_read_frame(ramp(FRAME, k * 100_000 + i * FRAME), now_ns())
            gevent.sleep(0.005)
        got: list[list[np.ndarray]] = [[], [], [], []]

        def enough() -> bool:
            for k, (_, r, _) in enumerate(legs):
                got[k] += [c for c, _ in r.take()]
            # Less than a chunk may wait in the ring for the next frame, never more.
            return all(sum(len(c) for c in g) >= 10 * FRAME for g in got)

        wait_until(enough, what="all but a partial chunk on each leg")
        for k in range(4):
            audio = np.concatenate(got[k])
            np.testing.assert_array_equal(audio, ramp(len(audio), k * 100_000))
            # Never less than a 60 ms chunk: the pump left the slot until it had one
            # (the first read may be the kick of add(), which takes whatever is there).
            assert all(len(c) >= 3 * FRAME for c in got[k][1:]), [len(c) for c in got[k]]
        assert p.stats.held > 0
    finally:
        p.stop()


def test_a_kicked_slot_is_read_whatever_it_holds(arena, wait_until) -> None:
    p = MediaPump(arena, poll_ms=20, chunk_calls=1, max_chunk_ms=60)
    p.start()
    try:
        leg, r, _ = route_for(arena, p, "kicked")
        leg.on_read_frame(ramp(FRAME, 0), now_ns())
        p.add(r)  # adding kicks: the one frame from before the attach is handed over
        wait_until(lambda: r.backlog == FRAME, what="the single frame")
    finally:
        p.stop()


def test_frame_by_frame_when_chunking_is_off(arena) -> None:
    p = MediaPump(arena, poll_ms=20, chunk_calls=0, max_chunk_ms=60)
    for k in range(3):
        p.add(route_for(arena, p, f"off-{k}")[1])
    assert p.chunk_frames() == 1
