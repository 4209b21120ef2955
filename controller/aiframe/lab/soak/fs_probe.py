# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What ``aiframe soak --through freeswitch`` records every second, and what it reads
off the switch.

Two processes' resources (``/proc/<pid>``: the controller's and FreeSWITCH's), the
arena's active slots, ``/dev/shm/aiframe*`` entries, FreeSWITCH's channels and the
media bugs mod_aiframe has on them (``uuid_buglist``, FreeSWITCH's own list, not the
module's), and the ring counters: each ended call's from its ``aiframe::stop``, each
live call's from its slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiframe.esl.sync import SyncEsl
from aiframe.esl.wire import EslEvent
from aiframe.lab.switch.calls import channels

__all__ = [
    "BUG_NAME",
    "STOP_COUNTERS",
    "SwitchSample",
    "count_bugs",
    "media_bugs",
    "stop_counters",
]

BUG_NAME = "aiframe"  # AIF_FS_BUG_NAME in mod_aiframe/src/module/aif_fs.h

# aiframe::stop header -> counter name (docs/operator-guide.md, "mod_aiframe events")
STOP_COUNTERS = {
    "aiframe-uplink-drops": "uplink_drops",
    "aiframe-downlink-underruns": "downlink_underruns",
    "aiframe-downlink-overruns": "downlink_overruns",
    "aiframe-frames-in": "frames_in",
    "aiframe-frames-out": "frames_out",
    "aiframe-barge-ins": "barge_ins",
    "aiframe-flushes": "flushes",
}

_FUNCTION = re.compile(r"<function>([^<]*)</function>")


@dataclass(frozen=True, slots=True)
class SwitchSample:
    t_s: float  # since the soak started (CLOCK_MONOTONIC)
    ctl_rss_kb: int
    ctl_fds: int
    ctl_threads: int
    fs_rss_kb: int
    fs_fds: int
    fs_threads: int
    slots_active: int
    channels: int  # -1: the switch did not answer in time
    media_bugs: int  # mod_aiframe's, on every channel; -1 as above
    shm_entries: int  # every aiframe* entry in /dev/shm (other processes' too)
    shm_ours: int  # the switch's arena, which carries this process's pid
    uplink_drops: int
    downlink_underruns: int
    downlink_overruns: int
    calls_live: int
    calls_done: int


def count_bugs(buglist: str, name: str = BUG_NAME) -> int:
    """The media bugs called ``name`` in a ``uuid_buglist`` reply."""
    return sum(1 for f in _FUNCTION.findall(buglist) if f.strip() == name)


def media_bugs(esl: SyncEsl) -> tuple[int, int]:
    """(channels, mod_aiframe media bugs on them) as FreeSWITCH lists them."""
    rows = channels(esl)
    bugs = 0
    for row in rows:
        uuid = str(row.get("uuid") or "")
        if uuid:
            # A channel that ended between the two commands answers -ERR: no bug.
            bugs += count_bugs(esl.api(f"uuid_buglist {uuid}"))
    return len(rows), bugs


def stop_counters(ev: EslEvent) -> dict[str, int]:
    """The counters an ``aiframe::stop`` carries, by their arena names."""
    out: dict[str, int] = {}
    for header, name in STOP_COUNTERS.items():
        value = ev.get(header)
        if value is not None and value.strip().isdigit():
            out[name] = int(value)
    return out
