# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What every call of a controller shares, and the handler factory ``aiframe run`` loads.

One :class:`ConversationService` per process: the agent with its brain, tools and
policy registry (:class:`~aiframe.brain.service.AgentService`), the speech engines, and
the brain's worker threads. ``service.handler(info)`` makes one call's
:class:`~aiframe.conversation.handler.ConversationHandler`::

    [controller]
    handler = "aiframe.conversation.service:conversation_handler"
    barge_in_decide_ms = 2500   # above conversation.barge_in.decide_ms

The first call builds the service from the configuration (loading the models takes a
few seconds); ``aiframe demo`` builds its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from aiframe.brain.service import AgentService
from aiframe.conversation.audit import CallAudit
from aiframe.conversation.handler import ConversationHandler
from aiframe.conversation.settings import ConversationSettings
from aiframe.conversation.speech import EngineSpeech, SpeechPort
from aiframe.conversation.timedbrain import TimedBrain
from aiframe.logs import get_logger
from aiframe.policy.audit import AuditSink, LogAuditSink
from aiframe.runtime.handler import CallHandler, CallInfo

__all__ = ["ConversationService", "conversation_handler"]

log = get_logger("conversation.service")


class ConversationService:
    """An agent, the speech engines and the worker threads, for every call."""

    def __init__(
        self,
        agents: AgentService,
        speech: SpeechPort,
        *,
        settings: ConversationSettings | None = None,
        audit: Callable[[CallInfo], AuditSink | None] | None = None,
        brain_workers: int = 32,
    ) -> None:
        self.agents = agents
        self.speech = speech
        self.settings = settings or ConversationSettings()
        self._audit = audit or (lambda info: LogAuditSink())
        self.brain_pool = ThreadPoolExecutor(brain_workers, thread_name_prefix="aiframe-brain")
        self.last: ConversationHandler | None = None

    def handler(self, info: CallInfo) -> ConversationHandler:
        """One call's conversation loop."""
        audit = CallAudit(self._audit(info))
        timing = TimedBrain(self.agents.brain)
        conv = self.agents.conversation(info.conversation_id, audit=audit, assume_heard=False)
        conv.brain = timing  # the call's brain: the shared one, seen through a stopwatch
        h = ConversationHandler(
            conv,
            self.speech,
            brain_pool=self.brain_pool,
            settings=self.settings,
            timing=timing,
            audit=audit,
        )
        self.last = h
        return h

    def close(self) -> None:
        self.brain_pool.shutdown(wait=False, cancel_futures=True)
        self.agents.close()


_service: ConversationService | None = None
_lock = threading.Lock()


def conversation_handler(info: CallInfo) -> CallHandler:
    """``controller.handler`` for ``aiframe run``: the configured agent on every call."""
    global _service
    with _lock:
        if _service is None:
            from aiframe.config import load_settings
            from aiframe.speech.engines import SpeechEngines

            settings = load_settings()
            conv = settings.conversation
            if settings.controller.barge_in_decide_ms <= conv.barge_in.decide_ms:
                log.warning(
                    "controller.barge_in_decide_ms is not above conversation.barge_in.decide_ms:"
                    " the actor will confirm barge-ins before the loop has judged them",
                    actor_ms=settings.controller.barge_in_decide_ms,
                    loop_ms=conv.barge_in.decide_ms,
                )
            speech = EngineSpeech(SpeechEngines(settings.speech), conv.endpoint)
            speech.load()
            _service = ConversationService(AgentService(settings.brain), speech, settings=conv)
        return _service.handler(info)
