# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The classifier head: deterministic, balanced, and silent about labels it never saw."""

from __future__ import annotations

import numpy as np

from aiframe.policy.semantic.head import train_head

LABELS = ("benign", "a", "b", "c")


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
    a, b = train_head(x, y, LABELS, anchor="benign"), train_head(x, y, LABELS, anchor="benign")
    assert np.array_equal(a.w, b.w) and np.array_equal(a.b, b.b)


def test_each_cluster_gets_its_label_and_small_classes_are_not_outvoted() -> None:
    x, y = _data()
    head = train_head(x, y, LABELS, anchor="benign")
    for centre, want in (([1, 0, 0], "benign"), ([0, 1, 0], "a"), ([0, 0, 1], "b")):
        p = head.probabilities(np.array(centre, dtype=np.float32))
        assert LABELS[int(np.argmax(p))] == want
        assert p.max() > 0.8


def test_a_label_without_examples_gets_no_probability() -> None:
    x, y = _data()
    head = train_head(x, y, LABELS, anchor="benign")
    p = head.probabilities(x)
    assert p[:, LABELS.index("c")].max() < 1e-6
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
