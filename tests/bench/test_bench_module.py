# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench module`: its keys on a tiny run, and its one-line refusal
without FreeSWITCH. It times nothing in pass/fail terms."""

from __future__ import annotations

import math

import pytest

from aiframe.fs.testswitch import absent_reason, unavailable


def test_without_freeswitch_it_says_so_in_one_line(refused_without_freeswitch) -> None:
    refused_without_freeswitch("bench", "module", "--json")


@pytest.mark.e2e
@pytest.mark.slow
def test_module_bench_reports_both_paths() -> None:
    reason = absent_reason()
    if reason is not None:
        unavailable(f"e2e: {reason}")
    from aiframe.bench.module import run_module_bench

    r = run_module_bench([3], window_s=1.0, settle_s=0.5, barge_trials=2)
    (cpu,) = r["cpu"]
    assert cpu["channels_with"] == cpu["channels_without"] == 6
    assert cpu["with_module_ms_per_call_s"] > 0 and cpu["without_module_ms_per_call_s"] > 0
    for path in ("in_switch", "controller_side"):
        b = r["barge_in"][path]
        assert b["trials"] == 2 and b["flushed"] == 2, b
        assert not math.isnan(b["p50_ms"])
