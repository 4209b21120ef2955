# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The listener's account of how far its VAD is behind the caller's audio."""

from __future__ import annotations

from typing import Any

import numpy as np

from aiframe.conversation.listener import Listener
from aiframe.conversation.messages import VadOut
from aiframe.conversation.record import CallRecord
from aiframe.conversation.settings import EndpointSettings
from aiframe.conversation.vadlane import VadJob
from aiframe.media.arena import now_ns

RATE = 16000
FRAME = RATE // 50


class Host:
    """Keeps the jobs the listener hands out instead of running them."""

    def __init__(self) -> None:
        self.jobs: list[Any] = []

    def job(self, pool: Any, what: str, work: Any) -> None:
        self.jobs.append(work)

    def timer(self, name: str, seconds: float) -> None:
        pass

    def cancel_timer(self, name: str) -> None:
        pass


class Speech:
    vad_lane = object()
    pool = object()

    def vad_stream(self, rate: int) -> Any:
        raise AssertionError("the jobs are not run here")


def test_the_vad_lag_is_the_audio_not_yet_judged() -> None:
    host = Host()
    listener = Listener(host, Speech(), EndpointSettings(), CallRecord("u", "c"), RATE)  # type: ignore[arg-type]
    quiet = np.zeros(FRAME, dtype=np.int16)
    for _ in range(10):
        listener.on_audio(quiet, now_ns())
    # One job in flight (the first frame); the other nine wait for it.
    assert len(host.jobs) == 1
    assert listener.vad_lag_ms == 200.0
    first = host.jobs[0]
    assert isinstance(first, VadJob) and first.upto == FRAME
    listener.on_vad(VadOut((), first.upto))
    assert listener.vad_lag_ms == 180.0
    # The nine waiting frames went out as one job when the first came back.
    second = host.jobs[1]
    assert second.upto == 10 * FRAME and len(second.pcm) == 9 * FRAME
    listener.on_vad(VadOut((), second.upto))
    assert listener.vad_lag_ms == 0.0
    # An answer for older audio arriving late never moves it back.
    listener.on_vad(VadOut((), FRAME))
    assert listener.vad_lag_ms == 0.0
