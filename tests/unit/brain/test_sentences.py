# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from aiframe.brain.sentences import SentenceSplitter


def _split(*pieces: str, max_chars: int = 250) -> list[str]:
    s = SentenceSplitter(max_chars)
    out: list[str] = []
    for p in pieces:
        out += s.push(p)
    return out + s.flush()


def test_sentences_end_at_punctuation_followed_by_space() -> None:
    assert _split("Hello Dr. Smith, your total is $45", ".99. Is that ok? Yes", "! Bye") == [
        "Hello Dr. Smith, your total is $45.99.",
        "Is that ok?",
        "Yes!",
        "Bye",
    ]


def test_initials_and_abbreviations_do_not_end_a_sentence() -> None:
    assert _split("J. Smith called, e.g. about order no. 5. Done. ") == [
        "J. Smith called, e.g. about order no.",
        "5.",
        "Done.",
    ]


def test_a_sentence_is_released_as_soon_as_it_ends() -> None:
    s = SentenceSplitter()
    assert s.push("One moment") == []
    assert s.push(", please. Your") == ["One moment, please."]
    assert s.flush() == ["Your"]


def test_a_run_without_end_is_cut_at_a_comma_or_space() -> None:
    out = _split("word, " * 30, max_chars=40)
    assert all(len(x) <= 40 for x in out)
    assert " ".join(out).split() == ("word, " * 30).split()
