# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Caller audio reaches the uplink ring intact, resampled to the AI rate."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import attach, originate_loopback, read_for, wait_start
from aiframe.lab.switch.signal import best_match, read_wav, resample, segment_correlations
from aiframe.media import Arena

SPEECH_S = 3.5  # lead-in silence + speech in speech-<rate>.wav


@pytest.mark.parametrize("ai_rate", [8000, 16000])
@pytest.mark.parametrize("channel_rate", [8000, 16000])
def test_loopback_speech_reaches_the_uplink(
    esl: SyncEsl, arena: Arena, sounds: Path, channel_rate: int, ai_rate: int
) -> None:
    source = sounds / f"speech-{channel_rate}.wav"
    call = originate_loopback(
        esl,
        "ai",
        far=[("playback", str(source)), ("park", "")],
        rate=channel_rate,
        variables={"aiframe_e2e_args": f"rate={ai_rate}"},
    )
    started = wait_start(esl, call.b_uuid)
    assert started.rate == ai_rate
    assert started.channel_rate == channel_rate
    att = attach(arena, started)
    got = read_for(att, SPEECH_S + 0.5)

    counters = att.counters()
    file_rate, (ref,) = read_wav(source)
    ref = resample(ref, file_rate, ai_rate)
    # Per 250 ms segment: the loopback endpoint sometimes reads a comfort-noise
    # frame when its timer beats the far leg's writer, and the tap rightly passes
    # it on; that slip must cost one segment, not every segment after it.
    segments = segment_correlations(ref, got, ai_rate)
    good = sum(c >= 0.9 for c in segments)
    whole = best_match(ref, got)
    assert len(segments) >= 10, f"only {len(segments)} voiced segments in the reference"
    assert good >= 0.9 * len(segments), (
        f"{channel_rate} Hz leg, AI rate {ai_rate}: {good}/{len(segments)} segments of the "
        f"uplink correlate >= 0.9 with the played speech: {[round(c, 3) for c in segments]} "
        f"(whole-call correlation {whole.correlation:.3f} at lag {whole.lag})"
    )
    # every frame the leg read went into the ring, none dropped
    assert counters.uplink_drops == 0
    assert counters.frames_in >= 0.9 * SPEECH_S * 50
    assert abs(len(got) - counters.samples_in) <= ai_rate // 50, (len(got), counters)
