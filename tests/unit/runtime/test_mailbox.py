# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import gevent
import pytest

from aiframe.errors import MailboxFullError
from aiframe.runtime.mailbox import Mailbox
from aiframe.runtime.messages import Dtmf


def test_fifo_and_accounting() -> None:
    mb = Mailbox("u", 16)
    for d in "123":
        assert mb.offer(Dtmf(d))
    assert [mb.take(), mb.take()] == [Dtmf("1"), Dtmf("2")]
    left = mb.close()
    assert left == [Dtmf("3")]
    assert not mb.offer(Dtmf("4"))  # closed: refused and counted, not lost silently
    assert (mb.accepted, mb.taken, mb.discarded) == (3, 2, 2)


def test_full_mailbox_raises_instead_of_dropping() -> None:
    mb = Mailbox("call-x", 16)
    for _ in range(16):
        mb.offer(Dtmf("1"))
    with pytest.raises(MailboxFullError, match=r"call-x: mailbox full \(16 messages waiting\)"):
        mb.offer(Dtmf("2"))
    assert mb.accepted == 16


def test_post_waits_for_room_then_times_out() -> None:
    mb = Mailbox("u", 16)
    for _ in range(16):
        mb.offer(Dtmf("1"))
    gevent.spawn_later(0.01, mb.take)
    assert mb.post(Dtmf("2"), timeout=1.0)  # room appeared
    with pytest.raises(MailboxFullError, match=r"stayed full for 0\.0"):
        mb.post(Dtmf("3"), timeout=0.02)
