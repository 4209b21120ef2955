# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The event socket's wire format, for both clients: frame envelopes, the
``text/event-plain`` event body, and the one event class they hand out."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from aiframe.errors import EslProtocolError

MAX_HEADER_LINE = 64 * 1024
MAX_HEADER_LINES = 1024
MAX_BODY = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class EslEvent:
    """One event: headers un-escaped, and its body if it had one."""

    headers: dict[str, str]
    body: str = ""

    @property
    def name(self) -> str:
        return self.headers.get("Event-Name", "")

    @property
    def subclass(self) -> str:
        return self.headers.get("Event-Subclass", "")

    @property
    def uuid(self) -> str:
        return self.headers.get("Unique-ID", "")

    def get(self, key: str, default: str = "") -> str:
        return self.headers.get(key, default)

    def __getitem__(self, key: str) -> str:
        return self.headers[key]


@dataclass(frozen=True, slots=True)
class EslFrame:
    """One frame off the wire: its envelope headers and its body."""

    headers: dict[str, str]
    body: str

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


def parse_envelope(block: str, *, unescape: bool = False) -> dict[str, str]:
    """The header lines of a frame (``Name: value``), values un-escaped if asked."""
    headers: dict[str, str] = {}
    for line in block.split("\n"):
        if not line:
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise EslProtocolError(f"event socket sent a header line without ':': {line[:80]!r}")
        value = value.strip()
        headers[key.strip()] = unquote(value) if unescape else value
    return headers


def parse_event_plain(raw: bytes) -> EslEvent:
    """Parse a ``text/event-plain`` body; ``EslProtocolError`` says what is wrong."""
    head, _, rest = raw.partition(b"\n\n")
    headers: dict[str, str] = {}
    for n, line in enumerate(head.decode("utf-8", errors="replace").split("\n"), 1):
        if not line:
            continue
        name, sep, value = line.partition(": ")
        if not sep or not name:
            raise EslProtocolError(f"event header line {n} is not 'Name: value': {line[:80]!r}")
        headers[name] = unquote(value)
    if "Event-Name" not in headers:
        raise EslProtocolError("event has no Event-Name header")
    body = ""
    if "Content-Length" in headers:
        size = body_length(headers["Content-Length"])
        if size > len(rest):
            raise EslProtocolError(
                f"event body is {len(rest)} bytes, its Content-Length says {size}"
            )
        body = rest[:size].decode("utf-8", errors="replace")
    return EslEvent(headers, body)


def body_length(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        raise EslProtocolError(f"Content-Length {text!r} is not a number") from None
    if not 0 <= size <= MAX_BODY:
        raise EslProtocolError(f"Content-Length {size} is outside 0..{MAX_BODY}")
    return size


__all__ = [
    "MAX_BODY",
    "MAX_HEADER_LINE",
    "MAX_HEADER_LINES",
    "EslEvent",
    "EslFrame",
    "body_length",
    "parse_envelope",
    "parse_event_plain",
]
