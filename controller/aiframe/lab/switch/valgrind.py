# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""FreeSWITCH with mod_aiframe under valgrind memcheck, over a short call set.

    python -m aiframe.lab.switch.valgrind [--calls N] [--keep DIR]

Starts the test switch under ``valgrind --tool=memcheck`` (FreeSWITCH's
``-vg`` keeps modules mapped at shutdown so leak stacks resolve), places
loopback calls that exercise every path of the module (uplink, downlink,
marks, barge-in, flush/pause/resume, API stop and restart, bad arguments,
hangup during injection, unload and load with a live call), shuts down, and
reports the memcheck errors and leaks whose stacks run through mod_aiframe.
Exit status: 0 when none do, 1 when some do, 2 when the run itself failed.
See docs/valgrind.md for the command line and the last result.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import (
    attach,
    hangup,
    hangup_all,
    is_event,
    originate_loopback,
    read_for,
    subscribe_aiframe,
    wait_slots_free,
    wait_start,
    wait_stop,
)
from aiframe.lab.switch.errors import TestSwitchError
from aiframe.lab.switch.signal import speechlike, tone, write_wav
from aiframe.lab.switch.testswitch import SwitchSettings, TestSwitch, find_module, require
from aiframe.media import Arena

VALGRIND = [
    "valgrind",
    "--tool=memcheck",
    "--error-limit=no",
    "--num-callers=40",
    "--leak-check=full",
    "--show-leak-kinds=definite,indirect,possible",
    "--trace-children=no",
    "-v",  # names every object it reads symbols from: proves the module was instrumented
]
MODULE_FRAME = re.compile(r"mod_aiframe|\baif_[a-z_]+|aif_fs_[a-z_]+\.c|/src/core/[a-z_]+\.c")


@dataclass(slots=True)
class MemcheckReport:
    log: Path
    error_summary: str = ""
    module_instrumented: bool = False
    blocks: list[str] = field(default_factory=list)
    module_blocks: list[str] = field(default_factory=list)

    @property
    def module_errors(self) -> list[str]:
        return [
            b for b in self.module_blocks if "are definitely lost" not in b and "lost in" not in b
        ]

    @property
    def module_leaks(self) -> list[str]:
        return [b for b in self.module_blocks if b not in self.module_errors]


def parse_memcheck(log: Path) -> MemcheckReport:
    """Split a memcheck log into its error/leak records; keep those whose stack
    runs through the module."""
    report = MemcheckReport(log)
    block: list[str] = []
    for raw in log.read_text(errors="replace").splitlines():
        line = re.sub(r"^==\d+== ?", "", raw)
        if "ERROR SUMMARY:" in line:
            report.error_summary = line.strip()
        if "Reading syms from" in line and "mod_aiframe.so" in line:
            report.module_instrumented = True
        if not line.strip():
            if block:
                text = "\n".join(block)
                report.blocks.append(text)
                if MODULE_FRAME.search(text) and re.search(
                    r"Invalid|uninitialised|Mismatched|overlap|lost in|Syscall param|"
                    r"Source and destination|free\(\)",
                    text,
                ):
                    report.module_blocks.append(text)
                block = []
            continue
        block.append(line)
    return report


def _exercise(esl: SyncEsl, arena: Arena, work: Path, calls: int) -> list[str]:
    """Every path of the module once or more; returns what was done."""
    done: list[str] = []
    speech, talk = work / "speech.wav", work / "talk.wav"
    write_wav(speech, 8000, np.concatenate([np.zeros(4000, np.int16), speechlike(4.0, 8000)]))
    write_wav(talk, 8000, np.concatenate([np.zeros(12000, np.int16), tone(300, 3.0, 8000, 12000)]))

    for i in range(calls):
        rate = 8000 if i % 2 else 16000
        call = originate_loopback(
            esl,
            "ai",
            far=[("playback", str(speech)), ("park", "")],
            rate=rate,
            variables={"aiframe_e2e_args": f"rate={8000 if i % 3 else 16000}"},
            timeout=60,
        )
        s = wait_start(esl, call.b_uuid, timeout=60)
        att = attach(arena, s)
        att.set_mark(i + 1)
        att.write(tone(1000, 1.0, s.rate))
        att.end_utterance()
        got = read_for(att, 2.0)
        done.append(f"call {i}: {rate} Hz leg, AI {s.rate} Hz, {len(got)} uplink samples")

    barge = originate_loopback(esl, "ai", far=[("playback", str(talk)), ("park", "")], timeout=60)
    s = wait_start(esl, barge.b_uuid, timeout=60)
    att = attach(arena, s)
    att.write(tone(1000, 6.0, s.rate))
    ev = esl.wait_event(is_event("aiframe::barge_in", barge.b_uuid), 20)
    done.append(f"barge-in: {'fired' if ev else 'did NOT fire'}")

    for verb in ("flush", "pause", "resume", "stop"):
        esl.api(f"uuid_aiframe {barge.b_uuid} {verb}", timeout=30)
    esl.api(f"uuid_aiframe {barge.b_uuid} start agent=again", timeout=30)
    esl.api(f"uuid_aiframe {barge.b_uuid} start", timeout=30)  # refused: already running
    for bad in ("", "x", f"{barge.b_uuid} start rate=1", f"{barge.b_uuid} start " + "k=v " * 500):
        esl.api(f"uuid_aiframe {bad}".strip(), timeout=30)
    for cmd in ("aiframe status", "aiframe status json", "aiframe reload", "aiframe drain on"):
        esl.api(cmd, timeout=30)
    esl.api("aiframe drain off", timeout=30)
    done.append("API: flush, pause, resume, stop, start again, double start, bad args, status")

    inject = originate_loopback(esl, "ai", timeout=60)
    s = wait_start(esl, inject.b_uuid, timeout=60)
    attach(arena, s).write(tone(1000, 5.0, s.rate))
    time.sleep(1.0)
    hangup(esl, inject.a_uuid)
    wait_stop(esl, inject.b_uuid, timeout=60)
    done.append("hangup during injection")

    live = originate_loopback(esl, "ai", timeout=60)
    s = wait_start(esl, live.b_uuid, timeout=60)
    attach(arena, s).write(tone(1000, 5.0, s.rate))
    time.sleep(1.0)
    esl.api("unload mod_aiframe", timeout=120)
    wait_stop(esl, live.b_uuid, timeout=60)
    esl.api(f"load {find_module().resolve()}", timeout=120)
    again = originate_loopback(esl, "ai", timeout=60)
    wait_start(esl, again.b_uuid, timeout=60)
    time.sleep(1.0)
    done.append("unload with a live call, load again, one more call")

    hangup_all(esl, timeout=60)
    return done


def run(calls: int, keep: Path | None) -> int:
    require()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian package valgrind)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="aiframe-valgrind-")) if keep is None else keep
    work.mkdir(parents=True, exist_ok=True)
    log = work / "memcheck.log"
    sw = TestSwitch(
        SwitchSettings(max_sessions=200),
        workdir=work / "fs",
        wrapper=[*VALGRIND, f"--log-file={log}"],
        flags=["-vg"],
        start_timeout=600,
    )
    t0 = time.monotonic()
    try:
        sw.start()
        assert sw.endpoint is not None
        with sw.esl(timeout=120) as esl:
            subscribe_aiframe(esl)
            arena = Arena.open(sw.endpoint.arena_path)
            try:
                done = _exercise(esl, arena, work, calls)
            finally:
                wait_slots_free(arena, timeout=60)
                arena.close()
    except TestSwitchError as e:
        print(f"valgrind run failed: {e}", file=sys.stderr)
        sw.stop(timeout=300)
        return 2
    code = sw.stop(timeout=300)
    report = parse_memcheck(log)
    print(f"memcheck log: {log} ({time.monotonic() - t0:.0f} s, FreeSWITCH exit {code})")
    for line in done:
        print(f"  {line}")
    print(f"whole process: {report.error_summary or 'no ERROR SUMMARY line (did it finish?)'}")
    if not report.module_instrumented:
        print("mod_aiframe.so never appeared in valgrind's symbol reading: nothing was checked")
        return 2
    print(
        f"records through mod_aiframe: {len(report.module_errors)} errors, "
        f"{len(report.module_leaks)} leaks"
    )
    for b in report.module_blocks:
        print("----\n" + b)
    return 1 if report.module_blocks else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aiframe.lab.switch.valgrind", description=__doc__)
    ap.add_argument("--calls", type=int, default=4, help="plain calls before the special cases")
    ap.add_argument("--keep", type=Path, default=None, help="run directory (kept)")
    args = ap.parse_args(argv)
    return run(args.calls, args.keep)


if __name__ == "__main__":
    sys.exit(main())
