# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The caller's recent audio, addressed by stream time, and when each part arrived.

The VAD stamps edges in stream time (milliseconds of caller audio since the call
began); the media plane stamps everything else with CLOCK_MONOTONIC. The log keeps
the last ``keep_s`` of audio for end of turn and ASR, and the arrival time of each
chunk the pump handed over, so a stream time maps back to the clock.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from aiframe.media.arena import PCM
from aiframe.speech.audio import F32, to_float

__all__ = ["AudioLog"]


class AudioLog:
    """Append-only caller audio for one call (its actor's greenlet only)."""

    def __init__(self, rate: int, keep_s: float = 40.0) -> None:
        self.rate = rate
        self._keep = int(keep_s * rate)
        self._buf = np.zeros(self._keep * 2, dtype=np.int16)
        self._base = 0  # stream position of _buf[0]
        self._n = 0  # samples held in _buf
        self._arrivals: deque[tuple[int, int]] = deque(maxlen=4096)  # (end position, ns)

    @property
    def position(self) -> int:
        """Samples received so far."""
        return self._base + self._n

    def ms(self, samples: int) -> float:
        return samples * 1000.0 / self.rate

    def samples(self, ms: float) -> int:
        return round(ms * self.rate / 1000.0)

    def append(self, pcm: PCM, at_ns: int) -> None:
        if self._n + len(pcm) > len(self._buf):
            drop = self._n + len(pcm) - self._keep
            drop = min(max(drop, 0), self._n)
            self._buf[: self._n - drop] = self._buf[drop : self._n]
            self._base += drop
            self._n -= drop
            if len(pcm) > len(self._buf) - self._n:
                pcm = pcm[-(len(self._buf) - self._n) :]
        self._buf[self._n : self._n + len(pcm)] = pcm
        self._n += len(pcm)
        self._arrivals.append((self.position, at_ns))

    def clip(self, start_ms: float, end_ms: float) -> F32:
        """Audio between two stream times (what is still held), as float32."""
        a = max(self.samples(start_ms), self._base)
        b = min(self.samples(end_ms), self.position)
        if b <= a:
            return np.zeros(0, dtype=np.float32)
        return to_float(self._buf[a - self._base : b - self._base].copy())

    def now_ms(self, now_ns: int) -> float:
        """The stream time it is now: the last sample received, plus time since."""
        if not self._arrivals:
            return 0.0
        pos, at = self._arrivals[-1]
        return self.ms(pos) + max(0, now_ns - at) / 1e6

    def clock_ns(self, ms: float) -> int | None:
        """When the sample at stream time ``ms`` reached the controller (CLOCK_MONOTONIC)."""
        pos = self.samples(ms)
        for end, at in self._arrivals:
            if end >= pos:
                return at - (end - pos) * 1_000_000_000 // self.rate
        if self._arrivals:
            end, at = self._arrivals[-1]
            return at + (pos - end) * 1_000_000_000 // self.rate
        return None
