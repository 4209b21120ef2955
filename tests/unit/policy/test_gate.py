# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The gate, one rule type and one action at a time, on small packs written here."""

from __future__ import annotations

import textwrap

import pytest

from aiframe.policy import (
    Action,
    CallState,
    CompiledPolicy,
    PolicyStateError,
    TaintedValue,
    check_caller,
    check_sentence,
    check_tool_call,
    check_transition,
    compile_pack,
    load_pack_text,
)

BASE = """
pack: t
version: "1"
facts: {ok: "", verified: "", local_time: ""}
start: a
steps:
  a: {next: [b], tools: [ctl]}
  b: {next: [a]}
tools:
  ctl: {kind: call_control}
  hang: {kind: call_control}
data_classes:
  money: {requires_facts: [verified]}
disclosures: {}
fallback: FALLBACK
escalation: {tool: ctl, text: ESCALATING}
end_call: {tool: hang, text: BYE}
"""


def pack(rules: str, extra: str = "") -> CompiledPolicy:
    text = BASE + extra + "rules:\n" + textwrap.indent(textwrap.dedent(rules), "  ")
    return compile_pack(load_pack_text(text, "test.yaml"))


A = CallState(step="a")


def test_no_rules_allows_the_sentence_unchanged() -> None:
    d = check_sentence(pack("[]"), A, "Hello there.")
    assert (d.action, d.rules, d.text) == (Action.ALLOW, (), "Hello there.")
    assert d.allowed


def test_pattern_rule_on_normalized_text_rewrites() -> None:
    p = pack("""
    - id: no-free
      type: pattern
      patterns: ["\\\\bfree of charge\\\\b"]
      action: rewrite
      text: REWRITTEN
    """)
    d = check_sentence(p, A, "It is FREE\u00a0of charge.")
    assert (d.action, d.rules, d.text) == (Action.REWRITE, ("no-free",), "REWRITTEN")
    assert not d.allowed


def test_raw_pattern_sees_the_text_as_written() -> None:
    p = pack("""
    - id: shout
      type: pattern
      match: raw
      patterns: ["[A-Z]{5,}"]
      action: block
    """)
    assert check_sentence(p, A, "I am SHOUTING").action is Action.BLOCK
    assert check_sentence(p, A, "i am not shouting").action is Action.ALLOW


def test_keywords_match_whole_words_and_phrases_after_normalization() -> None:
    p = pack("""
    - id: kw
      type: keywords
      keywords: [past due, "can't pay"]
    """)
    assert check_sentence(p, A, "It is PAST   due.").rules == ("kw",)
    assert check_sentence(p, A, "You cannot pay?").rules == ("kw",)
    assert check_sentence(p, A, "the pastry is due").rules == ()


def test_block_uses_rule_text_or_the_fallback() -> None:
    p = pack("""
    - {id: k1, type: keywords, keywords: [alpha], text: NO ALPHA}
    - {id: k2, type: keywords, keywords: [beta]}
    """)
    assert check_sentence(p, A, "alpha").text == "NO ALPHA"
    assert check_sentence(p, A, "beta").text == "FALLBACK"


def test_redact_replaces_every_span_and_keeps_the_rest() -> None:
    p = pack("""
    - {id: card, type: detector, detector: card_number, action: redact, replacement: X}
    - {id: mail, type: detector, detector: email, action: redact}
    """)
    d = check_sentence(p, A, "Card 4111 1111 1111 1111 and a@b.com, thanks.")
    assert d.action is Action.REDACT
    assert d.text == "Card X and that information, thanks."
    assert d.rules == ("card", "mail")


def test_overlapping_redactions_merge_into_the_widest_first_span() -> None:
    p = pack("""
    - {id: r1, type: pattern, patterns: ["4111 1111"], action: redact, replacement: A}
    - {id: r2, type: detector, detector: card_number, action: redact, replacement: B}
    """)
    assert check_sentence(p, A, "n 4111 1111 1111 1111 ok").text == "n B ok"


def test_strictest_action_wins_and_every_rule_is_reported() -> None:
    p = pack("""
    - {id: r-redact, type: keywords, keywords: [alpha], action: redact}
    - {id: r-block, type: keywords, keywords: [alpha], action: block, text: B}
    - {id: r-end, type: keywords, keywords: [alpha], action: end_call}
    - {id: r-esc, type: keywords, keywords: [alpha], action: escalate}
    """)
    d = check_sentence(p, A, "alpha")
    assert d.action is Action.END_CALL
    assert d.rules == ("r-redact", "r-block", "r-end", "r-esc")
    assert d.text == "BYE"
    assert d.call_control is not None and d.call_control.tool == "hang"


def test_first_rule_wins_among_equally_strict() -> None:
    p = pack("""
    - {id: first, type: keywords, keywords: [alpha], text: FIRST}
    - {id: second, type: keywords, keywords: [alpha], text: SECOND}
    """)
    assert check_sentence(p, A, "alpha").text == "FIRST"


def test_escalate_names_the_transfer_tool() -> None:
    p = pack("[{id: e, type: keywords, keywords: [help], action: escalate}]")
    d = check_sentence(p, A, "help")
    assert (d.action, d.text) == (Action.ESCALATE, "ESCALATING")
    assert d.call_control is not None and d.call_control.tool == "ctl"


def test_rule_scopes_steps_and_unless() -> None:
    p = pack("""
    - {id: only-b, type: keywords, keywords: [alpha], steps: [b]}
    - {id: until-ok, type: keywords, keywords: [beta], unless_facts: [ok]}
    - {id: until-not-ok, type: keywords, keywords: [gamma], unless_facts: ["!ok"]}
    """)
    assert check_sentence(p, A, "alpha").rules == ()
    assert check_sentence(p, CallState(step="b"), "alpha").rules == ("only-b",)
    assert check_sentence(p, A, "beta").rules == ("until-ok",)
    assert check_sentence(p, A.evolve(facts={"ok": True}), "beta").rules == ()
    assert check_sentence(p, A, "gamma").rules == ()
    assert check_sentence(p, A.evolve(facts={"ok": True}), "gamma").rules == ("until-not-ok",)


def test_detector_options() -> None:
    p = pack("""
    - {id: big, type: detector, detector: money, min_value: 100}
    - {id: phone, type: detector, detector: phone_number, except_values: ["1-800-555-0100"]}
    - {id: refunds, type: detector, detector: commitment, categories: [refund]}
    """)
    assert check_sentence(p, A, "It is 99 dollars.").rules == ()
    assert check_sentence(p, A, "It is a hundred dollars.").rules == ("big",)
    assert check_sentence(p, A, "Call 1 800 555 0100.").rules == ()
    assert check_sentence(p, A, "Call 1 800 555 0199.").rules == ("phone",)
    assert check_sentence(p, A, "We will ship it today.").rules == ()
    assert check_sentence(p, A, "We will refund you.").rules == ("refunds",)


def test_taint_blocks_values_until_entitled() -> None:
    p = pack("[{id: taint, type: taint}]")
    data = {"bal": TaintedValue(value=1234.5, data_class="money")}
    st = A.evolve(data=data)
    assert check_sentence(p, st, "Your balance is $1,234.50.").rules == ("taint",)
    assert check_sentence(p, st, "It's 1234 dollars and fifty cents.").rules == ("taint",)
    assert check_sentence(p, st, "It's 1234.").rules == ()
    assert check_sentence(p, st.evolve(facts={"verified": True}), "It's $1,234.50.").rules == ()


def test_taint_finds_strings_and_dates() -> None:
    p = pack("[{id: taint, type: taint, action: redact, replacement: '*'}]")
    data = {
        "name": TaintedValue(value="Ana Ruiz", data_class="money"),
        "dob": TaintedValue(value="1980-04-12", data_class="money"),
    }
    st = A.evolve(data=data)
    assert check_sentence(p, st, "Hello ANA RUIZ!").text == "Hello *!"
    for said in ["April twelfth", "the 12th of April", "4/12/1980", "apr. 12"]:
        assert check_sentence(p, st, f"Born {said}.").rules == ("taint",), said
    assert check_sentence(p, st, "Born in April.").rules == ()


def test_length_and_language_limits() -> None:
    p = pack("""
    - {id: long, type: length, max_chars: 20}
    - {id: words, type: length, max_words: 3}
    - {id: lang, type: language, languages: [en]}
    """)
    assert check_sentence(p, A, "Short one.").rules == ()
    assert check_sentence(p, A, "This sentence is much too long.").rules == ("long", "words")
    assert check_sentence(p, A, "Café olé.").rules == ()
    assert check_sentence(p, A, "\u4f60\u597d").rules == ("lang",)


@pytest.mark.parametrize(
    ("start", "end", "now", "fires"),
    [
        ("08:00", "21:00", "08:00", False),
        ("08:00", "21:00", "20:59", False),
        ("08:00", "21:00", "21:00", True),
        ("08:00", "21:00", "7:59", True),
        ("22:00", "06:00", "23:30", False),
        ("22:00", "06:00", "05:59", False),
        ("22:00", "06:00", "12:00", True),
        ("08:00", "21:00", "garbage", True),
    ],
)
def test_hours_window(start: str, end: str, now: str, fires: bool) -> None:
    p = pack(f"[{{id: h, type: hours, start: '{start}', end: '{end}', action: end_call}}]")
    d = check_sentence(p, A.evolve(facts={"local_time": now}), "hello")
    assert (d.action is Action.END_CALL) is fires


def test_hours_unknown_time_can_be_allowed() -> None:
    p = pack("[{id: h, type: hours, start: '08:00', end: '21:00', when_unknown: allow}]")
    assert check_sentence(p, A, "hello").rules == ()


def test_caller_rules_run_only_on_caller_turns() -> None:
    p = pack("""
    - {id: emergency, type: keywords, keywords: [chest pain], on: [caller], action: escalate}
    - {id: both, type: detector, detector: card_number, on: [sentence, caller], action: redact}
    """)
    assert check_sentence(p, A, "chest pain").rules == ()
    d = check_caller(p, A, "I have chest pain")
    assert (d.kind, d.action, d.rules) == ("caller", Action.ESCALATE, ("emergency",))
    d = check_caller(p, A, "it is 4111 1111 1111 1111")
    assert (d.action, d.text) == (Action.REDACT, "it is that information")


DISCLOSED = """
disclosures:
  rec: {text: This call is recorded., before: [first_sentence]}
  notice: {text: Here is the notice., before: ["step:b", "tool:act"]}
"""
TOOLS = """
  act: {kind: action}
"""


def dpack() -> CompiledPolicy:
    text = BASE.replace("disclosures: {}\n", DISCLOSED).replace(
        "  hang: {kind: call_control}\n", "  hang: {kind: call_control}\n" + TOOLS
    )
    text = text.replace("a: {next: [b], tools: [ctl]}", "a: {next: [b], tools: [ctl, act]}")
    return compile_pack(load_pack_text(text + "rules: []\n", "d.yaml"))


def test_first_sentence_disclosure_is_inserted_with_its_id() -> None:
    d = check_sentence(dpack(), A, "Hi.")
    assert d.text == "This call is recorded. Hi."
    assert [u.disclosure for u in d.utterances] == ["rec", None]
    assert d.rules == ("disclosure/rec",)
    assert d.action is Action.ALLOW


def test_disclosure_not_inserted_while_queued_or_once_played() -> None:
    p = dpack()
    assert check_sentence(p, A.evolve(disclosures_pending=frozenset({"rec"})), "Hi.").text == "Hi."
    assert check_sentence(p, A.evolve(disclosures_played=frozenset({"rec"})), "Hi.").text == "Hi."


def test_disclosure_said_by_the_brain_is_credited_to_that_sentence() -> None:
    d = check_sentence(dpack(), A, "Hello! This call is recorded.")
    assert d.text == "Hello! This call is recorded."
    assert [u.disclosure for u in d.utterances] == ["rec"]
    assert d.rules == ()


def test_step_disclosure_blocks_until_proven_played() -> None:
    p = dpack()
    d = check_transition(p, A, "b")
    assert (d.action, d.rules, d.text) == (
        Action.BLOCK,
        ("disclosure/notice",),
        "Here is the notice.",
    )
    assert d.utterances[0].disclosure == "notice"
    queued = A.evolve(disclosures_pending=frozenset({"notice"}))
    d = check_transition(p, queued, "b")
    assert (d.action, d.text) == (Action.BLOCK, "")
    played = A.evolve(disclosures_played=frozenset({"notice"}))
    assert check_transition(p, played, "b").action is Action.ALLOW


def test_tool_disclosure_blocks_until_proven_played() -> None:
    p = dpack()
    d = check_tool_call(p, A, "act", {})
    assert (d.action, d.rules, d.text) == (
        Action.BLOCK,
        ("disclosure/notice",),
        "Here is the notice.",
    )
    played = A.evolve(disclosures_played=frozenset({"notice"}))
    assert check_tool_call(p, played, "act", {}).action is Action.ALLOW


def test_transitions() -> None:
    p = pack("[]")
    assert check_transition(p, A, "b").action is Action.ALLOW
    assert check_transition(p, A, "a").action is Action.ALLOW  # staying put
    assert check_transition(p, A, "zz").rules == ("step/unknown",)


def test_same_input_same_decision() -> None:
    p = pack("[{id: c, type: detector, detector: card_number, action: redact}]")
    st = A.evolve(facts={"ok": True})
    first = check_sentence(p, st, "4111 1111 1111 1111")
    assert all(check_sentence(p, st, "4111 1111 1111 1111") == first for _ in range(5))


def test_state_must_fit_the_policy() -> None:
    p = pack("[]")
    with pytest.raises(PolicyStateError, match="step 'nope' is not a step of pack t"):
        check_sentence(p, CallState(step="nope"), "hi")
    with pytest.raises(PolicyStateError, match="pinned to policy other"):
        check_sentence(p, A.evolve(policy_version="other"), "hi")
    assert check_sentence(p, A.evolve(policy_version=p.version), "hi").policy_version == p.version
