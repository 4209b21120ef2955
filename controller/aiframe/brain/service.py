# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One agent, ready for calls: the agent file, its pack, its brain, its tools, its data.

Built once per agent from the ``[brain]`` settings and shared by every call; each call
gets a :class:`~aiframe.brain.orchestration.Conversation` with its own policy gate
pinned to the pack version current when it started::

    service = AgentService(settings.brain)
    conv = service.conversation("call-uuid", audit=sink)
    for out in conv.open(): ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from aiframe.brain.agent.loader import Agent, load_agent
from aiframe.brain.agent.tools import ToolRegistry
from aiframe.brain.engines.base import Brain
from aiframe.brain.engines.flow import FlowBrain
from aiframe.brain.engines.llm import LlmBrain
from aiframe.brain.orchestration import Conversation
from aiframe.brain.settings import BrainSettings
from aiframe.brain.state import ConversationState
from aiframe.policy.audit import AuditSink
from aiframe.policy.registry import PolicyRegistry

__all__ = ["AgentService", "make_brain"]


def make_brain(agent: Agent, settings: BrainSettings, tools: ToolRegistry) -> Brain:
    """The brain ``settings.kind`` names, for ``agent``."""
    if settings.kind == "llm":
        return LlmBrain(agent, settings, bound_tools=tools.names)
    return FlowBrain(agent)


class AgentService:
    """An agent and everything its calls share."""

    def __init__(
        self,
        settings: BrainSettings,
        *,
        agent: str | None = None,
        packs: Sequence[Path] = (),
        policy_file: Path | None = None,
        brain: Brain | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.settings = settings
        self.packs = tuple(packs)  # policy.packs: where the agent's pack is found
        self.agent = load_agent(
            agent or settings.agent,
            agent_dirs=settings.agent_dirs,
            packs=self.packs,
            policy_file=policy_file,
        )
        self.policies = PolicyRegistry([self.agent.policy_path])
        self.tools = self.agent.tools(webhook_hosts=settings.webhook_hosts)
        self.database = self.agent.database(settings.data_dir)
        self.brain = brain or make_brain(self.agent, settings, self.tools)
        self._today = today

    def conversation(
        self,
        conversation_id: str,
        *,
        audit: AuditSink | None = None,
        state: ConversationState | None = None,
        assume_heard: bool = True,
    ) -> Conversation:
        """A new call's conversation (or a restored one, from ``state``)."""
        gate = self.policies.open_call(conversation_id, self.agent.policy.name, audit)
        return Conversation(
            self.agent,
            self.brain,
            gate,
            self.tools,
            conversation_id=conversation_id,
            settings=self.settings,
            database=self.database,
            state=state,
            assume_heard=assume_heard,
            today=self._today,
        )

    def close(self) -> None:
        self.brain.close()
        self.tools.close()
