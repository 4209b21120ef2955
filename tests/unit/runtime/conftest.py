# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import gevent
import pytest

from aiframe.media.arena import PCM
from aiframe.runtime.handler import BaseHandler, Call, CallInfo
from aiframe.runtime.messages import CallMessage


class RecordingCommands:
    """The call-control port, answering like FreeSWITCH's API would."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.replies: dict[str, str] = {}  # command verb -> reply text
        self.delay_s: dict[str, float] = {}

    def bgapi(self, command: str, timeout: float) -> str:
        self.sent.append(command)
        verb = command.split(" ", 1)[0]
        if verb in self.delay_s:
            gevent.sleep(self.delay_s[verb])
        return self.replies.get(verb, "+OK\n")


@dataclass
class RecordingHandler(BaseHandler):
    """Records every hook call; ``react`` lets a test act on a message."""

    started: int = 0
    audio: list[PCM] = field(default_factory=list)
    messages: list[CallMessage] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    react: Callable[[Call, CallMessage], None] | None = None
    on_start_do: Callable[[Call], None] | None = None

    def on_start(self, call: Call) -> None:
        self.started += 1
        if self.on_start_do is not None:
            self.on_start_do(call)

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        self.audio.append(pcm)

    def on_message(self, call: Call, msg: CallMessage) -> None:
        self.messages.append(msg)
        if self.react is not None:
            self.react(call, msg)
        else:
            super().on_message(call, msg)

    def on_end(self, call: Call, reason: str) -> None:
        self.ended.append(reason)


def _wait_until(pred: Callable[[], bool], timeout: float = 2.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or pred}")
        gevent.sleep(0.002)


@pytest.fixture
def wait_until() -> Callable[..., None]:
    return _wait_until


@pytest.fixture
def commands() -> RecordingCommands:
    return RecordingCommands()


@pytest.fixture
def info() -> CallInfo:
    return CallInfo(
        uuid="0d7c4a8e-1111-4222-8333-944455556666",
        slot=0,
        generation=1,
        rate=16000,
        conversation_id="conv-1",
    )


@pytest.fixture
def handler_cls() -> type[RecordingHandler]:
    return RecordingHandler
