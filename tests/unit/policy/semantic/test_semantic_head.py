# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The classifier head: deterministic, balanced, and silent about labels it never saw."""

from __future__ import annotations

import numpy as np

from aiframe.policy.semantic.head import SparseRows, train_head

LABELS = ("benign", "a", "b", "c")


def _no_grams(n: int) -> SparseRows:
    return SparseRows.of([np.zeros(0, np.int64) for _ in range(n)], 16)


def _data() -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(0)
    centres = {"benign": [1, 0, 0], "a": [0, 1, 0], "b": [0, 0, 1]}
    x, y = [], []
    for lab, c in centres.items():
        n = 60 if lab == "benign" else 8  # benign outnumbers the others, as in real speech
        for _ in range(n):
            v = np.array(c, dtype=float) + rng.normal(0, 0.15, 3)
            x.append(v / np.linalg.norm(v))
            y.append(lab)
    return np.array(x, dtype=np.float32), y


def test_training_twice_gives_the_same_weights() -> None:
    x, y = _data()
    g = _no_grams(len(y))
    a = train_head(x, g, y, LABELS, anchor="benign")
    b = train_head(x, g, y, LABELS, anchor="benign")
    assert np.array_equal(a.w, b.w) and np.array_equal(a.b, b.b)


def test_each_cluster_gets_its_label_and_small_classes_are_not_outvoted() -> None:
    x, y = _data()
    head = train_head(x, _no_grams(len(y)), y, LABELS, anchor="benign")
    none = np.zeros(0, np.int64)
    for centre, want in (([1, 0, 0], "benign"), ([0, 1, 0], "a"), ([0, 0, 1], "b")):
        p = head.probabilities(np.array(centre, dtype=np.float32), none)
        assert LABELS[int(np.argmax(p))] == want
        assert p.max() > 0.8


def test_a_label_without_examples_gets_no_probability() -> None:
    x, y = _data()
    head = train_head(x, _no_grams(len(y)), y, LABELS, anchor="benign")
    p = np.stack([head.probabilities(row, np.zeros(0, np.int64)) for row in x])
    assert p[:, LABELS.index("c")].max() < 1e-6
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)


def test_an_ngram_alone_can_carry_a_label() -> None:
    # Same dense features for everyone: only bucket 3 tells "a" from benign.
    n = 40
    dense = np.tile(np.array([[1.0, 0.0, 0.0]], dtype=np.float32), (n, 1))
    rows = [np.array([3, 7]) if i % 4 == 0 else np.array([7]) for i in range(n)]
    y = ["a" if i % 4 == 0 else "benign" for i in range(n)]
    head = train_head(dense, SparseRows.of(rows, 16), y, LABELS, anchor="benign")
    with_gram = head.probabilities(dense[0], np.array([3, 7]))
    without = head.probabilities(dense[0], np.array([7]))
    assert LABELS[int(np.argmax(with_gram))] == "a"
    assert LABELS[int(np.argmax(without))] == "benign"
