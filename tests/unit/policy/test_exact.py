# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""exact_value rules: a remembered card or account number is never read back beyond its
last digits, whatever its form, order or grouping, and across the sentences of a turn."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import pytest

from aiframe.policy import (
    Action,
    CallState,
    CompiledPolicy,
    MemoryAuditSink,
    PolicyLoadError,
    PolicyRegistry,
    TaintedValue,
    check_caller,
    check_sentence,
    compile_pack,
    load_pack_text,
)
from aiframe.policy.detectors import Scan, luhn_valid
from aiframe.policy.exact import Secret, leaks
from aiframe.policy.normalize import normalize

BENIGN = Path(__file__).parent / "data" / "benign_sentences.txt"
CARD = "4532015112830366"  # Luhn-valid; its last four are 0366
SPOKEN = "4539578763621486"  # the one the caller reads out; last four 1486

BASE = """
pack: t
version: "1"
start: a
steps: {a: {}}
data_classes:
  payment_card: {}
  other: {}
fallback: FALLBACK
"""
RULE = """
- id: last-four
  type: exact_value
  classes: [payment_card]
  caller_detectors: [card_number]
  reveal_last: 4
  text: LAST FOUR ONLY
"""


def pack(rules: str = RULE) -> CompiledPolicy:
    text = BASE + "rules:\n" + textwrap.indent(textwrap.dedent(rules), "  ")
    return compile_pack(load_pack_text(text, "test.yaml"))


P = pack()
TOOL = CallState(
    step="a",
    data={"lookup.card": TaintedValue(value="4532 0151 1283 0366", data_class="payment_card")},
)
CALLER = CallState(step="a", sensitive={"card_number": (SPOKEN,)})


def said(text: str, state: CallState = TOOL, policy: CompiledPolicy = P) -> Action:
    return check_sentence(policy, state, text).action


# ---- forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Your card is 4532015112830366.",
        "Your card is 4532 0151 1283 0366.",
        "Your card is 4532-0151-1283-0366.",
        "Your card is 4532.0151.1283.0366.",
        "It's four five three two, oh one five one, one two eight three, oh three six six.",
        "It's four five three two zero one five one one two eight three zero three six six.",
        "Forty five thirty two, oh one fifty one, twelve eighty three, oh three double six.",
        "It's 4532 0151 1283 then oh three six six.",
        "It ends in 0366 and starts with 4532 0151.",
        "The first part is 4532.",
        "The middle is twelve eighty three.",
        "The digits after 4532 are oh one five one.",
        "Card number 9 4532015112830366 7.",
        "Card number 945320151128303667.",  # padded with decoy digits, one group
        "Card number nine four five three two oh one five one.",
        "The digits are 4, 5, 3, 2, 0, 1.",
    ],
)
def test_a_tool_card_said_beyond_its_last_four_is_blocked(text: str) -> None:
    assert said(text) is Action.BLOCK


@pytest.mark.parametrize(
    "text",
    [
        "The card ends in 0366.",
        "That's the card ending in oh three six six.",
        "Ending in zero three double six.",
        "The card ending 0366 was charged; yes, 0366.",
    ],
)
def test_the_last_four_may_be_said(text: str) -> None:
    assert said(text) is Action.ALLOW


@pytest.mark.parametrize(
    "text",
    [
        "Your total is $453.20, due on 2024-04-12.",  # 453, 20, and "45320" is the card's start
        "Your order 12345 of 2 items ships in 10 days.",
        "It was placed on 4/12 at 10:30 and costs 15 percent less.",
        "Call us at 1-800-555-0100.",
        "It starts with 45.",
        "There are 3 options and 2 of them are free.",
    ],
)
def test_ordinary_numbers_are_not_the_card(text: str) -> None:
    assert said(text) is Action.ALLOW


def test_an_amount_of_the_cards_first_four_digits_is_still_a_piece() -> None:
    assert said("That was $4532 in all.") is Action.BLOCK
    assert said("That was $4,532 in all.") is Action.BLOCK
    assert said("That was $453 in all.") is Action.ALLOW  # amounts count from four digits


def test_the_decision_names_the_value_by_its_last_four_and_spans_the_digits() -> None:
    text = "Sure: it ends in 0366 and starts with 4532 0151."
    d = check_sentence(P, TOOL, text)
    assert d.rules == ("last-four",) and d.text == "LAST FOUR ONLY"
    (hit,) = d.hits
    assert "8 digits of payment_card lookup.card ending 0366 beyond its last 4" in hit.reason
    assert "4532" not in hit.reason
    [leak] = leaks(Scan(normalize(text)), (), [Secret(CARD, 4, "card")])
    assert leak.positions == frozenset(range(8))
    assert [text[s:e] for s, e in leak.spans] == ["4532 0151"]


def test_redact_replaces_only_what_may_not_be_said() -> None:
    p = pack(RULE.replace("text: LAST FOUR ONLY", "action: redact\n  replacement: the card"))
    d = check_sentence(p, TOOL, "It ends in 0366 and starts with 4532 0151.")
    assert (d.action, d.text) == (Action.REDACT, "It ends in 0366 and starts with the card.")


def test_reveal_last_zero_allows_no_digit_at_all() -> None:
    p = pack(RULE.replace("reveal_last: 4", "reveal_last: 0"))
    assert said("The card ends in 0366.", policy=p) is Action.BLOCK
    d = check_sentence(p, TOOL, "The card ends in 0366.")
    assert "which may not be read back" in d.hits[0].reason
    assert "0366" not in d.hits[0].reason


def test_values_of_other_classes_and_short_values_are_not_remembered() -> None:
    other = TOOL.evolve(data={"x.y": TaintedValue(value=CARD, data_class="other")})
    assert said("Your card is 4532 0151 1283 0366.", other) is Action.ALLOW
    masked = TOOL.evolve(data={"x.y": TaintedValue(value="**** 0366", data_class="payment_card")})
    assert said("It ends in 0366.", masked) is Action.ALLOW


def test_rule_scoping_applies() -> None:
    p = compile_pack(
        load_pack_text(
            BASE.replace("fallback", 'facts: {ok: ""}\nfallback')
            + "rules:\n"
            + textwrap.indent(textwrap.dedent(RULE + "  unless_facts: [ok]\n"), "  "),
            "t.yaml",
        )
    )
    assert said("It's 4532 0151.", TOOL, p) is Action.BLOCK
    assert said("It's 4532 0151.", TOOL.evolve(facts={"ok": True}), p) is Action.ALLOW


# ---- across the sentences of a turn ------------------------------------------------


def test_digits_said_a_few_per_sentence_add_up_within_a_turn() -> None:
    first = "The card starts with a four and a five."
    assert said(first) is Action.ALLOW  # two digits alone tell nothing
    turn = TOOL.evolve(turn_said=("Sure.", first))
    assert said("Then a three and a two.", turn) is Action.BLOCK
    assert said("Then 32.", turn) is Action.BLOCK


def test_a_new_turn_starts_counting_afresh() -> None:
    assert said("Then a three and a two.", TOOL.evolve(turn_said=())) is Action.ALLOW


def test_the_last_four_said_earlier_in_the_turn_stays_allowed() -> None:
    turn = TOOL.evolve(turn_said=("It ends in oh three.",))
    assert said("Then six six.", turn) is Action.ALLOW


def test_small_numbers_spread_over_a_turn_do_not_add_up_to_the_card_by_chance() -> None:
    turn = TOOL.evolve(turn_said=("You have 2 orders.", "One arrives in 10 days."))
    assert said("The other in 3.", turn) is Action.ALLOW  # 2, 10, 3: "2103" is not in it


# ---- numbers the caller said -------------------------------------------------------


def test_a_card_the_caller_said_is_remembered_and_never_echoed() -> None:
    start = CallState(step="a")
    d = check_caller(P, start, "My card is four five three nine, 5787 6362 1486.")
    assert d.action is Action.ALLOW and dict(d.remember) == {"card_number": (SPOKEN,)}
    assert d.to_json()["remembered"] == {"card_number": 1}
    assert SPOKEN not in json.dumps(d.to_json()["remembered"])
    state = start.evolve(sensitive=dict(d.remember))
    assert said("So that's 4539 5787 6362 1486?", state) is Action.BLOCK
    assert said("Card starting 4539 57, ending 1486.", state) is Action.BLOCK
    assert said("Noted, the card ending 1486.", state) is Action.ALLOW


def test_a_number_already_remembered_is_not_remembered_twice() -> None:
    d = check_caller(P, CALLER, "It's 4539 5787 6362 1486, and my other is 4532 0151 1283 0366.")
    assert dict(d.remember) == {"card_number": (CARD,)}


def test_only_the_rules_detectors_remember() -> None:
    ssn_only = CallState(step="a", sensitive={"ssn": ("123456789",)})
    assert said("Your number is 123 45 6789.", ssn_only) is Action.ALLOW
    assert check_caller(P, CallState(step="a"), "My social is 123-45-6789.").remember == {}


def test_a_pack_without_caller_detectors_remembers_nothing() -> None:
    p = pack(RULE.replace("  caller_detectors: [card_number]\n", ""))
    assert check_caller(p, CallState(step="a"), "My card is 4539 5787 6362 1486.").remember == {}


# ---- the audit record --------------------------------------------------------------


def test_the_audit_record_never_holds_the_number_in_clear(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    steps = "steps: {a: {tools: [pay]}}\ntools: {pay: {}}"
    rules = "rules:\n" + textwrap.indent(textwrap.dedent(RULE), "  ")
    f.write_text(BASE.replace("steps: {a: {}}", steps) + rules)
    sink = MemoryAuditSink()
    gate = PolicyRegistry([f]).open_call("c", "t", sink)
    st = gate.initial_state()
    heard = gate.caller(st, "My card is four five three nine, five seven eight seven, 6362 1486.")
    st = st.evolve(sensitive=dict(heard.remember))
    gate.sentence(st, "So that's 4539 5787 6362 1486?")
    gate.sentence(st, "Noted, the card ending 1486.")
    gate.tool_call(st, "pay", {"card": "4539578763621486", "note": {"again": ["4539 5787"]}})
    records = [e.to_json() for e in sink.events]
    dump = json.dumps(records)
    for clear in (SPOKEN, "4539 5787", "5787", "four five three nine"):
        assert clear not in dump
    assert records[0]["input"]["caller_text"] == (
        "My card is [card_number the caller said ending 1486]."
    )
    assert records[0]["text"] == records[0]["input"]["caller_text"]
    assert records[0]["remembered"] == {"card_number": 1}
    assert records[1]["input"]["text"] == "So that's [card_number the caller said ending 1486]?"
    assert "ending 1486" in records[1]["reasons"][0]
    assert records[2]["input"]["text"] == "Noted, the card ending 1486."  # allowed: as said
    assert records[3]["input"]["args"]["card"] == "[card_number the caller said ending 1486]"
    # the loop itself still gets what the caller said
    assert sink.events[0].decision.text.startswith("My card is four five three nine")


# ---- the rule in a pack ------------------------------------------------------------


def _problems(rules: str) -> list[tuple[int, str, str]]:
    with pytest.raises(PolicyLoadError) as e:
        pack(rules)
    return [(p.line, p.field, p.message) for p in e.value.problems]


def test_an_unknown_class_is_named_with_its_line() -> None:
    got = _problems(RULE.replace("[payment_card]", "[payment_crad]"))
    assert got == [
        (
            14,
            "rules[0].classes[0]",
            "unknown data class 'payment_crad'; did you mean 'payment_card'? "
            "(known: other, payment_card)",
        )
    ]


def test_caller_turns_are_refused_with_a_reason() -> None:
    [(line, field, msg)] = _problems(RULE + "  on: [sentence, caller]\n")
    assert (line, field) == (18, "rules[0].on")
    assert "checks the AI's sentences only" in msg and "caller_detectors" in msg


def test_a_rule_must_remember_something_and_detectors_are_known() -> None:
    rule = "- {id: r, type: exact_value, reveal_last: 4}\n"
    [(line, _, msg)] = _problems(rule)
    assert line == 11 and "needs classes, caller_detectors or both" in msg
    [(_, field, msg)] = _problems("- {id: r, type: exact_value, caller_detectors: [email]}\n")
    assert field == "rules[0].caller_detectors[0]" and "'email'" in msg
    [(_, field, _)] = _problems("- {id: r, type: exact_value, classes: [other], reveal_last: -1}\n")
    assert field == "rules[0].reveal_last"


# ---- false positives, measured -----------------------------------------------------


def _card(rng: random.Random) -> str:
    body = "4" + "".join(str(rng.randrange(10)) for _ in range(14))
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def test_ordinary_sentences_rarely_match_a_random_card() -> None:
    """Every ordinary sentence of the benign set against 100 random cards: measured
    0.06% of pairs match by chance (3-digit receipt, model and street numbers)."""
    rng = random.Random(20)
    sentences = [s for s in BENIGN.read_text().splitlines() if s and not s.startswith("#")]
    scans = [Scan(normalize(s)) for s in sentences]
    hits = sum(
        1
        for card in (_card(rng) for _ in range(100))
        for scan in scans
        if leaks(scan, (), [Secret(card, 4, "card")])
    )
    assert hits / (100 * len(scans)) < 0.002
