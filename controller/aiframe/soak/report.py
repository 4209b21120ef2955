# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The soak's verdict: ``report.json`` and ``soak.png``.

Judgements, each with the numbers behind it:

- ``calls_completed``: every call (warm-up round included) ended with no error: the
  caller's script ran to its end, the actor did not fail, no caller frame was dropped;
- ``memory_flat``: a least-squares line through RSS over the window after
  ``fit_from_s``; its slope must be at most ``max_growth_mb_h``;
- ``fds_back``, ``threads_back``, ``slots_back``, ``shm_back``: once the last call has
  ended, threads are no more than at the idle baseline (taken after the warm-up round),
  open fds no more than at the baseline or during the warm-up (the store's connection
  pool opens its second connection when calls first overlap), no slot is active and
  our /dev/shm entries are as at the baseline;
- ``no_ring_drops``: summed over every call, no uplink drop, downlink underrun or
  overrun (running dry between utterances is not an underrun: the speaker marks the
  end of each utterance).
"""

from __future__ import annotations

import json
import os
import platform
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from aiframe.soak.driver import SoakRun
from aiframe.soak.probe import RING_KINDS, Sample

__all__ = ["build_report", "memory_slope_mb_h", "plot_soak", "write_report"]


def memory_slope_mb_h(samples: list[Sample], start_s: float, end_s: float) -> float | None:
    """RSS growth in MB per hour, fitted over samples in [start_s, end_s]."""
    pts = [(s.t_s, s.rss_kb / 1024) for s in samples if start_s <= s.t_s <= end_s]
    if len(pts) < 10:
        return None  # too few points to call it a trend
    t = np.array([p[0] for p in pts]) / 3600
    mb = np.array([p[1] for p in pts])
    slope, _ = np.polyfit(t, mb, 1)
    return round(float(slope), 3)


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def build_report(run: SoakRun) -> dict[str, Any]:
    p = run.params
    base, final = run.baseline, run.final
    samples = sorted(run.samples, key=lambda s: s.t_s)
    start, end = run.window
    fit_from = start + p.fit_from_s
    slope = memory_slope_mb_h(samples, fit_from, end)
    fitted = [s for s in samples if fit_from <= s.t_s <= end]
    done = [r for r in run.results if r.wall_s > 0]
    failed = [r for r in run.results if not r.ok]
    rings = {k: sum(r.counters.get(k, 0) for r in run.results) for k in RING_KINDS}
    judgements: dict[str, dict[str, Any]] = {}

    def judge(name: str, ok: bool, detail: str) -> None:
        judgements[name] = {"ok": bool(ok), "detail": detail}

    soak_calls = [r for r in run.results if r.phase == "soak"]
    judge(
        "calls_completed",
        bool(soak_calls) and not failed,
        f"{len(done) - len(failed)} of {len(run.results)} calls completed"
        + (f"; failed: {[(r.uuid, r.errors) for r in failed[:5]]}" if failed else ""),
    )
    judge(
        "memory_flat",
        slope is not None and slope <= p.max_growth_mb_h,
        f"RSS slope {slope} MB/h over {len(fitted)} samples from {fit_from:.0f} s "
        f"(limit {p.max_growth_mb_h} MB/h)"
        if slope is not None
        else "too few samples after warm-up to fit a line",
    )
    if base is None or final is None:
        for name in ("fds_back", "threads_back", "slots_back", "shm_back"):
            judge(name, False, "the run did not reach its end")
    else:
        # Pools (worker threads, the store's database connections) grow to their size
        # lazily, as calls first overlap; that is done by the end of the warm-up. After
        # it nothing may grow: a leak grows with every call, long after.
        warm = [x for x in samples if start <= x.t_s <= fit_from]
        fd_cap = max([base.fds, *(x.fds for x in warm)])
        th_cap = max([base.threads, *(x.threads for x in warm)])
        judge(
            "fds_back",
            final.fds <= fd_cap,
            f"open fds {base.fds} at baseline, at most {fd_cap} in warm-up, {final.fds} at end",
        )
        judge(
            "threads_back",
            final.threads <= base.threads,
            f"threads {base.threads} at baseline, {th_cap} at most in warm-up, "
            f"{final.threads} at end",
        )
        judge(
            "slots_back",
            final.slots_active == 0,
            f"active slots {base.slots_active} -> {final.slots_active}",
        )
        judge(
            "shm_back",
            final.shm_ours == base.shm_ours,
            f"our /dev/shm/aiframe* entries {base.shm_ours} -> {final.shm_ours}",
        )
    judge(
        "no_ring_drops",
        not any(rings.values()),
        ", ".join(f"{k} {v}" for k, v in rings.items()),
    )
    fd_base, fd_final = run.fd_targets.get("baseline", []), run.fd_targets.get("final", [])
    walls = [r.wall_s for r in soak_calls if r.ok]
    rss = [s.rss_kb / 1024 for s in fitted] or [s.rss_kb / 1024 for s in samples]
    return {
        "soak": "embedded",
        "params": json.loads(p.model_dump_json()),
        "fit_from_s": round(fit_from, 1),
        "window_s": [round(start, 1), round(end, 1)],
        "ok": all(j["ok"] for j in judgements.values()),
        "judgements": judgements,
        "calls": {
            "total": len(run.results),
            "warm_up": sum(1 for r in run.results if r.phase == "warm-up"),
            "soak": len(soak_calls),
            "completed": len(done) - len(failed),
            "failed": len(failed),
            "turns": sum(r.turns for r in run.results),
            "wall_s": {"p50": _pct(walls, 50), "max": max(walls) if walls else None},
            "late_host_frames": sum(r.late_frames for r in run.results),
        },
        "memory": {
            "slope_mb_per_h": slope,
            "rss_mb_baseline": round(base.rss_kb / 1024, 1) if base else None,
            "rss_mb_final": round(final.rss_kb / 1024, 1) if final else None,
            "rss_mb_fitted_min": round(min(rss), 1) if rss else None,
            "rss_mb_fitted_max": round(max(rss), 1) if rss else None,
        },
        "rings": rings,
        "fds_opened": sorted((Counter(fd_final) - Counter(fd_base)).elements()),
        "fds_closed": sorted((Counter(fd_base) - Counter(fd_final)).elements()),
        "baseline": asdict(base) if base else None,
        "final": asdict(final) if final else None,
        "machine": {
            "cores": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "call_results": [{**asdict(r), "ok": r.ok} for r in run.results],
        "samples": [asdict(s) for s in samples],
    }


def plot_soak(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    samples = report["samples"]
    t = np.array([s["t_s"] for s in samples]) / 60
    fig, ax = plt.subplots(5, 1, figsize=(10, 12), sharex=True)
    rss = np.array([s["rss_kb"] for s in samples]) / 1024
    ax[0].plot(t, rss, lw=1, color="#3182bd", label="RSS")
    slope = report["memory"]["slope_mb_per_h"]
    start, end = report["fit_from_s"], report["window_s"][1]
    fit = [(x, y) for x, y in zip(t * 60, rss, strict=True) if start <= x <= end]
    if slope is not None and fit:
        xs = np.array([f[0] for f in fit])
        b = float(np.polyfit(xs / 3600, [f[1] for f in fit], 1)[1])
        ax[0].plot(xs / 60, b + slope * xs / 3600, "--", color="#e6550d", label=f"{slope} MB/h")
    ax[0].set_ylabel("RSS (MB)")
    ax[0].legend(loc="lower right")
    ax[1].plot(t, [s["fds"] for s in samples], lw=1, label="open fds")
    ax[1].plot(t, [s["threads"] for s in samples], lw=1, label="threads")
    ax[1].legend(loc="lower right")
    ax[2].plot(t, [s["slots_active"] for s in samples], lw=1, label="active slots")
    ax[2].plot(t, [s["shm_ours"] for s in samples], lw=1, label="/dev/shm/aiframe* (ours)")
    ax[2].legend(loc="lower right")
    for k in RING_KINDS:
        ax[3].plot(t, [s[k] for s in samples], lw=1, label=k)
    ax[3].set_ylabel("ring counters")
    ax[3].legend(loc="upper left")
    ax[4].plot(t, [s["calls_done"] for s in samples], lw=1, label="calls ended")
    ax[4].plot(t, [s["calls_live"] for s in samples], lw=1, label="calls live")
    ax[4].set_xlabel("minutes")
    ax[4].legend(loc="upper left")
    for a in ax:
        a.axvspan(report["window_s"][0] / 60, report["window_s"][1] / 60, color="#eeeeee", zorder=0)
    verdict = "OK" if report["ok"] else "FAILED"
    fig.suptitle(f"aiframe soak: {report['calls']['total']} calls, {verdict}")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write_report(run: SoakRun, out_dir: Path) -> dict[str, Any]:
    """report.json and soak.png in ``out_dir``; returns the report."""
    report = build_report(run)
    (out_dir / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    plot_soak(report, out_dir / "soak.png")
    return report
