# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What a call's behaviour plugs into: the ``Call`` an actor hands its handler,
and the ``CallHandler`` hooks the actor calls, always from its own greenlet.

A handler never runs concurrently with itself for one call, so it may keep
plain attributes as call state. It must not block: speech engines, the brain and
its tools run their work in thread pools and post their results back as messages
of the handler's own (a subclass of ``CallMessage``); call control returns at once
and reports through ``ControlResult``. ``Call.deliver`` queues a message for the call from the hub
(a worker thread hands its result to the hub first; see aiframe.runtime.hubseam).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, cast

from aiframe.errors import ConfigError
from aiframe.media.arena import PCM
from aiframe.media.callaudio import CallAudio
from aiframe.runtime.lifecycle import CallPhase
from aiframe.runtime.listening import Listening
from aiframe.runtime.messages import BargeIn, CallMessage, Dtmf, TimerFired

_SHOW = "aiframe.listen_status"


@dataclass(frozen=True, slots=True)
class CallInfo:
    """What the switch told us about a call when it was attached."""

    uuid: str
    slot: int
    generation: int
    rate: int
    conversation_id: str
    caller_id: str = ""
    args: dict[str, str] = field(default_factory=dict)
    reattached: bool = False  # found live on start-up or re-sync, not via aiframe::start


class Call(Protocol):
    """A handler's view of its call. Every method runs in the actor's greenlet."""

    @property
    def info(self) -> CallInfo: ...
    @property
    def state(self) -> CallPhase: ...
    def enter(self, state: CallPhase, why: str) -> None: ...
    def say(self, pcm: PCM, mark_id: int | None = None) -> int: ...
    def stop_speaking(self) -> None: ...
    def confirm_barge_in(self) -> None: ...
    def resume_speaking(self) -> None: ...
    def set_status(self, text: str) -> None: ...
    def start_timer(self, name: str, seconds: float) -> int: ...
    def cancel_timer(self, token: int) -> None: ...
    def transfer(self, destination: str) -> int: ...
    def bridge(self, other_uuid: str) -> int: ...
    def hangup(self, cause: str = "NORMAL_CLEARING") -> int: ...
    def send_dtmf(self, digits: str) -> int: ...
    def playback(self, path: str) -> int: ...
    def set_var(self, name: str, value: str) -> int: ...
    def publish(self, subclass: str, headers: dict[str, str]) -> int: ...
    def get_var(self, name: str) -> int: ...
    def record(self, path: str, *, stop: bool = False) -> int: ...
    def deliver(self, msg: CallMessage) -> bool: ...


class CallHandler(Protocol):
    """The behaviour of one call."""

    def on_start(self, call: Call) -> None: ...
    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None: ...
    def on_message(self, call: Call, msg: CallMessage) -> None: ...
    def on_end(self, call: Call, reason: str) -> None: ...


HandlerFactory = Callable[[CallInfo], CallHandler]


def listening_of(handler: CallHandler, info: CallInfo) -> Listening | None:
    """What the media lane should do with this call's caller audio.

    A handler that listens defines ``listening(info) -> Listening``: the lane then
    keeps the call's audio log, runs its VAD and watches its energy, and the handler
    gets edges (``VoiceActivity``, ``EarlyPause``, ``LoudAgain``) as messages, never
    ``on_audio``. A handler without it takes the raw frames through ``on_audio``.
    """
    hook = getattr(handler, "listening", None)
    return hook(info) if callable(hook) else None


class BaseHandler:
    """Does nothing but confirm barge-ins; subclass what you need."""

    def on_start(self, call: Call) -> None:
        return None

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        return None

    def on_message(self, call: Call, msg: CallMessage) -> None:
        if isinstance(msg, BargeIn):
            call.confirm_barge_in()

    def on_end(self, call: Call, reason: str) -> None:
        return None


class ListenHandler(BaseHandler):
    """The behaviour ``aiframe run`` uses until a conversation loop is configured:
    it listens (the media lane logs the audio; no VAD), and shows how much it heard
    in the slot's status text, once a second."""

    def __init__(self) -> None:
        self.digits = ""
        self.audio: CallAudio | None = None

    def listening(self, info: CallInfo) -> Listening | None:
        self.audio = CallAudio(info.rate, keep_s=1.0)
        return Listening(self.audio)

    def on_start(self, call: Call) -> None:
        call.enter(CallPhase.LISTENING, "attached, nothing to say")
        self._show(call)
        call.start_timer(_SHOW, 1.0)

    def on_message(self, call: Call, msg: CallMessage) -> None:
        if isinstance(msg, Dtmf):
            self.digits = (self.digits + msg.digit)[-16:]
            self._show(call)
        elif isinstance(msg, TimerFired) and msg.name == _SHOW:
            self._show(call)
            call.start_timer(_SHOW, 1.0)
        super().on_message(call, msg)

    @property
    def samples(self) -> int:
        """Caller audio heard so far."""
        return self.audio.position if self.audio is not None else 0

    def _show(self, call: Call) -> None:
        heard = self.samples / call.info.rate
        text = f"{call.state} conv={call.info.conversation_id} heard={heard:.0f}s"
        if self.digits:
            text += f" dtmf={self.digits}"
        call.set_status(text)


# controller.handler's two shipped values: the default only listens; the conversation
# runs the configured agent (aiframe.conversation.service).
LISTEN_ONLY = "aiframe.runtime.handler:listen_handler"
CONVERSATION = "aiframe.conversation.service:conversation_handler"


def listen_handler(info: CallInfo) -> CallHandler:
    return ListenHandler()


def load_factory(spec: str) -> HandlerFactory:
    """The handler factory named ``module:attribute`` (``controller.handler``)."""
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise ConfigError(
            f"controller.handler {spec!r}: cannot import {module_name}: {e}"
        ) from None
    factory = getattr(module, attr, None)
    if not callable(factory):
        raise ConfigError(f"controller.handler {spec!r}: {module_name} has no callable {attr}")
    return cast(HandlerFactory, factory)


__all__ = [
    "CONVERSATION",
    "LISTEN_ONLY",
    "BaseHandler",
    "Call",
    "CallHandler",
    "CallInfo",
    "HandlerFactory",
    "ListenHandler",
    "listen_handler",
    "listening_of",
    "load_factory",
]
