# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A call's mailbox: a bounded FIFO of typed messages that accounts for each one.

Every message offered is either taken by the actor or, once the mailbox is
closed (the call ended), counted as discarded; nothing disappears silently.
A full mailbox is an actor that stopped taking messages: the sender gets
``MailboxFullError`` and the call is failed, loudly, rather than the message
being dropped.
"""

from __future__ import annotations

import gevent.queue

from aiframe.errors import MailboxFullError
from aiframe.runtime.messages import CallMessage


class Mailbox:
    """Many senders (greenlets in the hub), one taker (the actor's greenlet)."""

    def __init__(self, uuid: str, maxsize: int) -> None:
        self.uuid = uuid
        self.maxsize = maxsize
        self._q: gevent.queue.Queue[CallMessage] = gevent.queue.Queue(maxsize)
        self.closed = False
        self.accepted = 0
        self.taken = 0
        self.discarded = 0

    def __len__(self) -> int:
        return int(self._q.qsize())

    def offer(self, msg: CallMessage) -> bool:
        """Queue without blocking; False (and counted) once closed."""
        if self.closed:
            self.discarded += 1
            return False
        try:
            self._q.put_nowait(msg)
        except gevent.queue.Full:
            raise MailboxFullError(
                f"call {self.uuid}: mailbox full ({self.maxsize} messages waiting); "
                f"its actor stopped taking messages, {type(msg).__name__} not delivered"
            ) from None
        self.accepted += 1
        return True

    def post(self, msg: CallMessage, timeout: float) -> bool:
        """Queue, waiting up to ``timeout`` seconds for room; False once closed."""
        if self.closed:
            self.discarded += 1
            return False
        try:
            self._q.put(msg, timeout=timeout)
        except gevent.queue.Full:
            raise MailboxFullError(
                f"call {self.uuid}: mailbox stayed full for {timeout:.1f} s; "
                f"its actor stopped taking messages, {type(msg).__name__} not delivered"
            ) from None
        if self.closed:  # closed while we waited for room: it will never be taken
            self.discarded += 1
            return False
        self.accepted += 1
        return True

    def take(self) -> CallMessage:
        msg: CallMessage = self._q.get()
        self.taken += 1
        return msg

    def take_nowait(self) -> CallMessage | None:
        try:
            msg: CallMessage = self._q.get_nowait()
        except gevent.queue.Empty:
            return None
        self.taken += 1
        return msg

    def close(self) -> list[CallMessage]:
        """Refuse further messages; return (and count as discarded) those still queued."""
        self.closed = True
        left: list[CallMessage] = []
        while True:
            try:
                left.append(self._q.get_nowait())
            except gevent.queue.Empty:
                break
        self.discarded += len(left)
        return left


__all__ = ["Mailbox"]
