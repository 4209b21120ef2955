# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The errors of the policy gate.

AiframeError
└── PolicyError             anything the policy gate refuses to work with
    ├── PolicyLoadError     a pack file that cannot be loaded (file, line, field, what)
    ├── PolicyCaseError     a malformed evaluation case (file, line, what)
    └── PolicyStateError    a call state that does not fit the pack it is checked against
"""

from __future__ import annotations

from dataclasses import dataclass

from aiframe.errors import AiframeError

__all__ = ["PolicyCaseError", "PolicyError", "PolicyLoadError", "PolicyStateError", "Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a pack file, where it is, and what is wrong."""

    file: str
    line: int  # 1-based; 0 when the file as a whole is wrong
    column: int  # 1-based; 0 when unknown
    field: str  # dotted path, e.g. steps.greeting.next[1].to
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PolicyError(AiframeError):
    """Base of the policy gate's errors."""


class PolicyLoadError(PolicyError):
    """A pack file that cannot be read, parsed or validated."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].file if problems else "policy pack"
        n = len(problems)
        head = f"{first}: {n} problem{'s' if n != 1 else ''}"
        super().__init__(head + "".join(f"\n  {p}" for p in problems))


class PolicyCaseError(PolicyError):
    """An evaluation case that is not valid JSON or not a valid case."""


class PolicyStateError(PolicyError):
    """A call state that names a step the pack lacks, or another pack version."""
