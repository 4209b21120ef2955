# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe soak --cheap`` for 40 s: calls back to back on the embedded host, the
report's shape and its verdict; and ``aiframe soak --through freeswitch`` for 40 s
(two lanes of a short caller against ``aiframe run``, skipped without FreeSWITCH).

The model-free engines keep everything but the inference (the arena, the pump, the
actors, the conversation loop, the store), so the test runs without the models. Forty
seconds is far too short to measure growth per hour, so the memory limit is set
generous here; the judgement is still computed and reported. Whether a ring ran dry
depends on how much CPU the machine has to spare (a timing fact, which the soak itself
judges), so here the ring counters are checked to add up, not to be zero.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import structlog
from click.testing import CliRunner

from aiframe.cli import cli
from aiframe.lab.soak.fs_driver import SwitchSoakParams
from aiframe.lab.soak.fs_probe import SwitchSample
from aiframe.lab.soak.probe import Sample
from aiframe.lab.soak.report import memory_slope_mb_h, retained_mb
from aiframe.lab.switch.testswitch import absent_reason, unavailable

pytestmark = [pytest.mark.slow]

JUDGEMENTS = {
    "calls_completed",
    "memory_flat",
    "fds_back",
    "threads_back",
    "slots_back",
    "shm_back",
    "no_ring_drops",
}


@pytest.fixture(scope="module")
def soak_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    out = tmp_path_factory.mktemp("soak")
    saved = structlog.get_config()
    try:
        result = CliRunner().invoke(
            cli,
            [
                "soak",
                "--cheap",
                "--calls",
                "2",
                "--minutes",
                "0.67",
                "--warmup-s",
                "0",
                "--max-growth-mb-h",
                "100000",
                "--out",
                str(out),
            ],
            catch_exceptions=False,
        )
    finally:
        structlog.configure(**saved)
    return result.exit_code, result.output, out


def test_the_soak_judges_and_writes_its_report(soak_run):
    code, output, out = soak_run
    assert (out / "soak.png").stat().st_size > 10_000
    report = json.loads((out / "report.json").read_text())
    assert set(report["judgements"]) == JUDGEMENTS
    untimed = {k: j for k, j in report["judgements"].items() if k != "no_ring_drops"}
    assert all(j["ok"] for j in untimed.values()), report["judgements"]
    # The exit status and the last line follow the verdict.
    assert report["ok"] == all(j["ok"] for j in report["judgements"].values())
    assert code == (0 if report["ok"] else 1), output
    assert ("result: OK" if report["ok"] else "result: FAILED") in output


def test_calls_started_and_ended_all_the_time(soak_run):
    report = json.loads((soak_run[2] / "report.json").read_text())
    calls = report["call_results"]
    assert report["calls"]["warm_up"] == 2
    # Two lanes, each a call after another: more than one call per lane in the window.
    per_lane = {
        lane: [c for c in calls if c["lane"] == lane and c["phase"] == "soak"] for lane in (0, 1)
    }
    assert all(len(v) >= 2 for v in per_lane.values()), per_lane
    assert all(c["ok"] and not c["errors"] for c in calls)
    assert all(c["turns"] >= 2 for c in calls)  # the greeting and the caller's question
    assert len({c["uuid"] for c in calls}) == len(calls)


def test_every_second_is_recorded_and_the_counters_return_to_baseline(soak_run):
    report = json.loads((soak_run[2] / "report.json").read_text())
    samples = report["samples"]
    fields = set(Sample.__dataclass_fields__)
    assert all(set(s) == fields for s in samples)
    start, end = report["window_s"]
    in_window = [s for s in samples if start <= s["t_s"] <= end]
    assert len(in_window) >= 0.8 * (end - start)  # about one a second
    assert max(s["slots_active"] for s in in_window) == 2  # the lanes were busy
    base, final = report["baseline"], report["final"]
    assert base["slots_active"] == final["slots_active"] == 0
    assert final["fds"] <= base["fds"] and final["threads"] <= base["threads"]
    assert final["shm_ours"] == base["shm_ours"] == 1  # the soak's own arena
    summed = {k: sum(c["counters"][k] for c in report["call_results"]) for k in report["rings"]}
    assert report["rings"] == summed == {k: final[k] for k in summed}
    assert report["judgements"]["no_ring_drops"]["ok"] == (not any(summed.values()))
    mem = report["memory"]
    assert mem["slope_mb_per_h"] is not None and mem["slope_stderr_mb_per_h"] >= 0
    assert len(mem["retained_mb"]) >= 3  # the fit is through each stretch's lowest RSS
    assert all(start <= t <= end for t, _ in mem["retained_mb"])


def _samples(rss_kb: list[int]) -> list[Sample]:
    return [Sample(float(t), kb, 10, 5, 0, 1, 1, 0, 0, 0, 0, 0) for t, kb in enumerate(rss_kb)]


def test_the_memory_slope_is_a_fitted_line_in_mb_per_hour():
    # 1 kB a second is 3600 kB an hour: 3.52 MB/h.
    assert memory_slope_mb_h(_samples([1000 + t for t in range(60)]), 0, 60) == pytest.approx(
        3.516, abs=0.01
    )
    assert memory_slope_mb_h(_samples([5000] * 60), 0, 60) == 0
    assert memory_slope_mb_h(_samples([5000] * 60), 55, 60) is None  # too few points


def test_the_retained_memory_is_each_stretchs_lowest_rss():
    # A sawtooth (calls come and go) over a flat floor: the floor is what is kept.
    saw = [1000 + 50 * (t % 10) for t in range(600)]
    kept = retained_mb(_samples(saw), 0, 599)
    assert len(kept) == 10 and {mb for _, mb in kept} == {1000 / 1024}


# ---- through FreeSWITCH ------------------------------------------------------------------

SWITCH_JUDGEMENTS = {
    "calls_completed",
    "controller_memory_flat",
    "freeswitch_memory_flat",
    "controller_fds_back",
    "controller_threads_back",
    "freeswitch_fds_back",
    "freeswitch_threads_back",
    "slots_back",
    "media_bugs_back",
    "shm_back",
    "no_ring_drops",
}


def test_without_freeswitch_the_switch_soak_says_so_in_one_line(
    tmp_path: Path, refused_without_freeswitch
) -> None:
    refused_without_freeswitch("soak", "--through", "freeswitch", "--out", str(tmp_path))
    assert not (tmp_path / "report.json").exists()


@pytest.fixture(scope="module")
def switch_soak(
    tmp_path_factory: pytest.TempPathFactory, short_switch_soak: SwitchSoakParams
) -> dict[str, Any]:
    """Two lanes for 40 s of a short caller (two lines) through a real FreeSWITCH."""
    reason = absent_reason()
    if reason is not None:
        unavailable(f"e2e: {reason}")
    from aiframe.config import Settings
    from aiframe.lab.soak.fs_driver import run_switch_soak
    from aiframe.lab.soak.fs_report import write_switch_report

    out = tmp_path_factory.mktemp("soak-fs")
    run = run_switch_soak(Settings(), short_switch_soak, out)
    report = write_switch_report(run, out)
    assert (out / "soak.png").stat().st_size > 10_000
    assert json.loads((out / "report.json").read_text())["ok"] == report["ok"]
    return report


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.models
def test_the_switch_soak_completes_every_call_and_gives_everything_back(
    switch_soak: dict[str, Any],
) -> None:
    report = switch_soak
    assert report["soak"] == "freeswitch"
    assert set(report["judgements"]) == SWITCH_JUDGEMENTS
    must = ("calls_completed", "slots_back", "media_bugs_back", "shm_back")
    assert all(report["judgements"][k]["ok"] for k in must), report["judgements"]
    assert report["ok"] == all(j["ok"] for j in report["judgements"].values())
    calls = report["call_results"]
    assert report["calls"]["warm_up"] == 2
    assert {c["lane"] for c in calls if c["phase"] == "soak"} == {0, 1}
    assert len({c["b_uuid"] for c in calls}) == len(calls)
    for c in calls:
        assert c["ok"] and c["stop_reason"] == "hangup", c
        assert c["attached_by_module"] and c["attached_by_controller"], c
        assert c["turns"] >= 1, c  # the greeting at least, in the controller's store


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.models
def test_the_switch_soak_records_both_processes_every_second(
    switch_soak: dict[str, Any],
) -> None:
    report = switch_soak
    samples = report["samples"]
    fields = set(SwitchSample.__dataclass_fields__)
    assert all(set(s) == fields for s in samples)
    start, end = report["window_s"]
    in_window = [s for s in samples if start <= s["t_s"] <= end]
    assert len(in_window) >= 0.8 * (end - start)  # about one a second
    assert max(s["slots_active"] for s in in_window) == 2  # the lanes were busy
    assert max(s["media_bugs"] for s in in_window) == 2  # one tap per call, on its ai leg
    base, final = report["baseline"], report["final"]
    for k in ("slots_active", "media_bugs", "channels"):
        assert base[k] == final[k] == 0, k
    assert final["shm_ours"] == base["shm_ours"] == 1  # the switch's arena
    assert all(s["ctl_rss_kb"] > 0 and s["fs_rss_kb"] > 0 for s in samples)
    summed = {k: sum(c["counters"][k] for c in report["call_results"]) for k in report["rings"]}
    assert report["rings"] == summed == {k: final[k] for k in summed}
    for name in ("controller", "freeswitch"):
        mem = report["memory"][name]
        assert mem["slope_mb_per_h"] is not None and mem["slope_stderr_mb_per_h"] >= 0
        assert set(report["processes"][name]) == {
            "fds_opened",
            "fds_closed",
            "threads_started",
            "threads_ended",
        }


@pytest.fixture(scope="module")
def sipp_soak(
    tmp_path_factory: pytest.TempPathFactory, short_switch_soak: SwitchSoakParams
) -> dict[str, Any]:
    """The same short soak with its callers over SIP and RTP from sipp."""
    reason = absent_reason() or (None if shutil.which("sipp") else "sipp is not installed")
    if reason is not None:
        unavailable(f"e2e: {reason}")
    from aiframe.config import Settings
    from aiframe.lab.soak.fs_driver import run_switch_soak
    from aiframe.lab.soak.fs_report import write_switch_report

    out = tmp_path_factory.mktemp("soak-sipp")
    run = run_switch_soak(Settings(), short_switch_soak.model_copy(update={"caller": "sipp"}), out)
    return write_switch_report(run, out)


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.models
def test_the_switch_soak_over_sip_completes_every_call(sipp_soak: dict[str, Any]) -> None:
    report = sipp_soak
    assert report["params"]["caller"] == "sipp"
    must = ("calls_completed", "slots_back", "media_bugs_back", "shm_back")
    assert all(report["judgements"][k]["ok"] for k in must), report["judgements"]
    calls = report["call_results"]
    assert {c["lane"] for c in calls if c["phase"] == "soak"} == {0, 1}
    for c in calls:
        assert c["ok"] and c["stop_reason"] == "hangup", c
        assert c["channel"].startswith("sofia/"), c  # a SIP call, not loopback
        assert c["attached_by_controller"] and c["caller_turns"] >= 1, c  # it was heard
    final = report["final"]
    assert final["channels"] == final["media_bugs"] == 0
