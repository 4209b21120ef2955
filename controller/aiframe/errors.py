# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The exceptions aiframe raises on purpose.

    AiframeError
    ├── ConfigError          bad configuration file or environment value
    └── MediaError           the shared-memory media plane
        ├── ArenaError       an arena that cannot be created, opened or trusted
        ├── SlotFullError    no free slot, or a full ring/queue
        ├── StaleSlotError   the slot was released or reused (generation moved on)
        └── SlotNotFoundError  no active slot for that call uuid

Every message says what was wrong and, where it can, what to do about it.
"""

from __future__ import annotations


class AiframeError(Exception):
    """Base of every error aiframe raises deliberately."""


class ConfigError(AiframeError):
    """Configuration that cannot be loaded or validated."""


class MediaError(AiframeError):
    """A media-plane operation failed."""


class ArenaError(MediaError):
    """An arena that cannot be created, opened or validated."""


class SlotFullError(MediaError):
    """No free slot, or a ring or mark queue is full."""


class StaleSlotError(MediaError):
    """The slot was released or reused since it was attached."""


class SlotNotFoundError(MediaError):
    """No active slot holds that call."""


__all__ = [
    "AiframeError",
    "ArenaError",
    "ConfigError",
    "MediaError",
    "SlotFullError",
    "SlotNotFoundError",
    "StaleSlotError",
]
