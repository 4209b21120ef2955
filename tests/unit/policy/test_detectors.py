# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.policy.detectors import aba_valid, detect, iban_valid, luhn_valid

FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))


def values(text: str, detector: str) -> list[str]:
    return [f.value for f in detect(text, detector)]


def test_checksums() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert aba_valid("021000021")
    assert not aba_valid("021000022")
    assert not aba_valid("000000000")
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("GB82WEST12345698765433")


@pytest.mark.parametrize(
    "text",
    [
        "Your card number is 4111 1111 1111 1111.",
        "4111-1111-1111-1111",
        "four one one one, one one one one, one one one one, one one one one",
        "forty one eleven, eleven eleven, eleven eleven, eleven eleven",
        "4111 one one one one 1111 1111",
        "4111111111111111 exp 12 25",
        "the card 4111 1111 1111 1111 12 25 cvv 123",
        "3782 822463 10005".translate(FULLWIDTH),  # Amex, fullwidth digits
    ],
)
def test_card_numbers_caught(text: str) -> None:
    assert detect(text, "card_number")


@pytest.mark.parametrize(
    "text",
    [
        "card ending in 1111",
        "order 4111111111111112",  # fails Luhn
        "tracking 12345 67890",
        "We have sizes 8, 9 and 10.",
    ],
)
def test_card_numbers_not_caught(text: str) -> None:
    assert not detect(text, "card_number")


@pytest.mark.parametrize(
    "text",
    [
        "Your SSN is 123-45-6789.",
        "one two three, four five, six seven eight nine",
        "one two three dash four five dash six seven eight nine",
        "123 45 6789",
        "your social security number is 123456789",
        "my social is one two three four five six seven eight nine",
    ],
)
def test_ssns_caught(text: str) -> None:
    assert values(text, "ssn") == ["123456789"]


@pytest.mark.parametrize(
    "text", ["Order 123456789 has shipped.", "ssn ending 6789", "social 000000000"]
)
def test_ssns_not_caught(text: str) -> None:
    assert not detect(text, "ssn")


def test_routing_numbers_need_checksum_and_context() -> None:
    assert values("routing number 021000021", "routing_number") == ["021000021"]
    assert not detect("routing number 021000022", "routing_number")
    assert not detect("order 021000021", "routing_number")


def test_bank_accounts() -> None:
    assert values("your checking account 000123456789", "bank_account") == ["000123456789"]
    assert values("IBAN GB82 WEST 1234 5698 7654 32", "bank_account")[0] == (
        "gb82west12345698765432"
    )
    assert not detect("order 000123456789", "bank_account")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("call me at 555-123-4567", "5551234567"),
        ("(555) 123-4567", "5551234567"),
        ("1 800 555 1234", "18005551234"),
        ("+44 20 7946 0958", "+442079460958"),
        ("five five five, one two three, four five six seven", "5551234567"),
        ("my cell is 5551234567", "5551234567"),
    ],
)
def test_phone_numbers(text: str, want: str) -> None:
    assert values(text, "phone_number") == [want]


@pytest.mark.parametrize("text", ["order 5551234567", "between 9 and 5", "on 12-25-2024"])
def test_phone_numbers_not_caught(text: str) -> None:
    assert not detect(text, "phone_number")


@pytest.mark.parametrize(
    "text",
    [
        "write to john.smith@example.com",
        "JOHN.SMITH@EXAMPLE.COM",
        "john dot smith at example dot com",
        "jane underscore doe at mail dot example dot org",
    ],
)
def test_emails(text: str) -> None:
    assert detect(text, "email")


def test_not_an_email() -> None:
    assert not detect("look at the order dot", "email")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("It costs $1,234.56", "1234.56"),
        ("fifty dollars", "50"),
        ("a hundred bucks", "100"),
        ("one thousand two hundred thirty four dollars and fifty six cents", "1234.56"),
        ("75 cents", "0.75"),
        ("\u20ac20", "20"),
        ("$2.5 million", "2500000"),
        ("USD 40", "40"),
    ],
)
def test_money(text: str, want: str) -> None:
    assert values(text, "money") == [want]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("10%", "10"),
        ("ten percent", "10"),
        ("twelve point five per cent", "12.5"),
        ("\uff13\uff05", "3"),
    ],
)
def test_percent(text: str, want: str) -> None:
    assert values(text, "percent") == [want]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("You'll get a full refund.", "refund"),
        ("We will refund you today.", "refund"),
        ("Your money will be refunded.", "refund"),
        ("We can offer you a 20% discount.", "discount"),
        ("I'll waive the fee.", "discount"),
        ("It will be free of charge.", "discount"),
        ("The price will stay the same.", "price"),
        ("We'll price match that.", "price"),
        ("You will only pay $20.", "price"),
        ("Your order will arrive by Friday.", "delivery"),
        ("We will ship it tomorrow.", "delivery"),
        ("We will sue you.", "legal"),
        ("You won't be arrested.", "legal"),
        ("Paying now will improve your credit.", "legal"),
        ("I promise it'll work.", "general"),
        ("Rest assured.", "general"),
    ],
)
def test_commitments(text: str, category: str) -> None:
    assert category in {f.category for f in detect(text, "commitment")}


@pytest.mark.parametrize(
    "text",
    [
        "I can't promise a refund.",
        "I cannot guarantee a delivery date.",
        "Let me check whether you will get a refund.",
        "It should arrive by Friday.",
        "You may be eligible for a refund.",
        "I will check the delivery status.",
        "It comes with a 2 year guarantee.",
        "The price is listed on the page.",
    ],
)
def test_not_commitments(text: str) -> None:
    assert not detect(text, "commitment")
