# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The real controller, ``aiframe run`` with the conversation handler, as its own
process against a test switch (``aiframe.lab.switch.testswitch``).

What benchmarks and the soak run when they need the product itself beside a real
FreeSWITCH: it is configured only through ``AIFRAME_*`` environment variables, as an
operator's unit file would, and its stderr goes to ``controller.log`` in the work
directory.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aiframe.lab.switch.errors import ControllerStartError
from aiframe.lab.switch.testswitch import TestSwitch
from aiframe.media import Arena

__all__ = ["CONVERSATION_HANDLER", "ControllerProcess", "terminate"]

CONVERSATION_HANDLER = "aiframe.conversation.service:conversation_handler"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ControllerProcess:
    """``python -m aiframe run`` with the conversation handler, against ``sw``.

    Returns from the constructor once the controller has mapped the switch's arena
    (its pid is in the arena header). ``env`` adds or overrides settings, e.g.
    ``{"AIFRAME_STORE__ENABLED": "false"}``."""

    def __init__(
        self,
        sw: TestSwitch,
        work: Path,
        *,
        env: Mapping[str, str] | None = None,
        start_timeout: float = 120.0,
    ) -> None:
        if sw.endpoint is None:
            raise ControllerStartError("the test switch is not running")
        ep = sw.endpoint
        self.metrics_port = _free_port()
        self.log_path = work / "controller.log"
        full = {
            **os.environ,
            "AIFRAME_ESL__PORT": str(ep.esl_port),
            "AIFRAME_ESL__PASSWORD": ep.esl_password,
            "AIFRAME_MEDIA__ARENA_PATH": str(ep.arena_path),
            "AIFRAME_LOG__LEVEL": "warning",
            "AIFRAME_METRICS__PORT": str(self.metrics_port),
            "AIFRAME_CONTROLLER__HANDLER": CONVERSATION_HANDLER,
            "AIFRAME_CONTROLLER__EXIT_WHEN_DRAINED": "false",
            # Above conversation.barge_in.decide_ms, so the conversation decides first.
            "AIFRAME_CONTROLLER__BARGE_IN_DECIDE_MS": "2500",
            "AIFRAME_BRAIN__DATA_DIR": str(work / "brain"),
            **(env or {}),
        }
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aiframe", "run"], env=full, stderr=self._log
        )
        try:
            self._await_mapped(ep.arena_path, start_timeout)
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _await_mapped(self, arena_path: Path, timeout: float) -> None:
        with Arena.open(arena_path) as arena:
            deadline = time.monotonic() + timeout
            while arena.info().controller_pid != self.proc.pid:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    how = (
                        f"exited with status {self.proc.returncode}"
                        if self.proc.poll() is not None
                        else f"had not mapped the arena after {timeout:.0f} s"
                    )
                    raise ControllerStartError(
                        f"the controller did not start: it {how} (log: {self.log_path})\n"
                        + self.log_path.read_text(errors="replace")[-2000:]
                    )
                time.sleep(0.2)

    def scrape(self) -> str:
        """The controller's Prometheus metrics, as text."""
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as r:
            text: str = r.read().decode()
            return text

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout``; returns the exit status."""
        terminate(self.proc, timeout)
        self._log.close()
        return self.proc.returncode


def terminate(proc: subprocess.Popen[Any], timeout: float) -> None:
    """SIGTERM, then SIGKILL after ``timeout``; returns once the process is gone."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
