# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The semantic layer: a sentence's label probabilities and its nearest labelled example.

Two heads read the same features (:mod:`aiframe.policy.semantic.features`): one tells
commitments by category from benign speech, one tells disclosures by kind from benign
sentences that carry as many digits. A sentence with fewer than
:data:`DISCLOSURE_MIN_DIGITS` digits discloses nothing, whatever it sounds like, so the
disclosure head is not asked. Built once per (encoder, examples) and shared by every
pack and call that uses them; the examples' vectors are cached on disk beside the
models, keyed by the encoder's hash and the examples' digest. Judging a sentence is a
pure function of the sentence: one encoder run and three small matrix products.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aiframe.policy.semantic.encoder import SentenceEncoder, load_encoder
from aiframe.policy.semantic.examples import LabelledExample, examples_digest
from aiframe.policy.semantic.features import (
    NGRAM_BUCKETS,
    digit_count,
    masked,
    masked_and_digits,
    ngram_buckets,
)
from aiframe.policy.semantic.head import Head, SparseRows, train_head
from aiframe.policy.semantic.labels import BENIGN, LABELS
from aiframe.speech.settings import process_cache_dir

__all__ = ["DISCLOSURE_MIN_DIGITS", "HEADS_VERSION", "SemanticLayer", "Verdict", "semantic_layer"]

HEADS_VERSION = "v1"  # bump when the features or the training change
DISCLOSURE_MIN_DIGITS = 5  # an SSN's first five; a card's last four alone is allowed
_COMMITMENT = tuple(lab for lab in LABELS if lab == BENIGN or lab.startswith("commitment."))
_DISCLOSURE = tuple(lab for lab in LABELS if lab == BENIGN or lab.startswith("disclose."))
_DIGIT_STEPS = (5, 8, 9, 12, 15)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the layer made of one sentence."""

    label: str  # the most probable label
    probabilities: Mapping[str, float]
    vector: np.ndarray = field(repr=False, compare=False)
    layer: SemanticLayer = field(repr=False, compare=False)

    def score(self, labels: Sequence[str]) -> float:
        """The probability that the sentence is any of ``labels``."""
        return float(sum(self.probabilities.get(lab, 0.0) for lab in labels))

    def nearest_of(self, label: str) -> tuple[str, float]:
        """The example of ``label`` closest to the sentence (cosine), and how close;
        worked out when asked, from the sentence's vector, one label at a time."""
        return self.layer.nearest(self.vector, label)

    @property
    def cited_label(self) -> str:
        """The label whose nearest example the record cites: the verdict's own, or the
        likeliest forbidden label when the verdict is benign."""
        if self.label != BENIGN:
            return self.label
        return max((lab for lab in LABELS if lab != BENIGN), key=lambda k: self.probabilities[k])

    def to_json(self) -> dict[str, object]:
        top = sorted(self.probabilities.items(), key=lambda kv: -kv[1])[:3]
        cited = self.cited_label
        text, similarity = self.nearest_of(cited)
        return {
            "label": self.label,
            "top": {k: round(v, 4) for k, v in top},
            "nearest": {"text": text, "label": cited, "similarity": round(similarity, 4)},
        }


def _digits(n: int) -> np.ndarray:
    return np.array([0.5 * (n >= s) for s in _DIGIT_STEPS], dtype=np.float32)


_HALF = float(1.0 / np.sqrt(2.0))  # the encoder's part and the n-grams' part weigh alike


def _dense(vectors: np.ndarray, digits: np.ndarray) -> np.ndarray:
    return np.concatenate([vectors, digits], axis=-1) * np.float32(_HALF)


class SemanticLayer:
    """An encoder, the two heads trained on the examples, and the examples to cite."""

    def __init__(
        self,
        encoder: SentenceEncoder,
        examples: tuple[LabelledExample, ...],
        vectors: np.ndarray,
        heads: tuple[Head, Head] | None = None,
    ) -> None:
        self.encoder = encoder
        self.examples = examples
        self.digest = examples_digest(examples)
        self._vectors = vectors
        self.counts = {lab: sum(1 for e in examples if e.label == lab) for lab in LABELS}
        # The examples grouped by label, each group one contiguous slice, so finding the
        # nearest example of every label is one product and one argmax per slice.
        order = sorted(range(len(examples)), key=lambda i: LABELS.index(examples[i].label))
        self._by_label = np.ascontiguousarray(vectors[order]) if order else vectors
        self._texts = [examples[i].text for i in order]
        self._slices: dict[str, tuple[int, int]] = {}
        at = 0
        for lab in LABELS:
            n = self.counts[lab]
            if n:
                self._slices[lab] = (at, at + n)
            at += n
        self.commitment_head, self.disclosure_head = heads or self._train()

    def _train(self) -> tuple[Head, Head]:
        examples, vectors = self.examples, self._vectors
        grams = SparseRows.of([ngram_buckets(masked(e.text)) for e in examples], NGRAM_BUCKETS)
        ndig = np.array([digit_count(e.text) for e in examples])
        x = _dense(vectors, np.stack([_digits(int(n)) for n in ndig]))
        labels = [e.label for e in examples]
        c_rows = [i for i, lab in enumerate(labels) if lab in _COMMITMENT]
        d_rows = [
            i
            for i, lab in enumerate(labels)
            if lab.startswith("disclose.") or (lab == BENIGN and ndig[i] >= DISCLOSURE_MIN_DIGITS)
        ]
        commitment, disclosure = (
            train_head(
                x[rows],
                grams.take(rows),
                [labels[i] for i in rows],
                head_labels,
                anchor=BENIGN,
                gram_weight=_HALF,
            )
            for rows, head_labels in ((c_rows, _COMMITMENT), (d_rows, _DISCLOSURE))
        )
        return commitment, disclosure

    def judge(self, text: str) -> Verdict:
        m, n = masked_and_digits(text)
        return self._verdict(self.encoder.encode(m), ngram_buckets(m), n)

    def judge_many(self, texts: list[str]) -> list[Verdict]:
        mn = [masked_and_digits(t) for t in texts]
        vs = self.encoder.encode_many([m for m, _ in mn])
        return [self._verdict(v, ngram_buckets(m), n) for v, (m, n) in zip(vs, mn, strict=True)]

    def _verdict(self, v: np.ndarray, grams: np.ndarray, n: int) -> Verdict:
        x = _dense(v, _digits(n))
        probs = dict.fromkeys(LABELS, 0.0)
        pc = self.commitment_head.probabilities(x, grams)
        for i, lab in enumerate(_COMMITMENT):
            probs[lab] = float(pc[i])
        if n >= DISCLOSURE_MIN_DIGITS:
            pd = self.disclosure_head.probabilities(x, grams)
            # A sentence is benign only if both heads say so; each forbidden label keeps
            # the probability its own head gave it.
            for i, lab in enumerate(_DISCLOSURE):
                if lab != BENIGN:
                    probs[lab] = float(pd[i])
            probs[BENIGN] = float(min(pc[0], pd[0]))
        best = max(LABELS, key=lambda lab: (probs[lab], lab == BENIGN))
        return Verdict(best, probs, v, self)

    def nearest(self, v: np.ndarray, label: str) -> tuple[str, float]:
        """The example of ``label`` closest to the vector ``v``, and its cosine."""
        where = self._slices.get(label)
        if where is None:
            return "", 0.0
        start, end = where
        sims = self._by_label[start:end] @ v
        i = int(np.argmax(sims))
        return self._texts[start + i], float(sims[i])


_lock = threading.Lock()
_layers: dict[tuple[str, str], SemanticLayer] = {}


def semantic_layer(examples: tuple[LabelledExample, ...]) -> SemanticLayer:
    """The shared layer for these examples (built on first use)."""
    root = process_cache_dir()
    encoder = load_encoder(root)
    key = (encoder.ident.key, examples_digest(examples))
    with _lock:
        layer = _layers.get(key)
        if layer is None:
            folder = root / "derived" / "semantic" / encoder.ident.key
            vectors = _vectors(folder, encoder, examples, key[1])
            heads_file = folder / f"heads-{HEADS_VERSION}-{key[1][:24]}.npz"
            heads = _load_heads(heads_file)
            layer = SemanticLayer(encoder, examples, vectors, heads)
            if heads is None:
                _save_heads(heads_file, (layer.commitment_head, layer.disclosure_head))
            _layers[key] = layer
        return layer


def _save_heads(path: Path, heads: tuple[Head, Head]) -> None:
    arrays: dict[str, np.ndarray] = {}
    for name, h in zip(("c", "d"), heads, strict=True):
        arrays |= {
            f"{name}_w": h.w,
            f"{name}_wn": h.wn,
            f"{name}_b": h.b,
            f"{name}_meta": np.array([h.scale, h.gram_weight], dtype=np.float64),
            f"{name}_labels": np.array(h.labels),
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part.npz")
    np.savez(tmp, **arrays)  # type: ignore[arg-type]
    tmp.replace(path)


def _load_heads(path: Path) -> tuple[Head, Head] | None:
    """Heads trained earlier from the same examples and encoder, or None."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            return tuple(  # type: ignore[return-value]
                Head(
                    tuple(str(x) for x in z[f"{n}_labels"]),
                    z[f"{n}_w"],
                    z[f"{n}_wn"],
                    z[f"{n}_b"],
                    float(z[f"{n}_meta"][0]),
                    float(z[f"{n}_meta"][1]),
                )
                for n in ("c", "d")
            )
    except (OSError, ValueError, KeyError):
        return None


def _vectors(
    folder: Path, encoder: SentenceEncoder, examples: tuple[LabelledExample, ...], digest: str
) -> np.ndarray:
    """The encoder's vectors of the examples' masked texts, cached on disk."""
    path = folder / f"masked-{digest[:24]}.npy"
    if path.exists():
        try:
            cached = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            cached = None
        if cached is not None and cached.shape[0] == len(examples):
            return np.asarray(cached, dtype=np.float32)
    vectors = encoder.encode_many([masked(e.text) for e in examples])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part.npy")
    np.save(tmp, vectors, allow_pickle=False)
    tmp.replace(path)
    return vectors
