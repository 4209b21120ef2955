# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Property tests: sensitive numbers in every way text for speech writes them must be
caught; ordinary numbers (order numbers, times, quantities, dates) must not be."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aiframe.policy.detectors import detect, luhn_valid

DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
UNITS = DIGIT_WORDS[1:]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))
# Cyrillic o for Latin o in number words: renders the same, must read the same.
LOOKALIKE = str.maketrans("o", "\u043e")
SENSITIVE = ("card_number", "ssn", "phone_number", "bank_account", "routing_number", "email")


def words_below_1000(n: int, hyphen: bool) -> str:
    parts = []
    if n >= 100:
        parts.append(f"{UNITS[n // 100 - 1]} hundred")
        n %= 100
    if n >= 20:
        t = TENS[n // 10]
        parts.append(f"{t}-{UNITS[n % 10 - 1]}" if n % 10 and hyphen else t)
        if n % 10 and not hyphen:
            parts.append(UNITS[n % 10 - 1])
    elif n >= 10:
        parts.append(TEENS[n - 10])
    elif n:
        parts.append(UNITS[n - 1])
    return " ".join(parts)


def number_words(n: int, hyphen: bool = False) -> str:
    if n == 0:
        return "zero"
    out = []
    if n >= 1000:
        out.append(words_below_1000(n // 1000, hyphen) + " thousand")
        n %= 1000
    if n:
        out.append(words_below_1000(n, hyphen))
    return " ".join(out)


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    length = draw(st.integers(13, 19))
    body = draw(st.text("0123456789", min_size=length - 1, max_size=length - 1))
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


@st.composite
def spoken(draw: st.DrawFn, groups: list[str], pause: bool = False) -> str:
    """Digit groups written the ways a brain writes text for speech. With ``pause`` the
    groups are set apart by more than a space (spelled digits are spaced too)."""
    style = draw(st.sampled_from(["digits", "spelled", "mixed"]))
    # Spelled digits run together across a space or a tight hyphen ("one-two"), so
    # only a comma, a full stop or a spaced dash sets spelled groups apart.
    seps = [" - ", ", ", ". ", " dash "]
    if style == "digits" or not pause:
        seps += ["-", " "]
    sep = draw(st.sampled_from(seps))
    if style == "digits" and sep == " dash ":
        sep = "-"
    out = []
    for g in groups:
        as_words = style == "spelled" or (style == "mixed" and draw(st.booleans()))
        if as_words:
            digit_sep = draw(st.sampled_from([" ", "-"]))
            word = digit_sep.join(DIGIT_WORDS[int(c)] for c in g)
            if draw(st.booleans()):
                word = word.translate(LOOKALIKE)
            out.append(word)
        else:
            if draw(st.booleans()):
                g = g.translate(FULLWIDTH)
            out.append(g)
    text = sep.join(out)
    if draw(st.booleans()):
        text = text.replace(" ", draw(st.sampled_from(["\u00a0", " \u200b", "  "])), 1)
    return text


def chunk(s: str, sizes: list[int]) -> list[str]:
    out, i = [], 0
    for n in sizes:
        out.append(s[i : i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return [g for g in out if g]


CARD_TEMPLATES = ["Your card number is {}.", "I have {} on file", "{}", "card: {}, thanks"]


@settings(max_examples=150)
@given(card_numbers(), st.data())
def test_card_numbers_in_any_spoken_form_are_caught(card: str, data: st.DataObject) -> None:
    size = data.draw(st.sampled_from([4, 3, 2, 1, len(card)]))
    groups = chunk(card, [size] * 20) if size < len(card) else [card]
    text = data.draw(st.sampled_from(CARD_TEMPLATES)).format(data.draw(spoken(groups)))
    found = detect(text, "card_number")
    assert any(f.value == card for f in found), text


@st.composite
def ssns(draw: st.DrawFn) -> str:
    area = draw(st.integers(1, 899).filter(lambda a: a != 666))
    return f"{area:03d}{draw(st.integers(1, 99)):02d}{draw(st.integers(1, 9999)):04d}"


@settings(max_examples=150)
@given(ssns(), st.data())
def test_ssns_in_any_spoken_form_are_caught(ssn: str, data: st.DataObject) -> None:
    grouped = data.draw(st.booleans())
    if grouped:
        body = data.draw(spoken([ssn[:3], ssn[3:5], ssn[5:]], pause=True))
        template = data.draw(st.sampled_from(["It's {}.", "{}", "the number {} is on file"]))
    else:
        body = data.draw(spoken([ssn]))
        template = data.draw(
            st.sampled_from(["Your social security number is {}.", "SSN {}", "my social is {}"])
        )
    text = template.format(body)
    assert any(f.value == ssn for f in detect(text, "ssn")), text


@st.composite
def amounts(draw: st.DrawFn) -> tuple[float, str]:
    dollars = draw(st.integers(1, 999_999))
    cents = draw(st.integers(0, 99))
    form = draw(st.sampled_from(["symbol", "symbol_plain", "digits_words", "words"]))
    hyphen = draw(st.booleans())
    if form == "symbol":
        text = f"${dollars:,}" + (f".{cents:02d}" if cents else "")
    elif form == "symbol_plain":
        text = f"${dollars}" + (f".{cents:02d}" if cents else "")
    elif form == "digits_words":
        text = f"{dollars} dollars" + (f" and {cents} cents" if cents else "")
    else:
        text = f"{number_words(dollars, hyphen)} dollars"
        if cents:
            text += f" and {number_words(cents, hyphen)} cents"
    return dollars + cents / 100, text


@settings(max_examples=150)
@given(amounts(), st.sampled_from(["That comes to {}.", "{}", "I can refund {} today"]))
def test_amounts_in_any_form_are_read_with_their_value(
    amount: tuple[float, str], template: str
) -> None:
    value, said = amount
    text = template.format(said)
    got = [float(f.value) for f in detect(text, "money")]
    assert any(abs(v - value) < 0.005 for v in got), (text, got)


@settings(max_examples=100)
@given(st.integers(1, 100), st.booleans(), st.sampled_from(["%", " percent", " per cent"]))
def test_percentages_are_read(n: int, spelled: bool, suffix: str) -> None:
    said = number_words(n) if spelled else str(n)
    suffix = " percent" if spelled and suffix == "%" else suffix
    got = [float(f.value) for f in detect(f"about {said}{suffix} off", "percent")]
    assert got == [float(n)]


@st.composite
def benign(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["order", "time", "quantity", "date", "price", "room"]))
    if kind == "order":
        n = draw(st.integers(1000, 99_999_999))
        spelled = " ".join(DIGIT_WORDS[int(c)] for c in str(n))
        said = draw(st.sampled_from([str(n), spelled]))
        return draw(st.sampled_from(["Your order number is {}.", "Order {} has shipped."])).format(
            said
        )
    if kind == "time":
        h, m = draw(st.integers(1, 12)), draw(st.sampled_from([0, 15, 30, 45]))
        said = draw(
            st.sampled_from(
                [f"{h}:{m:02d}", f"{number_words(h)} {number_words(m) if m else 'o clock'}"]
            )
        )
        return f"Your appointment is at {said} {draw(st.sampled_from(['am', 'pm']))}."
    if kind == "quantity":
        n = draw(st.integers(1, 500))
        what = draw(st.sampled_from(["items", "boxes", "bottles", "minutes", "days"]))
        return f"That's {draw(st.sampled_from([str(n), number_words(n)]))} {what}."
    if kind == "date":
        m, d, y = draw(st.integers(1, 12)), draw(st.integers(1, 28)), draw(st.integers(1990, 2030))
        return draw(
            st.sampled_from([f"It was on {m}/{d}/{y}.", f"See you on {y}-{m:02d}-{d:02d}."])
        )
    if kind == "price":
        return f"The blender costs ${draw(st.integers(1, 5000))}."
    return f"Go to room {draw(st.integers(1, 999))} on floor {draw(st.integers(1, 30))}."


@settings(max_examples=200)
@given(benign())
def test_ordinary_numbers_are_not_sensitive(text: str) -> None:
    for name in SENSITIVE:
        assert not detect(text, name), (name, text)
