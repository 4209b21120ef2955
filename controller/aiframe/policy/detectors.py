# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Detectors for sensitive content in a normalized sentence.

Each detector reads a :class:`Scan` (one normalized sentence plus lazily computed,
shared views of it) and returns :class:`Finding` spans in the normalized text. They
see text after :mod:`aiframe.policy.normalize`, so ``four one one one`` is ``4111``
and ``won't`` is ``will not``; digit groups separated by spaces, hyphens, dots or
commas are read as one run, which is how spaced and hyphenated numbers are caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from aiframe.policy.normalize import Normalized

__all__ = [
    "COMMITMENT_CATEGORIES",
    "DETECTORS",
    "DigitRun",
    "Finding",
    "Scan",
    "aba_valid",
    "detect",
    "iban_valid",
    "luhn_valid",
]

COMMITMENT_CATEGORIES = ("price", "refund", "discount", "delivery", "legal", "general")


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected span of the normalized text."""

    detector: str
    start: int
    end: int
    value: str
    category: str = ""


@dataclass(frozen=True, slots=True)
class DigitRun:
    """Digit groups read as one number: ``4111 1111-1111`` has groups 4111/1111/1111."""

    start: int
    end: int
    groups: tuple[str, ...]
    # group spans, for the sub-runs a long run may hide
    spans: tuple[tuple[int, int], ...]
    plus: bool

    @property
    def digits(self) -> str:
        return "".join(self.groups)

    def lengths(self) -> tuple[int, ...]:
        # Spoken single digits and literal "1 2 3" read the same: one group.
        if len(self.groups) > 1 and all(len(g) == 1 for g in self.groups):
            return (len(self.groups),)
        return tuple(len(g) for g in self.groups)


_RUN_RX = re.compile(r"(?<![\d.])(\+\s*)?\d+(?:(?:\s*[-.,]\s*|\s*\)\s*|\s+)\d+)*")
_GROUP_RX = re.compile(r"\d+")
_WORD_RX = re.compile(r"[^\W_]+")


class Scan:
    """One normalized sentence and the views detectors share, each built on first use."""

    __slots__ = ("_cache", "_pieces", "_runs", "_tokens", "_words", "norm", "text")

    def __init__(self, norm: Normalized) -> None:
        self.norm = norm
        self.text = norm.text
        self._runs: list[DigitRun] | None = None
        self._words: list[re.Match[str]] | None = None
        self._tokens: frozenset[str] | None = None
        self._pieces: list[_Pieces | None] = []
        self._cache: dict[str, list[Finding]] = {}

    @property
    def runs(self) -> list[DigitRun]:
        if self._runs is None:
            runs = []
            for m in _RUN_RX.finditer(self.text):
                gm = list(_GROUP_RX.finditer(self.text, m.start(), m.end()))
                runs.append(
                    DigitRun(
                        m.start(),
                        m.end(),
                        tuple(g.group(0) for g in gm),
                        tuple(g.span() for g in gm),
                        m.group(1) is not None,
                    )
                )
            self._runs = runs
        return self._runs

    @property
    def words(self) -> list[re.Match[str]]:
        if self._words is None:
            self._words = list(_WORD_RX.finditer(self.text))
        return self._words

    @property
    def tokens(self) -> frozenset[str]:
        """The distinct words of the sentence, for cheap "could this match?" tests."""
        if self._tokens is None:
            self._tokens = frozenset(_WORD_RX.findall(self.text))
        return self._tokens

    @property
    def pieces(self) -> _Pieces | None:
        """The sentence's identifier-like digits, put in the order their cues say."""
        if not self._pieces:
            self._pieces.append(_read_pieces(self))
        return self._pieces[0]

    def findings(self, detector: str) -> list[Finding]:
        got = self._cache.get(detector)
        if got is None:
            got = DETECTORS[detector](self)
            self._cache[detector] = got
        return got


def luhn_valid(digits: str) -> bool:
    """The card-number checksum (ISO/IEC 7812)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def aba_valid(digits: str) -> bool:
    """The ABA routing-number checksum (3-7-1 weights)."""
    if len(digits) != 9 or digits == "000000000":
        return False
    w = (3, 7, 1) * 3
    return sum(int(c) * k for c, k in zip(digits, w, strict=True)) % 10 == 0


def iban_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN written without spaces."""
    s = iban.upper()
    if not (15 <= len(s) <= 34) or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    moved = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in moved)
    return int(num) % 97 == 1


def _subruns(run: DigitRun, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Group-aligned stretches of a run whose digit count lies in [lo, hi]."""
    out = []
    g = run.groups
    for i in range(len(g)):
        n = 0
        for j in range(i, len(g)):
            n += len(g[j])
            if n > hi:
                break
            if n >= lo:
                out.append((run.spans[i][0], run.spans[j][1], "".join(g[i : j + 1])))
    return out


# A number read out in pieces: "it ends in 1111, and the first part is 4111, 2222,
# 3333", "it begins 596, 83, followed by 4209", "the middle digits are 8105 444, with
# 3797 before and 8160 after". Each piece is put where its cue says (start, middle,
# end; "before that" goes before the piece just read), so the detectors can read the
# digits together in the order they stand on the card or document.
_PIECE_CUE_RX = re.compile(
    r"\b(?:(?P<start>starts?|starting|begins?|beginning|opening(?:\s+digits)?|front|leading|"
    r"first(?!\s+(?:payment|time|of|visit|month|week|year|order|instalment|installment|"
    r"one|thing|name|floor))(?:\s+(?:part|bit|half|few|\d+|digits?|numbers?))*)"
    r"|(?P<end>ends?|ending|finish(?:es|ing)?|closes?|closing|back (?:part|half|end)|"
    r"tail(?: end)?|trailing|last(?!\s+(?:month|week|year|time|night|visit|order|payment|"
    r"statement|call|one))(?:\s+(?:part|bit|half|few|\d+|digits?|numbers?))*)"
    r"|(?P<mid>middle|in between|between|then|followed by|after that)"
    r"|(?P<before>before (?:that|it|this|those|them)))\b"
)
_PIECE_AFTER_RX = re.compile(
    r"\s*(?:(?P<start>before|first)|(?P<end>after|last|at the end)|(?P<mid>in between))\b"
)
_PIECE_ORDER = {"start": 0.0, "mid": 1.0, "end": 2.0}
# A number that is something else: an amount, a time, a date, a count, or one that
# is labelled as an order, a reference, a room ...
_QUANTITY_AFTER_RX = re.compile(
    r"\s*(?:%|:\d|/\d|percent\b|per cent\b|dollars?\b|bucks\b|cents?\b|pounds?\b|euros?\b|"
    r"st\b|nd\b|rd\b|th\b|am\b|pm\b|a\.m|p\.m|o'?clock\b|minutes?\b|mins?\b|hours?\b|days?\b|"
    r"weeks?\b|months?\b|years?\b|times?\b|items?\b|orders?\b|kilos?\b|kg\b|grams?\b|lbs?\b|"
    r"inches\b|cm\b|centimetres?\b|met(?:re|er)s?\b|miles?\b|km\b|gigabytes?\b|gb\b|volts?\b|"
    r"degrees?\b|people\b|pieces\b|pages\b|digits?\b|numbers?\b)"
)
_LABEL_BEFORE_RX = re.compile(
    r"\b(?:orders?|invoices?|reference|ref|case|ticket|confirmation|tracking|receipt|member|"
    r"policy|model|serial|room|floor|route|extension|ext|zip|postcode|postal code|version|"
    r"step|chapter|error|code|pin|flight|item|sku|part number|batch|appointment|claim|phone|cell|"
    r"mobile|call|fax|line)\b(?:\s+(?:number|no|#|id))?(?:\s+(?:is|was|reads|of))?\s*$"
)
_CARD_CONTEXT_RX = re.compile(
    r"\b(?:card(?!\s+services)|cards|visa|mastercard|amex|american express|debit|long number)\b"
    r"|\b(?:all|everything) but the last\b|\bapart from the (?:ending|end|last)\b"
    r"|\bexcept (?:for )?the last\b"
)
_ALL_BUT_LAST_RX = re.compile(
    r"\b(?:all|everything) but the last\b|\bapart from the (?:ending|end|last)\b"
    r"|\bexcept (?:for )?the last\b|\bother than the last\b|\bup to the last\b"
)
_ACCOUNT_CONTEXT_RX = re.compile(r"\b(?:account|accounts|acct|debit)\b")


# "in 2019", "since 1998": a year (but "ending in 1992" is a piece of a number)
_YEAR_BEFORE_RX = re.compile(
    r"(?:(?<!\bend )(?<!\bends )(?<!\bending )\bin|\bsince|\bfrom|\byear|\buntil|\btill|"
    r"\bcirca|\bthrough)\s+$"
)
_DATE_SHAPES = frozenset({
    (2, 2, 4), (1, 2, 4), (2, 1, 4), (1, 1, 4), (4, 2, 2), (4, 1, 2), (4, 2, 1), (4, 1, 1),
    (2, 4), (1, 4),
})  # fmt: skip


def _quantity(text: str, run: DigitRun) -> bool:
    """An amount, a time, a date part or a measure rather than an identifier."""
    before = text[max(0, run.start - 2) : run.start]
    if any(c in before for c in "$€£") or before[-1:] in (":", "/"):
        return True
    if _QUANTITY_AFTER_RX.match(text, run.end):
        return True
    digits = run.digits
    lens = tuple(len(g) for g in run.groups)
    if lens in _DATE_SHAPES and len(lens) > 1:
        year = digits[-4:] if lens[-1] == 4 else digits[:4]
        if year[:2] in ("19", "20"):
            return True  # a date: "03 14 2024", "2024-03-14"
    if (
        lens == (4,)
        and "1900" <= digits < "2040"
        and _YEAR_BEFORE_RX.search(text, max(0, run.start - 12), run.start)
    ):
        return True  # "in 2019", "since 1998"
    return "." in text[run.start : run.end] and len(run.groups[-1]) <= 2


@dataclass(frozen=True, slots=True)
class _Pieces:
    """The identifier-like digit runs of a sentence, in the order their cues put them."""

    runs: tuple[DigitRun, ...]
    cued: bool  # some piece was placed by a cue ("starts", "ends", "then" ...)
    start_digits: str  # the digits of the pieces cued as the start

    @property
    def digits(self) -> str:
        return "".join(r.digits for r in self.runs)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(g for r in self.runs for g in r.groups)

    @property
    def start(self) -> int:
        return min(r.start for r in self.runs)

    @property
    def end(self) -> int:
        return max(r.end for r in self.runs)


def _read_pieces(scan: Scan) -> _Pieces | None:
    t = scan.text
    runs = [r for r in scan.runs if len(r.digits) >= 2]
    if sum(len(r.digits) for r in runs) < 6:
        return None  # too few digits for any identifier the detectors read in pieces
    cues = list(_PIECE_CUE_RX.finditer(t))
    kept: list[tuple[float, int, DigitRun]] = []
    cued = False
    prev_end, prev_order = 0, 0.0
    start_digits = []
    for i, run in enumerate(runs):
        if any(c.start() <= run.start < c.end() for c in cues):
            continue  # "the last 4", "the first 8 digits"
        if _quantity(t, run) or _LABEL_BEFORE_RX.search(t, max(0, run.start - 30), run.start):
            continue
        kind = None
        for c in cues:
            if prev_end <= c.start() and c.end() <= run.start:
                kind = c.lastgroup
        if kind is None:
            after = _PIECE_AFTER_RX.match(t, run.end)
            kind = after.lastgroup if after is not None else None
        if kind is None:
            order = prev_order if kept else 0.0  # "4111, then 1111" goes on as it was
        elif kind == "before":
            order = prev_order - 0.5  # "before that comes ...": just ahead of the last
        else:
            order = _PIECE_ORDER[kind]
        cued = cued or kind is not None
        if kind == "start":
            start_digits.append(run.digits)
        kept.append((order, i, run))
        prev_end, prev_order = run.end, order
    if not kept:
        return None
    kept.sort(key=lambda x: (x[0], x[1]))
    return _Pieces(tuple(r for _, _, r in kept), cued, "".join(start_digits))


def _card_numbers(scan: Scan) -> list[Finding]:
    out = []
    for run in scan.runs:
        digits = run.digits
        if len(digits) < 13:
            continue
        if len(digits) <= 19 and luhn_valid(digits):
            out.append(Finding("card_number", run.start, run.end, digits))
            continue
        # A card followed by an expiry or CVV reads as one long run: look inside it,
        # but only at stretches that also start like a card number.
        for s, e, sub in _subruns(run, 13, 19):
            if sub[0] in "23456" and luhn_valid(sub):
                out.append(Finding("card_number", s, e, sub))
                break
        else:
            if len(run.groups) == 1 and len(digits) > 19:
                for k in range(len(digits) - 12):
                    for n in range(19, 12, -1):
                        sub = digits[k : k + n]
                        if len(sub) == n and sub[0] in "23456" and luhn_valid(sub):
                            out.append(Finding("card_number", run.start, run.end, sub))
                            break
                    else:
                        continue
                    break
    if out:
        return out
    # A card read in pieces, in any order, or more of it than the last four: every
    # identifier-like digit of a sentence about a card is read together. Twelve digits
    # of a card are a disclosure even when the joined order fails the checksum, and so
    # is more of its start than the issuer's six digits; a last-four alone never is.
    pieces = scan.pieces
    if pieces is None:
        return out
    digits = pieces.digits
    n = len(digits)
    if (13 <= n <= 19 and pieces.cued and digits[0] in "23456" and luhn_valid(digits)) or (
        n >= 7
        and _CARD_CONTEXT_RX.search(scan.text)
        and (
            12 <= n <= 19
            or len(pieces.start_digits) > 6
            # "everything but the last 4 is ...": the rest of the card is read
            or (8 <= n <= 15 and _ALL_BUT_LAST_RX.search(scan.text))
        )
    ):
        out.append(Finding("card_number", pieces.start, pieces.end, digits))
    return out


_SSN_CONTEXT = re.compile(r"\b(?:social|ssn|ss number|tax id|taxpayer|itin|tin)\b")


def _ssn_ok(d: str) -> bool:
    return d[:3] not in ("000", "666") and d[0] != "9" and d[3:5] != "00" and d[5:] != "0000"


def _ssns(scan: Scan) -> list[Finding]:
    out = []
    context: bool | None = None
    for run in scan.runs:
        lens = run.lengths()
        digits = run.digits
        found = False
        for i in range(len(lens) - 2):
            if lens[i : i + 3] == (3, 2, 4):
                s, e = run.spans[i][0], run.spans[i + 2][1]
                out.append(Finding("ssn", s, e, "".join(run.groups[i : i + 3])))
                found = True
                break
        if found or len(digits) < 9:
            continue
        if context is None:
            context = _SSN_CONTEXT.search(scan.text) is not None
        if not context:
            if len(digits) == 9 and _ssn_ok(digits) and _read_digit_by_digit(scan, run):
                out.append(Finding("ssn", run.start, run.end, digits))
            continue
        if len(digits) == 9 and _ssn_ok(digits):
            out.append(Finding("ssn", run.start, run.end, digits))
        else:
            for s, e, sub in _subruns(run, 9, 9):
                if _ssn_ok(sub):
                    out.append(Finding("ssn", s, e, sub))
                    break
    if out:
        return out
    # Read in pieces: "it ends in 4209, and it begins 596, 83" puts 3-2-4 back together;
    # the first five and the last four, or nine digits where the sentence says social.
    pieces = scan.pieces
    if pieces is None or len(pieces.runs) < 2 or len(pieces.digits) != 9:
        return out
    digits = pieces.digits
    lens = tuple(len(g) for g in pieces.groups)
    if not _ssn_ok(digits):
        return out
    if (pieces.cued and lens in ((3, 2, 4), (5, 4))) or _SSN_CONTEXT.search(scan.text):
        out.append(Finding("ssn", pieces.start, pieces.end, digits))
    return out


# "let me read it back: 2 2 1 9 5 3 0 0 7": nine digits said one by one, labelled as
# nothing else, are read as a social security number.
_ANY_LABEL_RX = re.compile(
    r"\b(?:orders?|invoices?|reference|ref|case|ticket|confirmation|tracking|receipt|member|"
    r"policy|model|serial|room|route|extension|zip|postcode|zip code|code|pin|phone|cell|"
    r"mobile|call|fax|routing|aba|account|acct|card|iban|item|sku|part number|claim|appointment|"
    r"patient|record|chart|id|dial|press|enter|type|key)\b"
)


def _read_digit_by_digit(scan: Scan, run: DigitRun) -> bool:
    if _ANY_LABEL_RX.search(scan.text) or _quantity(scan.text, run):
        return False
    if len(run.groups) == len(run.digits):
        return True  # "2 2 1 9 5 3 0 0 7"
    s, e = scan.norm.to_original(run.start, run.end)
    return not any(c.isdigit() for c in scan.norm.original[s:e])  # spelled out


_BANK_CONTEXT = re.compile(
    r"\b(?:bank|banking|checking|savings|routing|aba|iban|sort code|wire|ach|direct deposit)\b"
)
_ROUTING_CONTEXT = re.compile(r"\b(?:routing|aba|transit|bank|checking|savings|wire|ach)\b")
_IBAN_RX = re.compile(r"\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,4})?\b")


def _routing_numbers(scan: Scan) -> list[Finding]:
    if _ROUTING_CONTEXT.search(scan.text) is None:
        return []
    out = []
    for run in scan.runs:
        for s, e, sub in _subruns(run, 9, 9) if len(run.digits) != 9 else []:
            if aba_valid(sub):
                out.append(Finding("routing_number", s, e, sub))
                break
        if len(run.digits) == 9 and aba_valid(run.digits):
            out.append(Finding("routing_number", run.start, run.end, run.digits))
    return out


def _bank_accounts(scan: Scan) -> list[Finding]:
    t = scan.text
    out = []
    for m in _IBAN_RX.finditer(t):
        compact = m.group(0).replace(" ", "")
        if iban_valid(compact):
            out.append(Finding("bank_account", m.start(), m.end(), compact))
    bank = _BANK_CONTEXT.search(t) is not None
    account = bank or _ACCOUNT_CONTEXT_RX.search(t) is not None
    # An account read in pieces ("the account ends in 4156 and starts with 7543 50"), or
    # eight digits and more read in cued pieces that make no card or social security
    # number ("it starts with 9845, then 7267"): the pieces are read as one number.
    pieces = scan.pieces
    read: tuple[DigitRun, ...] = ()
    if pieces is not None and len(pieces.runs) > 1 and pieces.cued:
        n = len(pieces.digits)
        if (account and 6 <= n <= 17) or (
            8 <= n <= 17
            and not _CARD_CONTEXT_RX.search(t)
            and not _SSN_CONTEXT.search(t)
            and not scan.findings("card_number")
            and not scan.findings("ssn")
        ):
            out.append(Finding("bank_account", pieces.start, pieces.end, pieces.digits))
            read = pieces.runs
    if not account:
        return out
    card = None
    for run in scan.runs:
        if run in read or not 6 <= len(run.digits) <= 17 or _is_money_run(t, run):
            continue
        if not bank:
            # "account" alone also names orders, cards and phone lines: the number must
            # look like nothing else.
            before = max(0, run.start - 30)
            if _quantity(t, run) or _LABEL_BEFORE_RX.search(t, before, run.start):
                continue
            if _phone_shaped(run):
                continue
            if card is None:
                card = _CARD_CONTEXT_RX.search(t) is not None
            if card and len(run.digits) >= 13 and luhn_valid(run.digits):
                continue
        out.append(Finding("bank_account", run.start, run.end, run.digits))
    return out


def _phone_shaped(run: DigitRun) -> bool:
    lens = run.lengths()
    d = run.digits
    return lens in ((3, 3, 4), (3, 4), (1, 3, 3, 4)) or (run.plus and 8 <= len(d) <= 15)


def _is_money_run(text: str, run: DigitRun) -> bool:
    before = text[max(0, run.start - 2) : run.start]
    return "$" in before or "." in text[run.start : run.end]


_PHONE_CONTEXT = re.compile(
    r"\b(?:phone|call|calling|cell|mobile|dial|text|telephone|fax|tel|extension|contact)\b"
)


def _phone_numbers(scan: Scan) -> list[Finding]:
    out = []
    context: bool | None = None
    for run in scan.runs:
        d = run.digits
        lens = run.lengths()
        if run.plus and 8 <= len(d) <= 15:
            out.append(Finding("phone_number", run.start, run.end, "+" + d))
            continue
        shaped = (
            (lens == (3, 3, 4) and d[0] in "23456789")
            or (lens == (1, 3, 3, 4) and d[0] == "1" and d[1] in "23456789")
            or (lens == (3, 4) and d[0] in "23456789")
        )
        if shaped:
            out.append(Finding("phone_number", run.start, run.end, d))
            continue
        nanp = (len(d) == 10 and d[0] in "23456789") or (
            len(d) == 11 and d[0] == "1" and d[1] in "23456789"
        )
        if nanp and len(lens) == 1:
            if context is None:
                context = _PHONE_CONTEXT.search(scan.text) is not None
            if context:
                out.append(Finding("phone_number", run.start, run.end, d))
    return out


_TLD = r"(?:com|net|org|edu|gov|io|co|us|uk|ca|info|biz|me|de|fr|au|mail)"
_EMAIL_RX = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_SPOKEN_EMAIL_RX = re.compile(
    r"\b[a-z0-9]+(?:(?:\s+(?:dot|underscore|dash)\s+|[._-])[a-z0-9]+)*"
    r"(?:\s+at\s+|\s*@\s*)"
    rf"[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*\s+dot\s+{_TLD}\b"
)


def _emails(scan: Scan) -> list[Finding]:
    t = scan.text
    out: list[Finding] = []
    if "@" in t:
        out.extend(Finding("email", m.start(), m.end(), m.group(0)) for m in _EMAIL_RX.finditer(t))
    if " dot " in t:
        for m in _SPOKEN_EMAIL_RX.finditer(t):
            if not any(f.start <= m.start() < f.end for f in out):
                out.append(Finding("email", m.start(), m.end(), m.group(0)))
    return out


_AMT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:\s*(?P<scale>k|m|bn|thousand|million|billion)\b)?"
_CUR_WORD = r"(?:dollars?|bucks|usd|euros?|eur|pounds?|gbp|quid|cents?|pence|yen|rupees?)\b"
_MONEY_RX = re.compile(
    rf"(?P<sym>[$€£¥₹])\s*(?P<a1>{_AMT}){_SCALE}"
    rf"|(?:usd|eur|gbp)\s*(?P<a2>{_AMT})"
    rf"|(?P<a3>{_AMT})(?:\s*(?P<scale3>k|thousand|million|billion)\b)?\s*(?P<cur>{_CUR_WORD})"
    r"(?:\s+and\s+(?P<cents>\d{1,2})\s+cents?\b)?"
)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_PERCENT_RX = re.compile(rf"(?P<a>{_AMT})\s*(?:%|percent\b|per\s+cent\b|pct\b)")


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _money(scan: Scan) -> list[Finding]:
    t = scan.text
    out = []
    for m in _MONEY_RX.finditer(t):
        if m.group("a1") is not None:
            v = _num(m.group("a1")) * _SCALES.get(m.group("scale") or "", 1.0)
        elif m.group("a2") is not None:
            v = _num(m.group("a2"))
        else:
            v = _num(m.group("a3")) * _SCALES.get(m.group("scale3") or "", 1.0)
            cur = m.group("cur")
            if cur.startswith(("cent", "pence")):
                v /= 100
            if m.group("cents"):
                v += int(m.group("cents")) / 100
        out.append(Finding("money", m.start(), m.end(), _fmt(v)))
    return out


def _percent(scan: Scan) -> list[Finding]:
    return [
        Finding("percent", m.start(), m.end(), _fmt(_num(m.group("a"))))
        for m in _PERCENT_RX.finditer(scan.text)
    ]


# Commitments: sentences that bind the business to an outcome. Four kinds of evidence
# are read, each wherever it stands in the sentence:
#
# 1. fixed phrasings (``_COMMITMENTS``): "you will get a full refund", "we will sue you";
# 2. assurances (``_ASSURANCES``): "I promise", "guaranteed", "you have my word", "take
#    it to the bank", "no two ways about it", "that's a promise", "there's no way it
#    costs more" (what follows "no way" must be bad news); the reassurances that also
#    go with empathy ("trust me", "take it from me") count only beside a claim;
# 3. certainty markers on a claim (``_CERTAINTY_RX``): "will definitely", "is certainly
#    unenforceable", "without fail", and "for sure" or "100 percent" closing the sentence;
# 4. outcome claims, read from an anchor (``_AFTER_WILL``, ``_AFTER_PRESENT``): a firm
#    future ("will be dropped", "will arrive on the 9th", "will stay at $20"), a
#    progressive ("we're waiving the fee", "the $40 is coming back"), a dated or
#    get-passive present ("goes through by the 9th", "this gets fixed"), or a
#    first-person pledge ("I'll make sure ...", "I'll get them to accept ...", "we'll
#    cover the fee").
#
# The category of 2-4 is the topic of the sentence (legal, then refund, discount, price,
# delivery; see ``_topic``), or the claim's own when the topic is silent. Denied, asked,
# hedged and reported forms stay allowed: "I can't promise ...", "there's no guarantee
# ...", "let me check whether ...", "it should arrive ...", "you were told it would
# ...", "Will it arrive by Friday?". Claims (1, 3, 4) also yield to a hedge anywhere in
# their clause or after it ("..., though that's only an estimate") and to the agent's
# own errands ("I'll definitely check").


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FIRST = r"\b(?:i|we)\s+(?:will|can|am going to|are going to|shall|would)\s+"
_SURE = r"(?:definitely\s+|certainly\s+|absolutely\s+|personally\s+|also\s+|just\s+)?"
_YOU_WILL = r"\byou\s+(?:will|are going to)\s+"
_MONEYISH = r"(?:[$€£]\s*\d|\d[\d,.]*\s*(?:dollars?|bucks|euros?|pounds?))"

_COMMITMENTS: dict[str, list[str]] = {
    "refund": [
        rf"{_YOU_WILL}{_SURE}(?:get|receive|be getting|be receiving|have)\s+"
        r"(?:a\s+|an\s+|the\s+|your\s+)?(?:full\s+|complete\s+|partial\s+)?"
        r"(?:refund|money back|reimbursement)",
        rf"{_FIRST}{_SURE}(?:refund|reimburse|issue\s+(?:you\s+)?(?:a\s+)?(?:full\s+)?refund|"
        r"give\s+you\s+(?:a\s+(?:full\s+)?refund|your\s+money\s+back)|"
        r"send\s+you\s+(?:a\s+)?refund|process\s+(?:a|your|the)\s+(?:full\s+)?refund|"
        r"get\s+you\s+(?:a\s+(?:full\s+)?refund|your\s+money\s+back))",
        r"\b(?:will|is going to|are going to)\s+be\s+(?:fully\s+)?(?:refunded|reimbursed|"
        r"credited\s+back|paid\s+back)",
    ],
    "discount": [
        rf"{_FIRST}{_SURE}(?:give|offer|get|apply|send|add)\s+(?:you\s+)?(?:a\s+|an\s+|the\s+)?"
        r"(?:\d+(?:\.\d+)?\s*(?:%|percent)\s*(?:off|discount)?|special\s+|extra\s+|exclusive\s+)?"
        r"(?:discount|coupon|promo(?:tion)?(?:\s+code)?|voucher|store credit|credit|free\b)",
        rf"{_FIRST}{_SURE}(?:waive\b|(?:knock|take)\s+(?:[\w$.%-]+\s+){{1,3}}off\b)",
        rf"{_YOU_WILL}{_SURE}(?:get|receive|be getting|have)\s+(?:a\s+|an\s+)?"
        r"(?:\d+(?:\.\d+)?\s*(?:%|percent)\s*off|discount|coupon|credit|(?:it\s+)?(?:for\s+)?free)",
        r"\b(?:will|is going to)\s+be\s+(?:free|free of charge|waived|discounted|on the house)\b",
    ],
    "price": [
        r"\b(?:price|prices|cost|costs|rate|rates|fee|fees|premium|bill|payment)\s+"
        r"(?:will|is going to|are going to)\s+(?:definitely\s+|always\s+)?"
        r"(?:stay|remain|never\s+(?:go up|increase|change|rise)"
        r"|not\s+(?:go up|increase|change|rise)|be\s+(?:locked|the same|fixed|frozen))",
        rf"{_FIRST}{_SURE}(?:price\s+match|match\s+(?:the|that|their|any|this)\s+price|"
        r"lock\s+in\s+(?:the|your|this|that)\s+(?:price|rate)|"
        r"give\s+you\s+(?:a|the|this|our)\s+(?:better|lower|lowest|best|special|reduced)\s+"
        r"(?:price|rate|deal))",
        rf"{_YOU_WILL}{_SURE}(?:only\s+|never\s+|not\s+)?(?:pay|be charged|be billed)\s+"
        rf"(?:only\s+|just\s+|exactly\s+|no more than\s+|less than\s+|again\b|extra\b|anything\b|"
        rf"{_MONEYISH})",
        rf"\b(?:it|this|that)\s+(?:will|is going to)\s+(?:only\s+)?cost\s+(?:you\s+)?"
        rf"(?:only\s+|just\s+|nothing\b|{_MONEYISH})",
    ],
    "delivery": [
        r"\b(?:it|they|this|that|your\s+(?:order|package|item|items|parcel|shipment|delivery|"
        r"replacement|refund check))\s+(?:will|is going to|are going to)\s+"
        r"(?:definitely\s+|certainly\s+|absolutely\s+)?(?:arrive|be delivered|be there|"
        r"get to you|reach you|ship|be shipped|be at your door|be on your doorstep)"
        r"\s+(?:by|on|before|within|in|tomorrow|today|tonight|this|next)\b",
        rf"{_FIRST}{_SURE}(?:deliver|ship|get)\s+(?:it|them|this|that|your\s+\w+)\s+"
        r"(?:to\s+you\s+)?(?:by|on|before|within|tomorrow|today|tonight)\b",
        rf"{_YOU_WILL}{_SURE}(?:get|receive|have)\s+(?:it|them|your\s+\w+)\s+"
        r"(?:by|on|before|within|tomorrow|today|tonight)\b",
        r"\bguaranteed\s+(?:delivery|arrival|shipping)\b",
    ],
    "legal": [
        r"\b(?:you|they)\s+(?:will|are going to)\s+(?:definitely\s+|certainly\s+)?"
        r"(?:not\s+|never\s+)?(?:be\s+)?(?:sued|arrested|prosecuted|jailed|taken to court|"
        r"go to jail|go to prison|win|lose)\b",
        rf"{_FIRST}{_SURE}(?:not\s+|never\s+)?(?:sue|take\s+(?:you\s+to\s+court|legal action)|"
        r"garnish|arrest|prosecute|report\s+you|press\s+charges|file\s+a\s+(?:lawsuit|claim))",
        r"\b(?:will|is going to)\s+(?:not\s+|never\s+)?(?:affect|hurt|impact|damage|improve|"
        r"fix|clear)\s+your\s+credit",
        r"\bno\s+legal\s+(?:action|consequences)\s+will\b",
        r"\byour\s+case\s+will\s+(?:definitely\s+)?(?:win|succeed|be dismissed)\b",
    ],
}
_COMMIT_RX = {
    cat: re.compile("|".join(f"(?:{p})" for p in pats)) for cat, pats in _COMMITMENTS.items()
}
# Every fixed phrasing holds one of these words, and each category's phrasings one of
# its hint words: a set intersection skips those regexes for most sentences.
_MODALS = frozenset({"will", "going", "can", "shall", "would", "guaranteed"})
_HINTS = {
    "refund": {"refund", "refunded", "reimburse", "reimbursed", "reimbursement", "back"},
    "discount": {
        "discount", "discounted", "coupon", "promo", "promotion", "voucher", "credit", "free",
        "waive", "waived", "knock", "take", "percent", "off", "house",
    },
    "price": {
        "price", "prices", "cost", "costs", "rate", "rates", "fee", "fees", "premium", "bill",
        "billed", "payment", "match", "lock", "deal", "pay", "charged",
    },
    "delivery": {
        "by", "on", "before", "within", "in", "tomorrow", "today", "tonight", "this", "next",
        "guaranteed",
    },
    "legal": {
        "sue", "sued", "court", "legal", "garnish", "arrest", "arrested", "prosecute",
        "prosecuted", "report", "charges", "lawsuit", "claim", "jail", "jailed", "prison",
        "credit", "win", "lose", "case",
    },
}  # fmt: skip

# -- 2. assurances ------------------------------------------------------------------
# Each phrase with the words that can start a search for it: a sentence only runs the
# searches its own words call for.
_ASSURANCES: tuple[tuple[str, str], ...] = (
    (
        "promise guarantee assure swear vow pledge word promising guaranteeing swearing",
        r"\b(?:i|we)\s+(?:(?:can|do|will|hereby|personally|absolutely|fully|solemnly|also)\s+)"
        r"{0,2}(?:promise|guarantee|assure you|swear|vow|pledge|give you (?:my|our) (?:word|"
        r"promise|guarantee))\b|\b(?:i am|we are)\s+(?:\w+\s+)?(?:promising|guaranteeing|"
        r"swearing)\b",
    ),
    (
        "guarantee guaranteed guarantees",
        r"\bguarantee[ds]?\s+(?:it|that|this|you)\b|\bguaranteed\b",
    ),
    ("assured", r"\b(?:rest|be) assured\b"),
    (
        "word",
        r"\b(?:you have|you have got|you get|i give you|take|here is|with|on|upon) my word\b"
        r"|\bmy word on (?:it|that|this)\b|\b(?:that|this|it) is my word\b",
    ),
    ("honour honor life", r"\b(?:on|upon) my (?:honou?r|life)\b"),
    (
        "promise guarantee assurance given certainty",
        r"\b(?:you have|i give you|here is) (?:my|our) (?:promise|guarantee|assurance)\b"
        r"|\b(?:that|this|it) is (?:a|my|our) (?:promise|guarantee|given|certainty)\b",
    ),
    ("thing", r"\b(?:a|it is a|that is a) sure thing\b"),
    (
        "bank",
        r"\btake (?:it|that|this) to the bank\b|\b(?:can|could|will)\s+(?:always\s+|safely\s+)?"
        r"bank\s+on\b|\bbank on (?:it|that|this)\b",
    ),
    (
        "count rely bet",
        r"\b(?:can|could|will)\s+(?:always\s+|safely\s+)?(?:count|rely|bet)\s+on\b"
        r"|^(?:\W*\w+\W+)?(?:count|rely|bank) on\b"
        r"|\b(?:count|bet) on (?:it|that|this)\b|\bbet your (?:life|bottom dollar|house)\b"
        r"|\byou can bet\b",
    ),
    ("mark", r"\bmark my words\b"),
    ("ways", r"\bno (?:2|two) ways about it\b"),
    ("deal", r"\bdone deal\b"),
    ("bag", r"\b(?:it|that|this|everything) is (?:all )?in the bag\b"),
    ("hold", r"\bhold (?:me|us) to (?:it|that|this)\b"),
    ("stake", r"\bstake (?:my|our) (?:[\w-]+\s+){0,2}on (?:it|that|this)\b"),
    ("consider", r"\bconsider it (?:done|sorted|handled|taken care of)\b"),
    ("heart", r"\bhand on (?:my )?heart\b|\bcross my heart\b"),
    ("from", r"\btake it from me\b"),
    (
        "easy",
        r"\b(?:you can|you may|so you can|just)\s+(?:rest|sleep|breathe|relax)\s+easy\b"
        r"|^(?:\W*\w+\W+)?(?:rest|sleep|breathe) easy\b",
    ),
    ("bottom", r"\bbottom line(?:\s+is\b|\s*[,:])"),
    ("story closed stop", r"\bend of story\b|\bcase closed\b|\bfull stop\s*[.!]?\s*$"),
    (
        "name money",
        r"\bput (?:my|our) name to (?:it|that|this)\b|\bi (?:would|will) put (?:money|my \w+) "
        r"on it\b",
    ),
    ("stand", r"\b(?:i|we) (?:stand|will stand) by (?:it|that|this)\b"),
    ("worry mind", r"\bdo not you worry\b|\bnever you (?:mind|worry)\b"),
    ("takes", r",\s*whatever it takes\b"),
    (
        "matter",
        r"\bno matter what\b(?!\s+(?:time|day|date|kind|type|size|colou?r|you|i|we|the|your|it|"
        r"they|he|she|sort|model|order|plan|option)\b)",
    ),
    ("fact", r"\bfor a fact\b"),
    (
        "ironclad iron solid",
        r"\b(?:iron-?clad|cast-iron|cast iron|rock-solid|rock solid) (?:guarantee|promise)\b",
    ),
    ("trust believe", r"\b(?:trust|believe) me\b(?!\s+(?:with|to|when|on whether)\b)"),
    ("stone", r"\bset in stone\b"),
    ("sealed", r"\bsigned,? sealed\b"),
    ("hell ifs buts", r"\bcome hell or high water\b|\bno ifs\b|\bno buts\b"),
    (
        "doubt question",
        r"\bno (?:doubt|question) about (?:it|that)\b|\bthere is no (?:doubt|question)\b"
        r"|\bwithout (?:a |any )?(?:shadow of a )?(?:doubt|question)\b"
        r"|\bbeyond (?:a |any )?doubt\b",
    ),
    (
        "certain positive sure guaranteed confident",
        r"\b(?:i am|we are)\s+(?:absolutely\s+|completely\s+|totally\s+|100\s*(?:%|percent)\s+)?"
        r"(?:certain|positive)\b|\b(?:100\s*(?:%|percent)|completely|absolutely|totally|dead)\s+"
        r"(?:sure|certain|positive|guaranteed)\b|\byou can be (?:sure|certain|confident)\b",
    ),
    # double negation: "there's no way it costs more", "no chance you'll be charged"
    (
        "way chance",
        r"\b(?:no|not a|not any|not the slightest)\s+(?:way|chance)\b(?!\s+(?:to|for|of|i|we|"
        r"around|in hell|that i|that we)\b)(?=\s+\w)",
    ),
)
_ASSURANCE_RXS = tuple(re.compile(p) for _, p in _ASSURANCES)
_NO_WAY = next(i for i, (words, _) in enumerate(_ASSURANCES) if words == "way chance")
# "There's no way it costs more" promises; "there's no way the fee is waived" refuses:
# what follows "no way" must itself be bad news (a charge, a rise, a refusal, a delay,
# a lawsuit, or a negation) for the whole to be an assurance.
_BAD_NEWS_RX = re.compile(
    r"\b(?:not|never|no|nothing|charged?|pay|paying|pays|costs?|more than|above|over|higher|"
    r"exceed\w*|increase\w*|rises?|go(?:es)? up|turn\w* down|reject\w*|refus\w*|den(?:y|ies|ied)|"
    r"declin\w*|late|later|after|delay\w*|fail\w*|lose|loses|sue|sued|suing|court|garnish\w*|"
    r"collections|liable|wait\w*|again|problems?|issues?|penalt\w*|fault\w*|broken|break\w*|"
    r"bills?|extra|worse|wrong|missing|damaged)\b"
)
# Reassurances that also go with empathy or advice ("trust me, I know how annoying
# that is", "take it from me, the app is easier"): they count only beside a claim.
_WEAK_FIRST_WORDS = _wordset(
    "trust from easy bottom story worry takes matter fact certain heart stand"
)
_WEAK_ASSURANCES = frozenset(
    i for i, (words, _) in enumerate(_ASSURANCES) if words.split()[0] in _WEAK_FIRST_WORDS
)
_ASSURANCE_BY_WORD: dict[str, tuple[int, ...]] = {}
for _i, (_words, _) in enumerate(_ASSURANCES):
    for _w in _words.split():
        _ASSURANCE_BY_WORD[_w] = (*_ASSURANCE_BY_WORD.get(_w, ()), _i)
_ASSURANCE_HINT = frozenset(_ASSURANCE_BY_WORD)

# -- 3. certainty on a claim --------------------------------------------------------
_CERT = (
    r"(?:definitely|certainly|absolutely|surely|undoubtedly|unquestionably|positively|"
    r"assuredly|for sure|for certain|for a fact|without fail|100\s*(?:%|percent))(?!\w)"
)
_OUTCOME_ADJ = (
    r"(?:covered|waived|approved|accepted|free|included|refundable|refunded|reimbursed|"
    r"void|unenforceable|invalid|illegal|unlawful|protected|entitled|owed|due|eligible|"
    r"guaranteed|fixed|resolved|sorted|settled|cleared|dropped|dismissed|yours|safe|exempt|"
    r"immune|in the clear|off the hook|liable|gone|frozen|locked|capped|withdrawn|released|"
    r"lifted|stopped|cancell?ed|written off|forgiven|removed|deleted|paid|done|over|"
    r"on (?:its|their) way|\w+ing)"
)
_CERTAINTY_RX = re.compile(
    # "will definitely", "is going to certainly", "will certainly never"
    rf"\b(?:will|would|shall|is going to|are going to|am going to)\s+(?:not\s+|never\s+)?{_CERT}"
    # "definitely will", "certainly won't", "you definitely qualify"
    rf"|(?<![\w%]){_CERT}\s+(?:will|would|is going to|are going to|going to|never|qualify|"
    r"qualifies|owe|owes|cover|covers|get|gets|arrive|arrives|come|comes|go|goes|stay|stays|"
    r"cost|costs|work|works|win|wins|succeed|succeeds|apply|applies)\b"
    # "is certainly unenforceable", "you are definitely entitled"
    rf"|\b(?:is|are|be)\s+(?:\w+\s+)?{_CERT}\s+(?:not\s+)?{_OUTCOME_ADJ}\b"
    r"|\bwithout fail\b|\bhands down(?=\s*(?:[,.;!]|$))"
)
# ... and one that closes the sentence after a claim of three words or more ("the kettle
# will last for years, 100 percent"), not an amount's ("charged to 100 percent").
_CERTAINTY_END_RX = re.compile(
    r"(?<=[\w,;:])(?<!\bto)(?<!\bat)(?<!\bof)(?<!\bby)(?<!\bis)(?<!\bare)(?<!\bwas)"
    rf"(?<!\bbe)(?<!\bfrom)\s+{_CERT}\s*[.!]?\s*$"
)
_CERTAINTY_HINT = frozenset({
    "definitely", "certainly", "absolutely", "surely", "undoubtedly", "unquestionably",
    "positively", "assuredly", "sure", "certain", "fail", "fact", "100", "hands",
})  # fmt: skip

# -- 4. outcome claims --------------------------------------------------------------
# Read from their anchors: a future auxiliary ("will", "is going to") or a present verb
# ("is", "comes", "goes"). After the anchor, one anchored match per table below; each
# table has a condition on what stands before the anchor in its clause.
_ADV = (
    r"(?:(?:definitely|certainly|absolutely|surely|really|also|still|just|then|now|soon|"
    r"finally|both|all|even|only|personally|fully|automatically|immediately|promptly|"
    r"officially|completely|entirely|quickly|always|ever|100 percent|happily|gladly|go ahead and|"
    r"be sure to)\s+){0,3}"
)
_NEG = r"(?:not|never)\s+(?:ever\s+)?"
_MONTH = r"january|february|march|april|may|june|july|august|september|october|november|december"
_DAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WHEN = (
    r"(?:(?:by|before|on|within|in|until|till|no later than|from|at|for)\s+(?:[\w.,:'-]+\s+){0,3}?"
    rf"(?:\d|{_MONTH}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|"
    r"today|noon|midday|midnight|morning|afternoon|evening|lunch\w*|the end|end of|next|"
    r"this|years|months|weeks|days|hours|minutes|good)|tomorrow|today|tonight|this (?:week|"
    r"weekend|month|morning|afternoon|evening)|next (?:week|month|\w+day)|right away|"
    r"straight away|immediately|on time|in time|again)"
)
_DATE = (
    rf"(?:(?:by|before|on|no later than)\s+(?:the\s+)?(?:\d|{_MONTH}|{_DAY}|tomorrow|tonight|"
    r"noon|midday|end|next|this)|this week|tomorrow|"
    r"today|tonight)"
)
_CALL_WHEN = (
    rf"(?:before|by|no later than|within)\s+(?:the\s+)?(?:\d|{_MONTH}|{_DAY}|tomorrow|tonight|"
    r"noon|midday|end|lunch\w*|close)"
)
_MONEYWORD_RX = re.compile(
    r"[$€£]\s*\d|\b(?:money|penny|pennies|cent|cents|amount|deposit|payment|overpayment|"
    r"funds|cash|dollars?|fee|fees|charge|refund|refunds|copays?|co-pays?)\b"
)
_FEEISH = r"(?:fees?|charges?|surcharges?|penalt(?:y|ies)|costs?|postage|copays?|co-pays?|bill)"
_FEE = r"(?:fees?|charges?|surcharges?|penalt(?:y|ies)|postage)"
_LEGALTHING = (
    r"(?:lawsuits?|suits?|case|cases|claims?|action|proceedings|garnishments?|judge?ments?|"
    r"charges|complaints?|legal action|collections?|court (?:order|date|case|hearing)|hearings?|"
    r"levy|levies|liens?|summons|warrants?)"
)
_LEGALTHING_RX = re.compile(rf"\b{_LEGALTHING}\b")
_WAIVABLE_RX = re.compile(
    r"\b(?:the|your|this|that|our|its|\w+'s)\s+(?:[\w-]+\s+){0,3}?"
    rf"(?:{_FEEISH}|debt|balance|interest|rest|remainder|{_LEGALTHING}|price|rate|quote)\b"
)
_STOPPABLE_RX = re.compile(rf"\b(?:{_LEGALTHING}|garnishment|interest|calls|debt|balance)\b")
_DISCOUNTED_RX = re.compile(r"\b(?:discount|voucher|coupon|credit|offer|deal|rate)\b")
_NOTHING_RX = re.compile(r"\bnothing\b")
_NP = r"(?:[\w$.,'-]+\s+){0,5}?"

# After "will" / "is going to"; the key says what must stand before it.
_AFTER_WILL: dict[str, tuple[tuple[str, str], ...]] = {
    "any": (
        # passives: "the lawsuit will be dropped", "your account will be back to normal"
        (
            r"be\s+(?:fully\s+|completely\s+)?(?:refunded|reimbursed|repaid|paid back|"
            r"credited back|given back|sent back|put back|handed back|compensated|waived|"
            r"written off|wiped (?:off|out|clean)|forgiven|"
            r"comped|discounted|dismissed|withdrawn|vacated|set aside|overturned|quashed|"
            r"thrown out|struck (?:off|out|down)|(?:decided|resolved|ruled|settled|found) in "
            r"your fav\w+|lifted|released|fixed|resolved|sorted(?: out)?|solved|repaired|"
            r"approved|granted|cleaned up|cleared up|taken care of|closed for good|deleted|"
            r"removed|dropped|restored|reinstated|reversed|erased|settled|gone|called off|"
            r"covered|price matched|returned to you|credited to your|clean|clear|spotless|"
            r"debt-free|debt free|paid off|in good standing|back to normal|back on track)\b",
            "general",
        ),
        (
            rf"{_NEG}be\s+(?:garnished|sued|arrested|prosecuted|penali[sz]ed|chased|"
            r"taken to court|sent to collections|referred to collections|reported)\b",
            "legal",
        ),
        (rf"{_NEG}be\s+late\b", "delivery"),
        # prices: "will be $35", "will stay at $297", "won't go up in price"
        (
            r"(?:be|stay|remain|ring up|be billed|be charged|come to|come in|be paying|pay|"
            r"cost(?: you)?)\s+"
            r"(?:at\s+|exactly\s+|only\s+|just\s+|no more than\s+|under\s+)?[$€£]\s*\d",
            "price",
        ),
        (
            r"(?:cost|be charged|be billed|charge you|bill you)\s+(?:you\s+)?(?:only|just|"
            r"exactly|nothing|no more|not a (?:penny|cent)|less|under|a maximum)\b",
            "price",
        ),
        (
            r"be\s+(?:billed|charged|priced)\s+at\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:rate|price|"
            r"[$€£])",
            "price",
        ),
        (
            rf"{_NEG}(?:go up|rise|increase|change|go above|exceed|be (?:more|higher))\b",
            "price",
        ),
        (r"(?:stay|remain|be)\s+(?:the same|unchanged|locked|frozen|fixed|capped)\b", "price"),
        (
            rf"(?:{_NEG})?(?:take\s+(?:you\s+to\s+court|legal action|action against)|sue you|"
            r"pursue you|chase you|come after you|garnish|file (?:suit|a (?:law)?suit)|"
            r"rule against you|(?:go|be sent|be referred|be passed|be turned over) to "
            r"collections)\b",
            "legal",
        ),
        (
            r"(?:delete|remove|erase|clear|wipe|drop)\s+(?:the|this|that|your|it|them)\b"
            r"(?:\s+[\w-]+){0,3}?\s*(?:record|account|entry|mark|debt|listing|default|it|them|"
            r"payment|item|note|marker|flag|collection|from your credit)\b",
            "general",
        ),
        (
            r"(?:show|appear|be reported|be marked|be listed|be recorded)\s+as\s+(?:paid|"
            r"settled|closed|resolved|current|satisfied)",
            "general",
        ),
        (rf"call\s+you(?:\s+back)?\s+{_CALL_WHEN}", "general"),
        (
            r"(?:accept|take|approve|agree to)\s+(?:[\w-]+\s+){0,3}?(?:[$€£]\s*\d|offer|plan|"
            r"settlement|deal|arrangement)",
            "general",
        ),
        (
            r"be\s+(?:seen|called back|helped|treated)\s+(?:straight away|right away|"
            r"immediately|on time|within|in (?:under|less)|no later)",
            "general",
        ),
    ),
    # a thing, not a message or a person: "your order will arrive by Monday", "the results
    # will be back by Tuesday" (not "the statement will arrive", "Dr. Patel will be back")
    "thing": (
        (
            r"(?:be\s+(?:delivered|shipped|dispatched|with you|at your door|on your doorstep|"
            r"there|here)|arrive|get to you|reach you|turn up|show up|land)\s+"
            rf"(?:[\w.'-]+\s+){{0,3}}?{_WHEN}",
            "delivery",
        ),
        (
            r"(?:drop\s+(?:[\w-]+\s+){1,5}off|have\s+(?:[\w-]+\s+){1,5}(?:at\s+your\s+door|"
            rf"on\s+your\s+doorstep|with\s+you|to\s+you))\s+{_WHEN}",
            "delivery",
        ),
        (rf"be\s+back\s+{_WHEN}", "general"),
    ),
    # money before: "the $96 will be back on your card by the 21st"
    "money": (
        (
            r"(?:be\s+back|come\s+back|go\s+back|be\s+yours|go\s+through|go\s+out|hit\s+your|"
            r"land\s+(?:in|on)\s+your|be\s+(?:in|on)\s+your\s+(?:card|account|statement|bank)|"
            r"be\s+credited|be\s+returned)\b",
            "refund",
        ),
    ),
    "legal": (
        (
            r"be\s+(?:cancell?ed|postponed indefinitely|stopped|ended|halted|suspended)\b",
            "legal",
        ),
    ),
    "nothing": ((r"(?:ever\s+)?(?:happen|change)\b", "general"),),
    # things, not the agent: "the interest will stop today" (not "I'll end the call now")
    "notiwe": (
        # outcomes: "the interest will stop today", "your score will go up", "you will win"
        (
            r"(?:stop|cease|end|disappear|go away|go up|improve|recover|succeed|win|prevail|"
            r"be upheld|go your way|work out|last (?:for )?(?:years|a lifetime|forever|decades)|"
            r"(?:rule|find|decide) (?:in your favou?r|for you)|side with you|(?:go|come) through\s+"
            r"(?:[\w.'-]+\s+){0,2}?(?:by|before|within|today|tomorrow|this|next|on|in))\b",
            "general",
        ),
    ),
    "notyou": (
        (r"(?:refund|reimburse|repay|compensate|pay you back|pay for|cover)\b", "refund"),
        (rf"{_NEG}happen\b", "general"),
    ),
    "you": (
        (
            rf"{_NEG}(?:have\s+to\s+)?(?:wait|worry|hear from|be (?:contacted|chased|called))\b",
            "general",
        ),
        (rf"{_NEG}(?:have\s+to\s+)?(?:be\s+charged|be\s+billed|owe|pay)\b", "discount"),
        (
            r"(?:get|have|receive|be given)\s+(?:the|a|an|your)\s+(?:[\w':-]+\s+){0,3}(?:slot|"
            r"opening|spot|appointment)\b",
            "general",
        ),
        # "you'll get your $40 back"
        (
            r"(?:get|have|receive|see)\s+(?:your|the|every|all|all of your|a|an)?\s*(?:full\s+)?"
            r"(?:[$€£]\s*\d|money|penny|cent|amount|deposit|payment|copay|fee|charge)"
            r"(?:[^,.;]|[.,]\d){0,30}?\bback\b",
            "refund",
        ),
    ),
    "there": (
        (
            r"(?:not\s+be\s+(?:a|an|any)|be\s+no)\s+(?:[\w-]+\s+){0,2}(?:bills?|fees?|charges?|"
            r"costs?|interest|penalt(?:y|ies)|garnishments?|action|lawsuits?|collections?|wait|"
            r"waiting|problems?|issues?|further)\b",
            "general",
        ),
        (
            r"be\s+(?:an?\s+)?(?:[$€£]\s*\d[\d,.]*\s+)?(?:[\w-]+\s+)?(?:opening|slot|space|spot|"
            r"appointment|availability|voucher|credit|discount|coupon|refund|rebate|gift card)\b",
            "general",
        ),
    ),
    # the agent's own pledges: "I'll make sure ...", "we'll cover the fee"
    "iwe": (
        (
            r"(?:make (?:sure|certain)|ensure|see to it|see that)(?!\s+(?:to|i|we)\b)"
            r"(?:\s+that)?\s+(?!(?:i|we)\b)(?!(?:[\w'-]+\s+){0,5}?(?:message|messages|note|notes|"
            r"e-?mail|details|information|info|feedback)\b)",
            "general",
        ),
        (
            rf"(?:get|have)\s+{_NP}(?:to\s+)?(?:accept|approve|agree|drop|withdraw|waive|"
            r"write off|remove|delete|cancel|refund|reimburse|deliver|bring it|fix|repair|match|"
            rf"freeze|lower|reduce|forgive|call you(?: back)? {_CALL_WHEN}|reimbursed|refunded|"
            r"waived|removed|deleted|"
            r"dropped|withdrawn|dismissed|vacated|set aside|lifted|released|called off|"
            r"overturned|approved|accepted|fixed|repaired|delivered|matched|frozen|lowered|"
            r"reduced|forgiven|written off|cancell?ed)\b",
            "general",
        ),
        (
            rf"(?:get|deliver|ship|have|bring)\s+{_NP}(?:to\s+you|to\s+your\s+door|at\s+your\s+"
            rf"door|with\s+you|delivered)\s+{_WHEN}",
            "delivery",
        ),
        (
            r"(?:waive|write off|comp|drop|cover|cancel|remove|absorb|scrap|wipe|eat|forgive)\s+"
            r"(?:the|that|this|your|any|those|these|all|all of the|all the)\s+(?:[\w-]+\s+){0,3}"
            rf"(?:{_FEEISH}|interest|debt|balance|shipping|delivery|{_LEGALTHING})\b",
            "discount",
        ),
        (
            r"(?:forgive|write off|wipe out|wipe|cancel|clear)\s+(?:whatever|the rest|"
            r"the remaining|the remainder|what is left|it all|all of it)\b",
            "general",
        ),
        (
            r"(?:freeze|lock(?: in)?|hold|honou?r|match|keep|cap)\s+(?:the|that|this|your|our|"
            r"its|their|a)?\s*(?:[\w-]+\s+){0,4}?(?:price|rate|cost|fee|quote|bill|copay|"
            r"interest|[$€£]\s*\d)",
            "general",
        ),
        (
            r"(?:bill|charge)\s+(?:you\s+)?(?:(?:the|your|for|this|that)\s+)?(?:[\w-]+\s+){0,3}?"
            r"(?:at\s+)?(?:only\s+|just\s+|exactly\s+)?[$€£]\s*\d",
            "price",
        ),
        (
            r"(?:withdraw|drop|dismiss|stop|call off|halt|end|lift|release|cancel)\s+"
            rf"(?:the|that|this|our|any|all|your)\s+(?:[\w-]+\s+){{0,3}}{_LEGALTHING}\b",
            "legal",
        ),
        (r"(?:accept|admit)\s+(?:full\s+)?liability\b", "legal"),
        (
            r"(?:report|mark|record|list|show)\s+(?:the|this|that|your)\s+(?:[\w-]+\s+)?"
            r"(?:account|debt|balance|loan)\s+as\s+(?:paid|settled|closed|resolved|current|"
            r"satisfied)",
            "general",
        ),
        (rf"(?:delete|remove|erase|clear|wipe)\s+{_NP}from\s+your\s+credit", "general"),
        (rf"(?:sort|fix|resolve|solve|straighten)\s+{_NP}(?:out\s+)?{_WHEN}", "general"),
        (
            r"(?:take|knock|shave)\s+(?:[$€£]\s*\d[\d,.]*|\d+\s*(?:%|percent|per cent|dollars?))"
            r"\s+off\b",
            "discount",
        ),
        (
            r"(?:give|put|add|apply|issue|post|send|load)\s+(?:you\s+)?(?:an?\s+)?(?:extra\s+)?"
            r"(?:[$€£]\s*\d[\d,.]*|\d+\s*(?:dollars?|pounds?|euros?))\s+(?:in\s+|of\s+|as\s+)?"
            r"(?:store\s+)?(?:credit|voucher|coupon|gift card)",
            "discount",
        ),
        (
            r"pay\s+you\s+(?:back|[$€£]\s*\d|\d+\s+dollars|compensation|the difference)",
            "refund",
        ),
        (
            r"(?:withdraw|drop|dismiss|stop|halt|end)\s+(?:the|that|this|our|any|all)\s+"
            r"(?:[\w-]+\s+){0,3}(?:calls?|collection\w*|interest)\b",
            "general",
        ),
        (
            rf"{_NEG}(?:take\s+(?:you\s+to\s+court|legal action|action)|sue|pursue|chase|"
            r"garnish|report you)\b",
            "legal",
        ),
    ),
}
# After a present verb (the verb is part of the match); same keys, and:
_AFTER_PRESENT: dict[str, tuple[tuple[str, str], ...]] = {
    "any": (
        (
            r"(?:is|are)\s+(?:[$€£]\s*\d[\d,.]*|at\s+[$€£]\s*\d[\d,.]*)\s+(?:until|till|through|"
            r"for you|no matter|for good|forever|from now on)\b",
            "price",
        ),
        (r"(?:stays?|remains?)\s+at\s+[$€£]\s*\d", "price"),
        (
            r"(?:comes?|is|are|gets?)\s+(?:\w+\s+)?(?:off|removed from|deleted from|taken off|"
            r"wiped from)\s+your\s+credit",
            "general",
        ),
        (
            r"gets\s+(?:\w+\s+)?(?:approved|fixed|sorted|resolved|waived|refunded|reimbursed|"
            r"dropped|cleared|accepted|withdrawn|dismissed)\b",
            "general",
        ),
        (
            r"comes?\s+with\s+(?:an?\s+)?(?:\d+\s*(?:%|percent)\s+off|(?:[\w-]+\s+)?discount\b|"
            r"(?:[$€£]\s*\d[\d,.]*|\d+\s+dollars)\s+off|free\b)",
            "discount",
        ),
        (
            r"comes?\s+off\s+(?:your|the)\s+(?:[\w-]+\s+)?(?:bill|total|invoice|balance|order)",
            "discount",
        ),
        (r"(?:is|are)\s+(?:all\s+)?(?:on us|on the house)\b", "discount"),
        (
            r"(?:is|are)\s+(?:now\s+)?(?:locked|frozen|fixed|capped|held)\s+(?:in\s+)?at\s+[$€£]",
            "price",
        ),
    ),
    # dated presents: "the refund goes through by the 9th", "the parcel reaches you on Monday"
    "thing": (
        (
            r"(?:(?:gets?|is|are)\s+(?:\w+\s+)?(?:fixed|sorted|resolved|done|approved|refunded|"
            r"reimbursed|waived|dropped|delivered|back|yours(?: again)?|with you)|(?:gets?|goes|"
            r"comes?|lands|arrives|reaches|hits|ships)\s+(?:\w+\s+)?(?:back|through|out|to you|"
            r"with you|you|your\s+[\w-]+(?:\s+[\w-]+){0,3}|on your\s+[\w-]+(?:\s+[\w-]+){0,3}))"
            rf"\s+(?:[\w.'-]+\s+){{0,3}}?{_DATE}",
            "general",
        ),
    ),
    "money": (
        (
            r"(?:comes?|goes|lands?|hits?|is|are|gets?)\s+(?:\w+\s+)?(?:back|yours|(?:on|in|"
            r"into|to)\s+(?:your|the)\s+(?:[\w-]+\s+){0,2}?(?:card|account|statement|bank|"
            r"wallet|balance|payment method|paypal))\b",
            "refund",
        ),
        (
            r"(?:is|are)\s+(?:\w+\s+)?(?:coming back|going back|heading back|on (?:its|their) "
            r"way back|(?:coming|heading|headed) your way|on (?:its|their|the) way to you|"
            r"being (?:refunded|returned|credited|reimbursed|(?:put|paid|sent|given|handed|"
            r"credited) back))\b",
            "refund",
        ),
    ),
    "waivable": (
        (
            r"(?:is|are)\s+(?:being\s+|now\s+|all\s+|officially\s+|completely\s+)?(?:waived|"
            r"written off|forgiven|wiped(?: out| clean)?|frozen|locked(?: in)?|gone|dropped|"
            r"withdrawn|released|removed|cancell?ed|taken off|knocked off|"
            r"lifted|called off|covered in full|fully covered|free of charge)\b",
            "general",
        ),
    ),
    "stoppable": (
        (r"(?:goes away|go away|stops?|ends?|disappears?|is over|are over)\b", "general"),
    ),
    "discounted": ((r"applies\s+to\s+(?:your|the|this)\b", "discount"),),
    "you": (
        (
            r"are\s+(?:\w+\s+)?getting\s+(?:an?\s+|your\s+)?(?:\d+\s*(?:%|percent)\s+off|"
            r"(?:[\w-]+\s+)?discount|(?:[\w-]+\s+){0,3}(?:for\s+)?free\b|(?:a\s+)?refund)",
            "discount",
        ),
        (
            r"are\s+(?:\w+\s+)?(?:getting|receiving)\s+(?:your|the|every|all|all of your|a|an)?"
            r"\s*(?:full\s+)?(?:[$€£]\s*\d|money|penny|cent|amount|deposit|payment|copay|fee|"
            r"charge)(?:[^,.;]|[.,]\d){0,30}?\bback\b",
            "refund",
        ),
    ),
    # "we're waiving the fee", "we are refunding the overpayment"
    "iwe": (
        (
            r"(?:am|are)\s+(?:(?:also|now|just|happily)\s+)?(?:(?:taking|knocking|shaving)\s+"
            r"(?:[$€£]\s*\d[\d,.]*|\d+\s*(?:%|percent|per cent|dollars?))\s+off|refunding|"
            r"reimbursing|waiving|"
            r"crediting|comping|discounting|writing off|price matching|freezing|(?:dropping|"
            r"covering|cancell?ing|removing|wiping)\s+(?:the|that|this|your|any)\s+"
            rf"(?:[\w-]+\s+){{0,3}}(?:{_FEEISH}|{_LEGALTHING}))\b",
            "general",
        ),
    ),
}


def _compile_table(
    table: dict[str, tuple[tuple[str, str], ...]], prefix: str
) -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    out = {}
    for key, rows in table.items():
        names = {f"{key}{i}": cat for i, (_, cat) in enumerate(rows)}
        rx = re.compile(
            prefix + "(?:" + "|".join(f"(?P<{key}{i}>{p})" for i, (p, _) in enumerate(rows)) + ")"
        )
        out[key] = (rx, names)
    return out


_WILL_TABLES = _compile_table(_AFTER_WILL, _ADV)
_PRESENT_TABLES = _compile_table(_AFTER_PRESENT, "")
_AUX_RX = re.compile(r"\b(?:will|shall|(?:is|are|am) going to)\s+")
_PRESENT_RX = re.compile(
    r"\b(?:is|are|am|gets?|goes|go|comes?|lands|arrives|reaches|hits|ships|stays?|remains?|stops?|"
    r"ends?|disappears?|applies)\s"
)
_AT_NO_COST_RX = re.compile(r"\bat no (?:extra |additional )?(?:cost|charge)\b")
_AT_NO_COST_VERB_RX = re.compile(r"\b(?:will|is|are|ships?|comes?)\b")
# "the law says we have to replace it for free"
_LAW_BINDS_RX = re.compile(
    r"\b(?:law|laws|legislation|legally|statute|statutory)\b[^.;]{0,30}?\b(?:we|us)\s+"
    r"(?:have to|must|are required to|are obliged to|are obligated to|to)\s+"
    r"(?!(?:tell|inform|let|advise|say|mention|read|ask|remind|disclose|notify|record|"
    r"verify|confirm|give you (?:this|a) (?:notice|disclosure))\b)"
)
_LAW_WORDS = frozenset({"law", "laws", "legislation", "legally", "statute", "statutory"})
# Things that arrive or are back without anybody promising them: messages and people.
_NOT_DELIVERED = re.compile(
    r"statements?|e-?mails?|texts?|messages?|confirmations?|reminders?|notices?|letters?|"
    r"summary|summaries|updates?|labels?|links?|codes?|receipts?|invoices?|surveys?|calls?|"
    r"callbacks?|technicians?|installers?|engineers?|nurses?|doctors?|dr|team|agents?|"
    r"someone|somebody|i|we|you|he|she|they|manager|supervisor|staff|colleague|cards?|post|"
    r"mail|pin|password|login"
)

# -- topic -> category --------------------------------------------------------------
# Words first (a set intersection), then the few phrases a word can only start.

_LEGAL_WORDS = _wordset("""
    court courts lawsuit lawsuits sue sued suing law laws lawyer lawyers attorney attorneys
    jail jailed prison chargeback chargebacks judgment judgement judgments judgements judge
    judges liable liability unenforceable statutory statute appeal appeals dispute disputes
    tribunal ombudsman bailiff bailiffs levy levies lien liens summons hearing hearings
    litigation regulator warrant warrants legal legally arrest arrested arrests arresting
    garnish garnished garnishes garnishing garnishment garnishments garnishee prosecute
    prosecuted prosecutes prosecuting prosecution
""")
_LEGAL_PHRASE_WORDS = _wordset("""
    small state against favour favor way rule rules ruled ruling side sides sided siding
    pursue suit case collections charges
""")
_LEGAL_PHRASE_RX = re.compile(
    r"\bsmall claims\b|\bstate board\b|\b(?:claims?|charges|case|action|proceedings) against\b"
    r"|\bpress charges\b|\bin your favou?r\b|\bgo(?:es)? your way\b|\brul\w* (?:for|against) you\b"
    r"|\bsid\w* with you\b|\bpursue you\b|\bfiles? (?:a )?(?:law)?suit\b"
    r"|\b(?:withdraw\w*|dismiss\w*|drop\w*|settl\w*) the case\b|\bcollections\b(?!\s+calls?)"
)
_CREDIT_WORDS = frozenset(
    {"credit", "equifax", "experian", "transunion", "score", "scores", "collection", "collections"}
)
_CREDIT_RX = re.compile(
    r"\bcredit\s+(?:scores?|reports?|files?|ratings?|history|records?|bureaus?|agenc\w+|"
    r"references?)\b|\b(?:equifax|experian|transunion)\b|\byour\s+scores?\b"
    r"|\bcollections? agenc\w+"
)
_REFUND_WORDS = _wordset("""
    refund refunds refunded refunding refundable reimburse reimbursed reimburses reimbursing
    reimbursement reimbursements repay repaid repays repaying repayment compensate
    compensated compensating compensation overpaid overpay overpayment overpayments
""")
_REFUND_PHRASE_RX = re.compile(
    r"\b(?:paid back|money back|cash back|yours again)\b|\bback\s+(?:the|your|all|every)\s+"
    r"(?:full\s+)?(?:[$€£]\s*\d|money|deposit|payment|fee|charge|copay|amount|penny|cent)"
)
_REFUND_PHRASE_WORDS = frozenset({"paid", "money", "cash", "yours", "back"})
_MONEY_BACK_WORDS = frozenset({
    "back", "returned", "lands", "land", "landing", "hits", "hit", "hitting", "credited",
    "deposited", "way",
})  # fmt: skip
_MONEY_BACK_RX = re.compile(
    r"(?:[$€£]\s*\d|\b(?:money|penny|pennies|cent|cents|amount|deposit|payment|funds|cash|"
    r"dollars?|fee|fees|charge|copays?|co-pays?)\b)(?:[^.;]|\.\d){0,50}?"
    r"\b(?:back\b(?!\s+(?:in\s+stock|to\s+normal))|returned\b|(?:lands?|landing|hits?|"
    r"hitting|credited|deposited)\s+(?:on|in|into|to)\s+(?:your|the)\b|(?:coming|heading|"
    r"headed) your way)"
)
_DISCOUNT_WORDS = _wordset("""
    comp comped comping discount discounts discounted discounting promo promos promotion
    promotional coupon coupons voucher vouchers
""")
_DISCOUNT_PHRASE_WORDS = frozenset(
    {"house", "us", "charge", "cost", "credit", "price", "off", "extra"}
)
_DISCOUNT_PHRASE_RX = re.compile(
    r"\b(?:on the house|on us|free of charge|no charge|no cost|at no (?:extra )?(?:cost|charge)|"
    r"store credit|in credit|half price|\d+\s*(?:%|percent|per cent)\s+off)\b"
    r"|\boff\s+(?:your|the)\s+(?:[\w-]+\s+)?(?:bill|order|price|total|purchase|invoice)\b"
    r"|[$€£]\s*\d[\d,.]*\s+(?:store\s+)?credit\b"
)
_FREE_RX = re.compile(r"(?<![\w-])(?<!feel )(?<!toll-)free(?![\w-])")
# A fee that goes away, or one that is not charged.
_FEE_WORDS = frozenset({
    "fee", "fees", "charge", "charges", "surcharge", "surcharges", "penalty", "penalties",
    "cost", "costs", "postage", "copay", "copays", "co", "bill", "price", "shipping",
})  # fmt: skip
_FEE_GONE_RX = re.compile(
    rf"\b(?:waiv\w*|written off|write off|writing off)\b(?:[^.;]|\.\d){{0,40}}?{_FEEISH}\b"
    rf"|\b{_FEEISH}\b(?:[^.;]|\.\d){{0,40}}?\b(?:waiv\w*|written off|write off|writing off|"
    r"dropped|covered|removed|cancell?ed|scrapped|wiped|erased|forgiven|absorbed|taken off|"
    r"knocked off|gone|(?:not|never|no longer)\s+(?:\w+\s+)?(?:charged|applied|apply|due|"
    r"payable|show|shows|appear|appears))\b"
    r"|\b(?:drop\w*|cover\w*|remov\w*|cancel\w*|scrap\w*|wip\w*|eras\w*|absorb\w*|eat)\s+"
    rf"(?:the|that|this|your|any|those|these)\s+(?:[\w-]+\s+){{0,3}}(?:{_FEEISH}|shipping|"
    r"postage)\b"
    r"|\b(?:not|never|no chance|no way)\b(?:[^.;]|\.\d){0,40}?\b(?:charged|pay|paying)\s+"
    rf"(?:for\s+)?(?:the|that|this|a|an|any|full)\s+(?:[\w-]+\s+){{0,3}}(?:{_FEEISH}|price)\b"
    rf"|\bno\s+(?:[\w-]+\s+){{0,2}}{_FEE}\b|\bnot\s+be\s+(?:a|any)\s+(?:[\w-]+\s+){{0,2}}{_FEE}\b"
)
_PRICE_WORDS = _wordset("""
    price prices priced pricing cost costs costing copay copays rate rates fee fees charge
    charges charged bill billed billing premium premiums fare fares insurance insurer covers
    cover covered coverage medicare medicaid quote quotes quoted
""")
_PRICE_PHRASE_WORDS = frozenset(
    {"pocket", "all", "ring", "rings", "go", "goes", "lock", "locked", "health", "network", "co"}
)
_PRICE_PHRASE_RX = re.compile(
    r"\b(?:covered by|out of pocket|all in|rings? up|go(?:es)? (?:up|above)|lock(?:ed)? in|"
    r"health plan|in-?network|co-pays?)\b"
)
_PRICE_MONEY_RX = re.compile(
    r"\b(?:match\w*|honou?r\w*|lock\w* in)\s+(?:the\s+|that\s+|this\s+)?[$€£]\s*\d"
    r"|(?<!once you )(?<!if you )(?<!when you )(?<!after you )(?<!soon as you )"
    r"\b(?:be|being|is|are|stays?|staying|remains?|at|pay|paying)\s+(?:only\s+|just\s+|"
    r"exactly\s+|still\s+|the same\s+)?[$€£]\s*\d"
    r"|\b(?:get|buy|have|order)\s+(?:[\w-]+\s+){1,4}for\s+[$€£]\s*\d"
)
_PRICE_PAY_RX = re.compile(
    r"\bpay\s+(?:only|just|exactly|no more than|less than|nothing|a penny|a cent|more than|"
    r"above|over)\b"
)
_DELIVERY_WORDS = _wordset("""
    courier couriers driver drivers parcel parcels package packages shipment shipments fedex
    dhl ups usps postman doorstep tracking transit deliver delivers delivered delivering
    delivery deliveries ship ships shipped shipping dispatch dispatched dispatches dispatching
""")
_DELIVERY_PHRASE_RX = re.compile(r"\b(?:royal mail|your door)\b")
# Arriving, being on time: deliveries mostly, but appointments and people arrive too.
_ARRIVAL_WORDS = frozenset({
    "late", "time", "up", "reach", "reaches", "with", "there", "gets", "get", "arrive",
    "arrives", "arrived", "arriving", "arrival",
})  # fmt: skip
_ARRIVAL_RX = re.compile(
    r"\b(?:arriv\w*|on time|turn\w* up|show\w* up|gets? to you|reach(?:es)? you|be with you|"
    r"be there)\b|(?<![\w-])late(?![\w-])"
)
_ARRIVING_PERSON = frozenset({"of", "after", "upon", "before", "you", "when"})


def _topic(t: str, tokens: frozenset[str]) -> tuple[str, ...]:
    """The commitment categories a sentence is about, most specific first."""
    credit = not tokens.isdisjoint(_CREDIT_WORDS) and _CREDIT_RX.search(t) is not None
    if not tokens.isdisjoint(_LEGAL_WORDS) or (
        not tokens.isdisjoint(_LEGAL_PHRASE_WORDS) and _LEGAL_PHRASE_RX.search(t)
    ):
        return ("legal", "general") if credit else ("legal",)
    if credit:
        # Credit reports sit between legal and general: packs name either.
        return ("general", "legal")
    if (
        not tokens.isdisjoint(_REFUND_WORDS)
        or (not tokens.isdisjoint(_REFUND_PHRASE_WORDS) and _REFUND_PHRASE_RX.search(t))
        or (not tokens.isdisjoint(_MONEY_BACK_WORDS) and _MONEY_BACK_RX.search(t))
    ):
        return ("refund",)
    if (
        not tokens.isdisjoint(_DISCOUNT_WORDS)
        or ("free" in tokens and _FREE_RX.search(t))
        or (not tokens.isdisjoint(_DISCOUNT_PHRASE_WORDS) and _DISCOUNT_PHRASE_RX.search(t))
        or (not tokens.isdisjoint(_FEE_WORDS) and _FEE_GONE_RX.search(t))
    ):
        return ("discount",)
    money = "$" in t or "€" in t or "£" in t
    if (
        not tokens.isdisjoint(_PRICE_WORDS)
        or (not tokens.isdisjoint(_PRICE_PHRASE_WORDS) and _PRICE_PHRASE_RX.search(t))
        or (money and _PRICE_MONEY_RX.search(t))
        or (("pay" in tokens) and _PRICE_PAY_RX.search(t))
    ):
        return ("price",)
    if not tokens.isdisjoint(_DELIVERY_WORDS) or _DELIVERY_PHRASE_RX.search(t):
        return ("delivery",)
    if not tokens.isdisjoint(_ARRIVAL_WORDS):
        for m in _ARRIVAL_RX.finditer(t):
            if m.group(0).startswith("arriv"):
                before = _WORD_RX.findall(t, max(0, m.start() - 8), m.start())
                if before and before[-1] in _ARRIVING_PERSON:
                    continue
            return ("delivery", "general")
    return ()


# -- what takes a claim back --------------------------------------------------------
_CLAUSE_BREAK_RX = re.compile(
    r"[;:!?]|,(?!\d)|\.(?<!\bdr\.)(?<!\bmr\.)(?<!\bms\.)(?<!\bmrs\.)(?<!\bst\.)(?<!\ba\.m\.)"
    r"(?<!\bp\.m\.)(?=\s|$)|\s-\s"
)
_CLAUSE_WORD_RX = re.compile(r"\b(?:but|though|although|however|whereas|while)\b")
_CLAUSE_WORDS = frozenset({"but", "though", "although", "however", "whereas", "while"})
# Before a claim in its clause: a denial, an embedded question, reported speech.
_DENIAL_RX = re.compile(
    r"\b(?:not|never|cannot|can not|unable to|no 1|nobody|no one|hard to|difficult to|"
    r"impossible to)\s+(?:[\w'-]+\s+){0,5}?(?:promise|guarantee|say|confirm|commit|assure|"
    r"tell|know|predict|be sure|be certain|sure|certain|swear|vouch)\b"
    r"|\bno\s+(?:guarantee|promise|telling|saying|knowing|certainty)\b"
    r"|\b(?:no|not a|not any)\s+(?:way|chance)\b"
    r"|\b(?:if|whether|unless)\b"
    r"|\b(?:were|was|been) told\b|\btold you\b|\byou (?:mentioned|said|heard|read)\b"
    r"|\b(?:someone|somebody|they|he|she|it|website|site|note|email|letter)\s+"
    r"(?:told|mentioned|promised|offered|claimed|quoted)\b"
    r"|(?<!\blaw )(?<!\blaws )\b(?:says|said|shows|showed|states|stated|indicates|indicated|"
    r"suggests|suggested|reads)\b"
    r"|\b(?:a|the) note (?:that|saying)\b|\baccording to\b"
)
# Anywhere in a claim's clause or after it: a hedge.
_HEDGE_RX = re.compile(
    r"\b(?:should|may|might|could|usually|typically|normally|generally|often|probably|likely|"
    r"possibly|perhaps|maybe|hopefully|hope|expect\w*|estimat\w*|aim\w*|try|trying|tries|"
    r"attempt\w*|depend\w*|tend\w*|ideally|approximately|guess|suppose|imagine|think|believe|"
    r"unsure|chance|assuming|eligible|possible|subject to|up to|in most cases)\b"
)
# The agent's own errands are not outcomes: "I'll definitely check", "I can certainly".
_OWN_ERRAND_RX = re.compile(
    r"\b(?:i|we)\s+(?:will|would|am going to|are going to|can|shall|am|are)\s+(?:\w+\s+){0,2}?"
    r"(?:check|look|find out|ask|note|let|pass|transfer|put you|help|see if|see whether|"
    r"see what|make a note|follow up|connect|read|escalate|raise|flag|review|look into|happy|"
    r"glad|able|recommend|suggest|advise|like|love|end the call|hang up|let you go)(?![\w-])"
    r"|\b(?:please|you (?:must|need to|have to|should))\b"
)
# Negation right before an assurance: "I can't promise", "not guaranteed", "that's not
# something I can guarantee".
_NEGATED_RX = re.compile(
    r"\b(?:not|cannot|can not|never|unable to|no|nothing|nobody|no 1)\s+"
    r"(?:(?:really|be|been|being|always|ever|yet|fully|necessarily|quite|exactly|truly|"
    r"completely|absolutely|100 percent|want to|able to|in a position to|allowed to|"
    r"going to|something|anything|that|which|what|i|we|can|could|would|will|honestly|"
    r"fair|right|of|for|me|us|to)\s+){0,6}$"
)
_QUESTION_START = frozenset({
    "would", "could", "can", "shall", "should", "will", "do", "does", "did", "is", "are",
    "am", "was", "were", "have", "has", "had", "may", "might", "what", "when", "where",
    "which", "who", "whom", "whose", "how", "why", "whether", "if",
})  # fmt: skip


class _Claims:
    """One sentence's clauses, topic and vetoes, each worked out on first use."""

    __slots__ = ("_breaks", "_topic", "text", "tokens")

    def __init__(self, text: str, tokens: frozenset[str]) -> None:
        self.text = text
        self.tokens = tokens
        self._breaks: list[int] | None = None
        self._topic: tuple[str, ...] | None = None

    def clause_start(self, pos: int) -> int:
        if self._breaks is None:
            t = self.text
            breaks = [m.start() for m in _CLAUSE_BREAK_RX.finditer(t)]
            if not self.tokens.isdisjoint(_CLAUSE_WORDS):
                breaks += [m.start() for m in _CLAUSE_WORD_RX.finditer(t)]
                breaks.sort()
            self._breaks = breaks
        start = 0
        for b in self._breaks:
            if b >= pos:
                break
            start = b + 1
        return start

    def clause_end(self, pos: int) -> int:
        self.clause_start(pos)
        assert self._breaks is not None
        return next((b for b in self._breaks if b >= pos), len(self.text))

    def question(self, start: int) -> bool:
        """An asked claim: the sentence ends in "?" and it, or the claim's clause, opens
        like a question ("Will it arrive by Friday?", "So, would you like ...?")."""
        t = self.text
        if not t.rstrip(" \"')").endswith("?"):
            return False
        first = _WORD_RX.search(t)
        if first is not None and first.group(0) in _QUESTION_START:
            return True
        word = _WORD_RX.search(t, start)
        return word is not None and word.group(0) in _QUESTION_START

    @property
    def topic(self) -> tuple[str, ...]:
        if self._topic is None:
            self._topic = _topic(self.text, self.tokens)
        return self._topic

    def denied(self, start: int, end: int, claim: bool) -> bool:
        """Whether the evidence at [start, end) is taken back: denied, embedded, reported
        or asked; a claim also by a hedge or an errand of the agent's own."""
        t = self.text
        cs = self.clause_start(start)
        if _DENIAL_RX.search(t, cs, start) or self.question(cs):
            return True
        if not claim:
            return _NEGATED_RX.search(t, max(cs, start - 40), start) is not None
        return bool(_HEDGE_RX.search(t, cs) or _OWN_ERRAND_RX.search(t, cs, end + 30))

    def said_of_people(self, start: int) -> bool:
        """ "The statement will arrive within 10 days", "Dr. Patel will be back on Monday":
        the subject is a message or a person, not something the business ships or
        settles."""
        cs = self.clause_start(start)
        subject = _WORD_RX.findall(self.text, max(cs, start - 40), start)[-3:]
        return any(_NOT_DELIVERED.fullmatch(w) for w in subject)


# Which present tables can follow which verb.
_PRESENT_VERBS = {
    "any": frozenset({"is", "are", "stays", "stay", "remains", "remain", "comes", "come", "gets"}),
    "thing": frozenset({
        "gets", "get", "is", "are", "goes", "comes", "come", "lands", "arrives", "reaches",
        "hits", "ships",
    }),
    "money": frozenset({"comes", "come", "goes", "lands", "hits", "is", "are", "gets", "get"}),
    "waivable": frozenset({"is", "are"}),
    "stoppable": frozenset({
        "goes", "go", "stops", "stop", "ends", "end", "disappears", "disappear", "is", "are",
    }),
    "discounted": frozenset({"applies"}),
    "you": frozenset({"are"}),
    "iwe": frozenset({"am", "are"}),
}  # fmt: skip


def _holds(key: str, t: str, claims: _Claims, cs: int, pos: int, last: str) -> bool:
    """Whether what stands before the anchor at ``pos`` (in its clause from ``cs``; the
    word right before it is ``last``) meets the condition of table ``key``."""
    if key == "any":
        return True
    if key == "iwe":
        return last in ("i", "we")
    if key in ("you", "there"):
        return last == key
    if key == "notyou":
        return last != "you"
    if key == "notiwe":
        return last not in ("i", "we")
    if key == "thing":
        return not claims.said_of_people(pos)
    rx = _CONDITIONS[key]
    return rx.search(t, cs, pos) is not None


_CONDITIONS = {
    "money": _MONEYWORD_RX,
    "legal": _LEGALTHING_RX,
    "nothing": _NOTHING_RX,
    "waivable": _WAIVABLE_RX,
    "stoppable": _STOPPABLE_RX,
    "discounted": _DISCOUNTED_RX,
}


def _outcome(t: str, claims: _Claims) -> tuple[re.Match[str], str] | None:
    """The first outcome claim not taken back, with the category its wording implies."""
    for a in _AUX_RX.finditer(t):
        pos = a.start()
        cs = claims.clause_start(pos)
        before = _WORD_RX.findall(t, max(cs, pos - 12), pos)
        last = before[-1] if before else ""
        for key, (rx, cats) in _WILL_TABLES.items():
            if not _holds(key, t, claims, cs, pos, last):
                continue
            m = rx.match(t, a.end())
            if m is not None and not claims.denied(pos, m.end(), claim=True):
                return m, cats[m.lastgroup or ""]
    for p in _PRESENT_RX.finditer(t):
        pos = p.start()
        verb = p.group(0).rstrip()
        cs = -1
        last = ""
        for key, (rx, cats) in _PRESENT_TABLES.items():
            if verb not in _PRESENT_VERBS[key]:
                continue
            if cs < 0:
                cs = claims.clause_start(pos)
                before = _WORD_RX.findall(t, max(cs, pos - 12), pos)
                last = before[-1] if before else ""
            if not _holds(key, t, claims, cs, pos, last):
                continue
            m = rx.match(t, pos)
            if m is not None and not claims.denied(pos, m.end(), claim=True):
                return m, cats[m.lastgroup or ""]
    if " at no " in t:
        m = _AT_NO_COST_RX.search(t)
        if (
            m is not None
            and _AT_NO_COST_VERB_RX.search(t, claims.clause_start(m.start()), m.start())
            and not claims.denied(m.start(), m.end(), claim=True)
        ):
            return m, "discount"
    if not claims.tokens.isdisjoint(_LAW_WORDS):
        m = _LAW_BINDS_RX.search(t)
        if m is not None and not claims.denied(m.start(), m.end(), claim=True):
            return m, "legal"
    return None


def _commitments(scan: Scan) -> list[Finding]:
    t = scan.text
    tokens = scan.tokens
    found: dict[str, Finding] = {}
    claims = _Claims(t, tokens)

    def add(start: int, end: int, cats: tuple[str, ...]) -> None:
        for c in cats:
            if c not in found:
                found[c] = Finding("commitment", start, end, t[start:end], c)

    if not tokens.isdisjoint(_MODALS):
        for cat, rx in _COMMIT_RX.items():
            if tokens.isdisjoint(_HINTS[cat]):
                continue
            for m in rx.finditer(t):
                if not claims.denied(m.start(), m.end(), claim=True):
                    add(m.start(), m.end(), (cat,))
                    break
    # Assurances and certainty take the sentence's topic; once one holds and the topic
    # names a category, an outcome claim would add nothing new.
    settled = False
    hits = tokens & _ASSURANCE_HINT
    if hits:
        for i in sorted({i for w in hits for i in _ASSURANCE_BY_WORD[w]}):
            hit = _ASSURANCE_RXS[i].search(t)
            if hit is None or claims.denied(hit.start(), hit.end(), claim=False):
                continue
            if i == _NO_WAY and not _BAD_NEWS_RX.search(t, hit.end(), claims.clause_end(hit.end())):
                continue
            if i in _WEAK_ASSURANCES and not (
                claims.topic or _AUX_RX.search(t) or _outcome(t, claims) is not None
            ):
                continue
            add(hit.start(), hit.end(), claims.topic or ("general",))
            settled = bool(claims.topic)
            break
    if not settled and not tokens.isdisjoint(_CERTAINTY_HINT):
        sure = _certainty(t, claims)
        if sure is not None:
            add(sure.start(), sure.end(), claims.topic or ("general",))
            settled = bool(claims.topic)
    if not settled:
        got = _outcome(t, claims)
        if got is not None:
            claim, default = got
            add(claim.start(), claim.end(), claims.topic or (default,))
    return list(found.values())


def _certainty(t: str, claims: _Claims) -> re.Match[str] | None:
    """The first certainty marker on a claim that is not taken back."""
    for m in _CERTAINTY_RX.finditer(t):
        if not claims.denied(m.start(), m.end(), claim=True):
            return m
    end = _CERTAINTY_END_RX.search(t)
    if (
        end is None
        or len(_WORD_RX.findall(t, 0, end.start())) < 3
        or claims.denied(end.start(), end.end(), claim=True)
    ):
        return None
    return end


DETECTORS: dict[str, Callable[[Scan], list[Finding]]] = {
    "card_number": _card_numbers,
    "ssn": _ssns,
    "bank_account": _bank_accounts,
    "routing_number": _routing_numbers,
    "email": _emails,
    "phone_number": _phone_numbers,
    "money": _money,
    "percent": _percent,
    "commitment": _commitments,
}


def detect(text: str, detector: str) -> list[Finding]:
    """Convenience for tests and tools: run one detector on raw text."""
    from aiframe.policy.normalize import normalize

    return Scan(normalize(text)).findings(detector)
