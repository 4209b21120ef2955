# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Labelled example sentences: what the semantic layer learns from and cites.

One JSON object per line, ``{"text": ..., "label": ...}`` (other keys are kept out of
the way). The built-in set ships with the package (``examples.jsonl``, made from the
tuning parts of the policy corpus, never from its held-out parts); a pack adds its own
files under ``semantic.examples``. A bad line is an error naming the file and line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from aiframe.policy.errors import PolicyError
from aiframe.policy.semantic.labels import LABELS

__all__ = [
    "ExamplesError",
    "LabelledExample",
    "builtin_examples",
    "examples_digest",
    "load_examples",
    "parse_examples",
]


class ExamplesError(PolicyError):
    """A labelled-examples file that cannot be read or has a bad line."""


@dataclass(frozen=True, slots=True)
class LabelledExample:
    text: str
    label: str


def parse_examples(text: str, origin: str) -> tuple[LabelledExample, ...]:
    """Examples from JSON-lines text; blank lines and ``#`` comments are skipped."""
    out: list[LabelledExample] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise ExamplesError(f"{origin}:{n}: not JSON: {e}") from None
        if not isinstance(obj, dict):
            raise ExamplesError(f"{origin}:{n}: expected an object with text and label")
        sentence, label = obj.get("text"), obj.get("label")
        if not isinstance(sentence, str) or not sentence.strip():
            raise ExamplesError(f"{origin}:{n}: text must be a non-empty string")
        if label not in LABELS:
            raise ExamplesError(f"{origin}:{n}: label {label!r} is not one of: {', '.join(LABELS)}")
        out.append(LabelledExample(sentence.strip(), label))
    return tuple(out)


def load_examples(path: Path) -> tuple[LabelledExample, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ExamplesError(f"labelled examples {path}: cannot read: {e.strerror}") from None
    return parse_examples(text, str(path))


def builtin_examples() -> tuple[LabelledExample, ...]:
    res = resources.files("aiframe.policy.semantic").joinpath("examples.jsonl")
    return parse_examples(res.read_text(encoding="utf-8"), "aiframe/policy/semantic/examples.jsonl")


def examples_digest(examples: tuple[LabelledExample, ...]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(e.label.encode())
        h.update(b"\x1f")
        h.update(e.text.encode())
        h.update(b"\x1e")
    return h.hexdigest()
