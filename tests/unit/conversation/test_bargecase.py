# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.conversation.bargecase import BargeCase, count_words
from aiframe.conversation.settings import BargeInSettings

S = BargeInSettings(min_speech_ms=450, min_words=2, sure_speech_ms=1200)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Yeah.", 0),
        ("Mm-hmm.", 0),
        ("uh-huh, right, right", 0),
        ("Okay, I see.", 0),
        ("[coughing]", 0),
        ("(laughs) yeah", 0),
        ("Wait, stop.", 2),
        ("Yeah, but when will it arrive?", 5),
        ("Sorry, can you promise me a refund?", 7),
    ],
)
def test_count_words_leaves_out_backchannels_and_noise_tags(text: str, words: int):
    assert count_words(text, S.backchannels) == words


def test_a_backchannel_resumes():
    case = BargeCase(S, opened_ms=1000)
    case.speech_started(980)
    assert case.transcript("Yeah.", 400) == "resume"
    assert "backchannel" in case.why


def test_real_words_confirm_but_only_when_long_enough():
    assert BargeCase(S, 0).transcript("Wait, stop.", 600) == "confirm"
    assert BargeCase(S, 0).transcript("Wait, stop.", 300) == "resume"


def test_long_speech_confirms_without_a_transcript():
    case = BargeCase(S, opened_ms=1000)
    case.speech_started(950)
    assert case.speech_for(2000) is None
    assert case.speech_for(2150) == "confirm"
    assert case.transcript("whatever", 100) == "confirm"  # decided stays decided


def test_no_speech_after_the_flush_is_noise():
    case = BargeCase(S, opened_ms=1000)
    assert case.noise_deadline(in_speech=True) is None
    assert case.noise_deadline(in_speech=False) == "resume"
    assert "noise" in case.why
    speaking = BargeCase(S, opened_ms=1000)
    speaking.speech_started(1010)
    assert speaking.noise_deadline(in_speech=False) is None
