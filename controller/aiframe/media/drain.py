# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One media-lane pass over every attached slot in a single call into the core.

The lane thread waits on the doorbell, takes the ready set and copies every
attached call's waiting caller audio into one buffer, all in one call with the
interpreter lock released, so the per-wake cost in Python does not grow with a
ctypes call per slot. ``add`` and ``remove`` change what the core reads: call
them from the thread that drains, between passes.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import numpy as np

from aiframe.media import _native as n
from aiframe.media.arena import PCM, Arena, Attachment

ENTRY_DTYPE = np.dtype([("index", "<u4"), ("offset", "<u4"), ("count", "<i4"), ("reserved", "<u4")])
STALE = -5


class UplinkDrainer:
    """The set of slots a pump serves, and the buffers one pass fills."""

    def __init__(self, arena: Arena, buffer_samples: int = 1 << 18) -> None:
        self.arena = arena
        self._refs = (n.SlotRef * arena.slot_count)()
        self._buf = np.empty(buffer_samples, dtype=np.int16)
        self._entries = np.zeros(arena.slot_count, dtype=ENTRY_DTYPE)
        self._handle = arena._handle()
        # Addresses taken once: this runs on every doorbell.
        self._buf_addr = int(self._buf.ctypes.data)
        self._entries_addr = int(self._entries.ctypes.data)
        self._drain = n.lib.aif_arena_drain
        self._pump = n.lib.aif_arena_pump
        self._seen = ctypes.c_uint32(arena.doorbell_seq())
        self._last_pass = ctypes.c_uint64(0)

    def add(self, att: Attachment) -> None:
        self._refs[att.index] = att._ref

    def remove(self, index: int) -> None:
        """Stop reading this slot; its ready bit stays set, so nothing it holds is lost."""
        self._refs[index] = n.SlotRef()

    def drain(self) -> Iterator[tuple[int, PCM | None]]:
        """Yield (slot index, caller audio) per slot that had audio; None when the
        call is gone (its slot was released). The arrays are views valid until
        the next pass."""
        got = int(
            self._drain(
                self._handle,
                self._refs,
                len(self._refs),
                self._buf_addr,
                len(self._buf),
                self._entries_addr,
                len(self._entries),
            )
        )
        return self._entries_of(got)

    def pump(self, timeout_ms: int, min_interval_us: int = 0) -> Iterator[tuple[int, PCM | None]]:
        """One pump pass in a single call into the core (GIL released throughout):
        wait out ``min_interval_us`` since the last pass (batching), wait on the
        doorbell up to ``timeout_ms``, then drain. Yields as ``drain`` does."""
        got = int(
            self._pump(
                self._handle,
                ctypes.byref(self._seen),
                timeout_ms,
                min_interval_us,
                ctypes.byref(self._last_pass),
                self._refs,
                len(self._refs),
                self._buf_addr,
                len(self._buf),
                self._entries_addr,
                len(self._entries),
            )
        )
        return self._entries_of(got)

    def _entries_of(self, got: int) -> Iterator[tuple[int, PCM | None]]:
        for index, offset, count, _ in self._entries[:got].tolist():
            if count >= 0:
                yield index, self._buf[offset : offset + count]
            elif count == STALE:
                yield index, None


__all__ = ["UplinkDrainer"]
