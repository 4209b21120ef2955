# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Slot extraction: a caller's words to a typed value, deterministically.

Each extractor takes what the recogniser heard and returns the value and where it was,
or None. They accept the forms callers actually use on the phone: "yeah, go ahead",
"A B one two three four five six", "jane dot doe at example dot com", "S W one A one A
A", "the fourteenth of March", "twenty dollars and fifty cents", "it arrived broken".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from aiframe.brain.agent.dates import spoken_date
from aiframe.brain.agent.numbers import (
    TEENS,
    TENS,
    UNITS,
    Token,
    spoken_amount,
    spoken_digits,
    tokenize,
)
from aiframe.brain.state import SlotValue

__all__ = ["SLOT_KINDS", "Extracted", "SlotKind", "SlotOptions", "extract"]

SlotKind = Literal[
    "yes_no", "name", "digits", "code", "email", "postcode", "date", "amount", "choice", "text"
]  # fmt: skip
SLOT_KINDS: tuple[str, ...] = SlotKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Extracted:
    """A slot value and the span of the (lower-cased) text it came from."""

    value: SlotValue
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SlotOptions:
    """What an extractor may need besides the text."""

    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    today: dt.date | None = None


# ---- yes / no ----------------------------------------------------------------------

_YES = (
    "yes", "yeah", "yep", "yup", "ya", "sure", "correct", "right", "ok", "okay", "please",
    "go ahead", "do it", "absolutely", "definitely", "affirmative", "of course", "i do",
    "that's it", "uh huh", "certainly", "please do", "sounds good",
)  # fmt: skip
_NO = (
    "no", "nope", "nah", "not", "don't", "do not", "negative", "cancel", "never mind",
    "wrong", "incorrect", "no thanks", "no thank you", "isn't", "wasn't", "doesn't",
)  # fmt: skip


def _phrase_rx(phrases: Sequence[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(p.lower()) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alts) + r")(?![\w'])")


_YES_RX = _phrase_rx(_YES)
_NO_RX = _phrase_rx(_NO)


def _clean(text: str) -> str:
    """Lower-cased, with typographic apostrophes folded and spaces collapsed."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", t)


def _yes_no(text: str, opts: SlotOptions) -> Extracted | None:
    t = _clean(text)
    y = _YES_RX.search(t)
    n = _NO_RX.search(t)
    # Whichever comes first decides: "no, that's right" is a no, "yes, no problem" a yes.
    if y and (not n or y.start() < n.start()):
        return Extracted(True, y.start(), y.end())
    if n:
        return Extracted(False, n.start(), n.end())
    return None


# ---- names -------------------------------------------------------------------------

_NAME_INTRO = re.compile(
    r"(?:my name is|my name's|name is|this is|i am|i'm|it's|it is|call me|speaking is)\s+"
    r"([a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3})"
)
_NOT_NAME = frozenset(
    {
        "and", "my", "the", "calling", "here", "from", "about", "please", "i", "with", "a",
        "an", "um", "uh", "er", "well", "yes", "yeah", "no", "hi", "hello", "hey", "so",
        "is", "it", "speaking", "thanks", "thank", "you", "for", "order", "sure",
        "okay", "ok", "just", "that", "this", "me", "name", "mister", "miss", "missus",
    }
) | frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS)  # fmt: skip


def _name(text: str, opts: SlotOptions) -> Extracted | None:
    t = _clean(text)
    m = _NAME_INTRO.search(t)
    if m:
        words, start = m.group(1).split(), m.start(1)
    else:
        plain = re.sub(r"[^a-z' -]", " ", t)
        words, start = plain.split(), 0
        if not 1 <= len(words) <= 3:
            return None
    kept: list[str] = []
    for w in words:
        if w in _NOT_NAME:
            if kept:
                break
            continue
        kept.append(w)
    if not kept or len(kept) > 3:
        return None
    name = " ".join(w[:1].upper() + w[1:] for w in kept)
    return Extracted(name, start, start + len(" ".join(words)))


# ---- digit strings and codes ---------------------------------------------------------

_NATO = {
    "alpha": "a", "alfa": "a", "bravo": "b", "charlie": "c", "delta": "d", "echo": "e",
    "foxtrot": "f", "golf": "g", "hotel": "h", "india": "i", "juliet": "j", "juliett": "j",
    "kilo": "k", "lima": "l", "mike": "m", "november": "n", "oscar": "o", "papa": "p",
    "quebec": "q", "romeo": "r", "sierra": "s", "tango": "t", "uniform": "u", "victor": "v",
    "whiskey": "w", "whisky": "w", "xray": "x", "yankee": "y", "zulu": "z",
}  # fmt: skip


def _length_ok(s: str, opts: SlotOptions) -> bool:
    if opts.min_length is not None and len(s) < opts.min_length:
        return False
    return opts.max_length is None or len(s) <= opts.max_length


def _pattern_ok(s: str, opts: SlotOptions) -> bool:
    return opts.pattern is None or re.fullmatch(opts.pattern, s) is not None


def _digits(text: str, opts: SlotOptions) -> Extracted | None:
    toks = tokenize(_clean(text))
    best: tuple[str, int, int] | None = None
    i = 0
    while i < len(toks):
        run = spoken_digits(toks, i)
        if run is None:
            i += 1
            continue
        digits, used = run
        ok = _length_ok(digits, opts) and _pattern_ok(digits, opts)
        if ok and (best is None or len(digits) > len(best[0])):
            best = (digits, toks[i].start, toks[i + used - 1].end)
        i += used
    return Extracted(best[0], best[1], best[2]) if best else None


# Short words a recogniser writes in lower case that are not letters of a code.
_COMMON_SHORT = frozenset(
    {
        "a", "i", "is", "it", "to", "in", "on", "my", "me", "an", "at", "of", "or", "so", "no",
        "oh", "ok", "we", "us", "he", "be", "do", "go", "hi", "up", "by", "as", "if", "am", "the",
        "and", "for", "are", "yes", "you", "its", "it's", "was", "has", "had", "her", "his", "our",
        "one", "two", "six", "ten", "not", "can", "get", "got", "but", "off", "out", "now", "how",
        "who", "why", "say", "see", "let", "him", "any", "all", "new", "old", "own", "way", "yep",
        "yup", "sir", "hey", "bye", "uh", "um", "er", "hmm",
    }
)  # fmt: skip


def _code_pieces(toks: list[Token], i: int) -> tuple[str, int] | None:
    """One piece of a spelled code at ``toks[i]``: a letter, a NATO word, a digit
    group, a short letter group ("AB") or a token already mixing letters and digits."""
    w = toks[i].text
    if len(w) == 1 and w.isalpha():
        return w, 1
    if len(w) <= 3 and w.isalpha() and w not in _COMMON_SHORT:
        return w, 1
    if w in _NATO:
        return _NATO[w], 1
    run = spoken_digits(toks, i)
    if run is not None:
        return run
    if re.fullmatch(r"[a-z0-9]+", w) and any(c.isdigit() for c in w):
        return w, 1
    return None


def _code_runs(text: str) -> list[tuple[str, int, int, list[tuple[str, int, int]]]]:
    """Maximal runs of code pieces: (joined, start, end, pieces with their spans)."""
    toks = tokenize(_clean(text))
    runs: list[tuple[str, int, int, list[tuple[str, int, int]]]] = []
    pieces: list[tuple[str, int, int]] = []
    i = 0
    while i <= len(toks):
        p = _code_pieces(toks, i) if i < len(toks) else None
        if p is None:
            if pieces:
                runs.append(("".join(x[0] for x in pieces), pieces[0][1], pieces[-1][2], pieces))
                pieces = []
            i += 1
            continue
        piece, used = p
        pieces.append((piece, toks[i].start, toks[i + used - 1].end))
        i += used
    return runs


def _best_subrun(text: str, accept: Callable[[str], str | None]) -> tuple[str, int, int] | None:
    """The longest contiguous pieces of a code run that ``accept`` turns into a value."""
    best: tuple[str, int, int] | None = None
    for _, _, _, pieces in _code_runs(text):
        for a in range(len(pieces)):
            for b in range(len(pieces), a, -1):
                cand = "".join(x[0] for x in pieces[a:b])
                value = accept(cand)
                if value is not None:
                    if best is None or len(cand) > len(best[0].replace(" ", "")):
                        best = (value, pieces[a][1], pieces[b - 1][2])
                    break
    return best


# Characters a recogniser confuses in spelled codes: "eight" heard as "A", "oh" as "O".
_CODE_SOUNDALIKES: Mapping[str, str] = {"A": "8", "8": "A", "O": "0", "0": "O", "I": "1", "1": "I"}
_MAX_SOUNDALIKES = 6  # 2**6 spellings at most per candidate


def _soundalike_spellings(code: str) -> list[str]:
    """``code`` with every combination of its confusable characters swapped, the
    fewest swaps first."""
    where = [i for i, c in enumerate(code) if c in _CODE_SOUNDALIKES][:_MAX_SOUNDALIKES]
    spellings: list[tuple[int, str]] = []
    for mask in range(1, 1 << len(where)):
        chars = list(code)
        for bit, i in enumerate(where):
            if mask >> bit & 1:
                chars[i] = _CODE_SOUNDALIKES[chars[i]]
        spellings.append((mask.bit_count(), "".join(chars)))
    return [s for _, s in sorted(spellings, key=lambda x: x[0])]


def _code(text: str, opts: SlotOptions) -> Extracted | None:
    def accept(cand: str) -> str | None:
        up = cand.upper()
        if not _length_ok(up, opts):
            return None
        if _pattern_ok(up, opts):
            return up if any(c.isdigit() for c in up) else None
        # The pattern knows which places are letters and which digits: a spelling that
        # only fits with a soundalike swapped is what the caller said.
        for spelled in _soundalike_spellings(up):
            if _pattern_ok(spelled, opts) and any(c.isdigit() for c in spelled):
                return spelled
        return None

    best = _best_subrun(text, accept)
    return Extracted(best[0], best[1], best[2]) if best else None


_UK_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_US_ZIP = re.compile(r"[0-9]{5}(?:[0-9]{4})?")


def _postcode(text: str, opts: SlotOptions) -> Extracted | None:
    def accept(cand: str) -> str | None:
        up = cand.upper()
        m = _UK_POSTCODE.fullmatch(up)
        if m:
            return f"{m.group(1)} {m.group(2)}"
        if _US_ZIP.fullmatch(up):
            return up if len(up) == 5 else f"{up[:5]}-{up[5:]}"
        return None

    best = _best_subrun(text, accept)
    return Extracted(best[0], best[1], best[2]) if best else None


# ---- email ---------------------------------------------------------------------------

_WRITTEN_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_EMAIL_WORDS = {
    "dot": ".", "period": ".", "point": ".", "underscore": "_", "dash": "-", "hyphen": "-",
    "minus": "-", "plus": "+",
}  # fmt: skip
_EMAIL_STOP = frozenset(
    {"is", "it's", "its", "email", "address", "my", "the", "sure", "yes", "yeah", "it",
     "um", "uh", "so", "and", "mail", "that's", "oh", "okay", "ok", "er"}
)  # fmt: skip
_VALID_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")


def _email_piece(w: str) -> str | None:
    if w in _EMAIL_WORDS:
        return _EMAIL_WORDS[w]
    if w in UNITS and w not in ("o", "oh"):
        return str(UNITS[w])
    if re.fullmatch(r"[a-z0-9]+", w):
        return w
    return None


def _email(text: str, opts: SlotOptions) -> Extracted | None:
    t = _clean(text)
    m = _WRITTEN_EMAIL.search(t)
    if m and _VALID_EMAIL.fullmatch(m.group(0).strip(".")):
        return Extracted(m.group(0).strip("."), m.start(), m.end())
    toks = tokenize(t.replace(".", " dot ").replace("@", " at "))
    for k, tok in enumerate(toks):
        if tok.text != "at" or k == 0:
            continue
        local: list[str] = []
        i = k - 1
        while i >= 0 and toks[i].text not in _EMAIL_STOP:
            piece = _email_piece(toks[i].text)
            if piece is None:
                break
            local.insert(0, piece)
            i -= 1
        domain: list[tuple[str, int]] = []  # piece, end offset
        j = k + 1
        while j < len(toks):
            piece = _email_piece(toks[j].text)
            if piece is None:
                break
            domain.append((piece, toks[j].end))
            j += 1
        # Keep the domain up to its last "dot word" (drop "please", "thanks" after it).
        while domain and (len(domain) < 2 or domain[-2][0] != "."):
            domain.pop()
        addr = "".join(local).strip(".") + "@" + "".join(p for p, _ in domain)
        if local and domain and _VALID_EMAIL.fullmatch(addr):
            return Extracted(addr, toks[i + 1].start, domain[-1][1])
    return None


# ---- dates ---------------------------------------------------------------------------


def _date(text: str, opts: SlotOptions) -> Extracted | None:
    found = spoken_date(_clean(text), opts.today or dt.date.today())
    return Extracted(*found) if found is not None else None


# ---- amounts, choices, free text -------------------------------------------------------

_ALL_OF_IT = re.compile(
    r"\b(?:the )?(?:full|whole|entire|total) (?:amount|refund|thing|price|order|total)\b|"
    r"\ball of it\b|\beverything\b|\bthe lot\b|\bthe total\b"
)


def _amount(text: str, opts: SlotOptions) -> Extracted | None:
    t = _clean(text)
    m = _ALL_OF_IT.search(t)
    if m:
        return Extracted("full", m.start(), m.end())
    toks = tokenize(t)
    found = spoken_amount(toks)
    if found is None:
        return None
    value, a, b = found
    return Extracted(round(value, 2), toks[a].start, toks[b - 1].end)


def _choice(text: str, opts: SlotOptions) -> Extracted | None:
    t = " " + re.sub(r"[^a-z0-9' ]", " ", _clean(text)) + " "
    best: tuple[int, int, str, int] | None = None  # (-length, start, value, end)
    for value, synonyms in opts.choices.items():
        for phrase in (value.replace("_", " "), *synonyms):
            p = " ".join(phrase.lower().split())
            for m in re.finditer(r"(?<![\w'])" + re.escape(p) + r"(?![\w'])", t):
                cand = (-len(p), m.start() - 1, value, m.end() - 1)
                if best is None or cand[:2] < best[:2]:
                    best = cand
    return Extracted(best[2], best[1], best[3]) if best else None


_FILLER = re.compile(
    r"^(?:(?:um+|uh+|er+|erm|hmm+|well|so|yeah|yes|ok(?:ay)?|right|basically|because|"
    r"it's because|the reason is|it was|it's that)(?:[\s,.]+|$))+"
)


def _text(text: str, opts: SlotOptions) -> Extracted | None:
    raw = " ".join(text.split())
    t = _FILLER.sub("", raw.lower())
    start = len(raw) - len(t)
    body = raw[start:].strip(" ,.")
    if len(body) < (opts.min_length or 2):
        return None
    body = body[: opts.max_length or 200]
    return Extracted(body, start, start + len(body))


_EXTRACTORS: dict[str, Callable[[str, SlotOptions], Extracted | None]] = {
    "yes_no": _yes_no,
    "name": _name,
    "digits": _digits,
    "code": _code,
    "email": _email,
    "postcode": _postcode,
    "date": _date,
    "amount": _amount,
    "choice": _choice,
    "text": _text,
}


def extract(kind: str, text: str, opts: SlotOptions | None = None) -> Extracted | None:
    """The value of a ``kind`` slot in ``text``, or None when it is not there."""
    try:
        fn = _EXTRACTORS[kind]
    except KeyError:
        raise ValueError(f"no slot kind {kind!r} (known: {', '.join(SLOT_KINDS)})") from None
    return fn(text, opts or SlotOptions())
