# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The semantic layer's labels, and which labels a detector rule stands for.

A label names what a sentence does: ``commitment.refund`` promises a refund,
``disclose.card_number`` reads out a card number, ``benign`` does neither. A detector
rule with ``semantic:`` is backed by the labels of its detector and categories.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiframe.policy.detectors import COMMITMENT_CATEGORIES

__all__ = ["BENIGN", "DISCLOSURE_DETECTORS", "LABELS", "labels_for"]

BENIGN = "benign"
DISCLOSURE_DETECTORS = ("card_number", "ssn", "bank_account", "routing_number")
LABELS: tuple[str, ...] = (
    BENIGN,
    *(f"commitment.{c}" for c in COMMITMENT_CATEGORIES),
    *(f"disclose.{d}" for d in DISCLOSURE_DETECTORS),
)


def labels_for(detector: str, categories: Sequence[str]) -> tuple[str, ...]:
    """The labels behind a detector rule; empty when the detector has none."""
    if detector == "commitment":
        return tuple(f"commitment.{c}" for c in (categories or COMMITMENT_CATEGORIES))
    if detector in DISCLOSURE_DETECTORS:
        return (f"disclose.{detector}",)
    return ()
