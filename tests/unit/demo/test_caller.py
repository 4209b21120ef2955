# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The scripted caller, frame by frame, against a made-up agent (no real time)."""

from __future__ import annotations

import numpy as np

from aiframe.demo.caller import ScriptedCaller
from aiframe.demo.script import CallerScript, Step

N = 320  # 20 ms at 16 kHz
LOUD = np.full(N, 3000, dtype=np.int16)
QUIET = np.zeros(N, dtype=np.int16)


def _run(script: CallerScript, agent: list[bool], frames: int) -> tuple[ScriptedCaller, list]:
    events: list[tuple[str, object]] = []
    clips = {s.say: np.full(N * 5, 1000, np.int16) for s in script.steps if s.say}
    c = ScriptedCaller(
        script,
        clips,
        {"cough": np.full(N * 2, 500, np.int16)},
        rate=16000,
        on_event=lambda k, v: events.append((k, v)),
    )
    heard = None
    out = []
    for k in range(frames):
        out.append(c.frame(k, heard))
        heard = LOUD if k < len(agent) and agent[k] else QUIET
    return c, events


def test_waits_for_the_agent_to_finish_then_speaks():
    script = CallerScript(lead_in_ms=0, ai_quiet_ms=200, steps=[Step(say="Hello.")])
    agent = [False] * 5 + [True] * 20  # speaks from frame 5 to 24
    c, events = _run(script, agent, 60)
    log = c.log[0]
    # Quiet from frame 25 (heard at 26); 10 quiet frames make 200 ms.
    assert log.cue == 35 and log.start == 35 and log.end == 40
    assert c.done and c.error is None
    assert [k for k, _ in events] == ["step"]


def test_barges_in_a_set_time_after_the_agent_starts():
    script = CallerScript(
        lead_in_ms=0,
        steps=[Step(say="Stop.", barge_in_after_ms=200), Step(hangup=True, wait_for="nothing")],
    )
    agent = [False] * 3 + [True] * 50
    c, events = _run(script, agent, 80)
    assert c.log[0].cue == 4  # heard one frame after it was played
    assert c.log[0].start == 14
    assert c.log[1].start >= 0 and ("hangup", c.log[1]) in events


def test_keys_are_sent_one_by_one():
    script = CallerScript(lead_in_ms=0, steps=[Step(dtmf="12#", wait_for="nothing")])
    c, events = _run(script, [], 40)
    assert [v for k, v in events if k == "dtmf"] == ["1", "2", "#"]
    assert c.done


def test_an_agent_that_never_answers_fails_the_script():
    script = CallerScript(lead_in_ms=0, steps=[Step(say="Hello?", timeout_s=0.5)])
    c, _ = _run(script, [], 60)
    assert c.done and c.error is not None and "waited 0.5 s" in c.error
