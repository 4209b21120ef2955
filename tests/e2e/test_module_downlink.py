# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""AI audio written to the downlink ring is heard by the far party: on a
parked channel, after an IVR prompt, mixed into a bridged call and into a
running playback; and its playout is reported by marks."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import (
    attach,
    getvar,
    is_event,
    originate_loopback,
    play_and_wait,
    recording,
    wait_start,
)
from aiframe.lab.switch.signal import presence, read_wav, tone, tone_mask, write_wav
from aiframe.lab.switch.testswitch import TestSwitch
from aiframe.media import Arena, MarkResult

AI_TONE_HZ = 1000
FAR_TONE_HZ = 400  # the far-tone extension's tone
TONE_S = 2.0
WINDOW_MS = 5.0
FRAME_MS = 20.0


def _heard(path: Path, freq: float) -> tuple[int, np.ndarray]:
    rate, chans = read_wav(path)
    return rate, tone_mask(chans[0], rate, freq, window_ms=WINDOW_MS)


@pytest.mark.parametrize("channel_rate", [8000, 16000])
def test_tone_on_the_downlink_reaches_the_far_leg_without_gaps(
    fs: TestSwitch, esl: SyncEsl, arena: Arena, channel_rate: int
) -> None:
    call = originate_loopback(esl, "ai", rate=channel_rate, variables={"RECORD_READ_ONLY": "true"})
    started = wait_start(esl, call.b_uuid)
    att = attach(arena, started)
    with recording(esl, call.a_uuid, fs.recordings / f"tone-{channel_rate}.wav") as wav:
        time.sleep(0.3)
        play_and_wait(att, tone(AI_TONE_HZ, TONE_S, started.rate))
    counters = att.counters()

    rate, mask = _heard(wav, AI_TONE_HZ)
    assert rate == channel_rate
    p = presence(mask, WINDOW_MS)
    assert p.first >= 0, "the AI tone never reached the far leg"
    assert abs(p.span_ms - TONE_S * 1000) <= 2 * FRAME_MS, f"tone lasted {p.span_ms} ms"
    assert p.longest_gap_ms <= FRAME_MS, f"a {p.longest_gap_ms} ms gap in the AI tone"
    assert counters.frames_out >= 0.95 * TONE_S * 1000 / FRAME_MS
    assert counters.downlink_underruns == 0
    assert counters.downlink_overruns == 0


def test_the_app_makes_a_parked_channel_emit_frames(
    fs: TestSwitch, esl: SyncEsl, arena: Arena
) -> None:
    """ai-auto does not set send_silence_when_idle; the aiframe app does."""
    call = originate_loopback(esl, "ai-auto", variables={"RECORD_READ_ONLY": "true"})
    started = wait_start(esl, call.b_uuid)
    assert getvar(esl, call.b_uuid, "send_silence_when_idle") == "-1"
    att = attach(arena, started)
    with recording(esl, call.a_uuid, fs.recordings / "auto.wav") as wav:
        time.sleep(0.3)
        play_and_wait(att, tone(AI_TONE_HZ, 1.0, started.rate))
    p = presence(_heard(wav, AI_TONE_HZ)[1], WINDOW_MS)
    assert abs(p.span_ms - 1000) <= 2 * FRAME_MS, f"tone lasted {p.span_ms} ms"
    assert p.longest_gap_ms <= FRAME_MS


def test_ivr_then_ai(fs: TestSwitch, esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(esl, "ivr-ai", variables={"RECORD_READ_ONLY": "true"})
    with recording(esl, call.a_uuid, fs.recordings / "ivr.wav") as wav:
        started = wait_start(esl, call.b_uuid)
        assert started.event.get("aiframe-arg-policy") == "ivr"
        att = attach(arena, started)
        play_and_wait(att, tone(AI_TONE_HZ, 1.0, started.rate))
    rate, (heard,) = read_wav(wav)
    prompt = presence(tone_mask(heard, rate, 600, window_ms=WINDOW_MS), WINDOW_MS)
    ai = presence(tone_mask(heard, rate, AI_TONE_HZ, window_ms=WINDOW_MS), WINDOW_MS)
    assert prompt.first >= 0, "the IVR prompt was not heard"
    assert ai.first > prompt.last, "the AI spoke before the IVR prompt ended"
    assert abs(ai.span_ms - 1000) <= 2 * FRAME_MS and ai.longest_gap_ms <= FRAME_MS


def test_agent_assist_whisper_on_a_bridged_call(fs: TestSwitch, esl: SyncEsl, arena: Arena) -> None:
    """The aiframe leg is bridged to a far party playing a 400 Hz tone; the AI
    whispers (mix) a 1 kHz tone into it: the far leg of the test hears both."""
    call = originate_loopback(esl, "assist", variables={"RECORD_READ_ONLY": "true"})
    started = wait_start(esl, call.b_uuid)
    assert started.event.get("aiframe-arg-mode") == "mix"
    att = attach(arena, started)
    time.sleep(0.5)  # let the bridge come up
    with recording(esl, call.a_uuid, fs.recordings / "assist.wav") as wav:
        time.sleep(0.5)
        play_and_wait(att, tone(AI_TONE_HZ, 1.0, started.rate, amplitude=6000), tail_s=0.5)
    rate, (heard,) = read_wav(wav)
    # the mix of two tones: each is a share of the energy, not most of it
    ai = presence(tone_mask(heard, rate, AI_TONE_HZ, window_ms=10, min_share=0.25), 10)
    far = presence(tone_mask(heard, rate, FAR_TONE_HZ, window_ms=10, min_share=0.25), 10)
    assert far.first >= 0 and far.span_ms >= 1500, f"far party heard for {far.span_ms} ms"
    assert abs(ai.span_ms - 1000) <= 40, f"whisper heard for {ai.span_ms} ms"
    assert far.longest_gap_ms <= FRAME_MS, "the whisper replaced the bridged audio"
    assert ai.longest_gap_ms <= FRAME_MS


@pytest.mark.parametrize("mode", ["mix", "replace"])
def test_api_start_on_a_channel_running_playback(
    fs: TestSwitch, esl: SyncEsl, arena: Arena, mode: str
) -> None:
    """uuid_aiframe start on a leg that is playing a prompt: mix adds the AI
    to the prompt, replace silences the prompt while the AI speaks."""
    call = originate_loopback(esl, "far-tone", variables={"RECORD_READ_ONLY": "true"})
    time.sleep(0.3)
    reply = esl.api(f"uuid_aiframe {call.b_uuid} start mode={mode} agent=api").strip()
    assert reply.startswith("+OK"), reply
    started = wait_start(esl, call.b_uuid)
    assert started.event.get("aiframe-arg-agent") == "api"
    att = attach(arena, started)
    with recording(esl, call.a_uuid, fs.recordings / f"api-{mode}.wav") as wav:
        time.sleep(0.4)
        play_and_wait(att, tone(AI_TONE_HZ, 1.0, started.rate, amplitude=6000), tail_s=0.4)
    rate, (heard,) = read_wav(wav)
    ai_mask = tone_mask(heard, rate, AI_TONE_HZ, window_ms=10, min_share=0.25)
    prompt_mask = tone_mask(heard, rate, FAR_TONE_HZ, window_ms=10, min_share=0.25)
    ai = presence(ai_mask, 10)
    assert abs(ai.span_ms - 1000) <= 40, f"AI heard for {ai.span_ms} ms"
    # judge the windows where the AI is heard (a frame the endpoint lost to
    # comfort noise lacks both tones and says nothing about mixing)
    during = np.flatnonzero(ai_mask)[2:-2]
    with_prompt = prompt_mask[during]
    if mode == "mix":
        assert with_prompt.all(), (
            f"mix mode dropped the prompt in {np.count_nonzero(~with_prompt)} of "
            f"{len(during)} windows where the AI spoke"
        )
    else:
        assert not with_prompt.any(), (
            f"replace mode let the prompt through in {np.count_nonzero(with_prompt)} of "
            f"{len(during)} windows where the AI spoke"
        )
    # before and after the AI, the prompt plays either way
    assert prompt_mask[: ai.first - 2].any() and prompt_mask[ai.last + 3 :].any()


def test_marks_report_playout(esl: SyncEsl, arena: Arena) -> None:
    call = originate_loopback(esl, "ai")
    started = wait_start(esl, call.b_uuid)
    att = attach(arena, started)
    silence = np.zeros(started.rate // 5, dtype=np.int16)
    att.write(silence)
    att.set_mark(4242)
    play_and_wait(att, tone(AI_TONE_HZ, 0.3, started.rate))
    ev = esl.wait_event(is_event("aiframe::playout", call.b_uuid), 5.0)
    assert ev is not None, "no aiframe::playout event"
    assert ev.get("aiframe-mark-id") == "4242"
    assert ev.get("aiframe-slot") == str(started.slot)
    marks = att.poll_marks()
    assert [(m.mark_id, m.result) for m in marks] == [(4242, MarkResult.PLAYED)]
    assert int(ev["aiframe-played-at-ns"]) == marks[0].at_ns > 0


def test_agent_assist_recipe_whispers_to_the_agent_only(
    fs: TestSwitch, esl: SyncEsl, arena: Arena, tmp_path: Path
) -> None:
    """The operator recipe: caller leg tapped before the bridge, agent leg
    tapped on answer (execute_on_answer), one conversation; the whisper reaches
    the agent's phone on top of the caller, and never the caller."""
    caller_tone = tmp_path / "caller.wav"
    write_wav(caller_tone, 8000, tone(FAR_TONE_HZ, 10.0, 8000, 6000))
    call = originate_loopback(
        esl,
        "assist-recipe",
        far=[("playback", str(caller_tone))],
        variables={"RECORD_READ_ONLY": "true"},
    )
    caller_leg = wait_start(esl, call.b_uuid)
    assert caller_leg.event.get("aiframe-arg-agent") == "assist-caller"
    agent_leg = wait_start(esl)  # the agent's leg, attached when it answered
    assert agent_leg.event.get("aiframe-arg-agent") == "assist"
    assert agent_leg.event.get("aiframe-arg-mode") == "mix"
    assert agent_leg.conversation_id == caller_leg.conversation_id
    phone = getvar(esl, agent_leg.uuid, "other_loopback_leg_uuid")
    assert phone is not None
    esl.api(f"uuid_setvar {phone} RECORD_READ_ONLY true")

    caller_att, agent_att = attach(arena, caller_leg), attach(arena, agent_leg)
    with (
        recording(esl, phone, fs.recordings / "agent-phone.wav") as at_agent,
        recording(esl, call.a_uuid, fs.recordings / "caller-phone.wav") as at_caller,
    ):
        time.sleep(0.4)
        whisper = tone(AI_TONE_HZ, 1.0, agent_leg.rate, amplitude=6000)
        play_and_wait(agent_att, whisper, tail_s=0.4)
    heard_caller = caller_att.read()

    rate, (agent_heard,) = read_wav(at_agent)
    whisper_at_agent = presence(
        tone_mask(agent_heard, rate, AI_TONE_HZ, window_ms=10, min_share=0.25), 10
    )
    caller_at_agent = tone_mask(agent_heard, rate, FAR_TONE_HZ, window_ms=10, min_share=0.25)
    assert abs(whisper_at_agent.span_ms - 1000) <= 40, "the agent did not hear the whisper"
    during = np.arange(whisper_at_agent.first + 2, whisper_at_agent.last - 1)
    assert caller_at_agent[during].mean() >= 0.95, "the whisper drowned out the caller"
    rate, (caller_heard,) = read_wav(at_caller)
    assert not tone_mask(caller_heard, rate, AI_TONE_HZ, window_ms=10, min_share=0.25).any(), (
        "the caller heard the whisper"
    )
    # the caller's leg taps the caller's voice
    assert tone_mask(heard_caller, caller_leg.rate, FAR_TONE_HZ, window_ms=20).mean() > 0.9
