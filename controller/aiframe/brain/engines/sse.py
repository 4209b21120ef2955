# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Server-sent events, as the WHATWG spec defines them, one line at a time.

Only what chat-completions streams use: ``data`` (several lines join with a newline),
``event``, ``id``, comments (``: keep-alive``) ignored, a blank line dispatches.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SseDecoder", "SseEvent"]


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One dispatched event."""

    data: str
    event: str = "message"
    id: str | None = None


class SseDecoder:
    """Feed it lines (without their line ending); it returns an event on a blank line."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None

    def feed(self, line: str) -> SseEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        # "retry" and unknown fields are ignored, as the spec says.
        return None

    def flush(self) -> SseEvent | None:
        """The stream closed: an event still being built is dispatched."""
        return self._dispatch()

    def _dispatch(self) -> SseEvent | None:
        if not self._data:
            self._event = ""
            return None
        ev = SseEvent("\n".join(self._data), self._event or "message", self._id)
        self._data = []
        self._event = ""
        return ev
