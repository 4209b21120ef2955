# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The panels both soaks draw in ``soak.png``: a process's RSS with the fitted line
through its retained memory, the ring counters, the calls; and the window shaded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from aiframe.lab.soak.probe import RING_KINDS

__all__ = ["draw_calls", "draw_memory", "draw_rings", "finish", "minutes", "subplots"]


def subplots(rows: int, height: float) -> tuple[Any, Any, Sequence[Any]]:
    """(pyplot, figure, axes) on the Agg backend: soaks run on machines without a display."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(rows, 1, figsize=(10, height), sharex=True)
    return plt, fig, ax


def minutes(samples: list[dict[str, Any]]) -> npt.NDArray[np.float64]:
    return np.array([s["t_s"] for s in samples], dtype=np.float64) / 60


def draw_memory(
    a: Any, t: npt.NDArray[np.float64], rss_kb: list[int], mem: dict[str, Any], label: str
) -> None:
    a.plot(t, np.array(rss_kb) / 1024, lw=1, color="#3182bd", label=label)
    slope, kept = mem["slope_mb_per_h"], mem["retained_mb"]
    if slope is not None and kept:
        xs = np.array([k[0] for k in kept])
        ys = np.array([k[1] for k in kept])
        b = float(np.polyfit(xs / 3600, ys, 1)[1])
        a.plot(xs / 60, ys, "o", color="#e6550d", ms=4, label="each minute's lowest")
        a.plot(xs / 60, b + slope * xs / 3600, "--", color="#e6550d", label=f"{slope} MB/h")
    a.set_ylabel("RSS (MB)")
    a.legend(loc="lower right")


def draw_rings(a: Any, t: npt.NDArray[np.float64], samples: list[dict[str, Any]]) -> None:
    for k in RING_KINDS:
        a.plot(t, [s[k] for s in samples], lw=1, label=k)
    a.set_ylabel("ring counters")
    a.legend(loc="upper left")


def draw_calls(a: Any, t: npt.NDArray[np.float64], samples: list[dict[str, Any]]) -> None:
    a.plot(t, [s["calls_done"] for s in samples], lw=1, label="calls ended")
    a.plot(t, [s["calls_live"] for s in samples], lw=1, label="calls live")
    a.set_xlabel("minutes")
    a.legend(loc="upper left")


def finish(
    plt: Any, fig: Any, ax: Sequence[Any], report: dict[str, Any], title: str, path: Path
) -> None:
    """Shade the window on every panel, title the figure with the verdict, save it."""
    for a in ax:
        a.axvspan(report["window_s"][0] / 60, report["window_s"][1] / 60, color="#eeeeee", zorder=0)
    verdict = "OK" if report["ok"] else "FAILED"
    fig.suptitle(f"{title}: {report['calls']['total']} calls, {verdict}")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
