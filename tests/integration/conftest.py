# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import time
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
import numpy as np
import pytest

from aiframe.config import Settings, load_settings
from aiframe.lab.fakes.switch import FakeSwitch
from aiframe.media.arena import PCM, Arena, SwitchLeg
from aiframe.media.host import EmbeddedHost
from aiframe.runtime.controller import Controller
from aiframe.runtime.handler import Call, CallInfo, ListenHandler
from aiframe.runtime.handoff import HandoffOutcome
from aiframe.runtime.listening import Listening
from aiframe.runtime.messages import CallMessage


def _wait_until(pred: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or pred}")
        gevent.sleep(0.005)


@pytest.fixture(scope="session")
def short_switch_soak() -> Any:
    """A FreeSWITCH soak the tests can afford: two lanes for 40 s of a two-line caller,
    judged generously on memory (40 s cannot measure growth per hour)."""
    from aiframe.lab.soak.fs_driver import SwitchSoakParams

    return SwitchSoakParams(
        seconds=40,
        calls=2,
        warmup_s=0,
        max_growth_mb_h=100000,
        lines=["Hi, I'm calling about my order.", "Thanks, bye."],
        pause_s=5,
        settle_s=20,
    )


@pytest.fixture
def wait_until() -> Callable[..., None]:
    return _wait_until


@pytest.fixture
def switch() -> Iterator[FakeSwitch]:
    with FakeSwitch() as sw:
        yield sw


@pytest.fixture
def big_arena(arena_path: Path) -> Iterator[Arena]:
    with Arena.create(arena_path, slots=8, max_rate=16000) as a:
        yield a


def settings_for(sw: FakeSwitch, arena_path: Path, **over: Any) -> Settings:
    esl = {
        "port": sw.port,
        "password": sw.password,
        "reconnect_min_s": 0.02,
        "reconnect_max_s": 0.2,
        "connect_timeout_s": 2.0,
        "command_timeout_s": 2.0,
    }
    esl.update(over.pop("esl", {}))
    return load_settings(None, esl=esl, media={"arena_path": str(arena_path)}, **over)


@pytest.fixture
def make_settings(switch: FakeSwitch, arena_path: Path) -> Callable[..., Settings]:
    return lambda **over: settings_for(switch, arena_path, **over)


@dataclass
class Probe(ListenHandler):
    """ListenHandler (status text in the slot) that also records what it saw."""

    info: CallInfo | None = None
    messages: list[CallMessage] = field(default_factory=list)
    samples_seen: int = 0
    ended: list[str] = field(default_factory=list)
    handoffs: list[HandoffOutcome] = field(default_factory=list)
    react: Callable[[Call, CallMessage], None] | None = None

    def __post_init__(self) -> None:
        ListenHandler.__init__(self)

    def listening(self, info: CallInfo) -> Listening | None:
        return None  # the raw frames, through on_audio, to count them

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        self.samples_seen += len(pcm)

    def on_message(self, call: Call, msg: CallMessage) -> None:
        self.messages.append(msg)
        if self.react is not None:
            self.react(call, msg)
        super().on_message(call, msg)

    def on_end(self, call: Call, reason: str) -> None:
        self.ended.append(reason)

    def on_handoff_outcome(self, outcome: HandoffOutcome) -> None:
        self.handoffs.append(outcome)


@dataclass
class Running:
    controller: Controller
    greenlet: gevent.Greenlet
    probes: dict[str, Probe]

    def probe(self, uuid: str) -> Probe:
        _wait_until(lambda: uuid in self.probes, what=f"an actor for {uuid}")
        return self.probes[uuid]


@pytest.fixture
def place_call(switch: FakeSwitch, big_arena: Arena) -> Iterator[Callable[..., Placed]]:
    """Start an embedded-host leg and announce it as mod_aiframe would.

    Torn down before the arena, so no host thread outlives the mapping.
    """
    hosts: list[EmbeddedHost] = []

    def place(
        seconds: float = 4.0,
        uuid: str | None = None,
        *,
        announce: bool = True,
        channel_vars: dict[str, str] | None = None,
        **start: Any,
    ) -> Placed:
        u = uuid or str(uuidlib.uuid4())
        if u not in switch.channels:
            switch.add_channel(u, **(channel_vars or {}))
        host = EmbeddedHost(big_arena, u, voice(seconds), rate=RATE, tail_ms=200)
        hosts.append(host)
        leg = host.start()
        if announce:
            switch.emit_start(u, leg.index, leg.generation, **start)
        return Placed(u, host, leg)

    yield place
    for h in hosts:
        h.stop()
    for h in hosts:
        h.join(2.0)


@dataclass
class Placed:
    uuid: str
    host: EmbeddedHost
    leg: SwitchLeg

    def end(self) -> None:
        self.host.stop()
        self.host.join(2.0)


RATE = 16000


def voice(seconds: float) -> PCM:
    t = np.arange(int(seconds * RATE))
    out: PCM = (3000 * np.sin(2 * np.pi * 180 * t / RATE)).astype(np.int16)
    return out


@pytest.fixture
def run_controller(big_arena: Arena) -> Iterator[Callable[..., Running]]:
    """Runs controllers in greenlets; stops them before the arena is unmapped."""
    started: list[Running] = []

    def start(
        settings: Settings,
        react: Callable[[Call, CallMessage], None] | None = None,
        wait: bool = True,
        **kw: Any,
    ) -> Running:
        probes: dict[str, Probe] = {}

        def factory(info: CallInfo) -> Probe:
            p = Probe(info=info, react=react)
            probes[info.uuid] = p
            return p

        c = Controller(settings, handler_factory=factory, **kw)
        g = gevent.spawn(c.run)
        r = Running(c, g, probes)
        started.append(r)
        if wait:
            _wait_until(lambda: c.ready.is_set() or g.dead, what="the controller to be ready")
            if g.dead:
                g.get()  # raise why it stopped
        return r

    yield start
    for r in started:
        r.controller.stop()
        r.greenlet.join(timeout=5)
        assert r.greenlet.dead, "controller did not stop"
