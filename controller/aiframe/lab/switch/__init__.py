# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A real FreeSWITCH for the end-to-end tests and `aiframe bench module`.

``testswitch`` starts one from ``freeswitch/test-conf`` in a temporary
directory (free ports, a fresh ESL password, a per-run arena) and stops it;
``esl`` is a small synchronous event-socket client for driving it; ``calls``
places loopback calls; ``signal`` analyses what the far leg recorded;
``controller_proc`` runs the real controller beside it.

Error tree (all under ``aiframe.errors.AiframeError``)::

    TestSwitchError         the FreeSWITCH these helpers start and drive
    ├── SwitchAbsentError   FreeSWITCH or mod_aiframe.so is not installed
    ├── SwitchStartError    it did not come up (the message has its log tail)
    ├── ControllerStartError  the controller started beside it did not come up
    └── SyncEslError        the synchronous event-socket client
        ├── SyncEslAuthError     the password was refused
        └── SyncEslClosedError   the connection closed or timed out
"""

from __future__ import annotations

from aiframe.lab.switch.errors import (
    ControllerStartError,
    SwitchAbsentError,
    SwitchStartError,
    SyncEslAuthError,
    SyncEslClosedError,
    SyncEslError,
    TestSwitchError,
)

__all__ = [
    "ControllerStartError",
    "SwitchAbsentError",
    "SwitchStartError",
    "SyncEslAuthError",
    "SyncEslClosedError",
    "SyncEslError",
    "TestSwitchError",
]
