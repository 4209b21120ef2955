# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""In-switch barge-in: the far party talks over the AI, the module flushes the
downlink itself and says so (event, counters, barge state)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import attach, is_event, originate_loopback, recording, wait_start
from aiframe.lab.switch.signal import barge_timing, heard_and_said, read_wav, tone
from aiframe.lab.switch.testswitch import TestSwitch
from aiframe.media import Arena

AI_HZ = 1000
TALK_HZ = 300  # talk-<rate>.wav: 1.5 s of silence, then 3 s of a loud 300 Hz tone
AI_S = 8.0
WINDOW_MS = 5.0


def test_far_party_talking_flushes_the_ai(
    fs: TestSwitch, esl: SyncEsl, arena: Arena, sounds: Path
) -> None:
    call = originate_loopback(
        esl,
        "ai",
        far=[("playback", str(sounds / "talk-8000.wav")), ("park", "")],
        variables={"RECORD_STEREO": "true"},
    )
    started = wait_start(esl, call.b_uuid)
    att = attach(arena, started)
    with recording(esl, call.a_uuid, fs.recordings / "barge.wav") as wav:
        ai = tone(AI_HZ, AI_S, started.rate)
        assert att.write(ai) == len(ai)
        att.end_utterance()
        ev = esl.wait_event(is_event("aiframe::barge_in", call.b_uuid), 5.0)
        assert ev is not None, "no aiframe::barge_in while the far party talked over the AI"
        # keep recording: the rest of the AI audio must stay gone
        esl.wait_event(lambda _: False, 1.5)
    counters = att.counters()
    barge = att.barge_state()

    # the event and the counters agree on one flush of most of the AI audio
    assert ev.get("aiframe-slot") == str(started.slot)
    dropped_ms = int(ev["aiframe-dropped-ms"])
    assert dropped_ms >= 3000, f"only {dropped_ms} ms of AI audio dropped"
    assert counters.barge_ins == 1
    assert counters.flushed_samples >= dropped_ms * started.rate // 1000 - started.rate // 50
    assert barge.seq == 1
    assert barge.at_ns == int(ev["aiframe-barge-at-ns"]) > 0
    assert att.queued() == 0

    rate, chans = read_wav(wav)
    heard, said = heard_and_said(chans, rate, AI_HZ)
    timing = barge_timing(heard, said, rate, ai_hz=AI_HZ, talk_hz=TALK_HZ, window_ms=WINDOW_MS)
    assert timing.onset > 0, "the far party's talking is not in the recording"
    assert timing.ai_before * WINDOW_MS >= 500, "the AI was not heard before the far party talked"
    # the AI stopped for good (the rest of its 8 s stayed flushed), and it
    # stopped because of the talking: well before its audio would have run out
    assert timing.flush_ms is not None, "the AI audio never stopped at the far leg"
    assert timing.flush_ms <= 1000, f"AI audio still heard {timing.flush_ms} ms into the talking"


def test_no_barge_in_while_the_ai_is_silent(esl: SyncEsl, arena: Arena, sounds: Path) -> None:
    """barge-in-only-while-ai-speaks (default true): talking into silence flushes nothing."""
    call = originate_loopback(
        esl, "ai", far=[("playback", str(sounds / "talk-8000.wav")), ("park", "")]
    )
    started = wait_start(esl, call.b_uuid)
    att = attach(arena, started)
    ev = esl.wait_event(is_event("aiframe::barge_in", call.b_uuid), 4.0)
    assert ev is None
    assert att.counters().barge_ins == 0


@pytest.mark.parametrize("args", ["barge_threshold=0", "barge_threshold=30000"])
def test_barge_in_off_or_out_of_reach_keeps_the_ai_talking(
    esl: SyncEsl, arena: Arena, sounds: Path, args: str
) -> None:
    call = originate_loopback(
        esl,
        "ai",
        far=[("playback", str(sounds / "talk-8000.wav")), ("park", "")],
        variables={"aiframe_e2e_args": args},
    )
    started = wait_start(esl, call.b_uuid)
    assert started.event.get("aiframe-arg-barge_threshold") == args.split("=")[1]
    att = attach(arena, started)
    att.write(tone(AI_HZ, 8.0, started.rate))
    att.end_utterance()
    # the far party talks from 1.5 s on; 3 s is well into it and well before the AI's end
    assert esl.wait_event(is_event("aiframe::barge_in", call.b_uuid), 3.0) is None
    assert att.counters().barge_ins == 0
    assert att.queued() > 0, "the AI audio was flushed without a barge-in"
