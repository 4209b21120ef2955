# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the classifier heads read of a sentence.

Two views of the normalized sentence (contractions expanded, number words as digits):

* the encoder's vector of the sentence with every number masked to ``#``: whether a
  sentence promises something does not depend on which amount or date it names, and
  an unmasked encoder learns "has digits" as a sign of a disclosure and flags every
  balance and due date;
* hashed word unigrams and bigrams of the same masked text (``?`` kept as a word), as
  bucket indices: the
  encoder averages over the sentence, and a short assurance ("you have my word", "I
  can't promise") can drown in it; the n-grams keep it visible to the head.

Disclosures are about the digits themselves, so :func:`digit_count` gates them.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from functools import lru_cache

import numpy as np

from aiframe.policy.normalize import normalize

__all__ = [
    "NGRAM_BUCKETS",
    "digit_count",
    "masked",
    "masked_and_digits",
    "ngram_buckets",
]

NGRAM_BUCKETS = 8192
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_WORD = re.compile(r"[^\W_]+|\?|#")


def masked(text: str) -> str:
    """The normalized sentence with every number as ``#``."""
    return _NUMBER.sub("#", normalize(text).text)


def masked_and_digits(text: str) -> tuple[str, int]:
    """:func:`masked` and :func:`digit_count` from one normalization."""
    norm = normalize(text).text
    return _NUMBER.sub("#", norm), sum(c.isdigit() for c in norm)


def digit_count(text: str) -> int:
    """Digits in the normalized sentence (spelled digits count)."""
    return sum(c.isdigit() for c in normalize(text).text)


@lru_cache(maxsize=65536)
def _bucket(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest()) % NGRAM_BUCKETS


def ngram_buckets(masked_text: str) -> np.ndarray:
    """The distinct buckets of the sentence's hashed unigrams and bigrams, sorted."""
    words = _WORD.findall(masked_text)
    grams = (*words, *(f"{a} {b}" for a, b in itertools.pairwise(words)))
    return np.array(sorted({_bucket(g) for g in grams}), dtype=np.int64)
