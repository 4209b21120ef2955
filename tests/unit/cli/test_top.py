# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe top` in a pseudo-terminal: it draws the live calls and redraws in place."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from aiframe.media import Arena


def _default_sigint() -> None:
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_top_draws_live_calls_in_a_terminal(arena_path: Path) -> None:
    with Arena.create(arena_path, slots=4, max_rate=16000) as arena:
        leg = arena.claim("top-call-0001", 16000)
        att = arena.attach(leg.index, "top-call-0001", leg.generation)
        att.set_status("speaking turn 3 step=order_help gap=540ms dec=1 conv=c-1")
        for _ in range(5):
            leg.on_read_frame(np.zeros(320, np.int16), time.monotonic_ns())
        main, child = pty.openpty()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiframe",
                "top",
                "--arena",
                str(arena_path),
                "--interval",
                "0.1",
            ],
            stdin=child,
            stdout=child,
            stderr=child,
            close_fds=True,
            # Ctrl-C must reach it whatever the test process blocked or ignored before
            # (a hub's signal watcher blocks the signals it watches, and a blocked
            # mask survives exec).
            preexec_fn=_default_sigint,
        )
        os.close(child)
        seen = b""
        deadline = time.monotonic() + 30
        while seen.count(b"\x1b[H\x1b[2J") < 3 and time.monotonic() < deadline:
            r, _, _ = select.select([main], [], [], 0.5)
            if r:
                try:
                    seen += os.read(main, 65536)
                except OSError:
                    break
        proc.send_signal(signal.SIGINT)
        # Keep reading: a top blocked on a full terminal cannot see its Ctrl-C.
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline:
            if select.select([main], [], [], 0.1)[0]:
                with contextlib.suppress(OSError):
                    os.read(main, 65536)
        try:
            assert proc.wait(1) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
            os.close(main)
    text = seen.decode(errors="replace")
    assert text.count("\x1b[H\x1b[2J") >= 3  # redrawn in place, not scrolled
    last = text.rsplit("\x1b[H\x1b[2J", 1)[-1]
    assert "1/4 calls" in last and "no controller has attached" in last
    row = next(line for line in last.splitlines() if "top-call-0001"[:13] in line)
    assert "speaking turn 3" in row and "order_help" in row and "540ms" in row
    assert row.split()[-4] == "5"  # frames in, from the C core's counters


def test_top_once_on_an_empty_arena(arena_path: Path) -> None:
    with Arena.create(arena_path, slots=2, max_rate=8000):
        r = subprocess.run(
            [sys.executable, "-m", "aiframe", "top", "--arena", str(arena_path), "--once"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert r.returncode == 0, r.stderr
    assert "0/2 calls" in r.stdout and "(no live calls)" in r.stdout


def test_top_without_an_arena_is_one_line(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "aiframe", "top", "--arena", str(tmp_path / "x"), "--once"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 2 and r.stderr.startswith("aiframe: error: ")
    assert "Traceback" not in r.stderr
