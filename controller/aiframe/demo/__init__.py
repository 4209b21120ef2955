# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe demo``: a whole call on the embedded media host, with no FreeSWITCH.

A scripted caller (:mod:`~aiframe.demo.script`, :mod:`~aiframe.demo.caller`) talks to an
agent through the real C media core and the real runtime; the call is written out as
``call.wav``, ``transcript.md``, ``report.json`` and ``timeline.png``
(:func:`write_outputs`). docs/conversation.md describes the script format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DemoOutputs", "write_outputs"]


@dataclass(frozen=True, slots=True)
class DemoOutputs:
    wav: Path
    transcript: Path
    report: Path
    timeline: Path | None  # None without matplotlib (the `plots` extra)
    data: dict[str, Any]


def write_outputs(call: Any, out_dir: Path) -> DemoOutputs:
    """Write the four files for ``call`` (a :class:`~aiframe.demo.run.DemoCall`); the
    timeline only where matplotlib is installed (``pip install 'aiframe[plots]'``)."""
    import importlib.util

    from aiframe.demo.plot import plot_timeline
    from aiframe.demo.report import build_report, transcript_md
    from aiframe.media.wav import write_wav

    out_dir.mkdir(parents=True, exist_ok=True)
    report = build_report(call)
    wav = out_dir / "call.wav"
    write_wav(wav, call.rate, call.caller, call.ai)
    rep = out_dir / "report.json"
    rep.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    tr = out_dir / "transcript.md"
    tr.write_text(transcript_md(call, report), encoding="utf-8")
    png: Path | None = None
    if importlib.util.find_spec("matplotlib") is not None:
        png = out_dir / "timeline.png"
        plot_timeline(call, report, png)
    return DemoOutputs(wav, tr, rep, png, report)
