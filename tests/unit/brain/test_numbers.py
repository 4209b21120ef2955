# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiframe.brain.agent.numbers import parse_quantity, spoken_amount, spoken_digits, tokenize

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("four five six seven", "4567"),
        ("double oh seven", "007"),
        ("triple five", "555"),
        ("forty five sixty seven", "4567"),
        ("1 2 three", "123"),
        ("nineteen eighty four", "1984"),
        ("twenty-five", "25"),
    ],
)
def test_digit_strings(said: str, digits: str) -> None:
    got = spoken_digits(tokenize(said))
    assert got is not None and got[0] == digits


def test_a_lone_oh_is_not_a_digit() -> None:
    assert spoken_digits(tokenize("oh")) is None
    assert spoken_digits(tokenize("hello there")) is None


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("twenty five", 25),
        ("a hundred and five", 105),
        ("one hundred twenty three", 123),
        ("two thousand three hundred", 2300),
        ("twelve point five", 12.5),
        ("45.99", 45.99),
        ("1,200", 1200),
        ("three thousand", 3000),
    ],
)
def test_quantities(said: str, value: float) -> None:
    got = parse_quantity(tokenize(said))
    assert got is not None and got[0] == pytest.approx(value)


def test_two_units_in_a_row_are_not_one_quantity() -> None:
    got = parse_quantity(tokenize("four five"))
    assert got == (4.0, 1)


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("twenty dollars", 20),
        ("$20", 20),
        ("twenty dollars and fifty cents", 20.5),
        ("twenty dollars fifty", 20.5),
        ("fifty cents", 0.5),
        ("nineteen ninety nine", 19.99),
        ("twelve fifty", 12.5),
        ("I want 45.99 back", 45.99),
        ("about twenty bucks please", 20),
        ("refund me thirty pounds", 30),
        ("a hundred and twenty dollars", 120),
    ],
)
def test_amounts(said: str, value: float) -> None:
    got = spoken_amount(tokenize(said))
    assert got is not None and got[0] == pytest.approx(value)


def test_no_amount_in_words_without_numbers() -> None:
    assert spoken_amount(tokenize("the full amount")) is None


@given(st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_any_digit_string_read_word_by_word_comes_back(digits: str) -> None:
    said = " ".join(_WORDS[int(d)] for d in digits)
    got = spoken_digits(tokenize(said))
    assert got is not None and got[0] == digits


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=99))
def test_dollars_and_cents_in_digits_come_back(dollars: int, cents: int) -> None:
    got = spoken_amount(tokenize(f"{dollars} dollars and {cents} cents"))
    assert got is not None and got[0] == pytest.approx(dollars + cents / 100)
