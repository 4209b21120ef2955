# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One call's recent caller audio, addressed by stream position, and when each part arrived.

The media lane (one thread) is the only writer; the call's actor and the speech
workers read it by position, without a lock. The samples live in a power-of-two
ring. A writer first copies samples in, then publishes the new end; a reader takes
the end once, copies what it wants below it, and then checks that the writer has
not lapped the start of its copy meanwhile (:class:`AudioGoneError` if it has). The
interpreter lock makes each publish and each read of ``end`` one step, so a reader
never sees a half-written position.

Stream time is milliseconds of caller audio since the call began (what the VAD
stamps); the arrival stamps map it back to CLOCK_MONOTONIC (what the rest of the
media plane stamps).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from aiframe.errors import MediaError
from aiframe.media.arena import PCM

__all__ = ["AudioGoneError", "CallAudio"]

_STAMPS = 4096  # arrival stamps kept: 80 s of 20 ms reads, more of longer ones


class AudioGoneError(MediaError):
    """The audio asked for has been overwritten by newer audio."""


class CallAudio:
    """The last ``keep_s`` (at least) of one call's caller audio."""

    def __init__(self, rate: int, keep_s: float = 40.0) -> None:
        if rate <= 0:
            raise MediaError(f"call audio needs a positive sample rate, got {rate}")
        self.rate = rate
        need = keep_s * rate * 4 / 3  # the margin below takes a quarter
        size = 1 << max(10, int(np.ceil(np.log2(max(1.0, need)))))
        self.size = size
        self._mask = size - 1
        # Reads stay this far clear of the writer, so a write in progress (never
        # longer than half of it) cannot reach what a reader copies.
        self._margin = size // 4
        self._buf = np.zeros(size, dtype=np.int16)
        self.end = 0  # samples received so far; published after they are in _buf
        self._stamps: npt.NDArray[np.int64] = np.zeros((_STAMPS, 2), dtype=np.int64)
        self._stamped = 0  # stamps written so far; published after the stamp

    # ---- the writer (the media lane) --------------------------------------------------

    def append(self, pcm: PCM, at_ns: int) -> None:
        """Add caller audio read at ``at_ns`` (one writer thread only)."""
        n = len(pcm)
        if n == 0:
            return
        if n > self.size:
            pcm = pcm[-self.size :]
            self.end += n - self.size
            n = self.size
        start = self.end & self._mask
        first = min(n, self.size - start)
        self._buf[start : start + first] = pcm[:first]
        if first < n:
            self._buf[: n - first] = pcm[first:]
        end = self.end + n
        self._stamps[self._stamped % _STAMPS] = (end, at_ns)
        self.end = end
        self._stamped += 1

    # ---- readers ----------------------------------------------------------------------

    @property
    def position(self) -> int:
        """Samples received so far."""
        return self.end

    def ms(self, samples: int) -> float:
        return samples * 1000.0 / self.rate

    def samples(self, ms: float) -> int:
        return round(ms * self.rate / 1000.0)

    @property
    def oldest(self) -> int:
        """The first position a read still returns."""
        return max(0, self.end - self.size + self._margin)

    def read(self, a: int, b: int) -> PCM:
        """A copy of the samples at positions ``[a, b)``, clamped to what is held.

        Raises :class:`AudioGoneError` if newer audio may have overwritten part of it
        while it was being copied (a reader far behind the lane).
        """
        end = self.end
        a = max(a, end - self.size + self._margin, 0)
        b = min(b, end)
        if b <= a:
            return np.zeros(0, dtype=np.int16)
        s, e = a & self._mask, b & self._mask
        out = self._buf[s:e].copy() if s < e else np.concatenate([self._buf[s:], self._buf[:e]])
        if self.end - self.size + self._margin // 2 > a:
            at = self.ms(a)
            raise AudioGoneError(f"caller audio at {at:.0f} ms was overwritten while being read")
        return out

    def clip_pcm(self, start_ms: float, end_ms: float) -> PCM:
        """Audio between two stream times (what is still held)."""
        return self.read(self.samples(start_ms), self.samples(end_ms))

    def now_ms(self, now_ns: int) -> float:
        """The stream time it is now: the last sample received, plus time since."""
        k = self._stamped
        if k == 0:
            return 0.0
        pos, at = self._stamps[(k - 1) % _STAMPS]
        return self.ms(int(pos)) + max(0, now_ns - int(at)) / 1e6

    def clock_ns(self, ms: float) -> int | None:
        """When the sample at stream time ``ms`` reached the controller (CLOCK_MONOTONIC)."""
        k = self._stamped
        if k == 0:
            return None
        pos = self.samples(ms)
        n = min(k, _STAMPS)
        idx = (np.arange(k - n, k) % _STAMPS) if k > _STAMPS else np.arange(n)
        ends = self._stamps[idx, 0]
        i = int(np.searchsorted(ends, pos, side="left"))
        if i < n:
            end, at = (int(v) for v in self._stamps[idx[i]])
            return at - (end - pos) * 1_000_000_000 // self.rate
        end, at = (int(v) for v in self._stamps[idx[-1]])
        return at + (pos - end) * 1_000_000_000 // self.rate
