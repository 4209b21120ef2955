# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The errors of the brain.

AiframeError
└── BrainError               anything the brain refuses to work with
    ├── LlmError             the chat-completions service
    │   ├── LlmHttpError     a request the service refused (status, what it said)
    │   ├── LlmProtocolError a reply that breaks the SSE or chat-completions protocol
    │   └── LlmTimeoutError  no answer in time
    ├── ToolError            a tool that is not registered, failed or timed out
    │   └── ToolArgsError    arguments that do not fit the tool's JSON Schema
    ├── AgentError           an agent file that cannot be loaded (file, line, field, what)
    └── FlowError            a flow that cannot go on (a template names nothing known)

Errors from the service or a tool are expected in production: turn orchestration
turns them into a fallback utterance. They never carry an API key.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiframe.errors import AiframeError
from aiframe.policy.errors import Problem

__all__ = [
    "AgentError",
    "BrainError",
    "FlowError",
    "LlmError",
    "LlmHttpError",
    "LlmProtocolError",
    "LlmTimeoutError",
    "ToolArgsError",
    "ToolError",
]


class BrainError(AiframeError):
    """Base of the brain's errors."""


class LlmError(BrainError):
    """The chat-completions service did not give a usable answer."""


class LlmHttpError(LlmError):
    """The service answered with an HTTP error status."""

    def __init__(self, status: int, message: str, *, retryable: bool) -> None:
        self.status = status
        self.retryable = retryable
        super().__init__(message)


class LlmProtocolError(LlmError):
    """A stream or body that is not what an OpenAI-compatible service sends."""


class LlmTimeoutError(LlmError):
    """Connecting, the first byte, a chunk or the whole turn took too long."""


class ToolError(BrainError):
    """A tool call that could not be made or did not finish."""


class ToolArgsError(ToolError):
    """Arguments that do not fit the tool's JSON Schema."""


class AgentError(BrainError):
    """An agent file that cannot be read, parsed or validated; each problem names the
    file, line and field."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message + "".join(f"\n  {p}" for p in self.problems))


class FlowError(BrainError):
    """The flow brain met something its agent file does not define."""
