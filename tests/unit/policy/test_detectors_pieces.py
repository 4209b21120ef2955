# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Card, social security and bank account numbers read out in pieces, in or out of
order, are read together; a last-four mention and ordinary numbers are not."""

from __future__ import annotations

import pytest

from aiframe.policy.detectors import detect, luhn_valid

CARD = "4539148803436467"
assert luhn_valid(CARD)


def values(text: str, detector: str) -> list[str]:
    return [f.value for f in detect(text, detector)]


@pytest.mark.parametrize(
    "text",
    [
        "It finishes with 6467, and the front part is 4539 1488 0343.",
        "So the last part is 6467 and before that comes 4539 1488 0343.",
        "The middle is 1488 0343, with 4539 before and 6467 after.",
        "It opens with four five three nine, then one four eight eight, zero three four three, "
        "and closes with six four six seven.",
    ],
)
def test_a_card_in_pieces_is_put_back_in_order(text: str) -> None:
    assert values(text, "card_number") == [CARD]


@pytest.mark.parametrize(
    "text",
    [
        # twelve digits of a card, even when the joined order fails the checksum
        "The card reads 1234 5678 9012.",
        "Your card ends 9012 and starts 1234 5678.",
        # all of it but the last four
        "All but the last four of the card are 4539 1488 0343.",
        "Apart from the ending, the card number is 3782, 8224, 631.",
        # more of its start than the issuer's six digits
        "The card starts 4539 1488.",
        "The first 8 digits of your card are 45391488.",
    ],
)
def test_more_than_the_last_four_of_a_card_is_a_disclosure(text: str) -> None:
    assert detect(text, "card_number")


@pytest.mark.parametrize(
    "text",
    [
        "The card on file ends in 4242.",
        "Is the card ending in 1881 still the one you'd like to use?",
        "The number ends in double five seven five.",
        "The card starting 4539 and ending 6467 is the one on file.",
        "The card ending 4242 was charged $45.99 on 03 14 2024.",
        "The card ending in 4242 expires in September 2027.",
        "The card ending 1881 paid for order 1002 3345.",
        "Your gift card balance is $25.",
        "The Summit Card Services account number is on your statement.",
    ],
)
def test_a_last_four_and_other_numbers_beside_a_card_are_not_a_card(text: str) -> None:
    assert not detect(text, "card_number")


@pytest.mark.parametrize(
    "text",
    [
        "The social security number ends 7711 and starts 219, 09.",
        "It begins 219, 09, and the last part is 7711.",
        "It starts 21909, followed by 7711.",
        "Your social closes with 7711, and before that comes 21909.",
        # nine digits read one by one, labelled as nothing else
        "Let me read that back to you: 2 1 9 0 9 7 7 1 1.",
        "Reading it back: two one nine, zero nine, seven seven one one.",
    ],
)
def test_a_social_security_number_in_pieces(text: str) -> None:
    assert values(text, "ssn") == ["219097711"]


@pytest.mark.parametrize(
    "text",
    [
        "The serial number is 4 4 5 1 2 9 8 7 6.",
        "Dial 0 then 1 2 3 4 5 6 7 8 9.",
        "Order 219097711 has shipped.",
        "The last four of your social are 7711.",
    ],
)
def test_labelled_and_short_numbers_are_not_social_security_numbers(text: str) -> None:
    assert not detect(text, "ssn")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The account number is 12345678901.", "12345678901"),
        ("We'd debit the account 44556677 on the 1st.", "44556677"),
        ("The account ends in 5678 and starts with 1234 99.", "1234995678"),
        ("It starts with 8812, then 4410.", "88124410"),
    ],
)
def test_bank_accounts_said_plainly_or_in_pieces(text: str, want: str) -> None:
    assert values(text, "bank_account") == [want]


@pytest.mark.parametrize(
    "text",
    [
        "You can reach the accounts team on 555-123-4567.",
        "Your account was opened in 2019.",
        "The account for order 77120 was closed.",
        "We received $250 on your account on the 3rd.",
        "I can see the bank account ending in 6394.",
        "Your first visit was in 2019 and your last in 2023.",
        "It starts at 9 and ends at 5.",
        "The first payment of $50 is due on the 15th, then $75 each month.",
    ],
)
def test_other_numbers_near_an_account_are_not_bank_accounts(text: str) -> None:
    assert not detect(text, "bank_account")
