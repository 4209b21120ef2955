# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The sentences an agent says word for word.

Most of what a flow agent says is fixed ("And the email address on the order?", the
disclosure, the policy's refusals): an IVR would have them recorded. The service has
them synthesized once when it starts (``SpeechPort.warm``) and they play from memory;
sentences with call data in them ("Thanks, Maria, ...") are synthesized live. The list
holds each sentence as the chunker cuts it, and the first-clause pieces a turn's first
sentence is spoken in, since those are the texts the loop hands TTS.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from aiframe.brain.agent.loader import Agent
from aiframe.brain.sentences import SentenceSplitter

__all__ = ["first_clause", "fixed_sentences"]

_TEXT_FIELDS = frozenset({"say", "prompt", "reprompt", "text", "not_understood"})
_MAX_CHARS = 240


def first_clause(text: str) -> list[str]:
    """A turn's first sentence cut after its first clause: the few words before the
    comma synthesize in a fraction of the time and play while the rest is made."""
    head, sep, tail = text.partition(", ")
    if not sep or not tail.strip() or len(head.split()) > 6:
        return [text]
    return [head + ",", tail]


def _strings(node: Any, key: str = "") -> Iterator[str]:
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _strings(getattr(node, name), name)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, key if isinstance(k, str) and k not in _TEXT_FIELDS else k)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str) and key in _TEXT_FIELDS:
        yield node


def fixed_sentences(agent: Agent, extra: Iterable[str] = ()) -> list[str]:
    """Every sentence of the agent's flow and its policy pack with no placeholder in it,
    as the loop would hand them to TTS (and their first-clause pieces)."""
    out: dict[str, None] = {}
    sources = [*_strings(agent.spec.flow), *_strings(agent.policy.pack), *extra]
    for text in sources:
        if "{" in text:
            continue
        splitter = SentenceSplitter()
        for sentence in [*splitter.push(" ".join(text.split()) + " "), *splitter.flush()]:
            if len(sentence) <= _MAX_CHARS:
                out[sentence] = None
                for piece in first_clause(sentence):
                    out[piece] = None
    return list(out)
