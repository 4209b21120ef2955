# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The policy gate's semantic layer: a local sentence encoder and a classifier head
that catch forbidden sentences the rules' patterns do not know the phrasing of.

Names are imported on first use: the encoder's module loads ONNX Runtime and the
tokenizer, which a process that compiles no semantic rule (``aiframe top``, most CLI
commands) should not pay for at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "EncoderError": "encoder",
    "SentenceEncoder": "encoder",
    "load_encoder": "encoder",
    "ExamplesError": "examples",
    "LabelledExample": "examples",
    "builtin_examples": "examples",
    "load_examples": "examples",
    "parse_examples": "examples",
    "BENIGN": "labels",
    "LABELS": "labels",
    "labels_for": "labels",
    "SemanticLayer": "layer",
    "Verdict": "layer",
    "semantic_layer": "layer",
}

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


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"aiframe.policy.semantic.{where}"), name)
