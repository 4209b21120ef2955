# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Where and why YAML text could not be read, for the loaders' one-line errors."""

from __future__ import annotations

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

__all__ = ["YAMLError", "describe"]


def describe(e: YAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, what) of a YAML error; 0, 0 when it has no position.

    A syntax error carries a mark; a character YAML refuses (control characters, a
    stray byte order mark) carries an offset into the text instead."""
    if isinstance(e, MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return line, col, " ".join(str(x) for x in (e.context, e.problem) if x) or str(e)
    if isinstance(e, ReaderError):
        before = text[: max(0, e.position)]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        code = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or " ")
        return line, col, f"character #x{code:04x} is not allowed ({e.reason})"
    first = str(e).strip().splitlines()
    return 0, 0, first[0] if first else type(e).__name__
