# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import datetime as dt

import pytest

from aiframe.brain.agent.slots import SLOT_KINDS, SlotOptions, extract

TODAY = dt.date(2026, 3, 10)
ORDER = SlotOptions(pattern="^[A-Z0-9]{6,12}$")
REASONS = SlotOptions(
    choices={
        "damaged": ["broken", "cracked"],
        "missing": ["never arrived", "didn't arrive"],
        "late": ["late", "delayed"],
        "wrong_item": ["wrong item", "not what i ordered"],
    }
)


@pytest.mark.parametrize(
    ("kind", "said", "value", "opts"),
    [
        ("yes_no", "yeah go ahead", True, None),
        ("yes_no", "no that's not right", False, None),
        ("yes_no", "I don't think so", False, None),
        ("yes_no", "sure, why not", True, None),
        ("yes_no", "that\u2019s correct", True, None),
        ("name", "my name is jane doe", "Jane Doe", None),
        ("name", "it's Jane Doe calling about my order", "Jane Doe", None),
        ("name", "um this is bob", "Bob", None),
        ("name", "Jane", "Jane", None),
        ("digits", "four five six seven", "4567", None),
        ("digits", "it's double oh seven", "007", None),
        ("code", "my order number is A B one two three four five six", "AB123456", ORDER),
        ("code", "AB123456", "AB123456", ORDER),
        ("code", "alpha bravo 1 2 3 4 5 6", "AB123456", ORDER),
        ("code", "I think it's ab 123 456", "AB123456", ORDER),
        ("code", "it is ab one two three four five six", "AB123456", ORDER),
        ("email", "jane dot doe at example dot com", "jane.doe@example.com", None),
        ("email", "it's jane.doe@example.com thanks", "jane.doe@example.com", None),
        (
            "email",
            "my email is j a n e at example dot co dot uk please",
            "jane@example.co.uk",
            None,
        ),
        (
            "email",
            "sam underscore p two at mail dot example dot org",
            "sam_p2@mail.example.org",
            None,
        ),
        ("postcode", "S W one A one A A", "SW1A 1AA", None),
        ("postcode", "it's sw1a 1aa", "SW1A 1AA", None),
        ("postcode", "the postcode is E C one A one B B", "EC1A 1BB", None),
        ("postcode", "nine oh two one oh", "90210", None),
        ("date", "March 14th", "2026-03-14", None),
        ("date", "the fourteenth of march", "2026-03-14", None),
        ("date", "twenty first of may", "2026-05-21", None),
        ("date", "tomorrow", "2026-03-11", None),
        ("date", "3/14", "2026-03-14", None),
        ("date", "2026-03-14", "2026-03-14", None),
        ("date", "december the second", "2025-12-02", None),
        ("amount", "twenty dollars", 20.0, None),
        ("amount", "twenty dollars and fifty cents", 20.5, None),
        ("amount", "the full amount please", "full", None),
        ("choice", "it arrived broken", "damaged", REASONS),
        ("choice", "it never arrived", "missing", REASONS),
        ("choice", "that's not what I ordered", "wrong_item", REASONS),
        ("text", "well, because the box was crushed", "the box was crushed", None),
    ],
)
def test_extracts_spoken_forms(
    kind: str, said: str, value: object, opts: SlotOptions | None
) -> None:
    o = opts or SlotOptions()
    o = SlotOptions(o.choices, o.min_length, o.max_length, o.pattern, TODAY)
    got = extract(kind, said, o)
    assert got is not None, f"{kind}: nothing found in {said!r}"
    assert got.value == value


@pytest.mark.parametrize(
    ("kind", "said", "opts"),
    [
        ("yes_no", "hmm", None),
        ("name", "I want a refund please now", None),
        ("code", "my order is lost", ORDER),
        ("code", "one two three", ORDER),  # too short for the pattern
        ("email", "jane at example", None),
        ("postcode", "I don't know it", None),
        ("date", "may I ask something", None),
        ("amount", "I'm not sure", None),
        ("choice", "it is purple", REASONS),
        ("text", "um", None),
    ],
)
def test_finds_nothing_where_there_is_nothing(
    kind: str, said: str, opts: SlotOptions | None
) -> None:
    assert extract(kind, said, opts) is None


def test_span_points_at_the_value() -> None:
    said = "sure, it's AB123456 thanks"
    got = extract("code", said, ORDER)
    assert got is not None
    assert said.lower()[got.start : got.end] == "ab123456"


def test_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"no slot kind 'colour'.*yes_no"):
        extract("colour", "red")
    assert "postcode" in SLOT_KINDS


ACME_ORDER = SlotOptions(pattern="^[A-Z]{2}[0-9]{6}$")


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("It's E F three four five six seven A.", "EF345678"),  # "eight" heard as "A"
        ("It's EF 34567A.", "EF345678"),  # as a recogniser wrote it in a demo run
        ("it's a b one two three four five six", "AB123456"),  # "A" really a letter
        ("O K 1 2 3 4 5 O", "OK123450"),  # "oh" in a digit place, O in a letter place
        ("I 8 1 2 3 4 5 6", "IA123456"),  # "eight" heard in a letter place
    ],
)
def test_a_code_pattern_settles_soundalike_letters_and_digits(said: str, value: str) -> None:
    got = extract("code", said, ACME_ORDER)
    assert got is not None
    assert got.value == value


def test_a_soundalike_is_not_swapped_when_the_code_fits_as_heard() -> None:
    got = extract("code", "E F three four five six seven A", ORDER)
    assert got is not None and got.value == "EF34567A"


def test_a_code_that_fits_no_spelling_is_not_taken() -> None:
    assert extract("code", "E F three four five six seven Q", ACME_ORDER) is None
