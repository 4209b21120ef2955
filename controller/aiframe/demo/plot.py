# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""timeline.png: who spoke when (from the recording), and each turn's latency by stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from aiframe.demo.analysis import AI_RMS, CALLER_RMS, FRAME_MS, voiced_frames
from aiframe.demo.run import DemoCall

__all__ = ["plot_timeline"]

_STAGE_COLOURS = {
    "eot": "#9ecae1",
    "asr_final": "#6baed6",
    "brain_first_text": "#fdae6b",
    "gate_pass": "#e6550d",
    "tts_first_audio": "#74c476",
    "first_played": "#31a354",
}


def _spans(flags: np.ndarray[Any, Any], join_frames: int = 20) -> list[tuple[float, float]]:
    """Voiced runs as (start s, length s), joining gaps shorter than ``join_frames``."""
    idx = np.flatnonzero(flags)
    spans: list[tuple[float, float]] = []
    if not len(idx):
        return spans
    start = prev = int(idx[0])
    for f in idx[1:]:
        f = int(f)
        if f - prev > join_frames:
            spans.append((start * FRAME_MS / 1000, (prev - start + 1) * FRAME_MS / 1000))
            start = f
        prev = f
    spans.append((start * FRAME_MS / 1000, (prev - start + 1) * FRAME_MS / 1000))
    return spans


def plot_timeline(call: DemoCall, report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    caller = voiced_frames(call.caller, call.rate, CALLER_RMS)
    ai = voiced_frames(call.ai, call.rate, AI_RMS)
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(14, 7.5), gridspec_kw={"height_ratios": [1.2, 1]}
    )
    top.broken_barh(_spans(caller), (1.05, 0.8), facecolors="#3182bd", label="caller")
    top.broken_barh(_spans(ai), (0.05, 0.8), facecolors="#e6550d", label="agent")
    for st in report["steps"]:
        if st["start_ms"] is None:
            continue
        x = st["start_ms"] / 1000
        text = st["what"] if len(st["what"]) <= 28 else st["what"][:27] + "…"
        top.annotate(text, (x, 1.9), fontsize=7, rotation=20, va="bottom")
    for b in report["barge_ins"]:
        colour = "#de2d26" if b["verdict"] == "confirm" else "#756bb1"
        top.axvline((b["at_ms"] or 0) / 1000, color=colour, lw=1, ls="--")
    top.set_yticks([0.45, 1.45], ["agent", "caller"])
    top.set_ylim(0, 2.6)
    top.set_xlim(0, len(call.caller) / call.rate)
    top.set_xlabel("seconds (dashed: barge-in; red confirmed, purple resumed)")
    top.set_title(
        f"{call.agent}: who spoke when (energy on call.wav); "
        f"response gap p50 {report['summary']['response_gap_ms']['p50']} ms"
    )
    rows = [t for t in report["turns"] if t["input"] in ("speech", "dtmf")]
    labels = []
    for i, t in enumerate(rows):
        b = t["breakdown_ms"]
        prev = 0.0
        for stage, colour in _STAGE_COLOURS.items():
            v = b.get(stage)
            if v is None:
                continue
            width = max(0.0, v - prev)
            bottom.barh(i, width, left=prev, color=colour, label=stage if i == 0 else None)
            prev = max(prev, v)
        gap = t.get("response_gap_ms")
        if gap is not None:
            bottom.plot(
                [gap], [i], marker="x", color="black", label="gap on call.wav" if i == 0 else None
            )
        labels.append(f"{t['index']}: {t['heard'][:30]}")
    bottom.set_yticks(range(len(rows)), labels, fontsize=7)
    bottom.invert_yaxis()
    bottom.axvline(600, color="grey", lw=0.8, ls=":")
    bottom.set_xlabel("ms after the end of the caller's speech (dotted: 600 ms target)")
    bottom.set_title("latency per turn, by stage")
    bottom.legend(fontsize=7, loc="lower right", ncol=4)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
