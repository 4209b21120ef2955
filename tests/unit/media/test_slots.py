# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import threading

import numpy as np
import pytest

from aiframe.errors import MediaError, SlotFullError, SlotNotFoundError, StaleSlotError
from aiframe.media import Arena, InjectMode, MarkResult, SlotState, now_ns
from aiframe.media.drain import UplinkDrainer


def ramp(n: int, start: int = 0) -> np.ndarray:
    return ((np.arange(start, start + n) * 7) % 65536 - 32768).astype(np.int16)


def test_uplink_round_trip_bit_exact(arena: Arena) -> None:
    leg = arena.claim("call-a", 16000)
    idx, gen = arena.find("call-a")
    att = arena.attach(idx, "call-a", gen)
    sent = np.concatenate([ramp(320, k * 320) for k in range(10)])
    for k in range(10):
        assert leg.on_read_frame(sent[k * 320 : (k + 1) * 320], now_ns())
    assert att.available() == 3200
    got = np.concatenate([att.read(1000) for _ in range(4)])
    np.testing.assert_array_equal(got, sent)
    assert att.counters().frames_in == 10


def test_downlink_flush_marks_and_counters(arena: Arena) -> None:
    leg = arena.claim("call-b", 8000)
    att = arena.attach(leg.index, "call-b", leg.generation)
    att.set_mark(1)
    assert att.write(np.full(8000, 1000, dtype=np.int16)) == 8000
    out = np.zeros(160, dtype=np.int16)
    assert leg.on_write_frame(out, InjectMode.REPLACE, 5_000_000_000) == 160
    assert (out == 1000).all()
    events = att.poll_marks()
    assert [(e.mark_id, e.result, e.at_ns) for e in events] == [
        (1, MarkResult.PLAYED, 5_000_000_000)
    ]
    att.set_mark(2)
    att.write(np.full(800, 2000, dtype=np.int16))
    assert att.flush() == 1
    leg.on_write_frame(out, InjectMode.REPLACE, 0)
    assert out[0] < 1000 and out[-1] == 0  # faded out, nothing after the flush point
    assert [(e.mark_id, e.result) for e in att.poll_marks()] == [(2, MarkResult.FLUSHED)]
    c = att.counters()
    assert c.flushes == 1
    assert c.flushed_samples == 8000 - 160 + 800 - 32
    assert att.queued() == 0


def test_mix_mode_keeps_the_channel_audio(arena: Arena) -> None:
    leg = arena.claim("call-mix", 8000)
    att = arena.attach(leg.index, "call-mix", leg.generation)
    att.write(np.full(80, 100, dtype=np.int16))
    io = np.full(160, 50, dtype=np.int16)
    assert leg.on_write_frame(io, InjectMode.MIX, 0) == 80
    assert (io[:80] == 150).all() and (io[80:] == 50).all()


def test_stale_attachment_after_release_and_reuse(arena: Arena) -> None:
    leg = arena.claim("call-c", 16000)
    att = arena.attach(leg.index, "call-c", leg.generation)
    att.set_status("listening")
    assert att.status() == "listening"
    leg.release()
    assert not att.alive
    with pytest.raises(StaleSlotError):
        att.read()
    with pytest.raises(StaleSlotError):
        att.write(np.zeros(10, dtype=np.int16))
    with pytest.raises(StaleSlotError):
        att.flush()
    with pytest.raises(StaleSlotError, match="not active"):
        arena.attach(leg.index, "call-c", leg.generation)
    with pytest.raises(SlotNotFoundError):
        arena.find("call-c")
    assert arena.slot_info(leg.index).state == SlotState.FREE


def test_all_slots_in_use(arena: Arena) -> None:
    legs = [arena.claim(f"c{i}", 16000) for i in range(4)]
    with pytest.raises(SlotFullError, match="all 4 slots"):
        arena.claim("one-too-many", 16000)
    assert arena.info().claims_refused == 1
    assert len(arena.active_slots()) == 4
    for leg in legs:
        leg.release()
    assert arena.active_slots() == []


def test_bad_arguments(arena: Arena) -> None:
    with pytest.raises(MediaError, match="rate 8000/16000"):
        arena.claim("x", 44100)
    with pytest.raises(MediaError, match="uuid at most 47"):
        arena.claim("u" * 60, 8000)
    leg = arena.claim("ok", 8000)
    att = arena.attach(leg.index, "ok", leg.generation)
    with pytest.raises(MediaError, match="int16"):
        att.write(np.zeros(10, dtype=np.float32))  # type: ignore[arg-type]
    with pytest.raises(MediaError, match="too long"):
        leg.on_read_frame(np.zeros(5000, dtype=np.int16), 0)
    with pytest.raises(MediaError, match="does not exist"):
        arena.slot_info(99)


def test_barge_in_flushes_and_is_reported(arena: Arena) -> None:
    leg = arena.claim("call-d", 8000)
    leg.set_barge_in(threshold_rms=1000, min_speech_ms=40)
    att = arena.attach(leg.index, "call-d", leg.generation)
    att.write(np.full(8000, 3000, dtype=np.int16))
    out = np.zeros(160, dtype=np.int16)
    loud = np.where(np.arange(160) % 2 == 0, 8000, -8000).astype(np.int16)
    leg.on_write_frame(out, InjectMode.REPLACE, 0)
    for _ in range(2):
        leg.on_read_frame(loud, 0)
    leg.on_write_frame(out, InjectMode.REPLACE, 42)
    b = att.barge_state()
    assert (b.seq, b.at_ns) == (1, 42)
    assert b.dropped_samples == 8000 - 160
    assert att.counters().barge_ins == 1
    assert att.queued() == 0


def test_doorbell_wakes_a_waiting_thread(arena: Arena) -> None:
    leg = arena.claim("call-e", 16000)
    seen = arena.doorbell_seq()
    woke: list[int] = []
    t = threading.Thread(target=lambda: woke.append(arena.wait(seen, 5000)))
    t.start()
    leg.on_read_frame(ramp(320), now_ns())
    t.join(5)
    assert woke and woke[0] != seen
    ready = np.zeros(8, dtype=np.uint32)
    assert arena.collect_ready(ready) == 1
    assert ready[0] == leg.index


def test_drainer_serves_attached_slots_only(arena: Arena) -> None:
    a = arena.claim("call-f", 16000)
    b = arena.claim("call-g", 16000)
    drainer = UplinkDrainer(arena)
    drainer.add(arena.attach(a.index, "call-f", a.generation))
    a.on_read_frame(ramp(320), 0)
    b.on_read_frame(ramp(320, 5), 0)
    got = {i: None if x is None else x.copy() for i, x in drainer.drain()}
    assert list(got) == [a.index]
    np.testing.assert_array_equal(got[a.index], ramp(320))
    drainer.add(arena.attach(b.index, "call-g", b.generation))
    got = {i: None if x is None else x.copy() for i, x in drainer.drain()}
    np.testing.assert_array_equal(got[b.index], ramp(320, 5))
    a.on_read_frame(ramp(320), 0)
    a.release()
    arena.ring()
    drainer.remove(b.index)
    assert [(i, x) for i, x in drainer.drain()] in ([], [(a.index, None)])
