# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Dates as callers say them: "the fourteenth of March", "March 14th", "3/14",
"tomorrow", "the twenty first of May twenty twenty six", "2026-03-14".

"may" is a month only next to a day ("may 5th", "5th of may"); otherwise it is the verb.
A date said without a year is the one nearest today (last December, next January).
"""

from __future__ import annotations

import datetime as dt
import re

from aiframe.brain.agent.numbers import TENS, Token, parse_quantity, tokenize

__all__ = ["spoken_date"]

_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_ALIASES = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {
    m: i + 1 for i, m in enumerate(_MONTHS)
}
_MONTH_ALIASES["sept"] = 9
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}


def _day_at(toks: list[Token], i: int) -> tuple[int, int] | None:
    """A day of the month at ``toks[i]``: "14", "14th", "fourteenth", "twenty first"."""
    w = toks[i].text
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", w)
    if m:
        return int(m.group(1)), 1
    if w in _ORDINALS:
        return _ORDINALS[w], 1
    if w in ("twenty", "thirty") and i + 1 < len(toks) and toks[i + 1].text in _ORDINALS:
        return TENS[w] + _ORDINALS[toks[i + 1].text], 2
    q = parse_quantity(toks, i)
    if q is not None and q[0].is_integer() and 1 <= q[0] <= 31:
        return int(q[0]), q[1]
    return None


def _year_at(toks: list[Token], i: int) -> tuple[int, int] | None:
    if i >= len(toks):
        return None
    w = toks[i].text
    if re.fullmatch(r"(19|20)\d\d", w):
        return int(w), 1
    # "twenty twenty six"
    if w == "twenty" and i + 1 < len(toks):
        q = parse_quantity(toks, i + 1)
        if q is not None and q[0].is_integer() and 0 <= q[0] < 100:
            return 2000 + int(q[0]), 1 + q[1]
    return None


def _nearest_year(month: int, day: int, today: dt.date) -> dt.date | None:
    best: dt.date | None = None
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - today).days) < abs((best - today).days):
            best = cand
    return best


def spoken_date(t: str, today: dt.date) -> tuple[str, int, int] | None:
    """The first date in ``t`` (lower-cased, spaces collapsed) as an ISO date and the span
    it came from; a date without a year is the one nearest ``today``."""
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        try:
            iso = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return iso.isoformat(), m.start(), m.end()
    m = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b", t)
    if m:
        month, dom = int(m.group(1)), int(m.group(2))
        year = m.group(3)
        slashed: dt.date | None
        try:
            slashed = (
                dt.date(int(year) + (2000 if len(year) == 2 else 0), month, dom)
                if year
                else _nearest_year(month, dom, today)
            )
        except ValueError:
            slashed = None
        if slashed is not None:
            return slashed.isoformat(), m.start(), m.end()
    toks = tokenize(t)
    for i, tok in enumerate(toks):
        if tok.text in _RELATIVE:
            rel = today + dt.timedelta(days=_RELATIVE[tok.text])
            return rel.isoformat(), tok.start, tok.end
        mon = _MONTH_ALIASES.get(tok.text)
        if mon is None or (tok.text == "may" and not _may_is_month(toks, i)):
            continue
        # "march 14th", "march the fourteenth"
        j = i + 1 + (1 if i + 1 < len(toks) and toks[i + 1].text == "the" else 0)
        found = _day_at(toks, j) if j < len(toks) else None
        end_i = j + found[1] if found else i + 1
        if found is None:
            # "14th of march", "the fourteenth of march"
            k = i - 1 - (1 if i >= 1 and toks[i - 1].text == "of" else 0)
            for back in (2, 1):
                first = k - back + 1
                if first >= 0:
                    d = _day_at(toks, first)
                    if d is not None and d[1] == back:
                        found = d
                        break
            end_i = i + 1
        if found is None:
            continue
        yr = _year_at(toks, end_i)
        day: dt.date | None
        try:
            day = dt.date(yr[0], mon, found[0]) if yr else _nearest_year(mon, found[0], today)
        except ValueError:
            day = None
        if day is not None:
            return day.isoformat(), tok.start, toks[min(end_i, len(toks)) - 1].end
    return None


def _may_is_month(toks: list[Token], i: int) -> bool:
    """ "may" is a month next to a day ("may 5th", "5th of may"), else a verb."""
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    prev = toks[i - 1].text if i else ""
    return bool(re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", nxt) or nxt in _ORDINALS) or prev == "of"
