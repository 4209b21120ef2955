# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A few hundred ordinary customer-service sentences: no sensitive-data or commitment
detector may fire on them, and every shipped pack allows them once the caller is
verified and the disclosures were heard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aiframe.policy import CallState, CompiledPolicy, check_sentence
from aiframe.policy.detectors import detect

SENTENCES = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "benign_sentences.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
DETECTORS = ("card_number", "ssn", "bank_account", "routing_number", "email", "phone_number",
             "commitment")  # fmt: skip
ENTITLED = {
    "retail-support": ("order_help", {"identity_verified": True}),
    "collections": ("discuss_debt", {"identity_verified": True, "local_time": "10:30"}),
    "healthcare-scheduling": ("scheduling", {"identity_verified": True, "patient_id": "P1"}),
}


def test_the_corpus_is_a_few_hundred_sentences() -> None:
    assert len(SENTENCES) >= 300
    assert len(set(SENTENCES)) == len(SENTENCES)


@pytest.mark.parametrize("detector", DETECTORS)
def test_no_detector_fires_on_benign_sentences(detector: str) -> None:
    fired = [s for s in SENTENCES if detect(s, detector)]
    assert fired == []


@pytest.mark.parametrize("pack", sorted(ENTITLED))
def test_every_shipped_pack_allows_benign_sentences(
    pack: str, shipped: Callable[[str], CompiledPolicy]
) -> None:
    policy = shipped(pack)
    step, facts = ENTITLED[pack]
    state = CallState(step=step, facts=facts, disclosures_played=frozenset(policy.pack.disclosures))
    refused = [(s, d.rules) for s in SENTENCES if (d := check_sentence(policy, state, s)).hits]
    assert refused == []
