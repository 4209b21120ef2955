# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe soak`` on the embedded host: K lanes of whole calls, back to back.

Each lane plays the caller script against the agent, waits for the call to end, and
starts the next at once, so calls start and end all the time. The pieces are the
production ones, shared by every call as a controller shares them: one arena (the
module's part, played by :class:`~aiframe.demo.host.LiveHost` per call), one media
pump thread, one owner actor per call with the conversation loop, one conversation
service with its speech engines, brain pool and SQLite store. Only the switch's API is
a stand-in (:class:`~aiframe.demo.switch.EmbeddedSwitch`).

The run has three phases:

1. **warm-up round**: one call per lane, all at once; thread pools and caches grow to
   their size here, so that what follows measures growth, not start-up;
2. **baseline**: idle (no call live), every resource recorded;
3. **soak window**: the lanes run calls until ``seconds`` have passed (a call in
   flight then is finished, never cut), then everything is recorded again once idle.

A sampler greenlet records every ``sample_s`` (default 1 s) the process's RSS, open
fds and threads, the arena's active slots, ``/dev/shm/aiframe*`` entries and the sum
of every call's ring counters (:mod:`aiframe.lab.soak.probe`). :mod:`aiframe.lab.soak.report`
judges the samples.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import tempfile
import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
from pydantic import Field

from aiframe.brain.service import AgentService
from aiframe.config import Settings
from aiframe.conversation.service import ConversationService
from aiframe.conversation.speech import SpeechPort
from aiframe.demo.caller import ScriptedCaller
from aiframe.demo.host import LiveHost
from aiframe.demo.leg import embedded_actor, play_until_hangup
from aiframe.demo.script import DEFAULT_SCRIPT, CallerScript, load_script
from aiframe.demo.switch import EmbeddedSwitch
from aiframe.demo.voice import cough, noise_burst
from aiframe.errors import MediaError
from aiframe.lab.soak import probe
from aiframe.lab.soak.probe import RING_KINDS, Sample
from aiframe.lab.soak.window import PhasedSoak, WindowParams
from aiframe.logs import get_logger
from aiframe.media.arena import PCM, Arena, SlotState
from aiframe.media.host import BargeInConfig
from aiframe.runtime.actor import CallActor
from aiframe.runtime.handler import CallInfo
from aiframe.runtime.hubseam import HubSeam
from aiframe.runtime.messages import CallMessage
from aiframe.runtime.pump import MediaPump
from aiframe.store.store import Store

__all__ = ["SHORT_SCRIPT", "CallResult", "SoakParams", "SoakRun", "run_soak"]

log = get_logger("soak")

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter

RATE = 16000
SHORT_SCRIPT = Path(__file__).with_name("short-call.yaml")


class SoakParams(WindowParams):
    """One soak run on the embedded host (the CLI's options)."""

    cheap: bool = Field(default=False, description="model-free speech engines")
    script: Path | None = Field(
        default=None, description="caller script (default: the demo call; --cheap: a short one)"
    )
    store: bool = Field(default=True, description="record the calls in a SQLite store")


@dataclass(slots=True)
class CallResult:
    lane: int
    number: int  # the lane's n-th call
    uuid: str
    phase: str  # "warm-up" or "soak"
    start_s: float
    wall_s: float = 0.0
    turns: int = 0
    final_status: str = ""
    hangup_cause: str | None = None  # the controller hung the call up (uuid_kill) with this
    first_reply_gap_ms: float | None = None  # the caller's first turn to its first AI audio
    host_frames: int = 0
    late_frames: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _soak_script(params: SoakParams) -> CallerScript:
    """The caller script with its ``tempt`` steps removed: a tempt is queued on a brain
    shared by every lane, and would land on another lane's call."""
    path = params.script or (SHORT_SCRIPT if params.cheap else DEFAULT_SCRIPT)
    script = load_script(path)
    steps = [s.model_copy(update={"tempt": None}) for s in script.steps]
    return script.model_copy(update={"steps": steps})


class SoakRun(PhasedSoak[Sample]):
    """Set up with ``open()``, ``run()`` once, always ``close()``."""

    params: SoakParams
    results: list[CallResult]

    def __init__(self, settings: Settings, params: SoakParams, out_dir: Path) -> None:
        super().__init__(params)
        self.settings = settings
        self.out_dir = out_dir
        self.script = _soak_script(params)
        self.results: list[CallResult] = []
        self.fd_targets: dict[str, list[str]] = {}
        self.thread_names: dict[str, list[str]] = {}
        self._live: dict[str, int] = {}  # uuid -> slot index
        self._done = 0
        self._ended_rings = dict.fromkeys(RING_KINDS, 0)
        self._closers: list[Any] = []
        self._tmp = tempfile.TemporaryDirectory(prefix="aiframe-soak-")
        self.arena: Arena | None = None
        self.arena_path = Path("/dev/shm") / f"aiframe-soak-{os.getpid()}.arena"
        self.pump: MediaPump | None = None
        self.bridge: HubSeam | None = None
        self.service: ConversationService | None = None
        self.speech: SpeechPort | None = None
        self.clips: dict[str, PCM] = {}
        self.sounds = {"cough": cough(RATE), "noise": noise_burst(0.4, RATE, 11)}

    # ---- set-up and tear-down ---------------------------------------------------------

    def open(self) -> None:
        sys.setswitchinterval(0.001)  # as `aiframe run`: the pump never waits 5 ms for the GIL
        _pin_mmap_threshold()
        s = self.settings
        if self.params.cheap:
            from aiframe.lab.fakes.cheap_speech import CheapSpeech, cheap_clips

            cheap = CheapSpeech(self.script)
            self._closers.append(cheap.close)
            self.speech = cheap
            self.clips = cheap_clips(self.script, RATE)
        else:
            from aiframe.demo.run import DemoRuntime

            runtime = DemoRuntime(s)
            self._closers.append(runtime.close)
            runtime.load()
            self.speech = runtime.speech
            self.clips = runtime.clips(self.script)
        store = None
        if self.params.store:
            db = (self.out_dir / "soak.db").resolve()
            db.unlink(missing_ok=True)
            store = Store.open(s.store.model_copy(update={"url": f"sqlite:///{db}"}))
        brain = s.brain.model_copy(
            update={"agent": self.script.agent, "data_dir": Path(self._tmp.name) / "data"}
        )
        today = self.script.today
        agents = (
            AgentService(brain, today=lambda: today) if today is not None else AgentService(brain)
        )
        self.service = ConversationService(
            agents,
            self.speech,
            settings=s.conversation,
            audit=lambda info: None,
            brain_workers=max(2, self.params.calls),
            store=store,  # closed by the service
        )
        self.service.warm((RATE,))
        # Twice the lanes: the core reuses a released slot last, so a call's final
        # counters can still be read after its leg let go of the slot.
        self.arena = Arena.create(self.arena_path, slots=2 * self.params.calls, max_rate=RATE)
        self.pump = MediaPump.configured(self.arena, s.media, s.controller)
        self.pump.start()
        self.bridge = HubSeam()

    def close(self) -> None:
        if self.pump is not None:
            self.pump.stop()
        if self.bridge is not None:
            self.bridge.close()
        if self.service is not None:
            self.service.close()
        for c in reversed(self._closers):
            c()
        if self.arena is not None:
            self.arena.close()
        self.arena_path.unlink(missing_ok=True)
        self._tmp.cleanup()

    # ---- the run ------------------------------------------------------------------------

    def run(self) -> None:
        sampler = gevent.spawn(self._sample_loop)
        try:
            self._phases()
        finally:
            sampler.kill()

    def _lanes(self, body: Callable[[int], None]) -> None:
        gevent.joinall(
            [gevent.spawn(body, lane) for lane in range(self.params.calls)], raise_error=True
        )

    def _sleep(self, seconds: float) -> None:
        gevent.sleep(seconds)

    def _names(self, when: str) -> None:
        self.fd_targets[when] = probe.fd_targets()
        self.thread_names[when] = probe.thread_names()

    def _settle(self, baseline: Sample | None) -> Sample:
        """An idle sample: once fds, threads, slots and our /dev/shm entries are back
        at ``baseline`` (or after ``settle_s``). Pools and the store writer finish their
        last work asynchronously, so the first idle moment is not yet the idle state."""
        deadline = self.now() + max(self.params.settle_s, 1.0)
        while True:
            gevent.sleep(1.0)
            s = self._sample()
            if self.now() >= deadline or (
                baseline is not None
                and s.fds <= baseline.fds
                and s.threads <= baseline.threads
                and s.slots_active == baseline.slots_active
                and s.shm_ours == baseline.shm_ours
            ):
                return s

    def _one_call(self, lane: int, number: int, phase: str) -> None:
        res = CallResult(lane, number, str(uuidlib.uuid4()), phase, round(self.now(), 2))
        self.results.append(res)
        t0 = time.monotonic()
        try:
            self._play(res)
        except Exception as e:  # a broken call is a finding, not the end of the soak
            log.error("soak call failed", uuid=res.uuid, exc_info=e)
            res.errors.append(f"{type(e).__name__}: {e}")
        res.wall_s = round(time.monotonic() - t0, 2)
        self._done += 1
        # A call's object graph is cyclic (actor, handler, host, switch: a few thousand
        # objects, with the host's recording) and waits for the cycle collector's next
        # full pass, which comes when allocations say so, not when memory does. Collect
        # now, so the RSS line shows what the process keeps, not when the collector last
        # ran; a leak is memory still reachable, which no collection gives back.
        gc.collect()
        if res.errors:
            log.warning("soak call had errors", uuid=res.uuid, errors=res.errors)

    def _play(self, res: CallResult) -> None:
        arena, pump, bridge, service = self.arena, self.pump, self.bridge, self.service
        assert arena is not None and pump is not None and bridge is not None
        assert service is not None
        conv = self.settings.conversation
        uuid = res.uuid
        actor_ref: list[CallActor] = []

        def deliver(msg: CallMessage) -> bool:
            return actor_ref[0].deliver(msg) if actor_ref else False

        def on_event(kind: str, value: object) -> None:  # the host's thread
            switch.caller_event(kind, value)

        caller = ScriptedCaller(self.script, self.clips, self.sounds, rate=RATE, on_event=on_event)
        host = LiveHost(arena, uuid, caller, rate=RATE, barge_in=BargeInConfig(1000, 40))
        switch = EmbeddedSwitch(host, bridge, deliver)
        leg = host.start()
        self._live[uuid] = leg.index
        try:
            att = arena.attach(leg.index, uuid, leg.generation)
            info = CallInfo(uuid, leg.index, leg.generation, RATE, f"soak-{uuid[:8]}")
            handler = service.handler(info)
            actor = embedded_actor(
                info,
                handler,
                attachment=att,
                pump=pump,
                switch=switch,
                conv=conv,
                downlink_lead_ms=self.settings.controller.downlink_lead_ms,
            )
            actor_ref.append(actor)
            if not play_until_hangup(host, actor, pump):
                res.errors.append("the actor did not end within 5 s of the hang-up")
        finally:
            host.stop()
            self._live.pop(uuid, None)
            res.counters = self._final_counters(arena, leg.index, uuid, leg.generation)
            for k in RING_KINDS:
                self._ended_rings[k] += res.counters.get(k, 0)
        if caller.error:
            res.errors.append(f"caller: {caller.error}")
        if actor.error is not None:
            res.errors.append(f"the call failed: {type(actor.error).__name__}: {actor.error}")
        if host.dropped_frames:
            res.errors.append(f"{host.dropped_frames} caller frames dropped at the switch")
        res.turns = len(handler.record.turns)
        res.hangup_cause = switch.hung_up
        gaps = [
            (t.first_played_ns - t.caller_end_ns) / 1e6
            for t in handler.record.turns
            if t.input == "speech" and t.first_played_ns and t.caller_end_ns
        ]
        res.first_reply_gap_ms = round(gaps[0], 1) if gaps else None
        res.final_status = str(handler.conv.state.status)
        res.host_frames = host.frames
        res.late_frames = host.late_frames

    @staticmethod
    def _final_counters(arena: Arena, index: int, uuid: str, generation: int) -> dict[str, int]:
        """The call's ring counters as its slot was released: the core bumps the
        generation on release and resets the counters only at the next claim."""
        try:
            s = arena.slot_info(index)
        except MediaError:
            return {}
        if s.uuid != uuid or s.generation not in (generation, generation + 1):
            return {}  # reused already (cannot happen with the spare slots)
        return {k: int(getattr(s.counters, k)) for k in RING_KINDS}

    # ---- sampling ---------------------------------------------------------------------

    def _sample(self) -> Sample:
        assert self.arena is not None
        rss, threads = probe.process_status()
        shm_all, shm_ours = probe.shm_entries()
        rings = dict(self._ended_rings)
        active = 0
        for i in range(self.arena.slot_count):
            s = self.arena.slot_info(i)
            if s.state == SlotState.ACTIVE:
                active += 1
            # A live call's slot, still active or just released by its leg (the
            # counters stay until the next claim) and not yet added to the ended sum.
            if self._live.get(s.uuid) == i:
                for k in RING_KINDS:
                    rings[k] += int(getattr(s.counters, k))
        sample = Sample(
            t_s=round(self.now(), 2),
            rss_kb=rss,
            fds=probe.fds(),
            threads=threads,
            slots_active=active,
            shm_entries=shm_all,
            shm_ours=shm_ours,
            uplink_drops=rings["uplink_drops"],
            downlink_underruns=rings["downlink_underruns"],
            downlink_overruns=rings["downlink_overruns"],
            calls_live=len(self._live),
            calls_done=self._done,
        )
        self.samples.append(sample)
        return sample

    def _sample_loop(self) -> None:
        period = self.params.sample_s
        k = 0
        t0 = self.now()
        while True:
            k += 1
            # An absolute schedule: a slow sample does not shift every later one.
            gevent.sleep(max(0.0, t0 + k * period - self.now()))
            self._sample()


def _pin_mmap_threshold() -> None:
    """Keep glibc's mmap threshold at its default, 128 KiB.

    The switch's stand-in (:class:`LiveHost`, no part of a controller) records each
    call in two 19 MB buffers. Freeing an mmap'd block that big makes glibc raise its
    threshold to that size, so the next call's buffers come from the heap, where they
    fragment it and RSS grows by a buffer every few calls though nothing is kept.
    Setting the threshold explicitly turns that adjustment off: big blocks stay mmap'd
    and go back to the system when freed."""
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return  # not glibc: no dynamic threshold either
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


def run_soak(settings: Settings, params: SoakParams, out_dir: Path) -> SoakRun:
    """Run a whole soak; the returned run holds the samples and call results."""
    out_dir.mkdir(parents=True, exist_ok=True)
    soak = SoakRun(settings, params, out_dir)
    try:
        soak.open()
        soak.run()
    finally:
        soak.close()
    return soak
