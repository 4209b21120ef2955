# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aiframe.brain.agent.loader import Agent, load_agent
from aiframe.brain.orchestration import Conversation
from aiframe.brain.service import AgentService
from aiframe.brain.settings import BrainSettings
from aiframe.policy.audit import MemoryAuditSink

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(scope="session")
def acme() -> Agent:
    return load_agent("acme-support")


@pytest.fixture
def flow_service(tmp_path: Path) -> Iterator[AgentService]:
    svc = AgentService(BrainSettings(data_dir=tmp_path / "data"), today=lambda: TODAY)
    yield svc
    svc.close()


@pytest.fixture
def new_call(
    flow_service: AgentService,
) -> Callable[..., tuple[Conversation, MemoryAuditSink]]:
    """A fresh call on the flow brain with an in-memory audit sink."""
    n = 0

    def make(**kw: object) -> tuple[Conversation, MemoryAuditSink]:
        nonlocal n
        n += 1
        sink = MemoryAuditSink()
        return flow_service.conversation(f"test-{n}", audit=sink, **kw), sink

    return make
