# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The VAD lane: every call's voice activity detection on one thread, batched.

Each call's listener hands its new caller audio to the lane as a :class:`VadJob`. The
lane takes every job queued at that moment and, for streams on the shared ONNX Runtime
session (``speech.vad.backend = "onnxruntime"``), queues each call's samples and runs
all ready windows of all calls in one batched inference per window step
(:func:`aiframe.speech.vad.process_batch`): one model call for 200 calls instead of
200. Streams that cannot batch (sherpa-onnx keeps its state inside the model object)
run one by one in the same pass. Under load batching happens by itself: jobs queue
while a pass runs, and the next pass takes them all.

A job is also a plain callable (it runs its call alone), so any thread pool serves as
a lane in tests.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np

from aiframe.conversation.messages import VadOut
from aiframe.media.arena import PCM
from aiframe.speech.vad import OrtVadStream, VadStream, process_batch

__all__ = ["BatchingVadLane", "LaneStats", "VadJob"]

T = TypeVar("T")


class _StreamOwner(Protocol):
    """Where a call keeps its VAD stream (touched only in the lane)."""

    vad_stream: VadStream | None


@dataclass(frozen=True, slots=True)
class VadJob:
    """A call's new caller audio, for the VAD lane."""

    owner: _StreamOwner
    make_stream: Callable[[], VadStream]
    pcm: PCM
    upto: int

    def stream(self) -> VadStream:
        if self.owner.vad_stream is None:
            self.owner.vad_stream = self.make_stream()
        return self.owner.vad_stream

    def __call__(self) -> VadOut:
        events = self.stream().push(np.ascontiguousarray(self.pcm, dtype=np.int16))
        return VadOut(tuple(events), self.upto)


@dataclass(slots=True)
class LaneStats:
    passes: int = 0
    jobs: int = 0
    batched_jobs: int = 0
    largest_pass: int = 0


class BatchingVadLane:
    """A one-thread :class:`~aiframe.runtime.hubseam.Submitter` that batches
    :class:`VadJob` s across calls; anything else it runs as it comes."""

    def __init__(self, name: str = "aiframe-vad") -> None:
        self.stats = LaneStats()
        self._q: deque[tuple[Callable[[], Any], Future[Any]]] = deque()
        self._cv = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], T], /) -> Future[T]:
        fut: Future[T] = Future()
        with self._cv:
            if self._closed:
                raise RuntimeError("the VAD lane is closed")
            self._q.append((fn, fut))
            self._cv.notify()
        return fut

    def shutdown(self, wait: bool = True) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify()
        if wait:
            self._thread.join(5)

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._q and not self._closed:
                    self._cv.wait()
                if not self._q:
                    return
                todo = list(self._q)
                self._q.clear()
            self._pass(todo)

    def _pass(self, todo: list[tuple[Callable[[], Any], Future[Any]]]) -> None:
        s = self.stats
        s.passes += 1
        s.jobs += len(todo)
        s.largest_pass = max(s.largest_pass, len(todo))
        batched: list[tuple[VadJob, OrtVadStream, Future[Any]]] = []
        for fn, fut in todo:
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                if isinstance(fn, VadJob):
                    stream = fn.stream()
                    if isinstance(stream, OrtVadStream):
                        stream.accept(np.ascontiguousarray(fn.pcm, dtype=np.int16))
                        batched.append((fn, stream, fut))
                        continue
                fut.set_result(fn())
            except BaseException as e:  # the job's failure is its caller's to handle
                fut.set_exception(e)
        if not batched:
            return
        s.batched_jobs += len(batched)
        try:
            results = process_batch([b[1] for b in batched])
        except BaseException as e:
            for _, _, fut in batched:
                fut.set_exception(e)
            return
        for (job, _, fut), events in zip(batched, results, strict=True):
            fut.set_result(VadOut(tuple(events), job.upto))
