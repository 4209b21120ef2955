# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What a call does while no controller is alive: it stays up, the caller hears
controller-lost-audio until the heartbeat is fresh again, and after
controller-lost-timeout-ms the AI is detached (aiframe::stop, reason
controller_lost) and the call goes to fallback-extension.

The tests heartbeat into the arena themselves, as a controller would. They run
on a switch of their own (controller-timeout-ms 500, a 440 Hz tone as the
lost audio) whose settings each test sets with ``aiframe reload``."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from aiframe.errors import SlotNotFoundError
from aiframe.esl.sync import SyncEsl
from aiframe.esl.wire import EslEvent
from aiframe.lab.switch.calls import (
    exists,
    getvar,
    hangup_all,
    is_event,
    originate_loopback,
    recording,
    subscribe_aiframe,
    wait_slots_free,
    wait_start,
    wait_stop,
)
from aiframe.lab.switch.signal import read_wav, tone_mask
from aiframe.lab.switch.testswitch import SwitchSettings, TestSwitch
from aiframe.media import Arena, SlotState

TONE_HZ = 440
LOST_AUDIO = f"tone_stream://%(1000,0,{TONE_HZ})"  # 1 s a loop: the broadcast must loop it
TIMEOUT_MS = 500
BASE = SwitchSettings(controller_timeout_ms=TIMEOUT_MS, controller_lost_audio=LOST_AUDIO)
WINDOW_MS = 10.0
MARGIN_S = 0.5  # recording start vs our clock, the watcher's 250 ms tick, the broadcast's lead-in


class Heartbeats:
    """A stand-in controller: a heartbeat into the arena every 100 ms while on."""

    def __init__(self, arena: Arena) -> None:
        self.arena = arena
        self._on = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeats", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._on.is_set():
                self.arena.heartbeat(os.getpid())
            self._stop.wait(0.1)

    def resume(self) -> None:
        self.arena.heartbeat(os.getpid())
        self._on.set()

    def pause(self) -> None:
        self._on.clear()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5.0)


@contextlib.contextmanager
def heartbeats(arena: Arena) -> Iterator[Heartbeats]:
    hb = Heartbeats(arena)
    try:
        yield hb
    finally:
        hb.close()


@pytest.fixture(scope="module")
def lost_switch() -> Iterator[TestSwitch]:
    with TestSwitch(BASE) as sw:
        yield sw


@pytest.fixture
def sw(lost_switch: TestSwitch) -> Iterator[TestSwitch]:
    """The module's switch, alive, with every call gone and every slot free afterwards."""
    if not lost_switch.alive:
        lost_switch.restart(BASE)
    yield lost_switch
    assert lost_switch.alive, f"FreeSWITCH died during this test\n{lost_switch.log_tail()}"
    with lost_switch.esl() as esl:
        assert hangup_all(esl) == 0
    assert lost_switch.endpoint is not None
    with Arena.open(lost_switch.endpoint.arena_path) as arena:
        assert not wait_slots_free(arena)


@pytest.fixture
def esl(sw: TestSwitch) -> Iterator[SyncEsl]:
    conn = sw.esl()
    subscribe_aiframe(conn)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def arena(sw: TestSwitch) -> Iterator[Arena]:
    assert sw.endpoint is not None
    with Arena.open(sw.endpoint.arena_path) as a:
        yield a


def _wait(esl: SyncEsl, subclass: str, uuid: str, timeout: float) -> EslEvent:
    ev = esl.wait_event(is_event(subclass, uuid), timeout)
    assert ev is not None, f"no {subclass} for {uuid} in {timeout} s"
    return ev


def _pause(esl: SyncEsl, seconds: float) -> None:
    """Sleep, reading events meanwhile (they stay queued)."""
    esl.wait_event(lambda _: False, seconds)


def _tone_share(mask: npt.NDArray[np.bool_], start_s: float, end_s: float) -> float:
    """Share of the windows from start_s to end_s (recording time) with the tone."""
    lo = max(0, round(start_s * 1000 / WINDOW_MS))
    hi = min(len(mask), round(end_s * 1000 / WINDOW_MS))
    assert hi - lo >= 20, f"a segment of {start_s:.2f}-{end_s:.2f} s is too short to judge"
    return float(np.mean(mask[lo:hi]))


def _heard(wav: Path) -> npt.NDArray[np.bool_]:
    rate, chans = read_wav(wav)
    return tone_mask(chans[0], rate, TONE_HZ, window_ms=WINDOW_MS)


def _no_stop(esl: SyncEsl, uuid: str) -> None:
    stops = [e for e in esl.drain_events() if is_event("aiframe::stop", uuid)(e)]
    assert not stops, f"the tap stopped: {stops[0].get('aiframe-reason')}"


def test_the_caller_hears_the_lost_audio_until_the_controller_is_back(
    sw: TestSwitch, esl: SyncEsl, arena: Arena
) -> None:
    sw.reconfigure(BASE)
    with heartbeats(arena) as hb:
        hb.resume()
        call = originate_loopback(esl, "ai", variables={"RECORD_READ_ONLY": "true"})
        started = wait_start(esl, call.b_uuid)
        with recording(esl, call.a_uuid, sw.recordings / "lost-audio.wav") as wav:
            t0 = time.monotonic()
            _pause(esl, 1.5)  # the controller is alive: nothing but silence
            hb.pause()
            t_gone = time.monotonic()
            lost = _wait(esl, "aiframe::controller_lost", call.b_uuid, 3.0)
            t_lost = time.monotonic()
            _pause(esl, 2.0)  # the tone plays, and loops past its 1 s
            hb.resume()
            back = _wait(esl, "aiframe::controller_back", call.b_uuid, 3.0)
            t_back = time.monotonic()
            _pause(esl, 1.5)
            t_end = time.monotonic()

    # the call stayed up and attached, on the same slot and generation
    assert exists(esl, call.a_uuid) and exists(esl, call.b_uuid)
    assert arena.find(call.b_uuid) == (started.slot, started.generation)
    _no_stop(esl, call.b_uuid)
    assert getvar(esl, call.b_uuid, "aiframe_active") == "true"

    assert t_lost - t_gone < TIMEOUT_MS / 1000 + 1.0, f"lost after {t_lost - t_gone:.2f} s"
    assert lost.get("aiframe-slot") == str(started.slot)
    assert lost.get("aiframe-generation") == str(started.generation)
    assert lost.get("aiframe-caller-hears") == "lost-audio"
    assert lost.get("aiframe-lost-audio") == LOST_AUDIO
    assert lost.get("aiframe-controller-pid") == str(os.getpid())
    assert int(lost["aiframe-heartbeat-age-ms"]) > TIMEOUT_MS
    assert lost.get("aiframe-fallback-after-ms") == "0"
    assert back.get("aiframe-controller-pid") == str(os.getpid())
    assert int(back["aiframe-lost-ms"]) >= 1500

    mask = _heard(wav)
    before = _tone_share(mask, 0.0, t_gone - t0 - 0.1)
    during = _tone_share(mask, t_lost - t0 + MARGIN_S, t_back - t0 - 0.1)
    after = _tone_share(mask, t_back - t0 + MARGIN_S, t_end - t0 - 0.2)
    assert before == 0.0, f"tone heard while the controller was alive ({before:.0%})"
    assert during >= 0.9, f"the lost audio covered only {during:.0%} of the outage"
    assert after == 0.0, f"the lost audio went on after the controller came back ({after:.0%})"


def test_gone_too_long_detaches_and_sends_the_call_to_the_fallback(
    sw: TestSwitch, esl: SyncEsl, arena: Arena
) -> None:
    """No heartbeat at all: the call counts as lost controller-timeout-ms after it
    started, and goes to the fallback controller-lost-timeout-ms after that."""
    sw.reconfigure(replace(BASE, controller_lost_timeout_ms=1000))
    call = originate_loopback(esl, "ai", variables={"RECORD_READ_ONLY": "true"})
    started = wait_start(esl, call.b_uuid)
    with recording(esl, call.a_uuid, sw.recordings / "lost-fallback.wav") as wav:
        t0 = time.monotonic()
        lost = _wait(esl, "aiframe::controller_lost", call.b_uuid, 3.0)
        t_lost = time.monotonic()
        stop = wait_stop(esl, call.b_uuid, timeout=5.0)
        t_stop = time.monotonic()
        _pause(esl, 1.5)
        t_end = time.monotonic()

    assert lost.get("aiframe-fallback-after-ms") == "1000"
    assert 0.5 <= t_stop - t_lost <= 2.0, f"fallback {t_stop - t_lost:.2f} s after lost"
    assert stop.get("aiframe-reason") == "controller_lost"
    assert stop.get("aiframe-generation") == str(started.generation)
    info = arena.slot_info(started.slot)
    assert info.state == SlotState.FREE or info.generation > started.generation
    with pytest.raises(SlotNotFoundError):
        arena.find(call.b_uuid)
    # the call is up, in the fallback extension, without the tap
    assert exists(esl, call.a_uuid) and exists(esl, call.b_uuid)
    assert getvar(esl, call.b_uuid, "aiframe_e2e_fallback") == "true"
    assert getvar(esl, call.b_uuid, "aiframe_active") == "false"

    mask = _heard(wav)
    during = _tone_share(mask, t_lost - t0 + MARGIN_S, t_stop - t0 - 0.1)
    after = _tone_share(mask, t_stop - t0 + MARGIN_S, t_end - t0 - 0.2)
    assert during >= 0.8, f"the lost audio covered only {during:.0%} before the fallback"
    assert after == 0.0, f"the lost audio went on in the fallback extension ({after:.0%})"


def test_without_a_fallback_extension_the_call_stays_and_one_warning_is_logged(
    sw: TestSwitch, esl: SyncEsl, arena: Arena
) -> None:
    silent = replace(BASE, controller_lost_audio="", fallback_extension="")
    sw.reconfigure(replace(silent, controller_lost_timeout_ms=500))
    offset = sw.log_size()
    call = originate_loopback(esl, "ai")
    started = wait_start(esl, call.b_uuid)
    lost = _wait(esl, "aiframe::controller_lost", call.b_uuid, 3.0)
    assert lost.get("aiframe-caller-hears") == "silence"
    assert "aiframe-lost-audio" not in lost.headers
    _pause(esl, 2.0)  # many ticks past the fallback time

    _no_stop(esl, call.b_uuid)
    assert arena.find(call.b_uuid) == (started.slot, started.generation)
    assert exists(esl, call.b_uuid)
    assert getvar(esl, call.b_uuid, "aiframe_e2e_fallback") is None
    log = sw.log_since(offset)
    warnings = [ln for ln in log.splitlines() if "fallback-extension is empty" in ln]
    assert len(warnings) == 1, warnings
    assert call.b_uuid in warnings[0]
    assert sum("the caller hears silence" in ln for ln in log.splitlines()) == 1


def test_a_bridged_call_keeps_its_other_party(sw: TestSwitch, esl: SyncEsl, arena: Arena) -> None:
    """Agent assist: the caller is talking to someone, so no lost audio over them
    and no fallback; only the events."""
    sw.reconfigure(replace(BASE, controller_lost_timeout_ms=500))
    call = originate_loopback(esl, "assist", variables={"RECORD_READ_ONLY": "true"})
    started = wait_start(esl, call.b_uuid)
    with recording(esl, call.a_uuid, sw.recordings / "lost-bridged.wav") as wav:
        lost = _wait(esl, "aiframe::controller_lost", call.b_uuid, 3.0)
        _pause(esl, 2.0)
    assert lost.get("aiframe-caller-hears") == "bridged"
    assert "aiframe-lost-audio" not in lost.headers
    _no_stop(esl, call.b_uuid)
    assert arena.find(call.b_uuid) == (started.slot, started.generation)
    assert getvar(esl, call.b_uuid, "aiframe_e2e_fallback") is None
    rate, chans = read_wav(wav)
    assert not tone_mask(chans[0], rate, TONE_HZ, window_ms=WINDOW_MS).any()
    far = tone_mask(chans[0], rate, 400, window_ms=WINDOW_MS)
    assert far.mean() > 0.5, "the bridged party was not heard"
