# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One whole demo call: a scripted caller and the agent, through the real media core and
the real runtime, in real time, with no FreeSWITCH.

The pieces are the production ones: the C core's slot and rings (driven from the switch
side by :class:`~aiframe.demo.host.LiveHost`, as mod_aiframe's media bug would), the
media pump thread, the call's owner actor with its speaker, and the conversation
handler with the speech engines, the brain, the policy gate and the tools. Only the
switch's API is a stand-in (:class:`~aiframe.demo.switch.EmbeddedSwitch`).

:class:`DemoRuntime` loads the engines once (the benchmark runs many calls on it);
:meth:`DemoRuntime.call` plays one script and returns a :class:`DemoCall`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid as uuidlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent

from aiframe.brain.service import AgentService
from aiframe.config import Settings
from aiframe.conversation.audit import CallAudit
from aiframe.conversation.handler import ConversationHandler
from aiframe.conversation.record import CallRecord
from aiframe.conversation.service import ConversationService
from aiframe.conversation.settings import ConversationSettings
from aiframe.conversation.speech import EngineSpeech, SpeechPort
from aiframe.demo.caller import ScriptedCaller, StepLog
from aiframe.demo.host import LiveHost
from aiframe.demo.leg import embedded_actor, play_until_hangup
from aiframe.demo.script import CallerScript
from aiframe.demo.switch import EmbeddedSwitch, SwitchCommand
from aiframe.demo.tempt import TemptedBrain
from aiframe.demo.voice import CallerVoice, cough, noise_burst
from aiframe.logs import get_logger
from aiframe.media.arena import PCM, Arena
from aiframe.media.host import BargeInConfig
from aiframe.runtime.actor import CallActor
from aiframe.runtime.handler import CallInfo
from aiframe.runtime.hubseam import HubSeam
from aiframe.runtime.pump import MediaPump
from aiframe.speech.engines import SpeechEngines
from aiframe.store.store import Store

__all__ = ["DemoCall", "DemoRuntime", "play"]

log = get_logger("demo")

RATE = 16000


@dataclass
class DemoCall:
    """Everything one demo call produced."""

    script: CallerScript
    settings: ConversationSettings
    caller: PCM
    ai: PCM
    rate: int
    frame_ns: list[int]
    steps: list[StepLog]
    record: CallRecord
    decisions: list[dict[str, Any]]
    commands: list[SwitchCommand]
    tempted: list[str]
    policy_version: str
    agent: str
    state: dict[str, Any]
    host: dict[str, int]
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    @property
    def t0_ns(self) -> int:
        return self.frame_ns[0] if self.frame_ns else 0

    def ms(self, ns: int | None) -> float | None:
        """A CLOCK_MONOTONIC time as ms into the recording."""
        return None if ns is None or not self.frame_ns else round((ns - self.t0_ns) / 1e6, 1)


class DemoRuntime:
    """The speech engines and the caller's voice, loaded once for any number of calls."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engines = SpeechEngines(settings.speech)
        self.speech = EngineSpeech(self.engines, settings.conversation.endpoint)
        self._voices: dict[tuple[float, float, float], CallerVoice] = {}
        self._clips: dict[tuple[float, float, float, str], PCM] = {}

    def load(self) -> None:
        """Load every model now (a few seconds), not in the middle of the call."""
        self.speech.load()

    def clips(self, script: CallerScript) -> dict[str, PCM]:
        """The caller's lines in the script's voice (synthesized once, then cached)."""
        v = script.voice
        key = (v.pitch, v.speed, v.level)
        if key not in self._voices:
            self._voices[key] = CallerVoice(self.engines.tts.voice_dir, v, RATE)
        voice = self._voices[key]
        todo = [s for s in script.steps if s.say is not None and (*key, s.say) not in self._clips]
        for text, pcm in voice.lines(todo).items():
            self._clips[(*key, text)] = pcm
        return {s.say: self._clips[(*key, s.say)] for s in script.steps if s.say is not None}

    def close(self) -> None:
        self.speech.close()
        self.engines.close()

    def call(
        self,
        script: CallerScript,
        settings: ConversationSettings | None = None,
        *,
        arena_dir: Path = Path("/dev/shm"),
        store: Store | None = None,
    ) -> DemoCall:
        """Play ``script`` against the agent; returns once the call is over."""
        return play(
            script,
            speech=self.speech,
            clips=self.clips(script),
            settings=self.settings,
            conversation=settings,
            arena_dir=arena_dir,
            store=store,
        )


def play(
    script: CallerScript,
    *,
    speech: SpeechPort,
    clips: dict[str, PCM],
    settings: Settings,
    conversation: ConversationSettings | None = None,
    arena_dir: Path = Path("/dev/shm"),
    barge_in: BargeInConfig | None = None,
    store: Store | None = None,
    conversation_id: str | None = None,
    reattached: bool = False,
) -> DemoCall:
    """One call of ``script`` (its lines already voiced in ``clips``) on ``speech``.

    With a ``store`` the call is recorded there; a ``conversation_id`` the store
    already holds is picked up where it was (``reattached``: as a restarted
    controller would, see aiframe.conversation.resume)."""
    conv = conversation or settings.conversation
    sys.setswitchinterval(0.001)  # as `aiframe run`: the pump never waits 5 ms for the GIL
    sounds = {"cough": cough(RATE), "noise": noise_burst(0.4, RATE, 11)}
    with tempfile.TemporaryDirectory(prefix="aiframe-demo-") as tmp:
        brain = settings.brain.model_copy(
            update={"agent": script.agent, "data_dir": Path(tmp) / "data"}
        )
        today = script.today
        agents = (
            AgentService(brain, today=lambda: today) if today is not None else AgentService(brain)
        )
        tempted = TemptedBrain(agents.brain)
        agents.brain = tempted
        service = ConversationService(
            agents, speech, settings=conv, audit=lambda info: None, brain_workers=2, store=store
        )
        service.warm((RATE,))
        arena_path = arena_dir / f"aiframe-demo-{os.getpid()}-{uuidlib.uuid4().hex[:8]}.arena"
        try:
            with Arena.create(arena_path, slots=2, max_rate=RATE) as arena:
                return _play(
                    script,
                    conv,
                    arena,
                    service,
                    tempted,
                    clips,
                    sounds,
                    barge_in or BargeInConfig(1000, 40),
                    settings.controller.downlink_lead_ms,
                    conversation_id,
                    reattached,
                )
        finally:
            arena_path.unlink(missing_ok=True)
            service.store = None  # the caller's to close
            service.close()


def _play(
    script: CallerScript,
    conv: ConversationSettings,
    arena: Arena,
    service: ConversationService,
    tempted: TemptedBrain,
    clips: dict[str, PCM],
    sounds: dict[str, PCM],
    barge_in: BargeInConfig,
    lead_ms: int,
    conversation_id: str | None,
    reattached: bool,
) -> DemoCall:
    uuid = str(uuidlib.uuid4())
    seam = HubSeam()
    actor_ref: list[CallActor] = []

    def deliver(msg: Any) -> bool:
        return actor_ref[0].deliver(msg) if actor_ref else False

    events: list[tuple[str, object]] = []

    def on_event(kind: str, value: object) -> None:  # the host's thread
        events.append((kind, value))
        if kind == "step" and isinstance(value, StepLog) and value.step.tempt:
            tempted.tempt(value.step.tempt)
        switch.caller_event(kind, value)

    caller = ScriptedCaller(script, clips, sounds, rate=RATE, on_event=on_event)
    # The module's detector: 40 ms over the threshold flushes (two 20 ms frames).
    host = LiveHost(arena, uuid, caller, rate=RATE, barge_in=barge_in)
    switch = EmbeddedSwitch(host, seam, deliver)
    pump = MediaPump(arena, poll_ms=20)
    pump.start()
    t_wall = gevent.get_hub().loop.now()
    try:
        leg = host.start()
        att = arena.attach(leg.index, uuid, leg.generation)
        cid = conversation_id or f"demo-{uuid[:8]}"
        info = CallInfo(uuid, leg.index, leg.generation, RATE, cid, reattached=reattached)
        handler: ConversationHandler = service.handler(info)
        actor = embedded_actor(
            info,
            handler,
            attachment=att,
            pump=pump,
            switch=switch,
            conv=conv,
            downlink_lead_ms=lead_ms,
        )
        actor_ref.append(actor)
        play_until_hangup(host, actor, pump)
    finally:
        pump.stop()
        seam.close()
    errors: list[str] = []
    if caller.error:
        errors.append(caller.error)
    if actor.error is not None:
        errors.append(f"the call failed: {type(actor.error).__name__}: {actor.error}")
    audit = handler.audit
    assert isinstance(audit, CallAudit)
    caller_pcm, ai_pcm = host.recording()
    state = handler.conv.state
    return DemoCall(
        script=script,
        settings=conv,
        caller=caller_pcm.copy(),
        ai=ai_pcm.copy(),
        rate=RATE,
        frame_ns=list(host.frame_ns),
        steps=caller.log,
        record=handler.record,
        decisions=audit.to_json(),
        commands=list(switch.commands),
        tempted=list(tempted.tempted),
        policy_version=handler.conv.policy_version,
        agent=handler.conv.agent.name,
        state={
            "step": state.step,
            "status": state.status,
            "turn": state.turn,
            "facts": dict(state.facts),
            "slots": dict(state.slots),
            "disclosures_played": sorted(state.disclosures_played),
        },
        host={
            "frames": host.frames,
            "late_frames": host.late_frames,
            "uplink_drops": host.dropped_frames,
            "detached_at_ms": host.detached_at * host.frame_ms if host.detached_at >= 0 else -1,
            "hung_up_at_ms": host.hung_up_at * host.frame_ms if host.hung_up_at >= 0 else -1,
        },
        errors=errors,
        wall_s=round(gevent.get_hub().loop.now() - t_wall, 1),
    )
