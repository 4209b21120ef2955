# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The arena and its slots, from Python.

``Arena`` maps the shared-memory file. ``Attachment`` is the controller's
side of one call's slot (read caller audio, write AI audio, flush, marks).
``SwitchLeg`` is the switch's side, used by the embedded media host and the
tests in place of FreeSWITCH; it calls the same per-frame functions the
module calls from its media bug.
"""

from __future__ import annotations

import ctypes
import enum
import grp
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt

from aiframe.errors import (
    ArenaError,
    MediaError,
    SlotFullError,
    SlotNotFoundError,
    StaleSlotError,
)
from aiframe.media import _native as n
from aiframe.pcm import PCM

_EINVAL, _EIO, _EBADARENA, _EFULL, _ESTALE, _ENOTFOUND = 1, 2, 3, 4, 5, 6


class SlotState(enum.IntEnum):
    FREE = 0
    CLAIMED = 1
    ACTIVE = 2
    CLOSING = 3


class InjectMode(enum.IntEnum):
    REPLACE = 0
    MIX = 1


class MarkResult(enum.IntEnum):
    PLAYED = 1
    FLUSHED = 2


@dataclass(frozen=True, slots=True)
class MarkEvent:
    mark_id: int
    result: MarkResult
    at_ns: int  # CLOCK_MONOTONIC of the first played sample; 0 when flushed


@dataclass(frozen=True, slots=True)
class Counters:
    frames_in: int
    frames_out: int
    uplink_drops: int
    downlink_underruns: int
    downlink_overruns: int
    barge_ins: int
    flushes: int
    flushed_samples: int
    marks_lost: int
    samples_in: int
    samples_out: int
    frames_read: int

    @classmethod
    def _from(cls, c: n.CCounters) -> Counters:
        return cls(**{f[0]: int(getattr(c, f[0])) for f in n.CCounters._fields_})


@dataclass(frozen=True, slots=True)
class BargeState:
    seq: int
    at_ns: int
    dropped_samples: int


@dataclass(frozen=True, slots=True)
class SlotInfo:
    index: int
    state: SlotState
    generation: int
    sample_rate: int
    paused: bool
    uplink_queued: int
    downlink_queued: int
    started_ns: int
    uuid: str
    status: str
    counters: Counters


@dataclass(frozen=True, slots=True)
class ArenaInfo:
    path: str
    layout_version: int
    slot_count: int
    slot_size: int
    uplink_capacity: int
    downlink_capacity: int
    max_rate: int
    creator_pid: int
    controller_pid: int
    created_ns: int
    controller_heartbeat_ns: int
    claims_refused: int
    file_size: int
    accepting: bool
    active_slots: int
    boot_id: str


def now_ns() -> int:
    """CLOCK_MONOTONIC in nanoseconds, the clock of every media timestamp (the
    core's aif_now_ns reads the same clock)."""
    return time.monotonic_ns()


def _pcm_arg(pcm: PCM) -> PCM:
    if pcm.dtype != np.int16:
        raise MediaError(f"audio must be int16 PCM, got {pcm.dtype}")
    return np.ascontiguousarray(pcm)


def _ptr(a: PCM) -> int:
    return int(a.ctypes.data)


def _stale(what: str, rc: int) -> MediaError:
    if rc == -_ESTALE:
        return StaleSlotError(f"{what}: the slot was released or reused (call ended?)")
    if rc == -_EFULL:
        return SlotFullError(f"{what}: full")
    return MediaError(f"{what}: {n.strerror(rc)}")


class Arena:
    """A mapped arena. Use as a context manager or call ``close()``."""

    def __init__(self, handle: ctypes.c_void_p, path: Path) -> None:
        self._h = handle
        self.path = path

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        slots: int = 256,
        max_rate: int = 16000,
        uplink_ms: int = 2000,
        downlink_ms: int = 10000,
        mode: int = 0o660,
        group: str | None = None,
    ) -> Arena:
        """Create a fresh arena (the module does this in production)."""
        p = n.ArenaParams()
        n.lib.aif_arena_params_default(ctypes.byref(p))
        p.slot_count, p.max_rate, p.uplink_ms, p.downlink_ms, p.mode = (
            slots,
            max_rate,
            uplink_ms,
            downlink_ms,
            mode,
        )
        if group is not None:
            try:
                p.gid = grp.getgrnam(group).gr_gid
            except KeyError:
                raise ArenaError(f"arena {path}: group {group!r} does not exist") from None
        h = ctypes.c_void_p()
        err = ctypes.create_string_buffer(512)
        rc = n.lib.aif_arena_create(
            str(path).encode(), ctypes.byref(p), ctypes.byref(h), err, len(err)
        )
        if rc != 0:
            raise ArenaError(err.value.decode(errors="replace"))
        return cls(h, Path(path))

    @classmethod
    def open(cls, path: str | Path) -> Arena:
        """Map an existing arena, refusing any header field that does not check out."""
        h = ctypes.c_void_p()
        err = ctypes.create_string_buffer(512)
        rc = n.lib.aif_arena_open(str(path).encode(), ctypes.byref(h), err, len(err))
        if rc != 0:
            raise ArenaError(err.value.decode(errors="replace"))
        return cls(h, Path(path))

    @staticmethod
    def validate_image(image: bytes, *, check_boot: bool = False) -> None:
        """Validate raw arena bytes; raises ArenaError naming the bad field."""
        buf = ctypes.create_string_buffer(image, len(image))
        err = ctypes.create_string_buffer(512)
        fn = n.lib.aif_arena_validate_boot if check_boot else n.lib.aif_arena_validate
        if fn(ctypes.cast(buf, ctypes.c_void_p), len(image), err, len(err)) != 0:
            raise ArenaError(err.value.decode(errors="replace"))

    def _handle(self) -> ctypes.c_void_p:
        if not self._h:
            raise MediaError(f"arena {self.path} is closed")
        return self._h

    def close(self) -> None:
        if self._h:
            n.lib.aif_arena_close(ctypes.byref(self._h))
            self._h = ctypes.c_void_p()

    def __enter__(self) -> Arena:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def slot_count(self) -> int:
        return int(n.lib.aif_arena_slot_count(self._handle()))

    def info(self) -> ArenaInfo:
        c = n.CArenaInfo()
        n.lib.aif_arena_get_info(self._handle(), ctypes.byref(c))
        return ArenaInfo(
            path=str(self.path),
            layout_version=c.layout_version,
            slot_count=c.slot_count,
            slot_size=c.slot_size,
            uplink_capacity=c.uplink_capacity,
            downlink_capacity=c.downlink_capacity,
            max_rate=c.max_rate,
            creator_pid=c.creator_pid,
            controller_pid=c.controller_pid,
            created_ns=c.created_ns,
            controller_heartbeat_ns=c.controller_heartbeat_ns,
            claims_refused=c.claims_refused,
            file_size=c.file_size,
            accepting=bool(c.accepting),
            active_slots=c.active_slots,
            boot_id=c.boot_id.decode(errors="replace"),
        )

    def slot_info(self, index: int) -> SlotInfo:
        c = n.CSlotInfo()
        for _ in range(8):  # a slot changing under us returns EAGAIN; look again
            rc = n.lib.aif_arena_slot_info(self._handle(), index, ctypes.byref(c))
            if rc == 0:
                break
            if rc == -_EINVAL:
                raise MediaError(f"slot {index} does not exist (arena has {self.slot_count})")
        return SlotInfo(
            index=c.index,
            state=SlotState(c.state),
            generation=c.generation,
            sample_rate=c.sample_rate,
            paused=bool(c.flags & 1),
            uplink_queued=c.uplink_queued,
            downlink_queued=c.downlink_queued,
            started_ns=c.started_ns,
            uuid=c.uuid.decode(errors="replace"),
            status=c.status.decode(errors="replace"),
            counters=Counters._from(c.counters),
        )

    def active_slots(self) -> list[SlotInfo]:
        out = []
        for i in range(self.slot_count):
            info = self.slot_info(i)
            if info.state == SlotState.ACTIVE:
                out.append(info)
        return out

    def find(self, uuid: str) -> tuple[int, int]:
        """(slot index, generation) of the active slot holding this call."""
        idx, gen = ctypes.c_uint32(), ctypes.c_uint32()
        rc = n.lib.aif_slot_find(
            self._handle(), uuid.encode(), ctypes.byref(idx), ctypes.byref(gen)
        )
        if rc != 0:
            raise SlotNotFoundError(f"no active slot holds call {uuid}")
        return idx.value, gen.value

    def attach(self, index: int, uuid: str, generation: int) -> Attachment:
        """The controller's side of a slot, valid while the generation holds."""
        ref = n.SlotRef()
        err = ctypes.create_string_buffer(256)
        rc = n.lib.aif_slot_attach(
            self._handle(), index, uuid.encode(), generation, ctypes.byref(ref), err, len(err)
        )
        if rc != 0:
            msg = err.value.decode(errors="replace")
            if rc == -_ESTALE:
                raise StaleSlotError(msg)
            raise MediaError(msg)
        return Attachment(self, ref, uuid)

    def claim(self, uuid: str, sample_rate: int) -> SwitchLeg:
        """Claim a slot as the switch does when a call is attached."""
        ref = n.SlotRef()
        rc = n.lib.aif_slot_claim(self._handle(), uuid.encode(), sample_rate, ctypes.byref(ref))
        if rc == -_EFULL:
            raise SlotFullError(f"arena {self.path}: all {self.slot_count} slots are in use")
        if rc != 0:
            raise MediaError(
                f"claim {uuid}: {n.strerror(rc)} (uuid at most 47 bytes, rate 8000/16000 "
                "and not above the arena's max_rate)"
            )
        return SwitchLeg(self, ref, uuid)

    def doorbell_seq(self) -> int:
        return int(n.lib.aif_arena_doorbell_seq(self._handle()))

    def wait(self, seen: int, timeout_ms: int) -> int:
        """Block (GIL released) until the doorbell moves past ``seen`` or time runs out."""
        return int(n.lib.aif_arena_doorbell_wait(self._handle(), seen, timeout_ms))

    def ring(self) -> None:
        n.lib.aif_arena_ring(self._handle())

    def collect_ready(self, out: npt.NDArray[np.uint32]) -> int:
        """Fill ``out`` with the slots that got caller audio since the last call."""
        return int(
            n.lib.aif_arena_collect_ready(
                self._handle(), out.ctypes.data_as(ctypes.POINTER(ctypes.c_uint32)), len(out)
            )
        )

    def heartbeat(self, pid: int, at_ns: int | None = None) -> None:
        n.lib.aif_arena_heartbeat(self._handle(), pid, now_ns() if at_ns is None else at_ns)

    def set_accepting(self, accepting: bool) -> None:
        n.lib.aif_arena_set_accepting(self._handle(), 1 if accepting else 0)


class _SlotSide:
    def __init__(self, arena: Arena, ref: n.SlotRef, uuid: str) -> None:
        self.arena = arena
        self._ref = ref
        self.uuid = uuid
        self.index = int(ref.index)
        self.generation = int(ref.generation)

    def _r(self) -> ctypes._Pointer[n.SlotRef]:
        return ctypes.pointer(self._ref)


class Attachment(_SlotSide):
    """The controller's side of one call's slot."""

    def __init__(self, arena: Arena, ref: n.SlotRef, uuid: str) -> None:
        super().__init__(arena, ref, uuid)
        self._refp = ctypes.pointer(self._ref)
        self._events = (n.CMarkEvent * 64)()
        # Out-parameters of barge_state, read on every downlink tick: made once.
        self._b_seq, self._b_at, self._b_dropped = (
            ctypes.c_uint32(),
            ctypes.c_uint64(),
            ctypes.c_uint64(),
        )
        self._b_args = (
            ctypes.byref(self._b_seq),
            ctypes.byref(self._b_at),
            ctypes.byref(self._b_dropped),
        )

    @property
    def alive(self) -> bool:
        return bool(n.lib.aif_slot_check(self._refp) == 0)

    def available(self) -> int:
        v = int(n.lib.aif_uplink_available(self._refp))
        if v < 0:
            raise _stale(f"call {self.uuid}: uplink", v)
        return v

    def read_into(self, out: PCM) -> int:
        """Copy waiting caller audio into ``out``; returns the sample count."""
        got = int(n.lib.aif_uplink_read(self._refp, _ptr(out), len(out)))
        if got < 0:
            raise _stale(f"call {self.uuid}: uplink read", got)
        return got

    def read(self, max_samples: int = 32768) -> PCM:
        buf = np.empty(max_samples, dtype=np.int16)
        return buf[: self.read_into(buf)]

    def write(self, pcm: PCM) -> int:
        """Queue AI audio; returns how many samples fitted (the rest is counted as overrun)."""
        a = _pcm_arg(pcm)
        got = int(n.lib.aif_downlink_write(self._refp, _ptr(a), len(a)))
        if got < 0:
            raise _stale(f"call {self.uuid}: downlink write", got)
        return got

    def end_utterance(self) -> None:
        rc = n.lib.aif_downlink_end(self._refp)
        if rc != 0:
            raise _stale(f"call {self.uuid}: end of utterance", rc)

    def flush(self) -> int:
        """Drop everything queued before now; returns the new flush epoch."""
        epoch = int(n.lib.aif_downlink_flush(self._refp))
        if epoch < 0:
            raise _stale(f"call {self.uuid}: flush", epoch)
        return epoch

    def queued(self) -> int:
        v = int(n.lib.aif_downlink_queued(self._refp))
        if v < 0:
            raise _stale(f"call {self.uuid}: downlink", v)
        return v

    def free(self) -> int:
        v = int(n.lib.aif_downlink_free(self._refp))
        if v < 0:
            raise _stale(f"call {self.uuid}: downlink", v)
        return v

    def set_mark(self, mark_id: int) -> None:
        """Tag the audio written next; its playout is reported by ``poll_marks``."""
        rc = n.lib.aif_mark_set(self._refp, mark_id)
        if rc != 0:
            raise _stale(f"call {self.uuid}: mark {mark_id}", rc)

    def poll_marks(self) -> list[MarkEvent]:
        got = int(n.lib.aif_marks_poll(self._refp, self._events, len(self._events)))
        if got < 0:
            raise _stale(f"call {self.uuid}: marks", got)
        return [
            MarkEvent(int(e.id), MarkResult(e.result), int(e.at_ns)) for e in self._events[:got]
        ]

    def counters(self) -> Counters:
        c = n.CCounters()
        rc = n.lib.aif_slot_counters(self._refp, ctypes.byref(c))
        if rc != 0:
            raise _stale(f"call {self.uuid}: counters", rc)
        return Counters._from(c)

    def barge_state(self) -> BargeState:
        rc = n.lib.aif_slot_barge_state(self._refp, *self._b_args)
        if rc != 0:
            raise _stale(f"call {self.uuid}: barge-in state", rc)
        return BargeState(self._b_seq.value, self._b_at.value, self._b_dropped.value)

    def set_status(self, text: str) -> None:
        """Status text shown by `aiframe status` (at most 95 bytes; longer is cut)."""
        rc = n.lib.aif_slot_set_status(self._refp, text.encode()[: n.STATUS_LEN - 1])
        if rc != 0:
            raise _stale(f"call {self.uuid}: status", rc)

    def status(self) -> str:
        buf = ctypes.create_string_buffer(n.STATUS_LEN)
        rc = n.lib.aif_slot_get_status(self._refp, buf, len(buf))
        if rc != 0:
            raise _stale(f"call {self.uuid}: status", rc)
        return buf.value.decode(errors="replace")


class SwitchLeg(_SlotSide):
    """The switch's side of a slot: what mod_aiframe does from its media bug."""

    def __init__(self, arena: Arena, ref: n.SlotRef, uuid: str) -> None:
        super().__init__(arena, ref, uuid)
        self._refp = ctypes.pointer(self._ref)
        self.sample_rate = 0

    def set_barge_in(
        self, threshold_rms: int, min_speech_ms: int, only_while_speaking: bool = True
    ) -> None:
        n.lib.aif_slot_set_barge(
            self._refp, threshold_rms, min_speech_ms, 1 if only_while_speaking else 0
        )

    def set_paused(self, paused: bool) -> None:
        n.lib.aif_slot_set_paused(self._refp, 1 if paused else 0)

    def on_read_frame(self, pcm: PCM, at_ns: int) -> bool:
        """Push one caller frame; False when it was dropped (uplink full)."""
        a = _pcm_arg(pcm)
        rc = int(n.lib.aif_slot_on_read_frame(self._refp, _ptr(a), len(a), at_ns))
        if rc == -_EINVAL:
            raise MediaError(f"frame of {len(a)} samples is empty or too long")
        return rc == 0

    def on_write_frame(self, io: PCM, mode: InjectMode, at_ns: int) -> int:
        """Fill/mix AI audio into the outbound frame ``io`` in place; returns AI samples."""
        if io.dtype != np.int16 or not io.flags.c_contiguous:
            raise MediaError("outbound frame must be a contiguous int16 array")
        return int(n.lib.aif_slot_on_write_frame(self._refp, _ptr(io), len(io), int(mode), at_ns))

    def release(self) -> None:
        n.lib.aif_slot_release(self._refp)


__all__ = [
    "PCM",
    "Arena",
    "ArenaInfo",
    "Attachment",
    "BargeState",
    "Counters",
    "InjectMode",
    "MarkEvent",
    "MarkResult",
    "SlotInfo",
    "SlotState",
    "SwitchLeg",
    "now_ns",
]
