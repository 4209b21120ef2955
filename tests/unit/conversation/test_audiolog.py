# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import numpy as np

from aiframe.conversation.audiolog import AudioLog

RATE = 16000


def test_clips_by_stream_time_and_maps_it_to_the_clock():
    log = AudioLog(RATE, keep_s=2.0)
    t0 = 1_000_000_000
    for k in range(10):  # 10 chunks of 20 ms, each read 20 ms after the last
        log.append(np.full(320, k, dtype=np.int16), t0 + (k + 1) * 20_000_000)
    assert log.position == 3200
    x = log.clip(40, 80)
    assert len(x) == 640 and x[0] == np.float32(2 / 32768)
    # The last sample of chunk 0 arrived with it; the first 20 ms before.
    assert log.clock_ns(20) == t0 + 20_000_000
    assert log.clock_ns(0) == t0
    assert log.now_ms(t0 + 200_000_000 + 5_000_000) == 205.0


def test_keeps_only_the_newest_audio():
    log = AudioLog(RATE, keep_s=1.0)
    for k in range(200):  # 4 s
        log.append(np.full(320, k % 100, dtype=np.int16), k * 20_000_000)
    assert log.position == 200 * 320
    assert len(log.clip(0, 1000)) == 0  # long gone
    assert len(log.clip(3500, 4000)) == 8000
