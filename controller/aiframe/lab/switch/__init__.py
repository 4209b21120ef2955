# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A real FreeSWITCH for the end-to-end tests and `aiframe bench module`.

``testswitch`` starts one from ``freeswitch/test-conf`` in a temporary
directory (free ports, a fresh ESL password, a per-run arena) and stops it;
``aiframe.esl.sync`` is the event-socket client that drives it; ``calls``
places loopback calls; ``signal`` analyses what the far leg recorded;
``controller_proc`` runs the real controller beside it.

Error tree (all under ``aiframe.errors.AiframeError``)::

    TestSwitchError         the FreeSWITCH these helpers start and drive
    ├── SwitchAbsentError   FreeSWITCH or mod_aiframe.so is not installed
    ├── SwitchStartError    it did not come up (the message has its log tail)
    └── ControllerStartError  the controller started beside it did not come up

Talking to it raises the ``EslError`` family of :mod:`aiframe.errors`.
"""

from __future__ import annotations

from aiframe.lab.switch.errors import (
    ControllerStartError,
    SwitchAbsentError,
    SwitchStartError,
    TestSwitchError,
)

__all__ = [
    "ControllerStartError",
    "SwitchAbsentError",
    "SwitchStartError",
    "TestSwitchError",
]
