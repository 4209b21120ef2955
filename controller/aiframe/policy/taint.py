# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Finding a tool-result value in a sentence, however the brain chose to say it.

A balance of ``1234.56`` is the same value in ``$1,234.56``, ``1234 dollars and 56
cents`` and ``one thousand two hundred thirty four dollars and fifty six cents``; a date
of birth ``1980-04-12`` is the same in ``April twelfth`` and ``4/12``. Matchers are
built once per distinct value and cached, so the gate stays a pure function.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from aiframe.policy.detectors import Scan
from aiframe.policy.normalize import normalize

__all__ = ["ValueMatcher", "matcher_for"]

_NUMBER_RX = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_NUMERIC_VALUE_RX = re.compile(r"^[$€£]?\s*-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept?", "oct", "nov", "dec")
_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_TENS_WORDS = {2: "twenty", 3: "thirty"}


def _ordinal_word(day: int) -> str:
    if day <= 20:
        return _ORDINAL_WORDS[day - 1]
    if day == 30:
        return "thirtieth"
    return f"{_TENS_WORDS[day // 10]} {_ORDINAL_WORDS[day % 10 - 1]}"


@dataclass(frozen=True, slots=True)
class ValueMatcher:
    """How to find one value in a normalized sentence."""

    number: float | None
    digits: str | None  # compared with digit runs: IDs, account and phone numbers
    patterns: tuple[re.Pattern[str], ...]

    def spans(self, scan: Scan) -> list[tuple[int, int]]:
        """Spans of :attr:`Scan.text` where the value appears."""
        out: list[tuple[int, int]] = []
        text = scan.text
        if self.number is not None:
            for m in _NUMBER_RX.finditer(text):
                if float(m.group(0).replace(",", "")) == self.number:
                    out.append(m.span())
            for f in scan.findings("money"):
                if float(f.value) == self.number:
                    out.append((f.start, f.end))
        if self.digits is not None:
            for run in scan.runs:
                if self.digits in run.digits:
                    out.append((run.start, run.end))
        for rx in self.patterns:
            out.extend(m.span() for m in rx.finditer(text))
        return out


@lru_cache(maxsize=8192)
def matcher_for(value: bool | int | float | str) -> ValueMatcher:
    """The matcher for one tool-result value (cached by value)."""
    if isinstance(value, bool):
        return ValueMatcher(None, None, ())
    if isinstance(value, int | float):
        digits = str(abs(int(value))) if float(value).is_integer() else None
        return ValueMatcher(float(value), digits if digits and len(digits) >= 4 else None, ())
    s = value.strip()
    if _NUMERIC_VALUE_RX.match(s):
        num = float(s.lstrip("$€£").strip().replace(",", ""))
        digits = "".join(c for c in s if c.isdigit())
        return ValueMatcher(num, digits if len(digits) >= 4 else None, ())
    try:
        day = dt.date.fromisoformat(s)
    except ValueError:
        pass
    else:
        return ValueMatcher(None, None, _date_patterns(day))
    norm = normalize(s).text.strip()
    digits = "".join(c for c in norm if c.isdigit())
    pats = (re.compile(r"(?<!\w)" + re.escape(norm) + r"(?!\w)"),) if norm else ()
    return ValueMatcher(None, digits if len(digits) >= 4 else None, pats)


def _date_patterns(day: dt.date) -> tuple[re.Pattern[str], ...]:
    month = f"(?:{_MONTHS[day.month - 1]}|{_MONTH_ABBR[day.month - 1]}\\.?)"
    spoken = normalize(_ordinal_word(day.day)).text
    d = f"(?:0?{day.day}(?:st|nd|rd|th)?|{re.escape(spoken).replace(' ', '[ -]')})"
    m, dd = day.month, day.day
    return (
        re.compile(rf"\b{month}\s+(?:the\s+)?{d}\b"),
        re.compile(rf"\b(?:the\s+)?{d}\s+(?:of\s+)?{month}\b"),
        re.compile(rf"(?<![\d.])0?{m}\s*[/.-]\s*0?{dd}(?![\d])"),
        re.compile(rf"(?<![\d.])0?{dd}\s*[/.-]\s*0?{m}(?![\d])"),
        re.compile(rf"\b{day.year}\s*-\s*0?{m}\s*-\s*0?{dd}\b"),
    )
