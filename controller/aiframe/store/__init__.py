# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The state and audit store: conversations, calls, legs, turns, decisions, tool
calls, disclosures with their playout proof, events and state snapshots, in SQLite
(the embedded default) or PostgreSQL, written off the media path by one writer thread.
See docs/state-and-audit.md.

Importing this package is cheap (the configuration imports its settings); each name
is imported from its module on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiframe.store.redact import Redactor
    from aiframe.store.settings import StoreSettings
    from aiframe.store.store import Store, StoredSnapshot
    from aiframe.store.writer import StoreWriter, Ticket

_WHERE = {
    "Redactor": "aiframe.store.redact",
    "Store": "aiframe.store.store",
    "StoreSettings": "aiframe.store.settings",
    "StoreWriter": "aiframe.store.writer",
    "StoredSnapshot": "aiframe.store.store",
    "Ticket": "aiframe.store.writer",
}

__all__ = [
    "Redactor",
    "Store",
    "StoreSettings",
    "StoreWriter",
    "StoredSnapshot",
    "Ticket",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'aiframe.store' has no attribute {name!r}")
    return getattr(importlib.import_module(where), name)
