# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The soak's verdict: ``report.json`` and ``soak.png``.

Judgements, each with the numbers behind it:

- ``calls_completed``: every call (warm-up round included) ended with no error: the
  caller's script ran to its end, the actor did not fail, no caller frame was dropped;
- ``memory_flat``: a least-squares line through the retained memory (each minute's
  lowest RSS: calls' working memory comes and goes, what is kept stays) from
  ``fit_from_s`` (default half the window) to the end. It fails when the slope is
  above ``max_growth_mb_h`` by more than twice its standard error: a short run cannot
  measure 1 MB/h, so it fails only on growth it can show (``conclusive`` says whether
  the run was long enough to judge the limit itself);
- ``fds_back``, ``threads_back``, ``slots_back``, ``shm_back``: once the last call has
  ended, open fds and threads are no more than at the idle baseline (taken after the
  warm-up round) or, if more, than they were in the first half of the window (pools
  grow lazily to their size as calls first overlap at their busiest: the store's second
  database connection, the brain pool's workers; a leak keeps growing after), no slot is
  active and our /dev/shm entries are as at the baseline;
- ``no_ring_drops``: summed over every call, no uplink drop, downlink underrun or
  overrun (running dry between utterances is not an underrun: the speaker marks the
  end of each utterance).
"""

from __future__ import annotations

import json
import os
import platform
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from aiframe.lab.soak import plot
from aiframe.lab.soak.driver import SoakRun
from aiframe.lab.soak.probe import RING_KINDS, Sample

__all__ = [
    "build_report",
    "judge_memory",
    "machine",
    "memory_report",
    "memory_slope_mb_h",
    "plot_soak",
    "retained_mb",
    "write_report",
]


def memory_slope_mb_h(samples: list[Sample], start_s: float, end_s: float) -> float | None:
    """RSS growth in MB per hour, fitted over samples in [start_s, end_s]."""
    fit = _fit([(s.t_s, s.rss_kb / 1024) for s in samples if start_s <= s.t_s <= end_s])
    return fit[0] if fit is not None else None


def _fit(pts: list[tuple[float, float]], least: int = 10) -> tuple[float, float] | None:
    """(slope in MB/h, its standard error) of a line through (seconds, MB) points."""
    if len(pts) < least:
        return None  # too few points to call it a trend
    t = np.array([p[0] for p in pts]) / 3600
    mb = np.array([p[1] for p in pts])
    (slope, icpt), cov = np.polyfit(t, mb, 1, cov="unscaled")
    dof = len(pts) - 2
    resid = mb - (slope * t + icpt)
    se = float(np.sqrt(cov[0, 0] * float(resid @ resid) / dof)) if dof > 0 else float("inf")
    return round(float(slope), 3), round(se, 3)


class Timed(Protocol):
    @property
    def t_s(self) -> float: ...


T = TypeVar("T", bound=Timed)


def retained_mb(
    samples: Sequence[T],
    start_s: float,
    end_s: float,
    rss_kb: Callable[[T], int] = attrgetter("rss_kb"),
) -> list[tuple[float, float]]:
    """Each whole minute's lowest RSS in [start_s, end_s], as (seconds, MB); a sixth of
    the span instead of a minute when the span is under six minutes. ``rss_kb`` reads
    a sample's RSS (another process's, in a FreeSWITCH soak)."""
    width = min(60.0, (end_s - start_s) / 6)
    if width <= 0:
        return []
    buckets: dict[int, list[T]] = {}
    for s in samples:
        if start_s <= s.t_s <= end_s:
            buckets.setdefault(int((s.t_s - start_s) // width), []).append(s)
    out = []
    for b in buckets.values():
        if b[-1].t_s - b[0].t_s >= 0.8 * width:  # a whole bucket, not the ragged end
            low = min(b, key=rss_kb)
            out.append((low.t_s, rss_kb(low) / 1024))
    return out


def judge_memory(
    kept: list[tuple[float, float]], fit_from: float, limit_mb_h: float
) -> tuple[bool, str, float | None, float | None]:
    """(ok, detail, slope, its standard error) of the retained memory: it fails only on
    growth above ``limit_mb_h`` by more than twice the standard error."""
    fit = _fit(kept, least=3)
    if fit is None:
        return False, f"too few samples from {fit_from:.0f} s to fit a line", None, None
    slope, se = fit
    detail = (
        f"retained RSS slope {slope} ± {se} MB/h over {len(kept)} points from "
        f"{fit_from:.0f} s (limit {limit_mb_h} MB/h; "
        + ("conclusive" if 2 * se <= limit_mb_h else "too short to judge the limit")
        + ")"
    )
    return slope - 2 * se <= limit_mb_h, detail, slope, se


def memory_report(
    samples: Sequence[T],
    fit_from: float,
    end: float,
    limit_mb_h: float,
    base: T | None,
    final: T | None,
    rss_kb: Callable[[T], int] = attrgetter("rss_kb"),
) -> tuple[bool, str, dict[str, Any]]:
    """(ok, detail, the report's memory section) for one process's RSS from ``fit_from``
    to ``end``: the retained memory's judgement and the numbers behind it."""
    kept = retained_mb(samples, fit_from, end, rss_kb)
    ok, detail, slope, se = judge_memory(kept, fit_from, limit_mb_h)
    fitted = [(s.t_s, rss_kb(s) / 1024) for s in samples if fit_from <= s.t_s <= end]
    raw = _fit(fitted)
    mbs = [mb for _, mb in fitted] or [rss_kb(s) / 1024 for s in samples]
    return (
        ok,
        detail,
        {
            "slope_mb_per_h": slope,
            "slope_stderr_mb_per_h": se,
            "slope_all_samples_mb_per_h": raw[0] if raw else None,
            "retained_mb": [[round(t, 1), round(mb, 1)] for t, mb in kept],
            "rss_mb_baseline": round(rss_kb(base) / 1024, 1) if base else None,
            "rss_mb_final": round(rss_kb(final) / 1024, 1) if final else None,
            "rss_mb_fitted_min": round(min(mbs), 1) if mbs else None,
            "rss_mb_fitted_max": round(max(mbs), 1) if mbs else None,
        },
    )


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def build_report(run: SoakRun) -> dict[str, Any]:
    p = run.params
    base, final = run.baseline, run.final
    samples = sorted(run.samples, key=lambda s: s.t_s)
    start, end = run.window
    fit_from = start + p.fit_from_s
    mem_ok, mem_detail, memory = memory_report(
        samples, fit_from, end, p.max_growth_mb_h, base, final
    )
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
    judge("memory_flat", mem_ok, mem_detail)
    if base is None or final is None:
        for name in ("fds_back", "threads_back", "slots_back", "shm_back"):
            judge(name, False, "the run did not reach its end")
    else:
        # Pools grow to their size lazily, as calls first overlap at their busiest; a
        # leak keeps growing after. Live calls' host threads are not the controller's.
        first = [x for x in samples if start <= x.t_s <= fit_from]
        fd_cap = max([base.fds, *(x.fds for x in first)])
        th_cap = max([base.threads, *(x.threads - x.calls_live for x in first)])
        judge(
            "fds_back",
            final.fds <= fd_cap,
            f"open fds {base.fds} at baseline, {fd_cap} at most in the first half, "
            f"{final.fds} at end",
        )
        judge(
            "threads_back",
            final.threads <= th_cap,
            f"threads {base.threads} at baseline, {th_cap} at most in the first half "
            f"(less the calls' host threads), {final.threads} at end",
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
    th_base, th_final = run.thread_names.get("baseline", []), run.thread_names.get("final", [])
    walls = [r.wall_s for r in soak_calls if r.ok]
    return {
        "soak": "embedded",
        "params": json.loads(p.model_dump_json()),
        "fit_from_s": round(fit_from, 1),
        "window_s": [round(start, 1), round(end, 1)],
        "drained_s": round(run.drained_s, 1),
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
        "memory": memory,
        "rings": rings,
        "fds_opened": sorted((Counter(fd_final) - Counter(fd_base)).elements()),
        "fds_closed": sorted((Counter(fd_base) - Counter(fd_final)).elements()),
        "threads_started": sorted((Counter(th_final) - Counter(th_base)).elements()),
        "threads_ended": sorted((Counter(th_base) - Counter(th_final)).elements()),
        "baseline": asdict(base) if base else None,
        "final": asdict(final) if final else None,
        "machine": machine(),
        "call_results": [{**asdict(r), "ok": r.ok} for r in run.results],
        "samples": [asdict(s) for s in samples],
    }


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }


def plot_soak(report: dict[str, Any], path: Path) -> None:
    samples = report["samples"]
    t = plot.minutes(samples)
    plt, fig, ax = plot.subplots(5, 12)
    plot.draw_memory(ax[0], t, [s["rss_kb"] for s in samples], report["memory"], "RSS")
    ax[1].plot(t, [s["fds"] for s in samples], lw=1, label="open fds")
    ax[1].plot(t, [s["threads"] for s in samples], lw=1, label="threads")
    ax[1].legend(loc="lower right")
    ax[2].plot(t, [s["slots_active"] for s in samples], lw=1, label="active slots")
    ax[2].plot(t, [s["shm_ours"] for s in samples], lw=1, label="/dev/shm/aiframe* (ours)")
    ax[2].legend(loc="lower right")
    plot.draw_rings(ax[3], t, samples)
    plot.draw_calls(ax[4], t, samples)
    plot.finish(plt, fig, ax, report, "aiframe soak", path)


def write_report(run: SoakRun, out_dir: Path) -> dict[str, Any]:
    """report.json and soak.png in ``out_dir``; returns the report."""
    report = build_report(run)
    (out_dir / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    plot_soak(report, out_dir / "soak.png")
    return report
