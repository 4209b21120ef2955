# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What every soak has, whatever hosts its calls: the window's parameters and its phases.

1. **warm-up round**: one call per lane, all at once; thread pools, caches and model
   arenas grow to their size here, so that what follows measures growth, not start-up;
2. **baseline**: idle (no call live), every resource recorded;
3. **soak window**: the lanes run calls until ``seconds`` have passed (a call in flight
   then is finished, never cut), then everything is recorded again once idle.

:class:`PhasedSoak` runs them; a soak says how its lanes run (greenlets on the embedded
host, threads against a real switch), how one call is placed, and what idle means.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from aiframe.logs import get_logger

__all__ = ["PhasedSoak", "WindowParams"]

log = get_logger("soak")


class WindowParams(BaseModel):
    """What every soak run has: its lanes, its window, and how it is judged."""

    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(default=600.0, gt=0, description="the soak window, after warm-up")
    calls: int = Field(default=4, ge=1, le=64, description="lanes: calls live at once")
    warmup_s: float | None = Field(
        default=None,
        ge=0,
        description="memory is fitted, and pools may still grow, up to this far into the "
        "window (default: half of it)",
    )
    max_growth_mb_h: float = Field(default=1.0, gt=0)
    sample_s: float = Field(default=1.0, gt=0, le=60)
    settle_s: float = Field(default=15.0, ge=0, le=300, description="wait for baseline at end")

    @property
    def fit_from_s(self) -> float:
        # Half: with the real models, ONNX Runtime's and CTranslate2's memory arenas
        # grow to the largest inputs seen for the first minutes of calls (a plateau
        # after about 4 minutes at 4 calls, measured), and worker pools reach their size
        # only when calls first overlap at their busiest.
        return self.warmup_s if self.warmup_s is not None else self.seconds / 2


class _Timed(Protocol):
    @property
    def wall_s(self) -> float: ...


SampleT = TypeVar("SampleT")


class PhasedSoak(ABC, Generic[SampleT]):
    """The three phases over K lanes; ``samples``, ``baseline``, ``final``, ``window``
    and ``drained_s`` are what a report reads."""

    params: WindowParams
    results: Sequence[_Timed]  # every call so far

    def __init__(self, params: WindowParams) -> None:
        self.params = params
        self.samples: list[SampleT] = []
        self.baseline: SampleT | None = None
        self.final: SampleT | None = None
        self.window: tuple[float, float] = (0.0, 0.0)  # start, planned end
        self.drained_s = 0.0  # when the last call of the window ended
        self._t0 = time.monotonic()

    def now(self) -> float:
        """Seconds since the run began."""
        return time.monotonic() - self._t0

    @abstractmethod
    def _lanes(self, body: Callable[[int], None]) -> None:
        """Run ``body(lane)`` for every lane at once; return when all have returned."""

    @abstractmethod
    def _sleep(self, seconds: float) -> None: ...

    @abstractmethod
    def _one_call(self, lane: int, number: int, phase: str) -> None:
        """Place one whole call and record its result; return once it has ended."""

    @abstractmethod
    def _settle(self, baseline: SampleT | None) -> SampleT:
        """An idle sample: once the counts are back at ``baseline`` (or after
        ``settle_s``)."""

    @abstractmethod
    def _names(self, when: str) -> None:
        """Record the open fds' targets and the threads' names, ``when`` being
        "baseline" or "final"."""

    def _aborted(self) -> bool:
        """Whether the lanes should place no further call."""
        return False

    def _phases(self) -> None:
        log.info("soak: warm-up round", lanes=self.params.calls)
        self._lanes(lambda lane: self._one_call(lane, 0, "warm-up"))
        self.baseline = self._settle(None)
        self._names("baseline")
        start = self.now()
        end = start + self.params.seconds
        base: dict[str, Any] = asdict(self.baseline)  # type: ignore[call-overload]
        log.info("soak: window", seconds=self.params.seconds, baseline=base)
        # Lanes offset by a share of a call's length, so that calls start and end all
        # through the window instead of in step.
        walls = sorted(r.wall_s for r in self.results)
        step = walls[len(walls) // 2] / self.params.calls if walls else 0.0
        self._lanes(lambda lane: self._lane(lane, start + lane * step, end))
        # The planned end, not the last call's: while the lanes finish their last calls
        # fewer calls are live, and their lower RSS is not a trend.
        self.window = (start, end)
        self.drained_s = self.now()
        self.final = self._settle(self.baseline)
        self._names("final")

    def _lane(self, lane: int, begin: float, end: float) -> None:
        self._sleep(max(0.0, begin - self.now()))
        n = 1
        while self.now() < end and not self._aborted():
            self._one_call(lane, n, "soak")
            n += 1
