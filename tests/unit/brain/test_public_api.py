# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import aiframe.brain as brain

PUBLIC = [
    "ActionOutcome", "Agent", "AgentEntry", "AgentError", "AgentService", "Brain",
    "BrainError", "BrainEvent", "BrainKind", "BrainSettings", "CallStarted", "CallerEntry",
    "CallerSaid", "Cancel", "ChatClient", "ContextWindow", "ControlAction", "Conversation",
    "ConversationState", "Deadline", "EndOfStream", "Extracted", "FlowBrain", "FlowError",
    "HoldingText", "LlmBrain", "LlmError", "LlmHttpError", "LlmProtocolError",
    "LlmTimeoutError", "NoInput", "NoteEntry", "PythonTool", "SlotOptions", "Speak",
    "StateDelta", "StepOutcome", "StepRequest", "TextDelta", "Tool", "ToolArgsError",
    "ToolCallRequest", "ToolContext", "ToolEntry", "ToolError", "ToolOutcome", "ToolRegistry",
    "ToolReply", "ToolResult", "TurnDone", "TurnInput", "TurnOutput", "TurnRequest", "TurnRun",
    "TurnStream", "WebhookTool", "extract", "find_agent", "load_agent", "make_brain",
    "shipped_agents",
]  # fmt: skip


def test_public_names_are_pinned() -> None:
    assert brain.__all__ == sorted(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_name_resolves(name: str) -> None:
    assert getattr(brain, name) is not None


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        brain.Nope  # noqa: B018


def test_importing_the_package_is_cheap() -> None:
    code = "import sys, aiframe.brain; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_errors_are_aiframe_errors() -> None:
    from aiframe.errors import AiframeError

    for name in ("BrainError", "LlmError", "ToolError", "AgentError", "FlowError"):
        assert issubclass(getattr(brain, name), AiframeError)
    assert importlib.import_module("aiframe.brain.errors").__doc__ is not None
