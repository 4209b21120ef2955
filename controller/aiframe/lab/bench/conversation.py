# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench conversation`: the demo call, N times, measured on its recording.

Each run is the whole `aiframe demo` call in real time (embedded host, real C core,
real runtime, the default models, the flow brain). What is measured comes from the
stereo recording with an energy detector, not from the loop's own timestamps:

- the response gap: the caller's last voiced frame to the agent's first voiced frame
  after it, per caller turn that expects an answer;
- the barge-in stop time: the caller's first voiced frame over the agent to the agent's
  audio being gone.

The loop's per-stage timestamps (end of turn, ASR final, brain, gate, TTS, first frame
played) are reported beside them, to say where the time went.

The peer path is the same loop, same script, same process, with ASR started only at the
end of turn (``no-speculation``) or with the whole reply synthesized before any of it
plays (``no-pipelining``). Runs alternate between the paths, so drift in the machine's
load falls on both. Targets (DESIGN.md): gap p50 <= 600 ms, p95 <= 900 ms; barge-in
stop p95 <= 60 ms.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from typing import Any, Literal

from aiframe.config import Settings
from aiframe.conversation.record import STAGES
from aiframe.conversation.settings import ConversationSettings
from aiframe.demo.analysis import percentile
from aiframe.demo.report import build_report
from aiframe.demo.run import DemoRuntime
from aiframe.demo.script import CallerScript

__all__ = ["PEERS", "TARGETS", "run_conversation_bench"]

Peer = Literal["no-speculation", "no-pipelining"]
PEERS: tuple[Peer, ...] = ("no-speculation", "no-pipelining")
TARGETS = {"response_gap_p50_ms": 600.0, "response_gap_p95_ms": 900.0, "barge_in_p95_ms": 60.0}


def _settings(base: ConversationSettings, path: str) -> ConversationSettings:
    s = base.model_copy(deep=True)
    if path == "no-speculation":
        s.endpoint.speculative_asr = False
    elif path == "no-pipelining":
        s.pipeline_tts = False
    return s


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    gaps = [g for r in runs for g in r["gaps"]]
    stops = [b for r in runs for b in r["barge_stops"]]
    per_step: dict[int, dict[str, Any]] = {}
    for r in runs:
        for step in r["steps"]:
            row = per_step.setdefault(step["index"], {"what": step["what"], "gaps": []})
            if step["gap"] is not None:
                row["gaps"].append(step["gap"])
    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    for r in runs:
        for k, vs in r["stages"].items():
            stages[k].extend(vs)
    return {
        "response_gap_ms": {
            "p50": percentile(gaps, 50),
            "p95": percentile(gaps, 95),
            "n": len(gaps),
        },
        "barge_in_stop_ms": {
            "p50": percentile(stops, 50),
            "p95": percentile(stops, 95),
            "n": len(stops),
        },
        "per_turn": [
            {
                "step": i,
                "what": row["what"],
                "gap_p50_ms": percentile(row["gaps"], 50),
                "gap_p95_ms": percentile(row["gaps"], 95),
                "n": len(row["gaps"]),
            }
            for i, row in sorted(per_step.items())
            if row["gaps"]
        ],
        "stages_ms_after_caller_end": {
            k: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for k, v in stages.items()
        },
        "runs_ok": sum(1 for r in runs if r["ok"]),
    }


def _one(runtime: DemoRuntime, script: CallerScript, conv: ConversationSettings) -> dict[str, Any]:
    load = os.getloadavg()[0]
    call = runtime.call(script, conv)
    rep = build_report(call)
    gaps: list[float] = []
    steps = []
    for s in rep["steps"]:
        m = s.get("measured") or {}
        gap = m.get("response_gap_ms") if s["expect"] == "reply" and s["turn"] else None
        if gap is not None:
            gaps.append(gap)
        steps.append({"index": s["index"], "what": s["what"], "gap": gap})
    stages: dict[str, list[float]] = {k: [] for k in STAGES}
    for t in rep["turns"]:
        if t["input"] == "speech":
            for k, v in t["breakdown_ms"].items():
                if v is not None:
                    stages[k].append(v)
    return {
        "ok": rep["ok"],
        "problems": rep["problems"],
        "gaps": gaps,
        "barge_stops": rep["summary"]["barge_in_stop_ms"]["values"],
        "steps": steps,
        "stages": stages,
        "speculation": rep["summary"]["speculation"],
        "late_frames": call.host["late_frames"],
        "call_s": rep["call"]["duration_s"],
        "load_avg_1m_before": round(load, 2),
    }


def run_conversation_bench(
    settings: Settings,
    script: CallerScript,
    runs: int,
    peer: Peer,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the script ``runs`` times on each path (alternating) and summarise."""
    say = progress or (lambda s: None)
    paths = {
        "aiframe": _settings(settings.conversation, "aiframe"),
        peer: _settings(settings.conversation, peer),
    }
    runtime = DemoRuntime(settings)
    t0 = time.monotonic()
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in paths}
    try:
        runtime.load()
        for i in range(runs):
            for name, conv in paths.items():
                say(f"run {i + 1}/{runs}: {name} ...")
                r = _one(runtime, script, conv)
                results[name].append(r)
                gap = percentile(r["gaps"], 50)
                verdict = "ok" if r["ok"] else "problems: " + "; ".join(r["problems"])
                say(f"  gap p50 {gap} ms, {verdict}")
    finally:
        runtime.close()
    summary = {name: _summary(rs) for name, rs in results.items()}
    ours, theirs = summary["aiframe"], summary[peer]

    def ratio(key: str, q: str) -> float | None:
        a, b = ours[key][q], theirs[key][q]
        return round(b / a, 2) if a and b else None

    gap, stop = ours["response_gap_ms"], ours["barge_in_stop_ms"]
    return {
        "bench": "conversation",
        "host": {
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
        },
        "script": {"description": script.description, "steps": len(script.steps)},
        "runs_per_path": runs,
        "wall_s": round(time.monotonic() - t0, 1),
        "paths": {
            name: {
                "settings": {
                    "speculative_asr": paths[name].endpoint.speculative_asr,
                    "pipeline_tts": paths[name].pipeline_tts,
                },
                "summary": summary[name],
                "runs": results[name],
            }
            for name in paths
        },
        "peer": peer,
        "ratio_peer_over_aiframe": {
            "response_gap_p50": ratio("response_gap_ms", "p50"),
            "response_gap_p95": ratio("response_gap_ms", "p95"),
        },
        "targets": TARGETS,
        "met": {
            "response_gap_p50": gap["p50"] is not None
            and gap["p50"] <= TARGETS["response_gap_p50_ms"],
            "response_gap_p95": gap["p95"] is not None
            and gap["p95"] <= TARGETS["response_gap_p95_ms"],
            "barge_in_p95": stop["p95"] is not None and stop["p95"] <= TARGETS["barge_in_p95_ms"],
        },
    }
