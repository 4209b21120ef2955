# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The metrics the controller exports, and the shipped Grafana dashboard that charts them."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

from aiframe.metrics import REGISTRY, RUNTIME
from aiframe.runtime.pump import PumpStats

DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana-dashboard.json"


def exported() -> set[str]:
    RUNTIME.pump_source(lambda: asdict(PumpStats(wakes=1, max_pass_us=10)))
    RUNTIME.store_source(
        lambda: {"queued": 0, "last_lag_s": 0.0, "written": 0, "retries": 0, "outage_since": None}
    )
    try:
        names: set[str] = set()
        for fam in REGISTRY.collect():  # labelled metrics have no samples until used
            suffixes = {
                "counter": ("_total",),
                "histogram": ("_bucket", "_count", "_sum"),
            }.get(fam.type, ("",))
            names |= {fam.name + s for s in suffixes}
        return names
    finally:
        RUNTIME.pump_source(None)
        RUNTIME.store_source(None)


def test_every_dashboard_query_names_an_exported_metric() -> None:
    names = exported()
    dash = json.loads(DASHBOARD.read_text())
    used = {
        m
        for p in dash["panels"]
        for t in p["targets"]
        for m in re.findall(r"\baiframe_[a-z_]+", t["expr"])
    }
    assert used, "the dashboard queries nothing"
    assert sorted(used - names) == []


def test_the_issue_s_metrics_are_all_there() -> None:
    names = exported()
    for want in (
        "aiframe_calls_active",
        "aiframe_turns_total",
        "aiframe_turn_stage_seconds_bucket",
        "aiframe_response_gap_seconds_bucket",
        "aiframe_barge_ins_total",
        "aiframe_policy_decisions_total",
        "aiframe_tool_calls_total",
        "aiframe_ring_events_total",
        "aiframe_pump_max_pass_seconds",
        "aiframe_pump_edges_total",
        "aiframe_pump_vad_step_max_seconds",
        "aiframe_inference_seconds_bucket",
        "aiframe_store_write_lag_seconds",
    ):
        assert want in names, want
