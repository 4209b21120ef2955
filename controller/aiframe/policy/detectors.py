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

    __slots__ = ("_cache", "_runs", "_tokens", "_words", "norm", "text")

    def __init__(self, norm: Normalized) -> None:
        self.norm = norm
        self.text = norm.text
        self._runs: list[DigitRun] | None = None
        self._words: list[re.Match[str]] | None = None
        self._tokens: frozenset[str] | None = None
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
            self._tokens = frozenset(w.group(0) for w in self.words)
        return self._tokens

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
            continue
        if len(digits) == 9 and _ssn_ok(digits):
            out.append(Finding("ssn", run.start, run.end, digits))
        else:
            for s, e, sub in _subruns(run, 9, 9):
                if _ssn_ok(sub):
                    out.append(Finding("ssn", s, e, sub))
                    break
    return out


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
    out = []
    for m in _IBAN_RX.finditer(scan.text):
        compact = m.group(0).replace(" ", "")
        if iban_valid(compact):
            out.append(Finding("bank_account", m.start(), m.end(), compact))
    if _BANK_CONTEXT.search(scan.text) is None:
        return out
    for run in scan.runs:
        if 6 <= len(run.digits) <= 17 and not _is_money_run(scan.text, run):
            out.append(Finding("bank_account", run.start, run.end, run.digits))
    return out


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
        rf"{_FIRST}{_SURE}(?:waive|knock|take)\b",
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
        rf"(?:only\s+|just\s+|no more than\s+|less than\s+|again\b|extra\b|anything\b|{_MONEYISH})",
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
_ASSURANCE_RX = re.compile(
    r"\b(?:i|we)\s+(?:promise|guarantee|assure you|swear|give you my word)\b|"
    r"\bguaranteed\b|\brest assured\b|\byou have my word\b|"
    r"\b100\s*(?:%|percent)\s+(?:sure|certain|guaranteed)\b"
)
_TOPICS = {
    "refund": r"\b(?:refund\w*|money back|reimburs\w*|chargeback)\b",
    "discount": (
        r"\b(?:discount\w*|coupon\w*|promo\w*|voucher\w*|free|waive\w*)\b"
        r"|\d+\s*(?:%|percent)\s*off\b"
    ),
    "price": r"\b(?:price\w*|cost\w*|fees?|rates?|charged?|bill\w*)\b|[$€£]\s*\d",
    "delivery": r"\b(?:deliver\w*|arriv\w*|ship\w*)\b",
    "legal": r"\b(?:court|lawsuit|sue|sued|legal\w*|lawyer|attorney|arrest\w*|jail|prison|"
    r"garnish\w*|prosecut\w*|credit (?:score|report))\b",
}
_COMMIT_RX = {
    cat: re.compile("|".join(f"(?:{p})" for p in pats)) for cat, pats in _COMMITMENTS.items()
}
# Every commitment pattern holds one of these words, and each category's patterns one
# of its hint words: a set intersection skips the regexes for most sentences.
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
_ASSURANCE_HINT = frozenset(
    {"promise", "guarantee", "guaranteed", "assure", "assured", "swear", "word", "100"}
)
_TOPIC_RX = {cat: re.compile(p) for cat, p in _TOPICS.items()}
# "I cannot promise that you will get a refund" and "check whether you will get a
# refund" deny or ask; they commit to nothing.
_NEGATED_RX = re.compile(r"\b(?:not|cannot|can not|never|unable to|no)\s+(?:really\s+)?$")
_DENIAL_RX = re.compile(
    r"(?:\b(?:cannot|can not|not able to|unable to|do not|will not|never|no one can)\s+"
    r"(?:\w+\s+){0,2}?(?:promise|guarantee|say|confirm|commit|assure|tell you|know)"
    r"(?:\s+(?:that|whether|if))?|\b(?:if|whether|unless|once)\b(?:\s+\w+){0,2})\s*$"
)


def _denied(text: str, start: int) -> bool:
    return _DENIAL_RX.search(text, max(0, start - 40), start) is not None


def _commitments(scan: Scan) -> list[Finding]:
    t = scan.text
    out: list[Finding] = []
    tokens = scan.tokens
    if not tokens.isdisjoint(_MODALS):
        for cat, rx in _COMMIT_RX.items():
            if tokens.isdisjoint(_HINTS[cat]):
                continue
            for m in rx.finditer(t):
                if not _denied(t, m.start()):
                    out.append(Finding("commitment", m.start(), m.end(), m.group(0), cat))
    if tokens.isdisjoint(_ASSURANCE_HINT):
        return out
    for m in _ASSURANCE_RX.finditer(t):
        if _denied(t, m.start()) or _NEGATED_RX.search(t, max(0, m.start() - 20), m.start()):
            continue
        cats = [c for c, rx in _TOPIC_RX.items() if rx.search(t)] or ["general"]
        out.extend(Finding("commitment", m.start(), m.end(), m.group(0), c) for c in cats)
    return out


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
