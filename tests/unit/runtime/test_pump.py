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

        @property
        def _ref(self) -> object:
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


def test_under_load_each_call_is_read_in_longer_chunks(arena, wait_until) -> None:
    p = MediaPump(arena, poll_ms=20, chunk_calls=2, max_chunk_ms=60)
    p.start()
    try:
        legs = [route_for(arena, p, f"busy-{k}") for k in range(4)]
        assert p.chunk_frames() == 1
        for _, r, _ in legs:
            p.add(r)
        assert p.chunk_frames() == 3  # 1 + 4 // 2, capped at 60 ms
        gevent.sleep(0.05)
        passes0, t0 = p.stats.passes, now_ns()
        for i in range(25):
            for k, (leg, _, _) in enumerate(legs):
                leg.on_read_frame(ramp(FRAME, k * 100_000 + i * FRAME), now_ns())
            gevent.sleep(0.02)
        got: list[list[np.ndarray]] = [[], [], [], []]

        def complete() -> bool:
            for k, (_, r, _) in enumerate(legs):
                got[k] += [c for c, _ in r.take()]
            return all(sum(len(c) for c in g) == 25 * FRAME for g in got)

        wait_until(complete, what="every frame on each leg")
        elapsed_ms = (now_ns() - t0) / 1e6
        for k in range(4):
            np.testing.assert_array_equal(np.concatenate(got[k]), ramp(25 * FRAME, k * 100_000))
        # Passes 40 ms apart (a 60 ms chunk's wait), not one per 20 ms frame.
        assert p.stats.passes - passes0 <= elapsed_ms / 40 + 3
        assert max(len(c) for c in got[0]) >= 2 * FRAME
    finally:
        p.stop()


def test_a_slot_of_a_call_added_late_is_read_whatever_it_holds(arena, wait_until) -> None:
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


def listening_route(arena: Arena, uuid: str):
    from aiframe.lab.fakes.cheap_speech import EnergyVad
    from aiframe.media.callaudio import CallAudio
    from aiframe.runtime.listening import Listening

    leg = arena.claim(uuid, 16000)
    att = arena.attach(leg.index, uuid, leg.generation)
    woken: list[int] = []
    posted: list[object] = []
    heard = Listening(CallAudio(16000), lambda: EnergyVad(16000), early_pause_ms=100, early_rms=300)
    r = MediaRoute(att, lambda: woken.append(1), listening=heard, post=posted.append)
    return leg, r, woken, posted


def test_a_listening_call_gets_edges_not_frames(arena, pump, wait_until) -> None:
    from aiframe.media.synth import synth_voice
    from aiframe.runtime.messages import EarlyPause, VoiceActivity

    leg, r, woken, posted = listening_route(arena, "listens")
    pump.add(r)
    sent = [np.zeros(FRAME, np.int16)] * 25  # half a second of silence
    for f in sent:
        leg.on_read_frame(f, now_ns())
        gevent.sleep(0.002)
    assert r.listening is not None
    wait_until(lambda: r.listening.audio.position == 25 * FRAME, what="the silence logged")
    gevent.sleep(0.1)
    assert posted == [] and woken == []  # nothing changed: the actor is not woken
    voice = synth_voice(0.6, 130.0, seed=2)
    tail = np.zeros(25 * FRAME, np.int16)
    x = np.concatenate([voice[: len(voice) // FRAME * FRAME], tail])
    for i in range(0, len(x), FRAME):
        leg.on_read_frame(x[i : i + FRAME], now_ns())
        sent.append(x[i : i + FRAME])
        gevent.sleep(0.002)

    def kinds() -> list[str]:
        return [e.kind for m in posted if isinstance(m, VoiceActivity) for e in m.events]

    wait_until(lambda: kinds() == ["start", "stop"], what="the voice starting and stopping")
    assert any(isinstance(m, EarlyPause) for m in posted)
    assert woken == []  # edges only, never MediaReady
    log = r.listening.audio
    np.testing.assert_array_equal(log.read(0, log.position), np.concatenate(sent))
    # The lane's clock runs the last step even with no more caller audio coming.
    wait_until(lambda: r.listening.vad_upto == log.position, what="the VAD through the end")
    assert pump.stats.vad_steps > 0 and pump.stats.edges == len(posted)


def test_a_speaking_call_is_woken_on_the_lanes_clock_without_caller_audio(
    arena, pump, wait_until
) -> None:
    _, r, woken, _ = listening_route(arena, "speaks")
    pump.add(r)
    gevent.sleep(0.05)
    assert woken == []
    pump.speaking(r)
    gevent.sleep(0.3)
    n = len(woken)
    assert 8 <= n <= 20, n  # about every 20 ms, with no caller audio at all
    r.speaking = False  # the actor's downlink has nothing left
    gevent.sleep(0.05)
    n = len(woken)
    gevent.sleep(0.2)
    assert len(woken) == n


def test_calls_come_and_go_while_the_lane_reads(arena, pump, wait_until) -> None:
    live: list = []
    for round_ in range(40):
        leg, r, _, _ = listening_route(arena, f"churn-{round_}")
        pump.add(r)
        live.append((leg, r))
        for leg, _ in live:
            leg.on_read_frame(ramp(FRAME, round_ * FRAME), now_ns())
        if len(live) > 3:
            old_leg, old = live.pop(0)
            pump.remove(old)
            old_leg.release()
        gevent.sleep(0.001)
    assert pump.running
    leg, r = live[-1]
    wait_until(lambda: r.listening.audio.position >= FRAME, what="the newest call read")
    before = r.listening.audio.position
    leg.on_read_frame(ramp(FRAME, 0), now_ns())
    wait_until(lambda: r.listening.audio.position == before + FRAME, what="still read")
    assert pump.stats.stale == 0  # a removed call's released slot is never read
