# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The demo call over a real FreeSWITCH loopback call, both legs in one `aiframe run`.

The B leg (the ``ai`` extension, ``agent=e2e``) gets the conversation loop with the
Acme agent. The A leg attaches mod_aiframe too (barge-in off) and gets the scripted
caller: what the A leg hears is the agent, what it says goes to the B leg through the
switch. Each side writes what it recorded into ``$AIFRAME_E2E_OUT`` when its call ends.
Everything heavy (models, the caller's voice) is loaded when the controller imports
this module, before any call.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.brain.service import AgentService
from aiframe.config import load_settings
from aiframe.conversation.handler import ConversationHandler
from aiframe.conversation.service import ConversationService
from aiframe.conversation.speech import EngineSpeech
from aiframe.demo.caller import ScriptedCaller, StepLog
from aiframe.demo.script import DEFAULT_SCRIPT, load_script
from aiframe.demo.tempt import TemptedBrain
from aiframe.demo.voice import CallerVoice, cough, noise_burst
from aiframe.media.arena import PCM
from aiframe.runtime.handler import BaseHandler, Call, CallHandler, CallInfo
from aiframe.runtime.listening import Listening
from aiframe.runtime.messages import CallMessage
from aiframe.speech.engines import SpeechEngines

OUT = Path(os.environ.get("AIFRAME_E2E_OUT", "/tmp/aiframe-e2e-conversation"))
SCRIPT = load_script(os.environ.get("AIFRAME_E2E_SCRIPT") or DEFAULT_SCRIPT)
RATE = 16000
FRAME = RATE // 50

_settings = load_settings()
_engines = SpeechEngines(_settings.speech)
_speech = EngineSpeech(_engines, _settings.conversation.endpoint)
_speech.load()
_brain = _settings.brain.model_copy(update={"agent": SCRIPT.agent, "data_dir": OUT / "data"})
_today = SCRIPT.today
_agents = AgentService(_brain, today=lambda: _today) if _today is not None else AgentService(_brain)
_tempted = TemptedBrain(_agents.brain)
_agents.brain = _tempted
_service = ConversationService(
    _agents, _speech, settings=_settings.conversation, audit=lambda info: None
)
_service.warm((RATE,))
_clips = CallerVoice(_engines.tts.voice_dir, SCRIPT.voice, RATE).lines(SCRIPT.steps)
_sounds = {"cough": cough(RATE), "noise": noise_burst(0.4, RATE, 11)}


class AgentSide:
    """The conversation loop, writing its record when the call ends."""

    def __init__(self, inner: ConversationHandler) -> None:
        self.inner = inner

    def listening(self, info: CallInfo) -> Listening:
        return self.inner.listening(info)

    def on_start(self, call: Call) -> None:
        self.inner.on_start(call)

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        self.inner.on_audio(call, pcm, at_ns)

    def on_message(self, call: Call, msg: CallMessage) -> None:
        self.inner.on_message(call, msg)

    def on_end(self, call: Call, reason: str) -> None:
        self.inner.on_end(call, reason)
        h = self.inner
        state = h.conv.state
        data: dict[str, Any] = {
            "record": h.record.to_json(),
            "decisions": h.audit.to_json() if h.audit is not None else [],
            "state": {
                "status": state.status,
                "step": state.step,
                "facts": dict(state.facts),
                "disclosures_played": sorted(state.disclosures_played),
            },
            "tempted": list(_tempted.tempted),
        }
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "agent.json").write_text(json.dumps(data, indent=2, default=str))


class CallerSide(BaseHandler):
    """The scripted caller on the A leg: hears the agent, speaks through the switch."""

    def __init__(self) -> None:
        self.k = 0
        self.rest = np.zeros(0, dtype=np.int16)
        self.heard: list[PCM] = []
        self.caller: ScriptedCaller | None = None
        self.call: Call | None = None

    def on_start(self, call: Call) -> None:
        self.call = call
        self.caller = ScriptedCaller(SCRIPT, _clips, _sounds, rate=RATE, on_event=self._event)

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        x = np.concatenate([self.rest, pcm])
        n = len(x) // FRAME
        assert self.caller is not None
        for i in range(n):
            frame = x[i * FRAME : (i + 1) * FRAME]
            self.heard.append(frame.copy())
            if not self.caller.done:
                self.caller.frame(self.k, frame)  # its audio is said whole, at the step
            self.k += 1
        self.rest = x[n * FRAME :]

    def _event(self, kind: str, value: object) -> None:
        call = self.call
        assert call is not None
        if kind == "step" and isinstance(value, StepLog):
            step = value.step
            if step.tempt:
                _tempted.tempt(step.tempt)
            if step.say is not None:
                call.say(_clips[step.say])
            elif step.sound is not None:
                call.say(_sounds[step.sound])
        elif kind == "dtmf":
            call.send_dtmf(str(value))
        elif kind == "hangup":
            call.hangup()

    def on_end(self, call: Call, reason: str) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        steps = [s.to_json(20) for s in self.caller.log] if self.caller else []
        data = {
            "reason": reason,
            "steps": steps,
            "error": self.caller.error if self.caller else "never started",
        }
        (OUT / "caller.json").write_text(json.dumps(data, indent=2))


def demo_call(info: CallInfo) -> CallHandler:
    """``controller.handler``: the agent on the ``ai`` leg, the caller on the other."""
    if info.args.get("agent") == "e2e":
        return AgentSide(_service.handler(info))
    return CallerSide()
