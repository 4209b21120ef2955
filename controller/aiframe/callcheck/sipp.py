# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A SIP caller from sipp: the scenario (``sipp_caller.xml``), its ports and its
command line. sipp streams ``caller.ulaw`` from its working directory as G.711 RTP."""

from __future__ import annotations

import random
import shutil
import socket
from pathlib import Path

from aiframe.errors import AiframeError

__all__ = ["SIPP_CALLER", "SippMissingError", "free_ports", "sipp_command", "write_scenario"]

SIPP_CALLER = Path(__file__).with_name("sipp_caller.xml")


class SippMissingError(AiframeError):
    """sipp is not installed."""


def write_scenario(directory: Path, hold_ms: int) -> Path:
    """The scenario, hanging up ``hold_ms`` after the answer, written into ``directory``."""
    path = directory / SIPP_CALLER.name
    path.write_text(SIPP_CALLER.read_text().replace("@HOLD_MS@", str(int(hold_ms))))
    return path


def free_ports(below: int = 32768, low: int = 10000) -> tuple[int, int]:
    """A free UDP port for sipp's SIP and a free even one (and the next two: RTCP, and
    sipp's second media stream) for its RTP, below ``below`` (the switch's RTP range)
    and the kernel's ephemeral ports, where nothing else picks ports meanwhile."""
    high = min(below, 32768) - 4
    for _ in range(200):
        sip = random.randrange(low, high)
        rtp = random.randrange(low, high) & ~1
        if abs(sip - rtp) > 3 and all(_udp_free(p) for p in (sip, rtp, rtp + 1, rtp + 2)):
            return sip, rtp
    raise AiframeError(f"no free UDP ports for sipp between {low} and {high}")


def _udp_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def sipp_command(
    target: str,
    scenario: Path,
    *,
    service: str,
    caller: str,
    local_ip: str,
    ports: tuple[int, int],
    timeout_s: float,
) -> list[str]:
    """One call from ``caller`` to ``service`` at ``target`` (host:port)."""
    sipp = shutil.which("sipp")
    if sipp is None:
        raise SippMissingError(
            "sipp is not installed (Debian package sip-tester); or use --via loopback"
        )
    sip_port, rtp_port = ports
    return [
        *(sipp, target, "-sf", str(scenario)),
        *("-s", service, "-key", "caller", caller, "-i", local_ip),
        *("-p", str(sip_port), "-mp", str(rtp_port), "-m", "1", "-l", "1", "-nostdin"),
        *("-timeout", f"{int(timeout_s)}s", "-timeout_error"),
    ]
