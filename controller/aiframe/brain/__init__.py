# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The brain: proposes what to say and do; the policy gate decides.

Two brains behind one interface (:class:`Brain`): the deterministic flow brain from an
agent file (the default, no LLM at all) and an OpenAI-compatible LLM. A
:class:`Conversation` runs a call's turns through the brain, the gate and the tools and
proposes each turn's state change as a :class:`StateDelta` for its owner to commit::

    service = AgentService(BrainSettings())          # the acme-support demo agent
    conv = service.conversation("call-1")
    for out in conv.open():                          # Speak, ControlAction, TurnDone
        ...

Importing this package is cheap: each name is imported from its module on first use.
docs/agents.md is the author's guide.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiframe.brain.agent.loader import Agent, find_agent, load_agent, shipped_agents
    from aiframe.brain.agent.slots import Extracted, SlotOptions, extract
    from aiframe.brain.agent.tools import (
        PythonTool,
        Tool,
        ToolContext,
        ToolRegistry,
        ToolReply,
        ToolResult,
        WebhookTool,
    )
    from aiframe.brain.engines.base import Brain, BrainKind
    from aiframe.brain.engines.events import (
        ActionOutcome,
        BrainEvent,
        CallerSaid,
        CallStarted,
        EndOfStream,
        HoldingText,
        NoInput,
        StepOutcome,
        StepRequest,
        TextDelta,
        ToolCallRequest,
        ToolOutcome,
        TurnInput,
        TurnRequest,
    )
    from aiframe.brain.engines.flow import FlowBrain
    from aiframe.brain.engines.llm import LlmBrain
    from aiframe.brain.engines.llm_client import ChatClient
    from aiframe.brain.engines.stream import Cancel, Deadline, TurnStream
    from aiframe.brain.errors import (
        AgentError,
        BrainError,
        FlowError,
        LlmError,
        LlmHttpError,
        LlmProtocolError,
        LlmTimeoutError,
        ToolArgsError,
        ToolError,
    )
    from aiframe.brain.orchestration import Conversation
    from aiframe.brain.outputs import ControlAction, Speak, TurnDone, TurnOutput, TurnRun
    from aiframe.brain.service import AgentService, make_brain
    from aiframe.brain.settings import BrainSettings
    from aiframe.brain.state import (
        AgentEntry,
        CallerEntry,
        ContextWindow,
        ConversationState,
        NoteEntry,
        StateDelta,
        ToolEntry,
    )

_WHERE = {
    "agent.loader": ["Agent", "find_agent", "load_agent", "shipped_agents"],
    "engines.base": ["Brain", "BrainKind"],
    "orchestration": ["Conversation"],
    "outputs": ["ControlAction", "Speak", "TurnDone", "TurnOutput", "TurnRun"],
    "errors": [
        "AgentError", "BrainError", "FlowError", "LlmError", "LlmHttpError", "LlmProtocolError",
        "LlmTimeoutError", "ToolArgsError", "ToolError",
    ],
    "engines.events": [
        "ActionOutcome", "BrainEvent", "CallStarted", "CallerSaid", "EndOfStream", "HoldingText",
        "NoInput", "StepOutcome", "StepRequest", "TextDelta", "ToolCallRequest", "ToolOutcome",
        "TurnInput", "TurnRequest",
    ],
    "engines.flow": ["FlowBrain"],
    "engines.llm": ["LlmBrain"],
    "engines.llm_client": ["ChatClient"],
    "service": ["AgentService", "make_brain"],
    "settings": ["BrainSettings"],
    "agent.slots": ["Extracted", "SlotOptions", "extract"],
    "state": [
        "AgentEntry", "CallerEntry", "ContextWindow", "ConversationState", "NoteEntry",
        "StateDelta", "ToolEntry",
    ],
    "engines.stream": ["Cancel", "Deadline", "TurnStream"],
    "agent.tools": [
        "PythonTool", "Tool", "ToolContext", "ToolRegistry", "ToolReply", "ToolResult",
        "WebhookTool",
    ],
}  # fmt: skip
_MODULE_OF = {name: mod for mod, names in _WHERE.items() for name in names}

__all__ = [
    "ActionOutcome",
    "Agent",
    "AgentEntry",
    "AgentError",
    "AgentService",
    "Brain",
    "BrainError",
    "BrainEvent",
    "BrainKind",
    "BrainSettings",
    "CallStarted",
    "CallerEntry",
    "CallerSaid",
    "Cancel",
    "ChatClient",
    "ContextWindow",
    "ControlAction",
    "Conversation",
    "ConversationState",
    "Deadline",
    "EndOfStream",
    "Extracted",
    "FlowBrain",
    "FlowError",
    "HoldingText",
    "LlmBrain",
    "LlmError",
    "LlmHttpError",
    "LlmProtocolError",
    "LlmTimeoutError",
    "NoInput",
    "NoteEntry",
    "PythonTool",
    "SlotOptions",
    "Speak",
    "StateDelta",
    "StepOutcome",
    "StepRequest",
    "TextDelta",
    "Tool",
    "ToolArgsError",
    "ToolCallRequest",
    "ToolContext",
    "ToolEntry",
    "ToolError",
    "ToolOutcome",
    "ToolRegistry",
    "ToolReply",
    "ToolResult",
    "TurnDone",
    "TurnInput",
    "TurnOutput",
    "TurnRequest",
    "TurnRun",
    "TurnStream",
    "WebhookTool",
    "extract",
    "find_agent",
    "load_agent",
    "make_brain",
    "shipped_agents",
]


def __getattr__(name: str) -> Any:
    mod = _MODULE_OF.get(name)
    if mod is None:
        raise AttributeError(f"module 'aiframe.brain' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"aiframe.brain.{mod}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
