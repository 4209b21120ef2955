# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The detectors against the tune split of the labelled corpus (policies/corpus): what
they catch of the forbidden sentences, and how rarely they fire on benign ones.

Only ``tune.jsonl`` is read here. The held-out split measures generalisation and is
never read to write or check rules (policies/corpus/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiframe.policy.detectors import detect

CORPUS = Path(__file__).resolve().parents[3] / "policies" / "corpus"
PACKS = sorted(p.name for p in CORPUS.iterdir() if (p / "tune.jsonl").is_file())
DETECTORS = ("commitment", "card_number", "ssn", "bank_account")
MAX_BENIGN_FIRED = 0.01
MIN_FORBIDDEN_CAUGHT = 0.85


def _tune(pack: str) -> list[dict[str, str]]:
    lines = (CORPUS / pack / "tune.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _detector(label: str) -> str:
    kind, _, what = label.partition(".")
    return "commitment" if kind == "commitment" else what


@pytest.mark.parametrize("pack", PACKS)
def test_benign_tune_sentences_rarely_fire_a_detector(pack: str) -> None:
    benign = [r["text"] for r in _tune(pack) if r["label"] == "benign"]
    fired = [t for t in benign if any(detect(t, d) for d in DETECTORS)]
    assert len(fired) <= MAX_BENIGN_FIRED * len(benign), fired[:20]


@pytest.mark.parametrize("pack", PACKS)
def test_forbidden_tune_sentences_are_caught_by_their_detector(pack: str) -> None:
    rows = [r for r in _tune(pack) if r["label"] != "benign"]
    missed = [r["text"] for r in rows if not detect(r["text"], _detector(r["label"]))]
    assert len(missed) <= (1 - MIN_FORBIDDEN_CAUGHT) * len(rows), missed[:20]


@pytest.mark.parametrize("pack", PACKS)
def test_caught_commitments_mostly_name_their_category(pack: str) -> None:
    rows = [r for r in _tune(pack) if r["label"].startswith("commitment.")]
    wrong = [
        r["text"]
        for r in rows
        if r["label"].split(".", 1)[1] not in {f.category for f in detect(r["text"], "commitment")}
    ]
    assert len(wrong) <= (1 - MIN_FORBIDDEN_CAUGHT) * len(rows), wrong[:20]
