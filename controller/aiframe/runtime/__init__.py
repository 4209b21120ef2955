# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The controller runtime: ESL client, call registry, one owner actor per
call, the media pump, call control and heartbeats. docs/architecture.md says
which thread runs what and what may block where."""

from aiframe.esl.client import EslConnection
from aiframe.esl.wire import EslEvent
from aiframe.runtime.actor import CallActor
from aiframe.runtime.callcontrol import CallControl
from aiframe.runtime.controller import Controller
from aiframe.runtime.handler import (
    BaseHandler,
    Call,
    CallHandler,
    CallInfo,
    HandlerFactory,
    ListenHandler,
)
from aiframe.runtime.lifecycle import CallPhase, Lifecycle
from aiframe.runtime.pump import MediaPump, MediaRoute
from aiframe.runtime.registry import CallRegistry

__all__ = [
    "BaseHandler",
    "Call",
    "CallActor",
    "CallControl",
    "CallHandler",
    "CallInfo",
    "CallPhase",
    "CallRegistry",
    "Controller",
    "EslConnection",
    "EslEvent",
    "HandlerFactory",
    "Lifecycle",
    "ListenHandler",
    "MediaPump",
    "MediaRoute",
]
