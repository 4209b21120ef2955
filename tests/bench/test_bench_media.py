# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The benchmark runs and reports its keys; it times nothing in pass/fail terms."""

from __future__ import annotations

import math

import pytest

from aiframe.lab.bench.media import run_media_bench


@pytest.mark.slow
def test_media_bench_reports_both_paths() -> None:
    r = run_media_bench([2], 0.8)
    for key in ("shm_p99_us", "ws_p99_us", "latency_ratio", "cpu_ratio", "streams"):
        assert key in r
    run = r["runs"][0]
    # Both paths carried every frame of the measured window.
    assert run["shm_frames"] == run["ws_frames"] == 2 * 40
    assert not math.isnan(run["shm_p99_us"]) and not math.isnan(run["ws_p99_us"])
