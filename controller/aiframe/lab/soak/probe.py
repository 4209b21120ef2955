# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the soak records every second: the process's resources and the arena's.

Everything is read from ``/proc/self`` (or ``/proc/<pid>`` of the switch and the
controller, when the soak drives FreeSWITCH) and the arena itself, the places an operator
would look, so a number here is one ``ps``/``ls``/``aiframe arena info`` would agree
with.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from aiframe.media.arena import Arena

__all__ = [
    "RING_KINDS",
    "Sample",
    "fd_targets",
    "fds",
    "process_status",
    "shm_entries",
    "thread_names",
]

RING_KINDS = ("uplink_drops", "downlink_underruns", "downlink_overruns")


@dataclass(frozen=True, slots=True)
class Sample:
    t_s: float  # since the soak started (CLOCK_MONOTONIC)
    rss_kb: int
    fds: int
    threads: int
    slots_active: int
    shm_entries: int  # every aiframe* entry in /dev/shm (other processes' too)
    shm_ours: int  # those named with this process's pid: what the judgement uses
    uplink_drops: int
    downlink_underruns: int
    downlink_overruns: int
    calls_live: int
    calls_done: int


def process_status(pid: int | None = None) -> tuple[int, int]:
    """(VmRSS in kB, threads) of this process, or of process ``pid``."""
    rss = threads = 0
    with open(f"/proc/{pid or 'self'}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, threads


def fds(pid: int | None = None) -> int:
    """Open file descriptors of this process (the listing's own descriptor is closed
    again at once), or of process ``pid``."""
    if pid is not None:
        return len(os.listdir(f"/proc/{pid}/fd"))
    return len(os.listdir("/proc/self/fd")) - 1


def fd_targets(pid: int | None = None) -> list[str]:
    """What each open fd points at, for the report when the count moved."""
    base = f"/proc/{pid or 'self'}/fd"
    out = []
    for name in os.listdir(base):
        try:
            out.append(os.readlink(f"{base}/{name}"))
        except OSError:
            continue  # the listing's own descriptor, closed already
    return sorted(out)


def thread_names(pid: int | None = None) -> list[str]:
    """Every thread's name (native ones too: ONNX Runtime's, CTranslate2's), for the
    report when the count moved."""
    base = f"/proc/{pid or 'self'}/task"
    out = []
    for task in os.listdir(base):
        try:
            with open(f"{base}/{task}/comm", encoding="utf-8") as f:
                out.append(f.read().strip())
        except OSError:
            continue  # it ended while we looked
    return sorted(out)


def shm_entries(shm_dir: Path = Path("/dev/shm"), mine: str | None = None) -> tuple[int, int]:
    """Entries named ``aiframe*`` in /dev/shm: all of them, and the soak's own, those
    named starting with ``mine`` (default: its arena, which carries this process's pid;
    other processes' arenas, and other arenas of a process the soak runs in, such as a
    test session's, must not fail its judgement)."""
    mine = mine or f"aiframe-soak-{os.getpid()}"
    try:
        names = [p.name for p in shm_dir.iterdir() if p.name.startswith("aiframe")]
    except OSError:
        return 0, 0
    return len(names), sum(1 for n in names if n.startswith(mine))


def active_slots(arena: Arena) -> int:
    return arena.info().active_slots
