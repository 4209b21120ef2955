# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.policy import DisclosureLedger, PolicyStateError


def test_delivered_when_start_and_end_marks_play() -> None:
    ledger = DisclosureLedger()
    ledger.queued("rec", 1, 2)
    assert ledger.pending == {"rec"}
    assert ledger.on_mark(1, played=True) is None
    assert ledger.on_mark(2, played=True) == "rec"
    assert (ledger.played, ledger.pending) == ({"rec"}, frozenset())


def test_queued_is_not_delivered() -> None:
    ledger = DisclosureLedger()
    ledger.queued("rec", 1, 2)
    assert ledger.played == frozenset()


def test_barge_in_over_the_disclosure_means_not_delivered() -> None:
    ledger = DisclosureLedger()
    ledger.queued("rec", 1, 2)
    ledger.on_mark(1, played=True)
    assert ledger.on_barge_in() == ["rec"]
    assert ledger.on_mark(2, played=True) is None
    assert (ledger.played, ledger.pending) == (frozenset(), frozenset())


def test_flushed_mark_means_not_delivered() -> None:
    ledger = DisclosureLedger()
    ledger.queued("rec", 1, 2)
    ledger.on_mark(1, played=True)
    assert ledger.on_mark(2, played=False) is None
    assert ledger.played == frozenset()


def test_end_without_start_is_not_proof() -> None:
    ledger = DisclosureLedger()
    ledger.queued("rec", 1, 2)
    assert ledger.on_mark(2, played=True) is None
    assert ledger.played == frozenset()


def test_unrelated_marks_and_bad_marks() -> None:
    ledger = DisclosureLedger(played=frozenset({"old"}))
    assert ledger.on_mark(99, played=True) is None
    with pytest.raises(PolicyStateError, match="two distinct marks"):
        ledger.queued("x", 5, 5)
    ledger.queued("x", 5, 6)
    with pytest.raises(PolicyStateError, match="mark 6 already"):
        ledger.queued("y", 6, 7)
    assert ledger.played == {"old"}
