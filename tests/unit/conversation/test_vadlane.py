# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The VAD lane batches every call's windows into one inference, with the same events
as each call alone; other work and failures pass through."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest

from aiframe.config import load_settings
from aiframe.conversation.vadlane import BatchingVadLane, VadJob
from aiframe.media.synth import synth_voice
from aiframe.speech.engines import SpeechEngines
from aiframe.speech.settings import VadSettings
from aiframe.speech.vad import OrtVadStream, SileroVad, VadStream

pytestmark = pytest.mark.models


@dataclass
class Owner:
    vad_stream: VadStream | None = None


@pytest.fixture(scope="module")
def vad() -> Iterator[SileroVad]:
    engines = SpeechEngines(load_settings().speech)
    model = engines.cache.require(engines.manifest.get("silero-vad")) / "silero_vad.onnx"
    yield SileroVad(model, VadSettings(backend="onnxruntime"))
    engines.close()


@pytest.fixture
def lane() -> Iterator[BatchingVadLane]:
    lane = BatchingVadLane()
    yield lane
    lane.shutdown()


def test_calls_batched_together_hear_what_each_hears_alone(vad, lane) -> None:
    voice = synth_voice(1.2, 130.0, seed=3)
    silence = np.zeros(8000, np.int16)
    calls = [np.concatenate([silence[: 1600 * k], voice, silence]) for k in range(4)]
    alone = [[(e.kind, e.at_ms) for e in vad.stream(16000).push(x)] for x in calls]
    assert all(a for a in alone)  # each call has speech to find
    owners = [Owner() for _ in calls]
    heard: list[list[tuple[str, float]]] = [[] for _ in calls]
    for i in range(0, max(map(len, calls)), 320):
        hold = threading.Event()
        lane.submit(hold.wait)  # keep the lane busy, so the calls' jobs queue up together
        futs = [
            lane.submit(VadJob(o, lambda: vad.stream(16000), x[i : i + 320], i + 320))
            for o, x in zip(owners, calls, strict=True)
        ]
        hold.set()
        for k, f in enumerate(futs):
            out = f.result(10)
            assert out.upto == i + 320
            heard[k] += [(e.kind, e.at_ms) for e in out.events]
    assert heard == alone
    assert all(isinstance(o.vad_stream, OrtVadStream) for o in owners)
    steps = len(range(0, max(map(len, calls)), 320))
    assert lane.stats.batched_jobs == 4 * steps  # every call's job went into a batch
    assert lane.stats.largest_pass >= 4  # all four calls in one inference


def test_other_work_and_failures_pass_through(lane) -> None:
    assert lane.submit(lambda: 42).result(5) == 42

    def boom() -> None:
        raise ValueError("the job's own error")

    with pytest.raises(ValueError, match="the job's own error"):
        lane.submit(boom).result(5)
    assert lane.submit(lambda: "still serving").result(5) == "still serving"
