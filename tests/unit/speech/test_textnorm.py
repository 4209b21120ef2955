# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Numbers, money, times and the like are spelled out the way people say them."""

from __future__ import annotations

import pytest

from aiframe.speech.textnorm import normalize, number_to_words, ordinal_words, words_for_scoring


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (13, "thirteen"),
        (40, "forty"),
        (99, "ninety-nine"),
        (105, "one hundred five"),
        (1234, "one thousand two hundred thirty-four"),
        (2_000_017, "two million seventeen"),
        (-5, "minus five"),
    ],
)
def test_cardinals(n: int, words: str):
    assert number_to_words(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "first"), (2, "second"), (12, "twelfth"), (21, "twenty-first"), (40, "fortieth")],
)
def test_ordinals(n: int, words: str):
    assert ordinal_words(n) == words


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("It is $12.50.", "It is twelve dollars and fifty cents."),
        ("Just $1", "Just one dollar"),
        ("Only $0.99", "Only ninety-nine cents"),
        ("A fee of £3.05", "A fee of three pounds and five pence"),
        ("About $2.5 million.", "About two point five million dollars."),
        ("Total $1,200", "Total one thousand two hundred dollars"),
        ("Meet at 7:30 pm.", "Meet at seven thirty p m."),
        ("Open at 9am", "Open at nine a m"),
        ("Back at 10:05", "Back at ten oh five"),
        ("At 10:00 sharp", "At ten o'clock sharp"),
        ("Landing 17:00", "Landing seventeen hundred"),
        ("Save 15%", "Save fifteen percent"),
        ("On the 3rd", "On the third"),
        ("Call 555-123-4567", "Call five five five, one two three, four five six seven"),
        ("Since 1987", "Since nineteen eighty-seven"),
        ("In 2005", "In two thousand five"),
        ("Code 48213", "Code four eight two one three"),
        ("Pi is 3.14", "Pi is three point one four"),
        ("Tom & Jerry", "Tom and Jerry"),
        ("A table for 2 at 7.", "A table for two at seven."),
    ],
)
def test_normalize(text: str, said: str):
    assert normalize(text) == said


def test_scoring_words_make_asr_spellings_equal():
    said = (
        "Your table for two is booked at seven thirty p m,"
        " the deposit is twelve dollars and fifty cents."
    )
    for heard in (
        "Your table for 2 is booked at 730pm. The deposit is $12.50.",
        "Your table for two is booked at 7.30 PM. The deposit is $12.50",
    ):
        assert words_for_scoring(heard) == words_for_scoring(said)
