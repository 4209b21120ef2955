# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Which writing systems a language uses, for the language limit.

The limit is script-based: a sentence for an English-only pack may not contain
Cyrillic, Han or Arabic letters (which a TTS voice would mangle or a caller could not
follow). Telling English from Spanish, both Latin, is not attempted here.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["LANGUAGE_SCRIPTS", "foreign_letters"]

_LATIN = frozenset({"LATIN"})
LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    **{
        code: _LATIN
        for code in (
            "en", "es", "fr", "de", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs",
            "sk", "ro", "hu", "tr", "id", "ms", "vi", "tl", "ca", "hr", "sl", "et", "lv", "lt",
        )
    },
    "ru": frozenset({"CYRILLIC"}),
    "uk": frozenset({"CYRILLIC"}),
    "bg": frozenset({"CYRILLIC"}),
    "sr": frozenset({"CYRILLIC", "LATIN"}),
    "el": frozenset({"GREEK"}),
    "ar": frozenset({"ARABIC"}),
    "fa": frozenset({"ARABIC"}),
    "he": frozenset({"HEBREW"}),
    "hi": frozenset({"DEVANAGARI"}),
    "th": frozenset({"THAI"}),
    "zh": frozenset({"CJK"}),
    "ja": frozenset({"CJK", "HIRAGANA", "KATAKANA"}),
    "ko": frozenset({"HANGUL", "CJK"}),
}  # fmt: skip


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    if not unicodedata.category(ch).startswith("L"):
        return ""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def foreign_letters(text: str, scripts: frozenset[str]) -> list[int]:
    """Indexes of letters in ``text`` whose script is not in ``scripts``."""
    if text.isascii() and "LATIN" in scripts:
        return []
    out = []
    for i, ch in enumerate(text):
        if ch.isascii() and "LATIN" in scripts:
            continue
        s = _script(ch)
        if s and s not in scripts:
            out.append(i)
    return out
