# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Cutting streamed text into sentences: the unit the policy gate judges and TTS speaks.

A sentence ends at ``.``, ``!`` or ``?`` (closing quotes and brackets included) followed
by white space, or at a line break. Not after a title ("Dr."), a common abbreviation or
a lone initial ("J. Smith"), and never inside a number ("45.99"): the dot must be
followed by a space. A run with no end longer than ``max_chars`` is cut at its last
comma or space, so a rambling model cannot hold the first audio back.
"""

from __future__ import annotations

import re

__all__ = ["SentenceSplitter"]

_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n+")
_NO_END_BEFORE = re.compile(
    r"(?:\b(?i:mr|mrs|ms|dr|st|jr|sr|vs|etc|e\.g|i\.e|approx|dept|inc|ltd)|(?<![\w.])[A-Z])\.$"
)


class SentenceSplitter:
    """Feed text deltas; get whole sentences back as soon as they end."""

    def __init__(self, max_chars: int = 250) -> None:
        self._buf = ""
        self._max = max_chars

    def push(self, text: str) -> list[str]:
        self._buf += text
        out: list[str] = []
        start = 0
        for m in _END.finditer(self._buf):
            piece = self._buf[start : m.end()]
            if m.group(0)[0] == "." and _NO_END_BEFORE.search(piece.rstrip()):
                continue
            sentence = piece.strip()
            if sentence:
                out.append(sentence)
            start = m.end()
        self._buf = self._buf[start:]
        while len(self._buf) > self._max:
            cut = max(self._buf.rfind(", ", 0, self._max), self._buf.rfind(" ", 0, self._max))
            if cut <= 0:
                cut = self._max
            head, self._buf = self._buf[: cut + 1].strip(), self._buf[cut + 1 :]
            if head:
                out.append(head)
        return out

    def flush(self) -> list[str]:
        """Whatever is left (the stream ended mid-sentence)."""
        rest, self._buf = self._buf.strip(), ""
        return [rest] if rest else []
