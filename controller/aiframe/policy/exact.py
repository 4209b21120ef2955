# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Exact values: numbers the call has seen, never read back beyond what a pack allows.

A card number a tool returned, or the one the caller read out, can leak without ever
being said whole: in words ("four one one one"), regrouped ("41 11, 11 11"), in pieces
out of order ("it ends in 1111 and starts with 4111 2222"), or a digit or two per
sentence. :mod:`aiframe.policy.taint` asks whether a value appears in a sentence; a
brain defeats that by splitting it. This module asks which digit positions of the value
the caller has heard in the current agent turn, and fires when any of them lies outside
the trailing digits the pack allows (``reveal_last``: the last four of a card).

Digits are read after :func:`~aiframe.policy.normalize.normalize`, so number words,
"oh", "double five" and the digits of every script are already digits:

- a *number* is a digit run of one sentence (groups joined by spaces, hyphens, dots or
  commas, as :class:`~aiframe.policy.detectors.Scan` reads them); an amount ("$45.99",
  "12 percent") is split at its decimal point, and counts only from ``MIN_AMOUNT``
  digits;
- a *piece* is a stretch of a number that is a substring of the value: whole groups of
  at least ``MIN_ALIGNED`` digits ("4111", "4111 2222", "4 1 1 1"), or any
  ``MIN_INSIDE`` digits inside a group (a value padded with other digits);
- numbers of at most ``CHAIN_MAX`` digits that follow each other in the turn, across
  words and sentences, are also read together: a value read out a digit or two at a
  time is a piece once ``MIN_CHAIN`` of its digits have been said;
- a piece that fits in the value's last ``reveal_last`` digits is allowed; any other
  discloses positions the caller must not hear, and the sentence that says it (or
  completes it) fires the rule.

The lengths keep ordinary numbers from matching a value by chance: a random 3-digit
number is somewhere in a 16-digit card about one time in seventy, a 4-digit one about
one time in eight hundred, and amounts, dates, "2" and "10" are that short.

Nothing here keeps state: the remembered values and the turn's earlier sentences come
in the :class:`~aiframe.policy.state.CallState`, so the gate stays a pure function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from aiframe.policy.detectors import Scan
from aiframe.policy.normalize import normalize
from aiframe.policy.schema import ExactValueRule
from aiframe.policy.state import CallState

__all__ = [
    "CHAIN_MAX",
    "MIN_ALIGNED",
    "MIN_AMOUNT",
    "MIN_CHAIN",
    "MIN_INSIDE",
    "Leak",
    "Secret",
    "caller_values",
    "leaks",
    "merge_remembered",
    "secret_spans",
    "secrets_of",
]

MIN_ALIGNED = 3  # digits of whole groups that make a piece
MIN_INSIDE = 5  # digits inside a group (not on its edges) that make a piece
MIN_AMOUNT = 4  # digits of an amount's whole or decimal part that make a piece
MIN_CHAIN = 4  # digits of consecutive short numbers that make a piece
CHAIN_MAX = 2  # a number this short may be a digit or two of a value read one by one

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Secret:
    """One remembered value: its digits, how many trailing ones may be spoken, and a
    label for audit records that never holds more than those."""

    digits: str
    reveal_last: int
    label: str

    @property
    def shown(self) -> str:
        """The label and what may be shown of the value: its allowed last digits."""
        keep = min(self.reveal_last, 4)
        tail = f" ending {self.digits[-keep:]}" if keep else ""
        return f"{self.label}{tail}"


@dataclass(frozen=True, slots=True)
class Leak:
    """What one sentence (with the turn before it) disclosed of one value."""

    secret: Secret
    positions: frozenset[int]  # 0-based digit positions outside the allowed tail
    spans: tuple[Span, ...]  # where, in the normalized text of the sentence

    def describe(self) -> str:
        n = len(self.positions)
        digits = f"{n} digit{'s' if n != 1 else ''}"
        if self.secret.reveal_last:
            return f"said {digits} of {self.secret.shown} beyond its last {self.secret.reveal_last}"
        return f"said {digits} of {self.secret.shown}, which may not be read back"


@dataclass(frozen=True, slots=True)
class _Number:
    digits: str
    bounds: frozenset[int]  # digit offsets where a group starts or ends
    at: tuple[int, ...]  # text offset of each digit (empty: an earlier sentence)
    min_aligned: int
    chainable: bool

    def span(self, a: int, b: int) -> Span:
        return self.at[a], self.at[b - 1] + 1


def _amount_spans(scan: Scan) -> list[Span]:
    return [(f.start, f.end) for det in ("money", "percent") for f in scan.findings(det)]


def _numbers(scan: Scan, where: bool) -> list[_Number]:
    if not scan.runs:
        return []
    amounts = _amount_spans(scan)
    text = scan.text
    out: list[_Number] = []
    for run in scan.runs:
        groups = list(zip(run.groups, run.spans, strict=True))
        if any(s < run.end and run.start < e for s, e in amounts):
            # "45.99" is forty-five and ninety-nine cents, not the digits 4599; only the
            # commas of "1,234" join groups (thousands). Amounts never chain: "$5" and
            # "$10" are too common.
            parts: list[list[tuple[str, Span]]] = [[groups[0]]]
            for prev, cur in pairwise(groups):
                if text[prev[1][1] : cur[1][0]].strip() != ",":
                    parts.append([])
                parts[-1].append(cur)
            for part in parts:
                digits = "".join(g for g, _ in part)
                at = tuple(i for _, (s, e) in part for i in range(s, e)) if where else ()
                out.append(_Number(digits, frozenset({0, len(digits)}), at, MIN_AMOUNT, False))
            continue
        bounds = {0}
        n = 0
        for g, _ in groups:
            n += len(g)
            bounds.add(n)
        at = tuple(i for _, (s, e) in groups for i in range(s, e)) if where else ()
        digits = run.digits
        out.append(_Number(digits, frozenset(bounds), at, MIN_ALIGNED, len(digits) <= CHAIN_MAX))
    return out


@lru_cache(maxsize=1024)
def _said_numbers(text: str) -> tuple[_Number, ...]:
    """The numbers of a sentence spoken earlier in the turn (cached: each later sentence
    of the turn reads them again)."""
    return tuple(_numbers(Scan(normalize(text)), where=False))


def _pieces(num: _Number, value: str) -> list[tuple[int, int]]:
    """(start, end) digit offsets of the stretches of ``num`` that are pieces of ``value``."""
    d = num.digits
    out: list[tuple[int, int]] = []
    reach = 0
    for a in range(len(d)):
        b = a
        while b < len(d) and b - a < len(value) and d[a : b + 1] in value:
            b += 1
        best = (a, b) if b - a >= MIN_INSIDE else None
        if best is None and a in num.bounds:
            edge = max(x for x in num.bounds if x <= b)
            if edge - a >= num.min_aligned:
                best = (a, edge)
        if best is not None and best[1] > reach:
            out.append(best)
            reach = best[1]
    return out


def _chains(
    said: list[_Number], now: list[_Number], value: str
) -> list[tuple[str, tuple[Span, ...]]]:
    """Pieces made of consecutive short numbers, the last ones in this sentence."""
    seq = [(n, False) for n in said] + [(n, True) for n in now]
    out: list[tuple[str, tuple[Span, ...]]] = []
    i = 0
    while i < len(seq):
        if not seq[i][0].chainable:
            i += 1
            continue
        j = i
        while j < len(seq) and seq[j][0].chainable:
            j += 1
        chain = seq[i:j]
        for a in range(len(chain)):
            digits = ""
            for b in range(a, len(chain)):
                digits += chain[b][0].digits
                if len(digits) > len(value) or digits not in value:
                    break
                if b > a and len(digits) >= MIN_CHAIN and any(c for _, c in chain[a : b + 1]):
                    spans = tuple(
                        n.span(0, len(n.digits)) for n, current in chain[a : b + 1] if current
                    )
                    out.append((digits, spans))
        i = j
    return out


def _outside(value: str, piece: str, reveal_last: int) -> frozenset[int]:
    """Positions of ``value`` that saying ``piece`` discloses beyond the allowed tail;
    empty when the piece fits in the tail. Where it fits in several places, the one
    closest to the tail is taken: the caller cannot know which it was."""
    tail = len(value) - reveal_last
    if value.find(piece, tail) != -1:
        return frozenset()
    at = value.rfind(piece)
    return frozenset(range(at, min(at + len(piece), tail)))


def leaks(scan: Scan, turn_said: Iterable[str], secrets: Iterable[Secret]) -> list[Leak]:
    """What the sentence ``scan`` discloses of each secret beyond its allowed tail,
    reading it after the sentences already spoken in the turn."""
    secrets = [s for s in secrets if len(s.digits) > s.reveal_last]
    if not secrets:
        return []
    now = _numbers(scan, where=True)
    if not now:
        return []
    said: list[_Number] | None = None
    out: list[Leak] = []
    for sec in secrets:
        value = sec.digits
        positions: set[int] = set()
        spans: list[Span] = []
        for num in now:
            for a, b in _pieces(num, value):
                hidden = _outside(value, num.digits[a:b], sec.reveal_last)
                if hidden:
                    positions |= hidden
                    spans.append(num.span(a, b))
        if any(n.chainable for n in now):
            if said is None:
                said = [n for t in turn_said for n in _said_numbers(t)]
            for digits, where in _chains(said, now, value):
                hidden = _outside(value, digits, sec.reveal_last)
                if hidden:
                    positions |= hidden
                    spans.extend(where)
        if positions:
            out.append(Leak(sec, frozenset(positions), tuple(spans)))
    return out


def _digits(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return ""
    return _digits_of(str(value))


@lru_cache(maxsize=4096)
def _digits_of(value: str) -> str:
    return "".join(c for c in normalize(value).text if c.isdigit())


def secrets_of(rule: ExactValueRule, state: CallState) -> list[Secret]:
    """The values ``rule`` protects in this call: tool values of its classes, and what
    its detectors found in the caller's turns."""
    out: list[Secret] = []
    classes = set(rule.classes)
    for key, item in sorted(state.data.items()):
        if item.data_class in classes:
            digits = _digits(item.value)
            if digits:
                out.append(Secret(digits, rule.reveal_last, f"{item.data_class} {key}"))
    for det in rule.caller_detectors:
        for digits in state.sensitive.get(det, ()):
            out.append(Secret(digits, rule.reveal_last, f"{det} the caller said"))
    return out


def caller_values(scan: Scan, detectors: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The numbers ``detectors`` find in a caller's turn, digits only, per detector."""
    out: dict[str, tuple[str, ...]] = {}
    for det in detectors:
        found = dict.fromkeys(
            d for d in ("".join(c for c in f.value if c.isdigit()) for f in scan.findings(det)) if d
        )
        if found:
            out[det] = tuple(found)
    return out


def secret_spans(text: str, secrets: Iterable[Secret]) -> list[tuple[int, int, str]]:
    """Spans of ``text`` (original offsets) that disclose a secret beyond its allowed
    tail, each with what to write instead (``[label ending 1111]``): how audit records
    show a value without holding it."""
    secrets = list(secrets)
    if not secrets or not any(c.isdigit() for c in normalize(text).text):
        return []
    scan = Scan(normalize(text))
    out: list[tuple[int, int, str]] = []
    for leak in leaks(scan, (), secrets):
        for s, e in leak.spans:
            os_, oe = scan.norm.to_original(s, e)
            out.append((os_, oe, f"[{leak.secret.shown}]"))
    return out


def merge_remembered(
    old: Mapping[str, tuple[str, ...]], new: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """``old`` with the values of ``new`` added (each once, in the order first seen)."""
    out = {k: tuple(v) for k, v in old.items()}
    for k, vals in new.items():
        out[k] = tuple(dict.fromkeys((*out.get(k, ()), *vals)))
    return out
