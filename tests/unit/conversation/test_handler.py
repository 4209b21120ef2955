# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The whole loop on the real runtime and media core, with fake speech engines.

Each test is a short call in real time: the embedded host plays a scripted caller
into a real arena slot, the media pump and the call's actor run the conversation
handler with the Acme agent's flow brain and the real policy gate; only the speech
engines are fakes (energy VAD, a transcriber that knows the script's lines by their
length, a TTS that makes voice-like audio).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from aiframe.config import Settings
from aiframe.conversation.settings import ConversationSettings
from aiframe.demo.run import DemoCall, play
from aiframe.demo.script import CallerScript, Step
from aiframe.media.synth import synth_voice

pytestmark = pytest.mark.slow

RATE = 16000
LINES = {
    0.4: "Yeah.",
    1.0: "I'm calling about my order.",
    1.6: "Actually, I want to talk to a real person.",
}


def _call(
    make_speech: Callable[[Mapping[float, str]], object],
    steps: list[Step],
    conv: ConversationSettings | None = None,
) -> DemoCall:
    speech = make_speech(LINES)
    clips = {text: synth_voice(sec, 130.0, seed=int(sec * 10)) for sec, text in LINES.items()}
    script = CallerScript(agent="acme-support", ai_quiet_ms=500, tail_ms=300, steps=steps)
    return play(
        script,
        speech=speech,  # type: ignore[arg-type]
        clips=clips,
        settings=Settings(),
        conversation=conv or ConversationSettings(),
    )


def _said(call: DemoCall) -> list[str]:
    return [s.text for t in call.record.turns for s in t.said if s.played != "none"]


def test_a_lone_zero_is_a_transfer_the_gate_allows(make_speech):
    call = _call(
        make_speech,
        [Step(dtmf="0"), Step(hangup=True, wait_for="nothing", after_ms=4500)],
    )
    assert not call.errors
    [op] = [t for t in call.record.turns if t.input == "operator"]
    assert op.outcome == "transferred" and op.control == "transfer support"
    assert "Let me connect you with a member of our team." in _said(call)
    cmds = [c.command.split()[0] for c in call.commands]
    assert [c for c in cmds if c in ("uuid_aiframe", "uuid_transfer")] == [
        "uuid_aiframe",
        "uuid_transfer",
    ]
    # The person taking the call gets the summary and facts first (channel + event).
    handoff = [c.command for c in call.commands[: cmds.index("uuid_transfer")]]
    assert any(c.startswith("uuid_setvar") and " aiframe_summary " in c for c in handoff)
    assert any(c.startswith("uuid_setvar") and " aiframe_facts " in c for c in handoff)
    assert any("Event-Subclass=aiframe::handoff" in c for c in handoff)
    kinds = [(d["kind"], d["target"]) for d in call.decisions]
    assert ("tool_call", "transfer_to_agent") in kinds  # the key went through the gate
    assert call.record.end_reason == "handed off for transfer to support"


def test_keys_are_the_callers_words_and_silence_is_reprompted_then_the_call_ends(make_speech):
    conv = ConversationSettings(no_input_s=1.0, dtmf_interdigit_s=0.6)
    call = _call(
        make_speech,
        [Step(dtmf="123#"), Step(hangup=True, wait_for="nothing", after_ms=60000)],
        conv,
    )
    inputs = [t.input for t in call.record.turns]
    assert inputs[:2] == ["start", "dtmf"]
    assert call.record.turns[1].heard == "123"
    assert inputs.count("no_input") == 3, inputs  # two reprompts, then the goodbye
    said = _said(call)
    assert said.count("Sorry, I didn't hear anything.") == 2
    assert said[-2:] == ["Thanks for calling Acme.", "Goodbye."]
    assert call.record.turns[-1].control == "hangup"
    assert any(c.command.startswith("uuid_kill") for c in call.commands)
    assert call.state["status"] == "ended"


def test_the_call_ends_at_its_maximum_length(make_speech):
    conv = ConversationSettings(max_call_s=6.0, no_input_s=60.0)
    call = _call(make_speech, [Step(hangup=True, wait_for="nothing", after_ms=60000)], conv)
    closing = call.record.turns[-1]
    assert closing.input == "closing" and closing.control == "hangup"
    assert closing.said[0].played == "full"
    assert closing.said[0].text == conv.closing_utterance
    started = call.record.turns[0].brain_start_ns or 0
    assert 5.5e9 < (closing.brain_start_ns or 0) - started < 7.5e9


def test_a_backchannel_is_talked_through_and_real_speech_takes_the_turn(make_speech):
    call = _call(
        make_speech,
        [
            Step(say="Yeah.", barge_in_after_ms=900, expect="resume"),
            Step(say="I'm calling about my order."),
            Step(say="Actually, I want to talk to a real person.", barge_in_after_ms=500),
            Step(hangup=True, after_ms=200),
        ],
    )
    assert not call.errors
    first, second = call.record.barge_ins[:2]
    assert first.verdict == "resume" and not first.soft
    assert second.verdict == "confirm"
    greeting = call.record.turns[0]
    assert not greeting.interrupted
    assert all(s.played == "full" for s in greeting.said)
    asked = call.record.turns[1]
    assert asked.interrupted and any(s.played != "full" for s in asked.said)
    assert [u["heard"] for u in call.record.ignored_utterances] == ["Yeah."]
    person = call.record.turns[2]
    assert person.heard == LINES[1.6] and person.control == "transfer support"
    # Only what the caller heard of the interrupted turn is in the conversation.
    texts = [s.heard or s.text for s in asked.said if s.played != "none"]
    assert all(t for t in texts)
    assert call.state["status"] == "transferred"
