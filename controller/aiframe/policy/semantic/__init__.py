# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The policy gate's semantic layer: a local sentence encoder and a classifier head
that catch forbidden sentences the rules' patterns do not know the phrasing of."""

from __future__ import annotations

from aiframe.policy.semantic.encoder import EncoderError, SentenceEncoder, load_encoder
from aiframe.policy.semantic.examples import (
    ExamplesError,
    LabelledExample,
    builtin_examples,
    load_examples,
    parse_examples,
)
from aiframe.policy.semantic.labels import BENIGN, LABELS, labels_for
from aiframe.policy.semantic.layer import SemanticLayer, Verdict, semantic_layer

__all__ = [
    "BENIGN",
    "LABELS",
    "EncoderError",
    "ExamplesError",
    "LabelledExample",
    "SemanticLayer",
    "SentenceEncoder",
    "Verdict",
    "builtin_examples",
    "labels_for",
    "load_encoder",
    "load_examples",
    "parse_examples",
    "semantic_layer",
]
