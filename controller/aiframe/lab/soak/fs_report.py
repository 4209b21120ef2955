# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The FreeSWITCH soak's verdict: ``report.json`` (``"soak": "freeswitch"``) and
``soak.png``.

The embedded soak's judgements (:mod:`aiframe.lab.soak.report`), for two processes:

- ``calls_completed``: every call (warm-up round included) ran to its hangup
  (``aiframe::stop`` reason ``hangup``), was attached by the module and by the
  controller (its leg in the controller's store), did not fail there and has turns;
- ``controller_memory_flat``, ``freeswitch_memory_flat``: each process's retained RSS
  (each minute's lowest) from ``fit_from_s`` rises no faster than ``max_growth_mb_h``
  by more than twice its standard error;
- ``controller_fds_back``, ``controller_threads_back``, ``freeswitch_fds_back``,
  ``freeswitch_threads_back``: at the end no more than at the idle baseline or, if
  more, than in the window's first half (pools grow lazily; a leak keeps growing);
  FreeSWITCH's threads less one per live channel (its session threads);
- ``slots_back``: no arena slot active; ``media_bugs_back``: no channel and no
  mod_aiframe media bug left in FreeSWITCH; ``shm_back``: the switch's
  ``/dev/shm/aiframe*`` entries as at the baseline (its arena);
- ``no_ring_drops``: summed over every call's ``aiframe::stop``, no uplink drop,
  downlink underrun or overrun.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from operator import attrgetter
from pathlib import Path
from typing import Any

from aiframe.lab.soak import plot
from aiframe.lab.soak.fs_driver import SwitchSoakRun
from aiframe.lab.soak.fs_probe import SwitchSample
from aiframe.lab.soak.probe import RING_KINDS
from aiframe.lab.soak.report import _pct, machine, memory_report

__all__ = ["PROCESSES", "build_switch_report", "plot_switch_soak", "write_switch_report"]

PROCESSES = {"controller": "ctl", "freeswitch": "fs"}  # report name -> sample prefix


def _field(prefix: str, name: str) -> Callable[[SwitchSample], int]:
    get: Callable[[SwitchSample], int] = attrgetter(f"{prefix}_{name}")
    return get


def _moved(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """(what is there now and was not, what was there and is not)."""
    b, a = Counter(before), Counter(after)
    return sorted((a - b).elements()), sorted((b - a).elements())


def build_switch_report(run: SwitchSoakRun) -> dict[str, Any]:
    p = run.params
    base, final = run.baseline, run.final
    samples = sorted(run.samples, key=lambda s: s.t_s)
    start, end = run.window
    fit_from = start + p.fit_from_s
    first = [x for x in samples if start <= x.t_s <= fit_from]
    judgements: dict[str, dict[str, Any]] = {}

    def judge(name: str, ok: bool, detail: str) -> None:
        judgements[name] = {"ok": bool(ok), "detail": detail}

    failed = [r for r in run.results if not r.ok]
    soak_calls = [r for r in run.results if r.phase == "soak"]
    judge(
        "calls_completed",
        bool(soak_calls) and not failed and not run.problems,
        f"{len(run.results) - len(failed)} of {len(run.results)} calls completed"
        + (f"; failed: {[(r.b_uuid, r.errors) for r in failed[:5]]}" if failed else "")
        + (f"; {'; '.join(run.problems)}" if run.problems else ""),
    )
    memory: dict[str, Any] = {}
    procs: dict[str, Any] = {}
    for name, pre in PROCESSES.items():
        ok, detail, memory[name] = memory_report(
            samples, fit_from, end, p.max_growth_mb_h, base, final, _field(pre, "rss_kb")
        )
        judge(f"{name}_memory_flat", ok, f"{name}: {detail}")
        fds, threads = _field(pre, "fds"), _field(pre, "threads")
        if base is None or final is None:
            for what in ("fds_back", "threads_back"):
                judge(f"{name}_{what}", False, "the run did not reach its end")
        else:
            # FreeSWITCH runs each channel in a thread of its own while it lives.
            per_call = (lambda x: x.channels) if name == "freeswitch" else (lambda x: 0)
            fd_cap = max([fds(base), *(fds(x) for x in first)])
            th_cap = max([threads(base), *(threads(x) - max(0, per_call(x)) for x in first)])
            judge(
                f"{name}_fds_back",
                fds(final) <= fd_cap,
                f"{name}: open fds {fds(base)} at baseline, {fd_cap} at most in the first "
                f"half, {fds(final)} at end",
            )
            judge(
                f"{name}_threads_back",
                threads(final) <= th_cap,
                f"{name}: threads {threads(base)} at baseline, {th_cap} at most in the first "
                f"half{' (less one per live channel)' if name == 'freeswitch' else ''}, "
                f"{threads(final)} at end",
            )
        opened, closed = _moved(
            run.fd_targets.get("baseline", {}).get(name, []),
            run.fd_targets.get("final", {}).get(name, []),
        )
        started, ended = _moved(
            run.thread_names.get("baseline", {}).get(name, []),
            run.thread_names.get("final", {}).get(name, []),
        )
        procs[name] = {
            "fds_opened": opened,
            "fds_closed": closed,
            "threads_started": started,
            "threads_ended": ended,
        }
    if base is None or final is None:
        for name in ("slots_back", "media_bugs_back", "shm_back"):
            judge(name, False, "the run did not reach its end")
    else:
        mute = -1 in (final.media_bugs, final.channels)
        judge(
            "slots_back",
            final.slots_active == 0,
            f"active slots {base.slots_active} -> {final.slots_active}",
        )
        judge(
            "media_bugs_back",
            final.media_bugs == 0 and final.channels == 0,
            f"mod_aiframe media bugs {base.media_bugs} -> {final.media_bugs}, "
            f"channels {base.channels} -> {final.channels}"
            + (" (-1: the switch did not answer)" if mute else ""),
        )
        judge(
            "shm_back",
            final.shm_ours == base.shm_ours,
            f"the switch's /dev/shm/aiframe* entries {base.shm_ours} -> {final.shm_ours}",
        )
    rings = {k: sum(r.counters.get(k, 0) for r in run.results) for k in RING_KINDS}
    judge(
        "no_ring_drops",
        not any(rings.values()),
        ", ".join(f"{k} {v}" for k, v in rings.items()),
    )
    walls = [r.wall_s for r in soak_calls if r.ok]
    return {
        "soak": "freeswitch",
        "params": json.loads(p.model_dump_json()),
        "switch": run.switch_version,
        "caller_s": round(run.caller_s, 2),
        "fit_from_s": round(fit_from, 1),
        "window_s": [round(start, 1), round(end, 1)],
        "drained_s": round(run.drained_s, 1),
        "ok": all(j["ok"] for j in judgements.values()),
        "judgements": judgements,
        "problems": run.problems,
        "calls": {
            "total": len(run.results),
            "warm_up": sum(1 for r in run.results if r.phase == "warm-up"),
            "soak": len(soak_calls),
            "completed": len(run.results) - len(failed),
            "failed": len(failed),
            "turns": sum(r.turns for r in run.results),
            "caller_turns": sum(r.caller_turns for r in run.results),
            "barge_ins": sum(r.counters.get("barge_ins", 0) for r in run.results),
            "wall_s": {"p50": _pct(walls, 50), "max": max(walls) if walls else None},
        },
        "memory": memory,
        "rings": rings,
        "processes": procs,
        "baseline": asdict(base) if base else None,
        "final": asdict(final) if final else None,
        "machine": machine(),
        "call_results": [{**asdict(r), "ok": r.ok} for r in run.results],
        "samples": [asdict(s) for s in samples],
    }


def plot_switch_soak(report: dict[str, Any], path: Path) -> None:
    samples = report["samples"]
    t = plot.minutes(samples)
    plt, fig, ax = plot.subplots(6, 14)
    for a, (name, pre) in zip(ax[:2], PROCESSES.items(), strict=True):
        rss = [s[f"{pre}_rss_kb"] for s in samples]
        plot.draw_memory(a, t, rss, report["memory"][name], f"{name} RSS")
    for name, pre in PROCESSES.items():
        ax[2].plot(t, [s[f"{pre}_fds"] for s in samples], lw=1, label=f"{name} fds")
        ax[2].plot(t, [s[f"{pre}_threads"] for s in samples], lw=1, label=f"{name} threads")
    ax[2].legend(loc="upper left", fontsize="small")
    ax[3].plot(t, [s["slots_active"] for s in samples], lw=1, label="active slots")
    ax[3].plot(t, [s["media_bugs"] for s in samples], lw=1, label="media bugs")
    ax[3].plot(t, [s["channels"] for s in samples], lw=1, label="channels")
    ax[3].plot(t, [s["shm_ours"] for s in samples], lw=1, label="/dev/shm/aiframe* (switch's)")
    ax[3].legend(loc="upper left", fontsize="small")
    plot.draw_rings(ax[4], t, samples)
    plot.draw_calls(ax[5], t, samples)
    plot.finish(plt, fig, ax, report, "aiframe soak through FreeSWITCH", path)


def write_switch_report(run: SwitchSoakRun, out_dir: Path) -> dict[str, Any]:
    """report.json and soak.png in ``out_dir``; returns the report."""
    report = build_switch_report(run)
    (out_dir / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    plot_switch_soak(report, out_dir / "soak.png")
    return report
