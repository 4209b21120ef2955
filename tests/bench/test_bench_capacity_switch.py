# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench capacity --through freeswitch`: the histogram arithmetic, the refusal
without FreeSWITCH, and the keys of a tiny run. It times nothing in pass/fail terms."""

from __future__ import annotations

import pytest

from aiframe.lab.bench.capacity_switch import gap_histogram, histogram_quantile
from aiframe.lab.switch.testswitch import absent_reason, unavailable

SCRAPE = """# HELP aiframe_response_gap_seconds End of the caller's speech to the first AI frame
# TYPE aiframe_response_gap_seconds histogram
aiframe_response_gap_seconds_bucket{le="0.1"} 0.0
aiframe_response_gap_seconds_bucket{le="0.5"} 4.0
aiframe_response_gap_seconds_bucket{le="1.0"} 9.0
aiframe_response_gap_seconds_bucket{le="+Inf"} 10.0
aiframe_response_gap_seconds_count 10.0
aiframe_response_gap_seconds_sum 5.5
aiframe_turn_stage_seconds_bucket{le="0.1",stage="asr"} 3.0
"""


def test_the_gap_buckets_are_read_from_a_scrape() -> None:
    h = gap_histogram(SCRAPE)
    assert h == {0.1: 0.0, 0.5: 4.0, 1.0: 9.0, float("inf"): 10.0}


def test_quantiles_interpolate_within_the_bucket_like_prometheus() -> None:
    after = gap_histogram(SCRAPE)
    # The median is the 5th of 10: one of the five between 0.5 and 1.0 s.
    assert histogram_quantile(0.5, {}, after) == pytest.approx(0.5 + 0.5 * 1 / 5)
    # Only what the window added counts: take away a scrape that already had 4 under 0.5 s.
    before = {0.1: 0.0, 0.5: 4.0, 1.0: 4.0, float("inf"): 4.0}
    assert histogram_quantile(0.5, before, after) == pytest.approx(0.5 + 0.5 * 3 / 5)
    # Beyond the last finite bound all that is known is the bound.
    assert histogram_quantile(0.99, {}, after) == pytest.approx(1.0)


def test_no_responses_in_the_window_is_no_quantile() -> None:
    after = gap_histogram(SCRAPE)
    assert histogram_quantile(0.95, after, after) is None
    assert histogram_quantile(0.95, {}, {}) is None


def test_without_freeswitch_it_says_so_in_one_line(refused_without_freeswitch) -> None:
    refused_without_freeswitch("bench", "capacity", "--through", "freeswitch")


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.models
def test_a_tiny_run_through_freeswitch_reports_each_step() -> None:
    reason = absent_reason()
    if reason is not None:
        unavailable(f"e2e: {reason}")
    from aiframe.lab.bench.capacity_switch import run_switch_capacity

    r = run_switch_capacity([2], seconds=2.0, warm_s=1.0, talker_share=0.5)
    (step,) = r["runs"]
    assert r["through"] == "freeswitch"
    assert step["calls"] == step["attached"] == 2
    assert step["talkers"] == 1
    assert step["controller_cpu_percent_of_one_core"] > 0
    assert step["switch_cpu_percent_of_one_core"] > 0
    assert step["controller_rss_mb"] > 100  # it holds the speech models
    assert r["max_calls"] == (2 if step["ok"] else 0)
