# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aiframe.media.demo import run_media_demo
from aiframe.media.wav import read_wav_mono


@pytest.mark.slow
def test_media_demo_runs_a_whole_call(tmp_path: Path) -> None:
    report = run_media_demo(tmp_path)
    assert report.ok, "\n".join(report.lines)
    played = [t for t in report.turns if t.played_ns]
    assert len(played) == 3
    assert report.barge_ins == 1
    assert report.barge_latency_ms is not None and report.barge_latency_ms < 200
    # The second (long) reply was cut: far less of it reached the caller than was written.
    assert report.dropped_ms > 1000
    assert read_wav_mono(report.wav, 16000).size > 16000 * 10
    assert np.abs(read_wav_mono(report.wav, 16000)).max() > 0
