# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Text normalization for the policy gate: one canonical form for text written to be spoken.

A brain can write the same card number as ``4111 1111 1111 1111``, ``4111-1111-...``,
``four one one one ...``, with fullwidth digits, or with Cyrillic look-alike letters in
the number words. Every rule and detector runs on one normalized form so that none of
these slip past:

1. characters: NFKC (fullwidth, superscript, circled and mathematical digits), decimal
   digits of any script to ASCII, look-alike letters folded to Latin, every dash to ``-``,
   every apostrophe to ``'``, every space to ``' '``, zero-width and other format
   characters removed, everything case-folded;
2. words: contractions expanded (``won't`` -> ``will not``) and runs of number words
   turned into digits (``twenty five`` -> ``25``, ``four one one one`` -> ``4111``,
   ``double five`` -> ``55``, ``twelve point five`` -> ``12.5``).

:class:`Normalized` keeps the way back to the original text so a rule can redact the
span it matched in the words the brain actually wrote.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Normalized", "fold_chars", "normalize"]

# Cyrillic, Greek and Latin/IPA letters that render like ASCII ones; NFKC leaves these
# alone. Escaped so the source itself holds no look-alikes.
_CONFUSABLES = {
    "\u0430": "a", "\u0432": "b", "\u0435": "e", "\u0451": "e", "\u043a": "k", "\u043c": "m",
    "\u043d": "h", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0442": "t", "\u0443": "y",
    "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0457": "i", "\u0458": "j", "\u0501": "d",
    "\u051b": "q", "\u051d": "w", "\u04bb": "h", "\u04cf": "l", "\u0261": "g", "\u0578": "n",
    "\u03b1": "a", "\u03b2": "b", "\u03b5": "e", "\u03b7": "n", "\u03b9": "i", "\u03ba": "k",
    "\u03bd": "v", "\u03bf": "o", "\u03c1": "p", "\u03c4": "t", "\u03c5": "u", "\u03c7": "x",
    "\u03c9": "w", "\u03f2": "c", "\u0131": "i", "\u0237": "j", "\u0251": "a", "\u0269": "i",
    "\u0280": "r", "\u1d05": "d", "\u0274": "n",
}  # fmt: skip

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b"
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u02b9\u2032\u0060\u00b4\uff07"
_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"


class _CharTable(dict[int, str]):
    """``str.translate`` table that works out each character once, on first sight."""

    def __missing__(self, code: int) -> str:
        out = self._fold(chr(code))
        self[code] = out
        return out

    @staticmethod
    def _fold(ch: str) -> str:
        if ch in _DASHES:
            return "-"
        if ch in _APOSTROPHES:
            return "'"
        if ch in _QUOTES:
            return '"'
        cat = unicodedata.category(ch)
        if cat == "Cf" or ch == "\u00ad":  # zero-width joiners, BOM, soft hyphen
            return ""
        if cat in ("Zs", "Zl", "Zp") or ch in "\t\n\r\v\f":
            return " "
        if cat == "Nd":
            return str(unicodedata.decimal(ch))
        out = []
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c in _CONFUSABLES:
                out.append(_CONFUSABLES[c])
            elif unicodedata.category(c) == "Nd":
                out.append(str(unicodedata.decimal(c)))
            elif c == "\u2044":  # fraction slash from NFKC of vulgar fractions
                out.append("/")
            elif c in _DASHES:
                out.append("-")
            elif c in _APOSTROPHES:
                out.append("'")
            else:
                out.append(c)
        return "".join(out)


_TABLE = _CharTable()


def fold_chars(text: str) -> str:
    """Step 1 only: the character folding, length may change."""
    return text.translate(_TABLE)


_UNITS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_REPEAT = {"double": 2, "triple": 3}
_WEAK_ZERO = frozenset({"oh", "o"})  # zero only next to other number words

_NUM_WORD = (
    r"(?:"
    + "|".join(sorted([*_UNITS, *_TEENS, *_TENS, *_SCALES, "hundred"], key=len, reverse=True))
    + r"|(?<![\d.,])\d+(?![.,]\d)|a(?=[\s-]+(?:hundred|thousand|million|billion)\b))"
)
_RUN_SEP = r"(?:\s*[,-]\s*|\s+(?:and|point|dash|hyphen|double|triple)\s+|\s+)"
_RUN_START = r"(?:(?:double|triple)\s+)?"
_NUM_RUN = rf"\b{_RUN_START}{_NUM_WORD}(?:{_RUN_SEP}(?:(?:double|triple)\s+)?{_NUM_WORD})*\b"

_CONTRACTIONS = {
    "won't": "will not", "can't": "cannot", "shan't": "shall not", "ain't": "is not",
    "i'm": "i am", "let's": "let us", "it's": "it is", "that's": "that is",
    "there's": "there is", "here's": "here is", "what's": "what is", "he's": "he is",
    "she's": "she is", "who's": "who is", "where's": "where is",
}  # fmt: skip
_SUFFIXES = {"n't": " not", "'ll": " will", "'re": " are", "'ve": " have", "'d": " would"}
_CONTRACTION = r"\b(?:[a-z]+'(?:s|m)|[a-z]+n't|[a-z]+'(?:ll|re|ve|d))\b"

_WORD_RX = re.compile(rf"(?P<num>{_NUM_RUN})|(?P<con>{_CONTRACTION})")
_TOKEN_RX = re.compile(r"\d+|[a-z]+|[,-]|\s+")


def _expand_contraction(word: str) -> str | None:
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    for suffix, repl in _SUFFIXES.items():
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)] + repl
    return None


@dataclass(slots=True)
class _Chunk:
    text: str
    sep: str  # separator before it in the output: "", " ", "-" or ", "
    single_digit_word: bool = False


class _Cardinal:
    """Accumulates one spoken cardinal ("two thousand four hundred and five")."""

    __slots__ = ("kind", "scale", "small", "total")

    def __init__(self) -> None:
        self.kind = ""
        self.total = 0
        self.small = 0
        self.scale = 0

    @property
    def active(self) -> bool:
        return self.kind != ""

    def value(self) -> int:
        return self.total + self.small


def _out_sep(raw: str) -> str:
    if "," in raw:
        return ", "
    if raw == "-":
        return "-"  # "one-two" reads as one group, like "one two"
    if "-" in raw:
        return " - "  # a spaced dash is a pause between groups
    return " "


class _RunRenderer:
    """Turns one run of number words and digits into digits, leaving other words alone."""

    def __init__(self, run: str) -> None:
        self.items: list[tuple[str, str]] = []  # (separator before, word)
        sep = ""
        for t in _TOKEN_RX.findall(run):
            if t.isspace() or t in (",", "-"):
                sep += t
            else:
                self.items.append((sep, t))
                sep = ""
        self.numeric = sum(1 for _, w in self.items if w not in _WEAK_ZERO and _is_number_token(w))
        self.chunks: list[_Chunk] = []
        self.card = _Cardinal()
        self.card_sep = ""
        self.pending_sep = ""

    def _sep_for(self, raw: str) -> str:
        if not self.chunks:
            return ""
        return self.pending_sep or _out_sep(raw)

    def _flush(self) -> None:
        card = self.card
        if card.active:
            single = card.kind == "unit" and card.total == 0 and card.small < 10
            self.chunks.append(_Chunk(str(card.value()), self.card_sep, single))
            self.pending_sep = ""
        self.card = _Cardinal()

    def _push(self, raw: str, text: str, single: bool = False) -> None:
        self._flush()
        self.chunks.append(_Chunk(text, self._sep_for(raw), single))
        self.pending_sep = ""

    def render(self) -> str:
        items = self.items
        i = 0
        while i < len(items):
            raw, w = items[i]
            nxt = items[i + 1][1] if i + 1 < len(items) else ""
            if w in ("dash", "hyphen") and self.numeric:
                self._flush()
                self.pending_sep = " - "
                i += 1
                continue
            if w in _REPEAT and (nxt in _UNITS or (nxt.isdigit() and len(nxt) == 1)):
                digit = str(_UNITS[nxt]) if nxt in _UNITS else nxt
                self._push(raw, digit * _REPEAT[w], single=True)
                i += 2
                continue
            if w in _WEAK_ZERO and self.numeric == 0:
                self._push(raw, w)
                i += 1
                continue
            if not self.card.active:
                self.card_sep = self._sep_for(raw)
            verdict = _step(self.card, w, nxt)
            if verdict == "new":
                self._flush()
                self.card_sep = self._sep_for(raw)
                _step(self.card, w, nxt)
            elif verdict == "point":
                j = i + 1
                decimals = []
                while j < len(items) and (items[j][1] in _UNITS or items[j][1].isdigit()):
                    tok = items[j][1]
                    decimals.append(str(_UNITS[tok]) if tok in _UNITS else tok)
                    j += 1
                if self.card.active and decimals:
                    whole = self.card.value()
                    self.card = _Cardinal()
                    self.chunks.append(_Chunk(f"{whole}.{''.join(decimals)}", self.card_sep))
                    i = j
                    continue
                self._push(raw, w)
            elif verdict in ("literal", "digits"):
                self._push(raw, w)
            i += 1
        self._flush()
        out: list[str] = []
        prev: _Chunk | None = None
        for c in self.chunks:
            if prev is not None:
                glued = c.sep in (" ", "-") and c.single_digit_word and prev.single_digit_word
                out.append("" if glued else (c.sep or " "))
            out.append(c.text)
            prev = c
        return "".join(out)


def _render_run(run: str) -> str:
    return _RunRenderer(run).render()


def _is_number_token(w: str) -> bool:
    return w.isdigit() or w in _UNITS or w in _TEENS or w in _TENS


def _step(card: _Cardinal, w: str, nxt: str) -> str:
    """Feed one word to the cardinal; says whether it extended it or what to do instead."""
    kind = card.kind
    if w == "a":
        if not card.active:
            card.kind, card.small = "unit", 1
            return "ok"
        return "new"
    if w == "and":
        if kind in ("hundred", "scale") and (nxt in _UNITS or nxt in _TEENS or nxt in _TENS):
            return "ok"
        return "literal"
    if w == "point":
        return "point"
    if w.isdigit():
        if len(w) <= 3 and not card.active and nxt in ("hundred", *_SCALES):
            card.kind, card.small = "digits", int(w)
            return "ok"
        return "digits"
    if w in _UNITS:
        u = _UNITS[w]
        if not card.active:
            card.kind, card.small = "unit", u
        elif kind in ("tens", "hundred") and w not in _WEAK_ZERO:
            card.small += u
            card.kind = "tens_unit"
        elif kind == "scale" and w not in _WEAK_ZERO:
            card.small = u
            card.kind = "unit_after_scale"
        else:
            return "new"
        return "ok"
    if w in _TEENS:
        if not card.active:
            card.kind, card.small = "teen", _TEENS[w]
        elif kind in ("hundred", "scale"):
            card.small += _TEENS[w]
            card.kind = "tens_unit"
        else:
            return "new"
        return "ok"
    if w in _TENS:
        if not card.active:
            card.kind, card.small = "tens", _TENS[w]
        elif kind in ("hundred", "scale"):
            card.small += _TENS[w]
            card.kind = "tens"
        else:
            return "new"
        return "ok"
    if w == "hundred":
        if kind in ("unit", "teen", "tens", "tens_unit", "digits", "unit_after_scale") and (
            0 < card.small % 100 == card.small
        ):
            card.small *= 100
            card.kind = "hundred"
            return "ok"
        return "literal"
    if w in _SCALES:
        s = _SCALES[w]
        if card.active and card.small > 0 and (card.scale == 0 or s < card.scale):
            card.total += card.small * s
            card.small = 0
            card.scale = s
            card.kind = "scale"
            return "ok"
        return "literal"
    return "literal"


@lru_cache(maxsize=4096)
def _render_run_cached(run: str) -> str:
    return _render_run(run)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized sentence and the way back to the original characters."""

    original: str
    folded: str
    text: str
    # (text_start, text_end, folded_start, folded_end) for each word-level rewrite.
    rewrites: tuple[tuple[int, int, int, int], ...]
    _char_ends: list[int] = field(default_factory=list, compare=False, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`text` to the smallest original span that produced it."""
        fs, fe = self._to_folded(start, True), self._to_folded(end, False)
        s, e = self._folded_to_original(fs, True), self._folded_to_original(fe, False)
        # An empty span after characters that fold to nothing (a soft hyphen) would
        # otherwise start past its end.
        return min(s, e), e

    def _to_folded(self, pos: int, is_start: bool) -> int:
        shift = 0
        for ts, te, fs, fe in self.rewrites:
            if pos < ts or (pos == ts and not is_start):
                break
            if pos < te or (pos == te and not is_start):
                return fs if is_start else fe
            shift = fe - te
        return pos + shift

    def _folded_to_original(self, pos: int, is_start: bool) -> int:
        if self.original.isascii():
            return pos  # every ASCII character folds to exactly one character
        ends = self._char_ends
        if not ends:
            total = 0
            for ch in self.original:
                total += len(_TABLE[ord(ch)])
                ends.append(total)
        # ends[i] is the folded end of original character i.
        if is_start:
            return bisect.bisect_right(ends, pos)
        return bisect.bisect_left(ends, pos) + 1 if pos > 0 else 0


def normalize(text: str) -> Normalized:
    """The canonical form every rule and detector sees."""
    folded = text.translate(_TABLE)
    if not _has_word_work(folded):
        return Normalized(text, folded, folded, ())
    parts: list[str] = []
    rewrites: list[tuple[int, int, int, int]] = []
    last = 0
    out_len = 0
    for m in _WORD_RX.finditer(folded):
        src = m.group(0)
        is_num = m.lastgroup == "num"
        repl = _render_run_cached(src) if is_num else (_expand_contraction(src) or src)
        if repl == src:
            continue
        gap = folded[last : m.start()]
        parts.append(gap)
        out_len += len(gap)
        rewrites.append((out_len, out_len + len(repl), m.start(), m.end()))
        parts.append(repl)
        out_len += len(repl)
        last = m.end()
    if not rewrites:
        return Normalized(text, folded, folded, ())
    parts.append(folded[last:])
    return Normalized(text, folded, "".join(parts), tuple(rewrites))


_WORK_HINT = re.compile(
    r"'|\b(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|double|triple|dash|hyphen|point)\b"
)


def _has_word_work(folded: str) -> bool:
    return _WORK_HINT.search(folded) is not None
