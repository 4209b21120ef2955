# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.conversation.endpoint import EndOfTurn, Endpointer, Pause, Resumed, SpeechStarted
from aiframe.conversation.settings import EndpointSettings


@pytest.fixture
def ep() -> Endpointer:
    return Endpointer(EndpointSettings(short_hangover_ms=200, long_hangover_ms=900))


def test_a_pause_then_a_complete_verdict_ends_the_turn_after_the_short_hangover(ep: Endpointer):
    assert ep.speech_start(100) == [SpeechStarted(1, 100)]
    [pause] = ep.speech_stop(1500)
    assert pause == Pause(1, 1, 100, 1500)
    assert ep.due_ms() == 2400  # long until smart-turn answers
    assert ep.turn_verdict(1, True, now_ms=1650) == []  # not yet 200 ms of silence
    assert ep.due_ms() == 1700
    [eot] = ep.tick(1700)
    assert isinstance(eot, EndOfTurn)
    assert (eot.spec, eot.start_ms, eot.end_ms, eot.complete, eot.why) == (
        1,
        100,
        1500,
        True,
        "complete",
    )
    assert ep.state == "idle"


def test_a_verdict_that_comes_late_ends_the_turn_at_once(ep: Endpointer):
    ep.speech_start(0)
    ep.speech_stop(1000)
    [eot] = ep.turn_verdict(1, True, now_ms=1350)
    assert eot.decided_ms == 1350 and eot.why == "complete"


def test_an_unfinished_turn_waits_for_the_long_hangover(ep: Endpointer):
    ep.speech_start(0)
    ep.speech_stop(1000)
    assert ep.turn_verdict(1, False, now_ms=1300) == []
    assert ep.tick(1899) == []
    [eot] = ep.tick(1900)
    assert eot.why == "hangover" and eot.complete is False


def test_speech_that_resumes_voids_the_pause_and_a_stale_verdict_is_ignored(ep: Endpointer):
    ep.speech_start(0)
    ep.speech_stop(800)
    assert ep.speech_start(1000) == [Resumed(1, 1, 1000)]
    assert ep.turn_verdict(1, True, now_ms=1100) == []  # for the voided pause
    assert ep.tick(5000) == []  # speaking: no end of turn
    [pause] = ep.speech_stop(2000)
    assert pause.spec == 2 and pause.start_ms == 0  # same utterance, new speculation
    [eot] = ep.turn_verdict(2, True, now_ms=2300)
    assert eot.utterance == 1 and eot.spec == 2


def test_an_endless_utterance_is_cut(ep: Endpointer):
    ep.speech_start(0)
    [eot] = ep.tick(25_000)
    assert eot.why == "too_long" and eot.end_ms == 25_000


def test_stops_without_speech_and_reset(ep: Endpointer):
    assert ep.speech_stop(100) == []
    ep.speech_start(200)
    ep.reset()
    assert ep.state == "idle" and ep.due_ms() is None
    assert ep.speech_start(300) == [SpeechStarted(2, 300)]


def test_hangovers_must_be_ordered():
    with pytest.raises(ValueError, match="long_hangover_ms"):
        EndpointSettings(short_hangover_ms=800, long_hangover_ms=400)
