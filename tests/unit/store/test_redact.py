# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Stored text loses tool values of the pack's data classes and what the detectors find,
however it was written for speech."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiframe.policy.state import TaintedValue
from aiframe.store.redact import Redactor
from aiframe.store.settings import DEFAULT_REDACT_DETECTORS

DATA = {
    "balance": TaintedValue(value=1234.56, data_class="financial"),
    "address": TaintedValue(value="12 Elm Street", data_class="personal"),
    "status": TaintedValue(value="shipped", data_class="order_details"),
    "verified": TaintedValue(value=True, data_class="personal"),
}


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(None, DEFAULT_REDACT_DETECTORS)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Your balance is $1,234.56 today.", "Your balance is [financial] today."),
        (
            "That's one thousand two hundred thirty four dollars and fifty six cents.",
            "That's [financial].",
        ),
        ("It goes to 12 Elm Street.", "It goes to [personal]."),
        ("My card is 4111 1111 1111 1111.", "My card is [card_number]."),
        (
            "four one one one one one one one one one one one one one one one",
            "[card_number]",
        ),
        ("SSN 123-45-6789 please", "SSN [ssn] please"),
        ("Write to maria at example dot org", "Write to [email]"),
    ],
)
def test_values_and_detections_are_replaced_by_their_class(redactor, text, expect) -> None:
    assert redactor.text(text, DATA) == expect


@pytest.mark.parametrize(
    "text",
    [
        "Your order E F 3 4 5 6 7 8 9 shipped on March 3rd.",  # not a card: Luhn fails
        "We open at 9 and close at 5.",
        "You ordered 2 lamps.",
    ],
)
def test_ordinary_numbers_stay(text) -> None:
    r = Redactor(None, DEFAULT_REDACT_DETECTORS)
    data = {"status": DATA["status"]}
    assert r.text(text, data) == text.replace("shipped", "[order_details]")


def test_only_the_named_classes_when_the_pack_names_them() -> None:
    r = Redactor({"financial"}, ())
    assert r.text("$1,234.56 to 12 Elm Street", DATA) == "[financial] to 12 Elm Street"


def test_json_values_and_tool_results() -> None:
    r = Redactor(None, DEFAULT_REDACT_DETECTORS)
    v = r.value({"args": {"card": "4111-1111-1111-1111", "n": 1234.56, "ok": True}}, DATA)
    assert v == {"args": {"card": "[card_number]", "n": "[financial]", "ok": True}}
    res = r.tool_result({"status": "shipped", "eta": "March 12"}, {"status": "order_details"})
    assert res == {"status": "[order_details]", "eta": "March 12"}


def test_an_unknown_redaction_detector_stops_the_store_opening(tmp_path: Path) -> None:
    from aiframe.errors import ConfigError
    from aiframe.store.settings import StoreSettings
    from aiframe.store.store import Store

    settings = StoreSettings(
        url=f"sqlite:///{tmp_path / 'a.db'}", redact_detectors=["card_number", "passport"]
    )
    with pytest.raises(ConfigError, match=r"redact_detectors: unknown detector\(s\) passport"):
        Store.open(settings)
    assert not (tmp_path / "a.db").exists()
