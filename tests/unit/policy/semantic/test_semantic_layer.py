# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The semantic layer inside the gate: it fires where the rules' patterns do not know the
phrasing, stays silent where a rule already explained the sentence, and says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiframe.policy import CallState, check_sentence
from aiframe.policy.compile import compile_pack
from aiframe.policy.detectors import detect
from aiframe.policy.errors import PolicyLoadError
from aiframe.policy.loader import load_pack
from aiframe.policy.schema import Action

EXAMPLES = [
    ("I promise you'll get your refund by Friday.", "commitment.refund"),
    ("Your money will be back in your account tomorrow, you have my word.", "commitment.refund"),
    ("We'll definitely give you all of your money back.", "commitment.refund"),
    ("The refund is a done deal, it lands this week.", "commitment.refund"),
    ("Your parcel will be with you tomorrow, count on it.", "commitment.delivery"),
    ("It will definitely be delivered before the weekend.", "commitment.delivery"),
    ("The card on the account is 4111 1111 1111 1111.", "disclose.card_number"),
    ("The number reads four one one one, then one one one one twice more.", "disclose.card_number"),
    ("I can't promise a refund, but I can check what options you have.", "benign"),
    ("Would you like me to check whether a refund is possible?", "benign"),
    ("If the return is approved, refunds usually take five to seven days.", "benign"),
    ("Your order shipped on Monday.", "benign"),
    ("I can't say exactly when it will arrive, but the tracking shows it in transit.", "benign"),
    ("Let me transfer you to a colleague who can help.", "benign"),
    ("Is there anything else I can help you with today?", "benign"),
    ("I see the card ending in 1111 on the order.", "benign"),
]

PACK = """\
pack: semantic-test
version: "1"
start: s
steps: {{s: {{}}}}
facts: {{refund_issued: a refund was issued}}
fallback: Sorry, I can't say that.
semantic:
  examples: [{examples}]
  builtin_examples: false
rules:
  - id: no-refund-promise
    type: detector
    detector: commitment
    categories: [refund]
    semantic: {{threshold: 0.5, min_similarity: {min_similarity}}}
    unless_facts: [refund_issued]
    action: rewrite
    text: I can't promise a refund.
  - id: card
    type: detector
    detector: card_number
    semantic: {{threshold: 0.5, min_similarity: {min_similarity}}}
    action: redact
"""


def _pack(
    tmp_path: Path,
    examples: list[tuple[str, str]] = EXAMPLES,
    extra: str = "",
    min_similarity: float = 0.3,  # a handful of examples: nothing is very close to them
) -> Path:
    ex = tmp_path / "examples.jsonl"
    ex.write_text("".join(json.dumps({"text": t, "label": lab}) + "\n" for t, lab in examples))
    p = tmp_path / "pack.yaml"
    p.write_text(PACK.format(examples="examples.jsonl", min_similarity=min_similarity) + extra)
    return p


def _check(tmp_path: Path, text: str, min_similarity: float = 0.3, **facts: bool):  # type: ignore[no-untyped-def]
    policy = compile_pack(load_pack(_pack(tmp_path, min_similarity=min_similarity)))
    return check_sentence(policy, CallState(step="s", facts=facts), text)


# Phrasings the commitment detector does not know (checked below, so the tests stay
# about the layer if the detector learns them).
MISSED_REFUND = "The whole amount ends up back on your card this week, easy."


def test_a_paraphrase_the_detector_misses_is_caught_by_the_layer(tmp_path: Path) -> None:
    text = MISSED_REFUND
    assert detect(text, "commitment") == []
    d = _check(tmp_path, text)
    assert d.action is Action.REWRITE
    assert d.rules == ("no-refund-promise",)
    assert d.hits[0].reason.startswith("semantic layer: commitment.refund")
    assert "nearest example (" in d.hits[0].reason
    assert d.text == "I can't promise a refund."


def test_a_sentence_far_from_every_example_does_not_fire(tmp_path: Path) -> None:
    d = _check(tmp_path, MISSED_REFUND, min_similarity=0.95)
    assert d.action is Action.ALLOW
    assert d.semantic is not None and d.semantic.label == "commitment.refund"


def test_sentences_like_the_benign_examples_pass(tmp_path: Path) -> None:
    for text in (
        "Do you want me to see if a refund is possible for this order?",
        "Your order went out on Tuesday.",
    ):
        d = _check(tmp_path, text)
        assert d.action is Action.ALLOW, (text, d.hits)
        assert d.semantic is not None and d.semantic.label == "benign"


def test_where_the_rule_fires_it_is_the_explanation(tmp_path: Path) -> None:
    d = _check(tmp_path, "I promise you will get a full refund.")
    assert d.action is Action.REWRITE
    assert not d.hits[0].reason.startswith("semantic layer")
    assert d.semantic is None  # a refused sentence is not judged again


def test_the_rule_scope_holds_for_the_layer(tmp_path: Path) -> None:
    assert _check(tmp_path, MISSED_REFUND).action is Action.REWRITE
    assert _check(tmp_path, MISSED_REFUND, refund_issued=True).action is Action.ALLOW


def test_a_redacting_rule_refuses_when_only_the_layer_fired(tmp_path: Path) -> None:
    text = "It starts four one one one and the rest is one one one one, three times."
    assert detect(text, "card_number") == []
    d = _check(tmp_path, text)
    assert "card" in d.rules
    assert d.action is Action.BLOCK
    assert d.text == "Sorry, I can't say that."


def test_the_same_sentence_gets_the_same_score(tmp_path: Path) -> None:
    text = "Your order is on its way to the depot."
    a, b = _check(tmp_path, text), _check(tmp_path, text)
    assert a.semantic is not None and b.semantic is not None
    assert a.semantic.probabilities == b.semantic.probabilities
    assert a.to_json() == b.to_json()


def test_the_audit_record_carries_the_verdict_and_nearest_example(tmp_path: Path) -> None:
    rec = _check(tmp_path, "Your order shipped yesterday and is on its way.").to_json()
    sem = rec["semantic"]
    assert sem["label"] == "benign"
    assert sem["nearest"]["text"] in {t for t, _ in EXAMPLES}
    assert 0 < sem["nearest"]["similarity"] <= 1
    assert abs(sum(sem["top"].values()) - 1) < 0.2


def test_a_label_without_examples_is_a_load_error(tmp_path: Path) -> None:
    only_refunds = [e for e in EXAMPLES if e[1] != "disclose.card_number"]
    with pytest.raises(PolicyLoadError, match=r"no labelled examples of disclose\.card_number"):
        compile_pack(load_pack(_pack(tmp_path, only_refunds)))


def test_a_bad_examples_line_names_file_and_line(tmp_path: Path) -> None:
    p = _pack(tmp_path)
    (tmp_path / "examples.jsonl").write_text(
        '{"text": "fine", "label": "benign"}\n{"text": "x", "label": "commitment.weather"}\n'
    )
    with pytest.raises(PolicyLoadError, match=r"examples\.jsonl:2: label 'commitment\.weather'"):
        compile_pack(load_pack(p))


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "{id: m, type: detector, detector: money, semantic: {threshold: 0.5}}",
            "the money detector has no semantic labels",
        ),
        (
            "{id: c, type: detector, detector: commitment, categories: [refund], "
            "semantic: {thresholds: {price: 0.4}}}",
            "names categories the rule does not check: price",
        ),
        (
            "{id: c, type: detector, detector: commitment, semantic: {threshold: 1.5}}",
            "less than 1",
        ),
    ],
)
def test_validation_refuses_semantic_blocks_that_cannot_work(
    tmp_path: Path, rule: str, message: str
) -> None:
    p = _pack(tmp_path, extra=f"  - {rule}\n")
    with pytest.raises(PolicyLoadError, match=message):
        load_pack(p)


def test_a_short_assurance_is_judged_with_the_sentence_before_it(tmp_path: Path) -> None:
    policy = compile_pack(load_pack(_pack(tmp_path)))
    tag = "Count on it."
    alone = check_sentence(policy, CallState(step="s"), tag)
    after = CallState(step="s", turn_said=("Your money will be back in your account on Friday.",))
    d = check_sentence(policy, after, tag)
    assert d.action is Action.REWRITE, d.hits
    assert d.rules == ("no-refund-promise",)
    assert alone.semantic is not None and d.semantic is not None
    refund = ["commitment.refund"]
    assert d.semantic.score(refund) > alone.semantic.score(refund)
    # a long sentence stands on its own
    long = "Thanks for waiting, I have everything I need to look at the order now."
    assert check_sentence(policy, after, long).action is Action.ALLOW
