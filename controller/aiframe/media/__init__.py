# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The shared-memory media plane, from the controller's side."""

from aiframe.media.arena import (
    PCM,
    Arena,
    ArenaInfo,
    Attachment,
    BargeState,
    Counters,
    InjectMode,
    MarkEvent,
    MarkResult,
    SlotInfo,
    SlotState,
    SwitchLeg,
    now_ns,
)

__all__ = [
    "PCM",
    "Arena",
    "ArenaInfo",
    "Attachment",
    "BargeState",
    "Counters",
    "InjectMode",
    "MarkEvent",
    "MarkResult",
    "SlotInfo",
    "SlotState",
    "SwitchLeg",
    "now_ns",
]
