# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""ctypes declarations for the media core (mod_aiframe/include/aif/core.h).

Only the process-local structs the API hands out are mirrored here; the
shared-memory layout itself is never redeclared in Python, so the module and
the controller cannot drift.

Most calls are a few lock-free ring operations (a microsecond): those keep the
GIL (``ctypes.PyDLL``). Releasing it would hand it to whichever speech or brain
thread is waiting, and the caller (the hub, with hundreds of calls to serve)
would queue to get it back, up to the interpreter's 5 ms switch interval per
call. The calls that can block or touch the file system (``BLOCKING``) release it,
so a doorbell wait blocks only the calling thread.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
from pathlib import Path
from typing import Any

from aiframe.errors import MediaError

LIB_ENV = "AIFRAME_CORE_LIB"
UUID_LEN = 48
STATUS_LEN = 96
BOOT_ID_LEN = 40


class ArenaParams(ctypes.Structure):
    _fields_ = [
        ("slot_count", ctypes.c_uint32),
        ("max_rate", ctypes.c_uint32),
        ("uplink_ms", ctypes.c_uint32),
        ("downlink_ms", ctypes.c_uint32),
        ("mode", ctypes.c_uint32),
        ("uid", ctypes.c_int64),
        ("gid", ctypes.c_int64),
    ]


class SlotRef(ctypes.Structure):
    _fields_ = [
        ("arena", ctypes.c_void_p),
        ("ctrl", ctypes.c_void_p),
        ("uplink", ctypes.c_void_p),
        ("downlink", ctypes.c_void_p),
        ("index", ctypes.c_uint32),
        ("generation", ctypes.c_uint32),
        ("up_mask", ctypes.c_uint32),
        ("down_mask", ctypes.c_uint32),
    ]


class CCounters(ctypes.Structure):
    _fields_ = [
        ("frames_in", ctypes.c_uint64),
        ("frames_out", ctypes.c_uint64),
        ("uplink_drops", ctypes.c_uint64),
        ("downlink_underruns", ctypes.c_uint64),
        ("downlink_overruns", ctypes.c_uint64),
        ("barge_ins", ctypes.c_uint64),
        ("flushes", ctypes.c_uint64),
        ("flushed_samples", ctypes.c_uint64),
        ("marks_lost", ctypes.c_uint64),
        ("samples_in", ctypes.c_uint64),
        ("samples_out", ctypes.c_uint64),
        ("frames_read", ctypes.c_uint64),
    ]


class CMarkEvent(ctypes.Structure):
    _fields_ = [
        ("id", ctypes.c_uint32),
        ("result", ctypes.c_uint32),
        ("at_ns", ctypes.c_uint64),
    ]


class CSlotInfo(ctypes.Structure):
    _fields_ = [
        ("index", ctypes.c_uint32),
        ("state", ctypes.c_uint32),
        ("generation", ctypes.c_uint32),
        ("sample_rate", ctypes.c_uint32),
        ("flags", ctypes.c_uint32),
        ("uplink_queued", ctypes.c_uint32),
        ("downlink_queued", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("started_ns", ctypes.c_uint64),
        ("uuid", ctypes.c_char * UUID_LEN),
        ("status", ctypes.c_char * STATUS_LEN),
        ("counters", CCounters),
    ]


class CArenaInfo(ctypes.Structure):
    _fields_ = [
        ("layout_version", ctypes.c_uint32),
        ("slot_count", ctypes.c_uint32),
        ("slot_size", ctypes.c_uint32),
        ("uplink_capacity", ctypes.c_uint32),
        ("downlink_capacity", ctypes.c_uint32),
        ("max_rate", ctypes.c_uint32),
        ("creator_pid", ctypes.c_uint32),
        ("controller_pid", ctypes.c_uint32),
        ("created_ns", ctypes.c_uint64),
        ("controller_heartbeat_ns", ctypes.c_uint64),
        ("claims_refused", ctypes.c_uint64),
        ("file_size", ctypes.c_uint64),
        ("accepting", ctypes.c_uint32),
        ("active_slots", ctypes.c_uint32),
        ("boot_id", ctypes.c_char * BOOT_ID_LEN),
    ]


class CDrainEntry(ctypes.Structure):
    _fields_ = [
        ("index", ctypes.c_uint32),
        ("offset", ctypes.c_uint32),
        ("count", ctypes.c_int32),
        ("reserved", ctypes.c_uint32),
    ]


_P = ctypes.c_void_p
_REF = ctypes.POINTER(SlotRef)
# Audio buffers are passed as plain addresses (ndarray.ctypes.data): building a
# typed pointer per call costs more than the call itself.
_I16P = ctypes.c_void_p
_U32P = ctypes.POINTER(ctypes.c_uint32)
_U64P = ctypes.POINTER(ctypes.c_uint64)
_ERR = (ctypes.c_char_p, ctypes.c_size_t)

_SIGNATURES: dict[str, tuple[object, tuple[object, ...]]] = {
    "aif_strerror": (ctypes.c_char_p, (ctypes.c_int,)),
    "aif_now_ns": (ctypes.c_uint64, ()),
    "aif_arena_params_default": (None, (ctypes.POINTER(ArenaParams),)),
    "aif_arena_size_for": (ctypes.c_uint64, (ctypes.POINTER(ArenaParams),)),
    "aif_arena_create": (
        ctypes.c_int,
        (ctypes.c_char_p, ctypes.POINTER(ArenaParams), ctypes.POINTER(_P), *_ERR),
    ),
    "aif_arena_open": (ctypes.c_int, (ctypes.c_char_p, ctypes.POINTER(_P), *_ERR)),
    "aif_arena_validate": (ctypes.c_int, (_P, ctypes.c_size_t, *_ERR)),
    "aif_arena_validate_boot": (ctypes.c_int, (_P, ctypes.c_size_t, *_ERR)),
    "aif_arena_close": (None, (ctypes.POINTER(_P),)),
    "aif_arena_get_info": (None, (_P, ctypes.POINTER(CArenaInfo))),
    "aif_arena_slot_count": (ctypes.c_uint32, (_P,)),
    "aif_arena_slot_info": (ctypes.c_int, (_P, ctypes.c_uint32, ctypes.POINTER(CSlotInfo))),
    "aif_arena_ring": (None, (_P,)),
    "aif_arena_doorbell_seq": (ctypes.c_uint32, (_P,)),
    "aif_arena_doorbell_wait": (ctypes.c_uint32, (_P, ctypes.c_uint32, ctypes.c_int)),
    "aif_arena_collect_ready": (ctypes.c_uint32, (_P, _U32P, ctypes.c_uint32)),
    "aif_arena_drain": (
        ctypes.c_uint32,
        (_P, _REF, ctypes.c_uint32, _I16P, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32),
    ),
    "aif_arena_pump": (
        ctypes.c_uint32,
        (
            _P,
            _U32P,
            ctypes.c_int,
            ctypes.c_uint32,
            _U64P,
            _REF,
            ctypes.c_uint32,
            _I16P,
            ctypes.c_uint32,
            ctypes.c_void_p,
            ctypes.c_uint32,
        ),
    ),
    "aif_arena_heartbeat": (None, (_P, ctypes.c_uint32, ctypes.c_uint64)),
    "aif_arena_set_accepting": (None, (_P, ctypes.c_int)),
    "aif_slot_claim": (ctypes.c_int, (_P, ctypes.c_char_p, ctypes.c_uint32, _REF)),
    "aif_slot_release": (None, (_REF,)),
    "aif_slot_set_barge": (None, (_REF, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_int)),
    "aif_slot_set_paused": (None, (_REF, ctypes.c_int)),
    "aif_slot_on_read_frame": (ctypes.c_int, (_REF, _I16P, ctypes.c_uint32, ctypes.c_uint64)),
    "aif_slot_pull_downlink": (
        ctypes.c_uint32,
        (_REF, _I16P, ctypes.c_uint32, ctypes.c_uint64),
    ),
    "aif_slot_on_write_frame": (
        ctypes.c_uint32,
        (_REF, _I16P, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint64),
    ),
    "aif_slot_find": (ctypes.c_int, (_P, ctypes.c_char_p, _U32P, _U32P)),
    "aif_slot_attach": (
        ctypes.c_int,
        (_P, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_uint32, _REF, *_ERR),
    ),
    "aif_slot_check": (ctypes.c_int, (_REF,)),
    "aif_uplink_available": (ctypes.c_int64, (_REF,)),
    "aif_uplink_read": (ctypes.c_int64, (_REF, _I16P, ctypes.c_uint32)),
    "aif_downlink_queued": (ctypes.c_int64, (_REF,)),
    "aif_downlink_free": (ctypes.c_int64, (_REF,)),
    "aif_downlink_write": (ctypes.c_int64, (_REF, _I16P, ctypes.c_uint32)),
    "aif_downlink_end": (ctypes.c_int, (_REF,)),
    "aif_downlink_flush": (ctypes.c_int64, (_REF,)),
    "aif_mark_set": (ctypes.c_int, (_REF, ctypes.c_uint32)),
    "aif_marks_poll": (ctypes.c_int64, (_REF, ctypes.POINTER(CMarkEvent), ctypes.c_uint32)),
    "aif_slot_counters": (ctypes.c_int, (_REF, ctypes.POINTER(CCounters))),
    "aif_slot_barge_state": (ctypes.c_int, (_REF, _U32P, _U64P, _U64P)),
    "aif_slot_set_status": (ctypes.c_int, (_REF, ctypes.c_char_p)),
    "aif_slot_get_status": (ctypes.c_int, (_REF, ctypes.c_char_p, ctypes.c_size_t)),
}


def _candidates() -> list[Path]:
    found: list[Path] = []
    if os.environ.get(LIB_ENV):
        found.append(Path(os.environ[LIB_ENV]))
    spec = importlib.util.find_spec("aiframe.media._aifcore")
    if spec is not None and spec.origin:
        found.append(Path(spec.origin))
    return found


# These wait, map or unmap memory, or read a file: they release the GIL.
BLOCKING = frozenset(
    {
        "aif_arena_create",
        "aif_arena_open",
        "aif_arena_validate",
        "aif_arena_validate_boot",
        "aif_arena_close",
        "aif_arena_doorbell_wait",
        "aif_arena_pump",
    }
)


class CoreLib:
    """The core's functions as attributes, each bound with its signature."""

    def __init__(self, path: Path) -> None:
        released = ctypes.CDLL(str(path))
        held = ctypes.PyDLL(str(path))
        for name, (restype, argtypes) in _SIGNATURES.items():
            fn = getattr(released if name in BLOCKING else held, name)
            fn.restype = restype
            fn.argtypes = list(argtypes)
            setattr(self, name, fn)

    def __getattr__(self, name: str) -> Any:
        # Only reached for a name __init__ did not bind.
        raise AttributeError(f"the media core has no function {name!r}")


def _load() -> CoreLib:
    tried = _candidates()
    for path in tried:
        if path.is_file():
            return CoreLib(path)
    where = ", ".join(str(p) for p in tried) or "nowhere"
    raise MediaError(
        "the aiframe media core library is not built (looked in "
        f"{where}); run `make build` or `pip install -e .` from the repository"
    )


lib = _load()


def strerror(code: int) -> str:
    text: bytes = lib.aif_strerror(code)
    return text.decode()


__all__ = [
    "BLOCKING",
    "BOOT_ID_LEN",
    "STATUS_LEN",
    "UUID_LEN",
    "ArenaParams",
    "CArenaInfo",
    "CCounters",
    "CDrainEntry",
    "CMarkEvent",
    "CSlotInfo",
    "CoreLib",
    "SlotRef",
    "lib",
    "strerror",
]
