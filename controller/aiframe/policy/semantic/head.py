# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The classifier head: multinomial logistic regression over a sentence's features.

A sentence's features are a dense part (the encoder's vector, a few digit flags) and a
sparse part (the hashed n-grams it contains, each worth ``1/sqrt(count)`` so the part
has unit length). The sparse part is kept as bucket indices, never as a row of
thousands of zeros: a gradient step over every example costs a dense matrix product
plus one scatter-add, which is what makes training on thousands of examples take
seconds when a pack is compiled.

Trained by a fixed number of full-batch gradient steps with momentum from zero
weights: no randomness, so the same examples and encoder give the same weights and
every sentence the same score. Each label's examples weigh the same in total; with an
``anchor`` label (benign) that label weighs ``anchor_share`` of the whole and the
others share the rest, so ten forbidden labels do not outvote the one benign label on
a sentence unlike any example. One softmax over the labels lets a sentence that is
clearly a refund promise take probability from benign, not only from its neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Head", "SparseRows", "train_head"]


@dataclass(frozen=True, slots=True)
class SparseRows:
    """Rows of a sparse binary matrix: row ``r`` holds ``index[start[r]:start[r+1]]``."""

    index: np.ndarray  # int64 bucket numbers, row after row
    start: np.ndarray  # int64, len(rows) + 1
    buckets: int

    @classmethod
    def of(cls, rows: list[np.ndarray], buckets: int) -> SparseRows:
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        start = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        index = np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, np.int64)
        return cls(index, start, buckets)

    def __len__(self) -> int:
        return len(self.start) - 1

    def take(self, rows: list[int]) -> SparseRows:
        return SparseRows.of([self.row(r) for r in rows], self.buckets)

    def row(self, r: int) -> np.ndarray:
        return self.index[self.start[r] : self.start[r + 1]]

    def weights(self) -> np.ndarray:
        """Each entry's value: ``1/sqrt(entries in its row)``."""
        n = np.diff(self.start)
        return np.repeat(1.0 / np.sqrt(np.maximum(n, 1)), n)


@dataclass(frozen=True, slots=True)
class Head:
    """Dense weights ``w``, n-gram weights ``wn`` (buckets x labels) and bias ``b``."""

    labels: tuple[str, ...]
    w: np.ndarray
    wn: np.ndarray
    b: np.ndarray
    scale: float
    gram_weight: float

    def probabilities(self, dense: np.ndarray, grams: np.ndarray) -> np.ndarray:
        """Per-label probabilities of one sentence: its dense features and the bucket
        indices of its n-grams."""
        z = dense @ self.w
        if len(grams):
            z = z + self.wn[grams].sum(axis=0) * (self.gram_weight / np.sqrt(len(grams)))
        z = z * self.scale + self.b
        e = np.exp(z - z.max())
        out: np.ndarray = e / e.sum()
        return out


def train_head(
    dense: np.ndarray,
    grams: SparseRows,
    y: list[str],
    labels: tuple[str, ...],
    *,
    anchor: str | None = None,
    anchor_share: float = 0.5,
    steps: int = 500,
    rate: float = 0.5,
    l2: float = 1e-4,
    scale: float = 8.0,
    gram_weight: float = 1.0,
) -> Head:
    """Fit the head to the rows (``dense`` and ``grams`` row for row) labelled ``y``;
    labels without examples get no probability (their bias stays very low)."""
    idx = {lab: i for i, lab in enumerate(labels)}
    n, k = len(y), len(labels)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), [idx[v] for v in y]] = 1.0
    counts = onehot.sum(axis=0)
    present = counts > 0
    share = np.where(present, 1.0 / max(int(present.sum()), 1), 0.0)
    if anchor is not None and present[idx[anchor]] and present.sum() > 1:
        others = present.sum() - 1
        share = np.where(present, (1.0 - anchor_share) / others, 0.0)
        share[idx[anchor]] = anchor_share
    sample_w = (onehot * np.where(present, share / np.maximum(counts, 1), 0.0)).sum(axis=1)
    sample_w /= sample_w.sum()
    xd = dense.astype(np.float64) * scale
    entry_w = (grams.weights() * (scale * gram_weight))[:, None]
    starts = grams.start[:-1]
    nonempty = np.diff(grams.start) > 0
    w = np.zeros((dense.shape[1], k))
    wn = np.zeros((grams.buckets, k))
    b = np.where(present, 0.0, -30.0)
    vw, vn, vb = np.zeros_like(w), np.zeros_like(wn), np.zeros_like(b)
    for _ in range(steps):
        z = xd @ w + b
        if len(grams.index):
            z[nonempty] += np.add.reduceat(wn[grams.index] * entry_w, starts[nonempty], axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample_w[:, None]
        gw = xd.T @ g + l2 * w
        per_entry = np.repeat(g, np.diff(grams.start), axis=0) * entry_w
        gn = np.stack(
            [np.bincount(grams.index, per_entry[:, c], grams.buckets) for c in range(k)], axis=1
        ).astype(np.float64)
        gn += l2 * wn
        gb = np.where(present, g.sum(axis=0), 0.0)
        vw = 0.9 * vw - rate * gw
        vn = 0.9 * vn - rate * gn
        vb = 0.9 * vb - rate * gb
        w += vw
        wn += vn
        b += vb
    return Head(
        labels,
        w.astype(np.float32),
        wn.astype(np.float32),
        b.astype(np.float32),
        scale,
        gram_weight,
    )
