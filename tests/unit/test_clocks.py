# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Clock jumps cannot reach the calls: everything that times media, turns, timers,
heartbeats and the controller-lost rule reads CLOCK_MONOTONIC, which does not jump.

The wall clock is read only where a date is the point: the store's timestamps and
its retention purge, the arena header's creation time (shown, never compared), model
download records and the benchmark reports. These tests keep it that way: a wall-clock
read added to the call path fails here (docs/reliability.md, "Clock jumps").
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "controller" / "aiframe"
# The call path: the media plane, the runtime, the conversation loop, the brain,
# the policy gate, the speech engines, the module's own code.
CALL_PATH = (
    "media",
    "runtime",
    "conversation",
    "brain",
    "policy",
    "speech",
    "lab/soak",
    "lab/fakes",
)
WALL = re.compile(
    r"\btime\.time(_ns)?\(|\bdatetime\.now\(|\butcnow\(|\btime\.localtime\(|\bdate\.today\("
)
# Where a wall-clock read is the point, and why.
ALLOWED = {
    "speech/cache.py",  # when a model was pulled, in its record
    "brain/agent/slots.py",  # "tomorrow" in what the caller said is a date (the demo pins today)
    "lab/fakes/switch.py",  # the ESL double stamps events as FreeSWITCH does
    "conversation/recorder.py",  # an audit record says when, in UTC, for the people reading it
    "conversation/tracing.py",  # span times are wall-clock nanoseconds in OpenTelemetry
}


def _python_sources() -> list[Path]:
    return [p for d in CALL_PATH for p in sorted((PKG / d).rglob("*.py"))]


def test_the_call_path_reads_no_wall_clock() -> None:
    offenders, allowed_seen = [], set()
    for path in _python_sources():
        rel = path.relative_to(PKG).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if not WALL.search(code):
                continue
            if rel in ALLOWED:
                allowed_seen.add(rel)
            else:
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "wall-clock reads on the call path:\n" + "\n".join(offenders)
    assert allowed_seen == ALLOWED  # an exception no longer needed is taken off the list


def test_the_c_core_and_module_use_monotonic_time_except_the_creation_stamp() -> None:
    hits = []
    for path in sorted((ROOT / "mod_aiframe" / "src").rglob("*.[ch]")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"CLOCK_REALTIME|gettimeofday|\btime\(NULL\)", line):
                hits.append((path.relative_to(ROOT).as_posix(), line.strip()))
    # The arena header's created_ns: a date for `aiframe arena info`, compared with nothing.
    assert hits == [("mod_aiframe/src/core/arena.c", "clock_gettime(CLOCK_REALTIME, &ts);")]
