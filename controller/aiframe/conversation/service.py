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

The controller prepares the service from its own settings before it takes calls
(loading the models takes a few seconds); ``aiframe demo`` builds its own.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import gevent

from aiframe.brain.service import AgentService
from aiframe.conversation.audit import CallAudit
from aiframe.conversation.handler import ConversationHandler
from aiframe.conversation.prompts import fixed_sentences
from aiframe.conversation.recorder import ConversationRecorder
from aiframe.conversation.resume import plan
from aiframe.conversation.settings import ConversationSettings
from aiframe.conversation.speech import EngineSpeech, SpeechPort
from aiframe.conversation.timedbrain import TimedBrain
from aiframe.errors import AiframeError, ConfigError, StoreError
from aiframe.logs import get_logger
from aiframe.metrics import RUNTIME, store_stats
from aiframe.policy.audit import AuditSink, JsonlAuditSink, LogAuditSink, TeeAuditSink
from aiframe.runtime.handler import CallHandler, CallInfo

if TYPE_CHECKING:
    from aiframe.brain.state import ConversationState
    from aiframe.config import Settings
    from aiframe.store.store import Store

__all__ = ["ConversationService", "PolicyReloadError", "conversation_handler"]

log = get_logger("conversation.service")


class PolicyReloadError(AiframeError):
    """A policy pack failed to reload; the version in service stays."""


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
        store: Store | None = None,
    ) -> None:
        self.agents = agents
        self.speech = speech
        self.settings = settings or ConversationSettings()
        self.store = store
        self._audit = audit or (lambda info: LogAuditSink())
        self._others: dict[str, AgentService | None] = {}
        self.brain_pool = ThreadPoolExecutor(brain_workers, thread_name_prefix="aiframe-brain")
        self.last: ConversationHandler | None = None

    def warm(self, rates: tuple[int, ...] = (16000,)) -> int:
        """Synthesize the agent's fixed sentences now (see conversation/prompts.py)."""
        if not self.settings.prompt_cache:
            return 0
        s = self.settings
        texts = fixed_sentences(
            self.agents.agent,
            [
                s.closing_utterance,
                s.transfer_failed_utterance,
                self.agents.settings.holding_utterance,
            ],
        )
        return sum(self.speech.warm(texts, rate) for rate in rates)

    def agent_service(self, name: str | None) -> AgentService:
        """The agent a call names (``agent=`` in the dialplan), loaded on first use; the
        configured agent when it names none, or one that cannot be loaded."""
        if not name or name == self.agents.agent.name:
            return self.agents
        if name not in self._others:
            try:
                self._others[name] = AgentService(
                    self.agents.settings, agent=name, packs=self.agents.packs
                )
            except AiframeError as e:
                self._others[name] = None
                log.error(
                    "the call's agent cannot be loaded; calls naming it get the configured one",
                    agent=name,
                    configured=self.agents.agent.name,
                    error=str(e),
                )
        return self._others[name] or self.agents

    def handler(self, info: CallInfo) -> ConversationHandler:
        """One call's conversation loop, resumed from the store when it has one."""
        agents = self.agent_service(info.args.get("agent"))
        pack = agents.agent.policy.pack
        resume = plan(
            self._stored(info.conversation_id),
            agent=agents.agent.name,
            start_step=pack.start,
            reattached=info.reattached,
        )
        recorder = None
        sink = self._audit(info)
        if self.store is not None:
            recorder = ConversationRecorder.for_store(
                self.store, info, agent=agents.agent.name, pack=pack, how=resume.how
            )
            sink = recorder if sink is None else TeeAuditSink(sink, recorder)
        audit = CallAudit(sink)
        timing = TimedBrain(agents.brain)
        conv = agents.conversation(
            info.conversation_id, audit=audit, assume_heard=False, state=resume.state
        )
        conv.brain = timing  # the call's brain: the shared one, seen through a stopwatch
        h = ConversationHandler(
            conv,
            self.speech,
            brain_pool=self.brain_pool,
            settings=self.settings,
            timing=timing,
            audit=audit,
            recorder=recorder,
            resume=resume,
            durable_wait_s=self.store.settings.durable_wait_ms / 1000 if self.store else 0.0,
        )
        self.last = h
        return h

    def _stored(self, conversation_id: str) -> ConversationState | None:
        store = self.store
        if store is None:
            return None
        try:
            # The hub must not wait on the database: read in gevent's thread pool.
            found = gevent.get_hub().threadpool.apply(store.latest_snapshot, (conversation_id,))
        except StoreError as e:
            log.error(
                "cannot read the conversation from the store; the call starts afresh",
                conversation_id=conversation_id,
                error=str(e),
            )
            return None
        return None if found is None else found.state

    def close(self) -> None:
        self.brain_pool.shutdown(wait=False, cancel_futures=True)
        self.agents.close()
        for other in self._others.values():
            if other is not None:
                other.close()
        if self.store is not None:
            left = self.store.close()
            if left:
                log.error("store writes left unwritten at shutdown", count=left)


_service: ConversationService | None = None
_lock = threading.Lock()


class _ConfiguredConversations:
    """``controller.handler`` for ``aiframe run``: the configured agent on every call.
    The controller calls ``prepare()`` before it takes calls, and ``reload()`` on
    ``aiframe reload``: new calls get the policy packs as they are now on disk, live
    calls keep the version they have."""

    def __call__(self, info: CallInfo) -> CallHandler:
        return _configured_service().handler(info)

    def prepare(self, settings: Settings) -> dict[str, object]:
        """Load the models and the agent from the controller's own settings, and say
        its fixed sentences once, now; returns what it runs with, for the start-up log."""
        return describe(_configured_service(settings), settings)

    def reload(self) -> str:
        with _lock:
            service = _service
        if service is None:
            return "no calls yet; packs load with the first"
        outcomes = service.agents.policies.reload()
        failed = [o for o in outcomes if o.error]
        if failed:
            raise PolicyReloadError("; ".join(str(o.error) for o in failed))
        changed = [f"{o.old_version} -> {o.new_version}" for o in outcomes if o.changed]
        return "policy " + (", ".join(changed) if changed else "unchanged")


conversation_handler = _ConfiguredConversations()


def describe(service: ConversationService, settings: Settings) -> dict[str, object]:
    """The agent, pack, store and models a controller runs its calls with."""
    agent = service.agents.agent
    store = settings.store
    return {
        "agent": agent.name,
        "agent_file": str(agent.path),
        "pack": agent.policy.pack.pack,
        "pack_version": agent.policy.pack.version,
        "pack_file": str(agent.policy_path),
        "brain": settings.brain.kind,
        "store": _redacted_url(store.url) if store.enabled else "off",
        "models": {
            "vad": settings.speech.vad.model,
            "turn": settings.speech.turn.model,
            "asr": settings.speech.asr.model,
            "tts": settings.speech.tts.model,
        },
    }


def _redacted_url(url: str) -> str:
    """A store URL without its password."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in creds:
        return url
    return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"


def _audit_sinks(settings: Settings) -> Callable[[CallInfo], AuditSink | None]:
    """Every decision to the log and, with policy.audit_jsonl, to that file too."""
    path = settings.policy.audit_jsonl
    if path is None:
        return lambda info: LogAuditSink()
    try:
        jsonl = JsonlAuditSink(path)
    except OSError as e:
        raise ConfigError(f"policy.audit_jsonl {path}: cannot open: {e.strerror}") from None
    atexit.register(jsonl.close)
    return lambda info: TeeAuditSink(LogAuditSink(), jsonl)


def _configured_service(given: Settings | None = None) -> ConversationService:
    global _service
    with _lock:
        if _service is None:
            from aiframe.config import load_settings
            from aiframe.speech.engines import SpeechEngines

            settings = given or load_settings()
            conv = settings.conversation
            if settings.controller.barge_in_decide_ms <= conv.barge_in.decide_ms:
                log.warning(
                    "controller.barge_in_decide_ms is not above conversation.barge_in.decide_ms:"
                    " the actor will confirm barge-ins before the loop has judged them",
                    actor_ms=settings.controller.barge_in_decide_ms,
                    loop_ms=conv.barge_in.decide_ms,
                )
            from aiframe.store.store import Store

            speech = EngineSpeech(SpeechEngines(settings.speech), conv.endpoint)
            speech.load()
            store = Store.open(settings.store) if settings.store.enabled else None
            if store is not None:
                RUNTIME.store_source(store_stats(store.writer))
            _service = ConversationService(
                AgentService(settings.brain, packs=settings.policy.packs),
                speech,
                settings=conv,
                store=store,
                audit=_audit_sinks(settings),
            )
            _service.warm(tuple(conv.prompt_rates))
            atexit.register(_service.close)
        return _service
