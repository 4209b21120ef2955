# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The built-in labelled examples: made from the corpus's tuning parts only, and read
with errors that name the file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiframe.lab.bench.semantic_examples import build_examples
from aiframe.policy.semantic import LABELS, builtin_examples, parse_examples
from aiframe.policy.semantic.examples import ExamplesError

ROOT = Path(__file__).resolve().parents[4]
CORPUS = ROOT / "policies" / "corpus"


def _texts(split: str) -> set[str]:
    out: set[str] = set()
    for f in CORPUS.glob(f"*/{split}.jsonl"):
        out.update(json.loads(line)["text"] for line in f.read_text().splitlines() if line)
    return out


def test_the_shipped_examples_are_the_tuning_parts() -> None:
    shipped = (ROOT / "controller/aiframe/policy/semantic/examples.jsonl").read_text()
    assert shipped == build_examples(CORPUS)


def test_no_held_out_sentence_is_an_example() -> None:
    held_out = _texts("heldout")
    assert held_out
    assert not held_out & {e.text for e in builtin_examples()}


def test_every_forbidden_label_the_packs_use_has_examples() -> None:
    have = {e.label for e in builtin_examples()}
    for label in LABELS:
        if label != "disclose.routing_number":  # no shipped pack names the routing detector
            assert label in have, label


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", r"x\.jsonl:2: not JSON"),
        ('["text", "label"]', r"x\.jsonl:2: expected an object"),
        ('{"text": " ", "label": "benign"}', r"x\.jsonl:2: text must be a non-empty string"),
        ('{"text": "hi", "label": "rude"}', r"x\.jsonl:2: label 'rude' is not one of"),
    ],
)
def test_a_bad_line_is_named(line: str, message: str) -> None:
    with pytest.raises(ExamplesError, match=message):
        parse_examples('{"text": "fine", "label": "benign"}\n' + line, "x.jsonl")


def test_comments_and_blank_lines_are_skipped() -> None:
    got = parse_examples('# a note\n\n{"text": "Hello there.", "label": "benign"}\n', "x.jsonl")
    assert [(e.text, e.label) for e in got] == [("Hello there.", "benign")]
