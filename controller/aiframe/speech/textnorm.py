# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Text normalisation for speech: say numbers, money, times, percentages and
ordinals the way a person would, before espeak-ng turns words into phonemes.

espeak-ng reads "$12.50" as "dollar twelve point five zero" and "7:30pm" as
"seven thirty pee em" at best; a phone bot quoting a price or an appointment
must get those right, so they are spelled out here first. The same function
normalises ASR transcripts for word-error-rate scoring, so "$12.50" and
"twelve dollars and fifty cents" compare equal.
"""

from __future__ import annotations

import re

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip
_DIGITS = {str(i): _ONES[i] for i in range(10)}


def number_to_words(n: int) -> str:
    """Cardinal words for an integer: 1234 -> one thousand two hundred thirty-four."""
    if n < 0:
        return "minus " + number_to_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_to_words(rest)}" if rest else "")
    for value, name in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            return f"{number_to_words(high)} {name}" + (f" {number_to_words(rest)}" if rest else "")
    raise AssertionError("unreachable")


def ordinal_words(n: int) -> str:
    """Ordinal words: 21 -> twenty-first."""
    words = number_to_words(n)
    head, sep, last = words.rpartition("-") if "-" in words else words.rpartition(" ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year_words(n: int) -> str:
    """1999 -> nineteen ninety-nine; 2005 -> two thousand five; 2024 -> twenty twenty-four."""
    if 2000 <= n <= 2009:
        return number_to_words(n)
    high, low = divmod(n, 100)
    if low == 0:
        return f"{number_to_words(high)} hundred"
    tail = f"oh {_ONES[low]}" if low < 10 else number_to_words(low)
    return f"{number_to_words(high)} {tail}"


def digits_words(s: str) -> str:
    """Read digit by digit: 4567 -> four five six seven."""
    return " ".join(_DIGITS[c] for c in s if c in _DIGITS)


def _int(s: str) -> int:
    return int(s.replace(",", ""))


_CURRENCY = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
}
_SCALE_WORDS = r"(?:\s+(thousand|million|billion|trillion))?"

_RE_MONEY = re.compile(r"([$£€])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?" + _SCALE_WORDS + r"\b")
_RE_TIME = re.compile(
    r"\b([01]?\d|2[0-3])(?::([0-5]\d))?\s?(a\.m\.|p\.m\.|a\.?m|p\.?m)(?=\W|$)"
    r"|\b([01]?\d|2[0-3]):([0-5]\d)\b",
    re.IGNORECASE,
)
_RE_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_RE_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
_RE_PHONE = re.compile(r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d{3}[-.]\d{4}\b")
_RE_YEAR = re.compile(r"\b(in|since|of|from|until|by|year)\s+(1[1-9]\d\d|20\d\d)\b", re.IGNORECASE)
_RE_DECIMAL = re.compile(r"\b(\d+)\.(\d+)\b")
_RE_LONG_DIGITS = re.compile(r"\b\d{5,}\b")
_RE_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")


def _money(m: re.Match[str]) -> str:
    one, many, sub_one, sub_many = _CURRENCY[m.group(1)]
    whole = _int(m.group(2))
    scale = m.group(4)
    if scale:
        frac = f" point {digits_words(m.group(3))}" if m.group(3) else ""
        return f"{number_to_words(whole)}{frac} {scale} {many}"
    cents = int((m.group(3) or "0").ljust(2, "0"))
    parts = []
    if whole or not cents:
        parts.append(f"{number_to_words(whole)} {one if whole == 1 else many}")
    if cents:
        parts.append(f"{number_to_words(cents)} {sub_one if cents == 1 else sub_many}")
    return " and ".join(parts)


def _clock(hour: int, minute: int) -> str:
    if minute == 0:
        # 24-hour times above noon are read "seventeen hundred".
        return f"{number_to_words(hour)} " + ("hundred" if hour > 12 else "o'clock")
    if minute < 10:
        return f"{number_to_words(hour)} oh {_ONES[minute]}"
    return f"{number_to_words(hour)} {number_to_words(minute)}"


def _time(m: re.Match[str]) -> str:
    if m.group(3):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        suffix = "p m" if m.group(3).lower().startswith("p") else "a m"
        said = _clock(hour, minute).removesuffix(" o'clock")
        rest = m.string[m.end() :]
        # "p.m." swallowed the full stop; give it back where it ends a sentence.
        stop = "." if m.group(3).endswith(".") and (not rest.strip() or rest[:2].istitle()) else ""
        return f"{said} {suffix}{stop}"
    return _clock(int(m.group(4)), int(m.group(5)))


def normalize(text: str) -> str:
    """Spell out the numbers in ``text`` for speech (punctuation is kept)."""
    t = text.replace("&", " and ")
    t = _RE_MONEY.sub(_money, t)
    t = _RE_TIME.sub(_time, t)
    t = _RE_PERCENT.sub(lambda m: f"{_decimal_words(m.group(1))} percent", t)
    t = _RE_ORDINAL.sub(lambda m: ordinal_words(int(m.group(1))), t)
    t = _RE_PHONE.sub(
        lambda m: ", ".join(digits_words(g) for g in re.split(r"[-. ]", m.group())), t
    )
    t = _RE_YEAR.sub(lambda m: f"{m.group(1)} {year_words(int(m.group(2)))}", t)
    t = _RE_DECIMAL.sub(lambda m: _decimal_words(m.group()), t)
    t = _RE_LONG_DIGITS.sub(lambda m: digits_words(m.group()), t)
    t = _RE_NUMBER.sub(lambda m: number_to_words(_int(m.group())), t)
    return re.sub(r"[ \t]+", " ", t).strip()


def _decimal_words(s: str) -> str:
    whole, _, frac = s.partition(".")
    words = number_to_words(int(whole))
    return f"{words} point {digits_words(frac)}" if frac else words


_RE_WORDS = re.compile(r"[a-z0-9']+")


_RE_ASR_TIME = re.compile(r"\b(\d{1,2})(?:[.:]?)(\d{2})\s?([ap])\.?m\b\.?", re.IGNORECASE)
_RE_ASR_HOUR = re.compile(r"\b(\d{1,2})([ap])\.?m\b\.?", re.IGNORECASE)


def words_for_scoring(text: str) -> list[str]:
    """Lower-case words with numbers spelled out and punctuation dropped (for WER).

    Also undoes Whisper's ways of writing times ("730pm", "7.30pm") so that a
    transcript and the text it came from compare word for word.
    """
    t = _RE_ASR_TIME.sub(lambda m: f"{m.group(1)}:{m.group(2)} {m.group(3)}m", text)
    t = _RE_ASR_HOUR.sub(lambda m: f"{m.group(1)} {m.group(2)}m", t)
    t = normalize(t).lower().replace("-", " ")
    t = t.replace("o'clock", "oclock")
    return [w.strip("'") for w in _RE_WORDS.findall(t) if w.strip("'")]


__all__ = [
    "digits_words",
    "normalize",
    "number_to_words",
    "ordinal_words",
    "words_for_scoring",
    "year_words",
]
