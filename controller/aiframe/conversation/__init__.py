# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The conversation loop: a call handler that listens, thinks and speaks.

:class:`ConversationHandler` is one call's loop (turn-taking, barge-in, speech out
through the policy gate, DTMF, timers); :class:`ConversationService` holds what every
call shares and ``conversation_handler`` is the factory ``aiframe run`` loads.
docs/conversation.md describes the loop.

Importing this package is cheap (the configuration imports its settings); each name
is imported from its module on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiframe.conversation.handler import ConversationHandler
    from aiframe.conversation.record import CallRecord, TurnRecord
    from aiframe.conversation.service import ConversationService, conversation_handler
    from aiframe.conversation.settings import ConversationSettings

_WHERE = {
    "CallRecord": "aiframe.conversation.record",
    "ConversationHandler": "aiframe.conversation.handler",
    "ConversationService": "aiframe.conversation.service",
    "ConversationSettings": "aiframe.conversation.settings",
    "TurnRecord": "aiframe.conversation.record",
    "conversation_handler": "aiframe.conversation.service",
}

__all__ = [
    "CallRecord",
    "ConversationHandler",
    "ConversationService",
    "ConversationSettings",
    "TurnRecord",
    "conversation_handler",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'aiframe.conversation' has no attribute {name!r}")
    return getattr(importlib.import_module(where), name)
