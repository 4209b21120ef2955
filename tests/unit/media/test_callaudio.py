# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import threading

import numpy as np
import pytest

from aiframe.errors import MediaError
from aiframe.media.callaudio import AudioGoneError, CallAudio
from aiframe.speech.audio import to_float

RATE = 16000


def test_clips_by_stream_time_and_maps_it_to_the_clock():
    log = CallAudio(RATE, keep_s=2.0)
    t0 = 1_000_000_000
    for k in range(10):  # 10 chunks of 20 ms, each read 20 ms after the last
        log.append(np.full(320, k, dtype=np.int16), t0 + (k + 1) * 20_000_000)
    assert log.position == 3200
    x = to_float(log.clip_pcm(40, 80))
    assert len(x) == 640 and x[0] == np.float32(2 / 32768)
    # The last sample of chunk 0 arrived with it; the first 20 ms before.
    assert log.clock_ns(20) == t0 + 20_000_000
    assert log.clock_ns(0) == t0
    assert log.clock_ns(300) == t0 + 200_000_000 + 100_000_000  # past the end: extrapolated
    assert log.now_ms(t0 + 200_000_000 + 5_000_000) == 205.0


def test_an_empty_log_has_no_clock():
    log = CallAudio(RATE)
    assert log.clock_ns(0) is None and log.now_ms(123) == 0.0
    assert len(log.read(0, 100)) == 0


def test_keeps_at_least_keep_s_of_the_newest_audio_across_the_wrap():
    log = CallAudio(RATE, keep_s=1.0)
    ramp = np.arange(200 * 320, dtype=np.int64) % 30000
    for k in range(200):  # 4 s, wrapping the ring several times
        log.append(ramp[k * 320 : (k + 1) * 320].astype(np.int16), k * 20_000_000)
    assert log.position == 200 * 320
    assert len(log.clip_pcm(0, 1000)) == 0  # long gone
    got = log.clip_pcm(3000, 4000)
    assert np.array_equal(got, ramp[48000:64000].astype(np.int16))
    assert log.oldest <= 64000 - RATE  # a second is always held


def test_clock_stamps_wrap_too():
    log = CallAudio(RATE, keep_s=1.0)
    for k in range(5000):  # more reads than stamps are kept
        log.append(np.zeros(32, dtype=np.int16), 1_000 + k * 2_000_000)
    assert log.clock_ns(log.ms(log.position)) == 1_000 + 4999 * 2_000_000


def test_a_reader_never_sees_torn_audio_while_the_writer_laps_it():
    log = CallAudio(RATE, keep_s=0.5)
    stop = threading.Event()
    errors: list[str] = []

    def write() -> None:
        pos = 0
        while not stop.is_set():
            chunk = (np.arange(pos, pos + 320) % 32000).astype(np.int16)
            log.append(chunk, pos)
            pos += 320

    t = threading.Thread(target=write)
    t.start()
    gone = ok = 0
    try:
        while ok < 2000:
            end = log.position
            a = max(0, end - 4000)
            try:
                got = log.read(a, end)
            except AudioGoneError:
                gone += 1
                continue
            start = max(a, end - log.size + log.size // 4)
            want = (np.arange(start, start + len(got)) % 32000).astype(np.int16)
            if not np.array_equal(got, want):
                errors.append(f"torn read at {a}")
            ok += 1
    finally:
        stop.set()
        t.join()
    assert not errors


def test_a_read_of_audio_no_longer_held_is_clamped_and_bad_rates_are_refused():
    log = CallAudio(RATE, keep_s=0.5)
    log.append(np.zeros(100, dtype=np.int16), 0)
    for _ in range(100):
        log.append(np.zeros(320, dtype=np.int16), 0)
    assert len(log.read(0, 200)) == 0  # clamped: nothing of it is held
    with pytest.raises(MediaError, match="positive sample rate"):
        CallAudio(0)
