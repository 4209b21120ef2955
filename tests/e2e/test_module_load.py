# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Many concurrent calls, both directions live for a while: no ring drops or
overruns, nothing missing, every slot released afterwards.

AIFRAME_E2E_LOAD_CALLS (default 100) and AIFRAME_E2E_LOAD_SECONDS (default 60)
size the run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from aiframe.esl.sync import SyncEsl
from aiframe.esl.wire import EslEvent
from aiframe.lab.switch.calls import (
    attach,
    hangup_all,
    is_event,
    originate_loopback,
    wait_slots_free,
    wait_start,
)
from aiframe.lab.switch.signal import tone
from aiframe.lab.switch.testswitch import TestSwitch
from aiframe.media import Arena, Attachment
from aiframe.media.drain import UplinkDrainer

CALLS = int(os.environ.get("AIFRAME_E2E_LOAD_CALLS", "100"))
SECONDS = float(os.environ.get("AIFRAME_E2E_LOAD_SECONDS", "60"))
AHEAD_S = 1.0  # keep this much AI audio queued: a scheduling stall must not starve a call
CHUNK_S = 0.2


@pytest.mark.slow
def test_concurrent_calls_hold_up(fs: TestSwitch, esl: SyncEsl, arena: Arena, sounds: Path) -> None:
    far = [("endless_playback", str(sounds / "speech-long-8000.wav"))]
    drainer = UplinkDrainer(arena)
    read: dict[int, int] = {}
    atts: list[Attachment] = []

    def drain() -> None:
        for index, pcm in drainer.drain():
            assert pcm is not None, f"slot {index} was released mid-run"
            read[index] += len(pcm)

    for _ in range(CALLS):  # the controller's part: attach each call as it starts
        # barge-in off: the far legs talk all the time, and a barge-in would
        # flush the downlink every few seconds (test_module_bargein covers it)
        call = originate_loopback(
            esl, "ai", far=far, variables={"aiframe_e2e_args": "barge_threshold=0"}
        )
        att = attach(arena, wait_start(esl, call.b_uuid))
        atts.append(att)
        read[att.index] = 0
        drainer.add(att)
        drain()
    rate = atts[0].arena.slot_info(atts[0].index).sample_rate
    chunk = tone(1000, CHUNK_S, rate, 6000)  # a whole number of periods: seamless
    baseline = {a.index: a.counters() for a in atts}

    t0 = time.monotonic()
    while (now := time.monotonic()) - t0 < SECONDS:
        drain()
        for a in atts:
            if a.queued() < AHEAD_S * rate:
                assert a.write(chunk) == len(chunk)
        time.sleep(max(0.0, 0.02 - (time.monotonic() - now)))
    elapsed = time.monotonic() - t0
    # every sample counted in by this snapshot must be in what we read after it
    snapshot = {a.index: a.counters() for a in atts}
    drain()

    problems = []
    for a in atts:
        c, b = snapshot[a.index], baseline[a.index]
        frames_in, frames_out = c.frames_in - b.frames_in, c.frames_out - b.frames_out
        if c.uplink_drops or c.downlink_overruns or c.downlink_underruns or c.flushes:
            problems.append(f"slot {a.index}: {c}")
        elif min(frames_in, frames_out) < 0.95 * elapsed * 50:
            problems.append(f"slot {a.index}: {frames_in} in, {frames_out} out in {elapsed:.0f} s")
        elif read[a.index] < c.samples_in:
            problems.append(f"slot {a.index}: read {read[a.index]} of {c.samples_in} samples")
    assert not problems, f"{len(problems)} of {CALLS} calls: " + "; ".join(problems[:5])
    overruns = [ev for ev in esl.drain_events() if ev.subclass == "aiframe::overrun"]
    assert not overruns, f"{len(overruns)} aiframe::overrun events"

    assert hangup_all(esl, timeout=30) == 0
    assert wait_slots_free(arena, timeout=15) == []
    stops: list[EslEvent] = []
    deadline = time.monotonic() + 10
    while len(stops) < CALLS and time.monotonic() < deadline:
        ev = esl.wait_event(is_event("aiframe::stop"), deadline - time.monotonic())
        if ev is not None:
            stops.append(ev)
    assert len(stops) == CALLS
    assert {ev.get("aiframe-reason") for ev in stops} == {"hangup"}
    assert fs.alive
