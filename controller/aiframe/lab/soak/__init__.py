# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe soak``: calls continuously on the embedded host, resources every second,
a verdict at the end (docs/reliability.md)."""

from __future__ import annotations

from aiframe.lab.soak.driver import SoakParams, SoakRun, run_soak
from aiframe.lab.soak.report import build_report, write_report

__all__ = ["SoakParams", "SoakRun", "build_report", "run_soak", "write_report"]
