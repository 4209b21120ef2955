# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Errors of the test switch and its event-socket client (tree in ``aiframe.lab.switch``)."""

from __future__ import annotations

from aiframe.errors import AiframeError


class TestSwitchError(AiframeError):
    """The FreeSWITCH started by ``aiframe.lab.switch.testswitch`` or talking to it."""

    __test__ = False  # not a pytest test class, despite the name


class SwitchAbsentError(TestSwitchError):
    """FreeSWITCH, one of its modules, or mod_aiframe.so is not installed."""


class SwitchStartError(TestSwitchError):
    """FreeSWITCH did not start, or did not answer on its event socket in time."""


class ControllerStartError(TestSwitchError):
    """The controller started beside a test switch (``aiframe run``) exited or did not
    map the switch's arena in time."""
