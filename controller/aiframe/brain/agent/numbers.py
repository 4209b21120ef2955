# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Numbers as callers say them: "four five six seven", "double oh seven", "twenty five",
"a hundred and five", "twenty dollars and fifty cents", "nineteen ninety nine".

Two readings, because callers use both: a *digit string* (order numbers, postcodes,
card endings: every word is one or two digits) and a *quantity* (amounts, counts:
"twenty five" is 25, "one hundred and five" is 105). Speech recognisers mix words and
digits freely ("4 five 6"), so both readings accept either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "parse_quantity", "spoken_amount", "spoken_digits", "tokenize"]

UNITS = {
    "zero": 0, "oh": 0, "o": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"thousand": 1_000, "million": 1_000_000}
REPEAT = {"double": 2, "triple": 3}
# "oh" and "o" are zero only among other digits ("oh seven"), never on their own.
WEAK_ZERO = frozenset({"oh", "o"})

# Digit groups ("45.99", "1,200"), words, and tokens mixing both ("ab123", "14th").
_TOKEN = re.compile(r"\$?\d+(?:[.,]\d+)*(?![a-z0-9])|[a-z0-9]+(?:'[a-z]+)?|[$£€]")


@dataclass(frozen=True, slots=True)
class Token:
    """One word or number of an utterance, with where it is in the lower-cased text."""

    text: str
    start: int
    end: int

    @property
    def is_digits(self) -> bool:
        return self.text.lstrip("$").replace(",", "").replace(".", "").isdigit()


def tokenize(text: str) -> list[Token]:
    """Words and digit groups, lower-cased; hyphens split words ("twenty-five")."""
    low = text.lower().replace("-", " ")
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(low)]


def _is_number_word(w: str) -> bool:
    return w in UNITS or w in TEENS or w in TENS


def spoken_digits(tokens: list[Token], start: int = 0) -> tuple[str, int] | None:
    """The longest digit string from ``tokens[start]``: ``(digits, tokens used)``.

    "four five six seven" -> 4567, "double five" -> 55, "forty five sixty" -> 4560,
    "1 2 three" -> 123. A lone "oh" is not a digit string.
    """
    out: list[str] = []
    i = start
    n = len(tokens)
    while i < n:
        w = tokens[i].text
        if w in REPEAT and i + 1 < n and tokens[i + 1].text in UNITS:
            out.append(str(UNITS[tokens[i + 1].text]) * REPEAT[w])
            i += 2
            continue
        if w.isdigit():
            out.append(w)
        elif w in UNITS:
            out.append(str(UNITS[w]))
        elif w in TEENS:
            out.append(str(TEENS[w]))
        elif w in TENS:
            nxt = tokens[i + 1].text if i + 1 < n else ""
            if nxt in UNITS and nxt not in WEAK_ZERO and UNITS[nxt] > 0:
                out.append(str(TENS[w] + UNITS[nxt]))
                i += 2
                continue
            out.append(str(TENS[w]))
        else:
            break
        i += 1
    used = i - start
    if not out or (used == 1 and tokens[start].text in WEAK_ZERO):
        return None
    return "".join(out), used


def parse_quantity(tokens: list[Token], start: int = 0) -> tuple[float, int] | None:
    """A quantity from ``tokens[start]``: ``(value, tokens used)``.

    "twenty five" -> 25, "a hundred and five" -> 105, "two thousand three hundred" ->
    2300, "twelve point five" -> 12.5, "45.99" -> 45.99, "1,200" -> 1200. Two unit words
    in a row ("four five") are a digit string, not a quantity: parsing stops there.
    """
    total = 0
    current = 0
    i = start
    n = len(tokens)
    last = ""  # the kind of the previous word: unit, teen, tens, hundred, scale, digits
    used_any = False
    while i < n:
        w = tokens[i].text
        if w in ("a", "an") and not used_any and i + 1 < n and tokens[i + 1].text == "hundred":
            current = 1
            last = "unit"
            used_any = True
            i += 1
            continue
        if w == "and" and used_any and i + 1 < n and _is_number_word(tokens[i + 1].text):
            if last not in ("hundred", "scale"):
                break
            i += 1
            continue
        if tokens[i].is_digits and not used_any:
            try:
                value = float(w.lstrip("$").replace(",", ""))
            except ValueError:
                break
            current = 0
            total = 0
            used_any = True
            i += 1
            last = "digits"
            if value.is_integer() and i < n and tokens[i].text in SCALES:
                value *= SCALES[tokens[i].text]
                i += 1
            return value, i - start
        if w in UNITS and not (w in WEAK_ZERO and not used_any):
            if last in ("unit", "teen", "digits"):
                break
            if last == "tens" and UNITS[w] == 0:
                break
            current += UNITS[w]
            last = "unit"
        elif w in TEENS:
            if last in ("unit", "teen", "tens"):
                break
            current += TEENS[w]
            last = "teen"
        elif w in TENS:
            if last in ("unit", "teen", "tens"):
                break
            current += TENS[w]
            last = "tens"
        elif w == "hundred":
            if last == "hundred":
                break
            current = max(current, 1) * 100
            last = "hundred"
        elif w in SCALES:
            if last == "scale":
                break
            total += max(current, 1) * SCALES[w]
            current = 0
            last = "scale"
        else:
            break
        used_any = True
        i += 1
    if not used_any:
        return None
    value = float(total + current)
    if i + 1 < n and tokens[i].text == "point":
        frac = spoken_digits(tokens, i + 1)
        if frac is not None:
            value = float(f"{int(value)}.{frac[0]}")
            i += 1 + frac[1]
    return value, i - start


_CURRENCY = {"dollar", "dollars", "buck", "bucks", "pound", "pounds", "euro", "euros", "quid"}
_CENTS = {"cent", "cents", "penny", "pence", "p"}


def spoken_amount(tokens: list[Token]) -> tuple[float, int, int] | None:
    """The first amount of money in ``tokens``: ``(value, first token, end token)``.

    "twenty dollars" -> 20, "$20" -> 20, "twenty dollars and fifty cents" -> 20.5,
    "twenty dollars fifty" -> 20.5, "fifty cents" -> 0.5, "nineteen ninety nine" ->
    19.99 (a price read in two groups), "twelve fifty" -> 12.5, "45.99" -> 45.99; a
    bare quantity ("twenty") is an amount too.
    """
    n = len(tokens)
    i = 0
    while i < n:
        sign = tokens[i].text in ("$", "£", "€")
        j = i + 1 if sign else i
        q = parse_quantity(tokens, j) if j < n else None
        if q is None:
            i += 1
            continue
        value, used = q
        k = j + used
        if k < n and tokens[k].text in _CENTS and not sign:
            return value / 100, i, k + 1
        if k < n and tokens[k].text in _CURRENCY:
            k += 1
            if k < n and tokens[k].text == "and":
                k += 1
            cents = parse_quantity(tokens, k) if k < n else None
            if cents is not None and cents[0] < 100 and cents[0].is_integer():
                k += cents[1]
                if k < n and tokens[k].text in _CENTS:
                    k += 1
                return value + cents[0] / 100, i, k
            end = k - 1 if tokens[k - 1].text == "and" else k
            return value, i, end
        # "nineteen ninety nine", "twelve fifty": whole part then two-digit cents.
        if value.is_integer() and 1 <= value < 100 and k < n and tokens[k].text in TENS:
            cents = parse_quantity(tokens, k)
            if cents is not None and 10 <= cents[0] < 100:
                return value + cents[0] / 100, i, k + cents[1]
        return value, i, k
    return None
