# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiframe.policy.normalize import fold_chars, normalize


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("four one one one", "4111"),
        ("twenty five", "25"),
        ("twenty-five dollars", "25 dollars"),
        ("one hundred and five", "105"),
        ("two thousand twenty four", "2024"),
        ("nineteen eighty four", "19 84"),
        ("a hundred bucks", "100 bucks"),
        ("five oh five", "505"),
        ("double five seven", "557"),
        ("twelve point five percent", "12.5 percent"),
        ("one two three dash four five dash six seven eight nine", "123 - 45 - 6789"),
        ("one-two-three - four-five", "123 - 45"),
        ("five five five, one two three, four five six seven", "555, 123, 4567"),
        ("four one one one 1111", "4111 1111"),
        ("I won't", "i will not"),
        ("you'll get it", "you will get it"),
        ("we can't", "we cannot"),
        ("it's fine", "it is fine"),
    ],
)
def test_number_words_and_contractions(raw: str, want: str) -> None:
    assert normalize(raw).text == want


def test_lone_oh_is_a_word_not_zero() -> None:
    assert normalize("Oh, I see.").text == "oh, i see."


def test_and_without_a_number_after_stays_a_word() -> None:
    assert normalize("one and only").text == "1 and only"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("\uff14\uff11\uff11\uff11", "4111"),  # fullwidth
        ("\U0001d7d2\U0001d7cf", "41"),  # mathematical digits
        ("\u0664\u0661\u0661\u0661", "4111"),  # Arabic-Indic digits
        ("\u0444\u043e\u0443\u0440", "\u0444oyp"),  # look-alikes folded, the rest kept
        ("f\u043eur one", "41"),  # a Cyrillic o inside a number word
        ("g\u0430rnish", "garnish"),
        ("SSN\u200b123", "ssn123"),  # zero-width space removed
        ("12\u201334", "12-34"),  # en dash
        ("don\u2019t", "do not"),  # curly apostrophe
        ("a\u00a0b", "a b"),  # no-break space
        ("\ufb01le", "file"),  # ligature
    ],
)
def test_character_folding(raw: str, want: str) -> None:
    assert normalize(raw).text == want


def test_fold_chars_does_not_touch_words() -> None:
    assert fold_chars("Four ONE") == "four one"


def test_to_original_maps_a_rewritten_span_back() -> None:
    n = normalize("Card: four one one one, end")
    i = n.text.index("4111")
    s, e = n.to_original(i, i + 4)
    assert n.original[s:e] == "four one one one"


def test_to_original_maps_through_folded_characters() -> None:
    n = normalize("\uff33\uff33\uff2e \uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19 ok")
    i = n.text.index("123")
    s, e = n.to_original(i, i + len("123-45-6789"))
    assert n.original[s:e] == "\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19"


def test_to_original_maps_after_a_deleted_character() -> None:
    n = normalize("a\u200bb card 4111")
    i = n.text.index("4111")
    s, e = n.to_original(i, i + 4)
    assert n.original[s:e] == "4111"


@given(st.text(max_size=80))
def test_normalize_never_fails_and_spans_stay_inside(text: str) -> None:
    n = normalize(text)
    s, e = n.to_original(0, len(n.text))
    assert 0 <= s <= e <= len(text)


@given(st.text(alphabet="abc 0123456789,-.", max_size=60))
def test_plain_ascii_without_number_words_is_only_lowercased(text: str) -> None:
    assert normalize(text).text == text.lower()
