# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One inference thread pool per process, sized to the cores.

Concurrency comes from this pool, not from the runtimes: every ONNX Runtime
session runs one intra-op thread with spinning off, so an idle engine burns no
CPU and N calls' inferences spread over N cores instead of each spinning up
its own thread team. ONNX Runtime, sherpa-onnx and CTranslate2 release the GIL
while they compute, so plain threads are enough.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

import onnxruntime as ort

P = ParamSpec("P")
T = TypeVar("T")


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def session_options(threads: int = 1) -> ort.SessionOptions:
    """ONNX Runtime options for a shared session: few threads, no spinning."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.add_session_config_entry("session.inter_op.allow_spinning", "0")
    so.log_severity_level = 3
    return so


class InferencePool:
    """A named thread pool for blocking native inference."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or cpu_count()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="aiframe-infer")

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


_shared: InferencePool | None = None
_lock = threading.Lock()


def shared_pool(workers: int = 0) -> InferencePool:
    """The process-wide pool (created on first use)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = InferencePool(workers)
        return _shared


__all__ = ["InferencePool", "cpu_count", "session_options", "shared_pool"]
