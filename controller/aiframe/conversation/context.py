# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the parts of one call's loop share, and the plumbing they all use.

The loop (:mod:`~aiframe.conversation.handler`) is made of parts with one job each:
thinking and settling turns (:mod:`~aiframe.conversation.thinking`), speaking and marks
(:mod:`~aiframe.conversation.speaking`), barge-in (:mod:`~aiframe.conversation.barging`),
call control (:mod:`~aiframe.conversation.control`) and the keypad
(:mod:`~aiframe.conversation.keypad`). They all run in the call's actor and share one
:class:`LoopContext`: the call, its conversation, the settings, the record, the turn in
flight, and the way work and timers go through the call's mailbox.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from structlog.typing import FilteringBoundLogger

from aiframe.brain.orchestration import Conversation
from aiframe.conversation.audit import CallAudit
from aiframe.conversation.listener import Listener
from aiframe.conversation.messages import JobFailed
from aiframe.conversation.record import CallRecord
from aiframe.conversation.recorder import ConversationRecorder
from aiframe.conversation.settings import ConversationSettings
from aiframe.conversation.speech import SpeechPort
from aiframe.conversation.timedbrain import TimedBrain
from aiframe.conversation.turns import ActiveTurn
from aiframe.errors import CallError
from aiframe.runtime.handler import Call
from aiframe.runtime.hubseam import HubSeam, Submitter
from aiframe.runtime.lifecycle import CallPhase
from aiframe.runtime.messages import CallMessage
from aiframe.store.writer import Ticket

__all__ = ["NO_INPUT", "LoopContext"]

NO_INPUT = "conv.no_input"


class LoopContext:
    """One call's loop state that more than one part reads or writes."""

    def __init__(
        self,
        conversation: Conversation,
        speech: SpeechPort,
        settings: ConversationSettings,
        *,
        brain_pool: Submitter,
        timing: TimedBrain | None,
        audit: CallAudit | None,
        recorder: ConversationRecorder | None,
        durable_wait_s: float,
        log: FilteringBoundLogger,
    ) -> None:
        self.conv = conversation
        self.speech = speech
        self.s = settings
        self.brain_pool = brain_pool
        self.timing = timing
        self.audit = audit
        self.recorder = recorder
        self.durable_wait_s = durable_wait_s
        self.durable: Ticket | None = None  # the last committed turn's store write
        self.log = log
        self.record = CallRecord(uuid="", conversation_id=conversation.conversation_id)
        self.turn: ActiveTurn | None = None
        self.playing = False  # the switch is playing our audio
        self.rate = 16000
        self.last_gap_ms: int | None = None
        self.changed = 0  # gate decisions that were not a plain allow
        self._call: Call | None = None
        self._listener: Listener | None = None
        self._bridge: HubSeam | None = None
        self._timers: dict[str, int] = {}

    def attach(self, call: Call, listener: Listener, bridge: HubSeam) -> None:
        self._call = call
        self._listener = listener
        self._bridge = bridge
        self.rate = call.info.rate

    @property
    def call(self) -> Call:
        if self._call is None:
            raise CallError("the conversation has not started")
        return self._call

    @property
    def listener(self) -> Listener:
        if self._listener is None:
            raise CallError("the conversation has not started")
        return self._listener

    @property
    def bridge(self) -> HubSeam:
        if self._bridge is None:
            raise CallError("the conversation has not started")
        return self._bridge

    def close(self) -> None:
        if self._bridge is not None:
            self._bridge.close()

    # ---- work and timers through the mailbox -------------------------------------

    def post(self, msg: CallMessage) -> None:
        """From a worker thread: queue ``msg`` for the call, via the hub."""
        bridge, call = self._bridge, self._call
        if bridge is not None and call is not None:
            bridge.call_soon(lambda: self.deliver(call, msg))

    @staticmethod
    def deliver(call: Call, msg: CallMessage) -> None:
        call.deliver(msg)

    def job(self, pool: Submitter, what: str, work: Callable[[], CallMessage | None]) -> None:
        """Run ``work`` in ``pool``; what it returns is posted to the call."""

        def done(f: Future[CallMessage | None]) -> None:
            if f.cancelled():
                return
            e = f.exception()
            if e is not None:
                self.deliver(self.call, JobFailed(what, e))
                return
            msg = f.result()
            if msg is not None:
                self.deliver(self.call, msg)

        self.bridge.submit(pool, work, done)

    def timer(self, name: str, seconds: float) -> None:
        self.cancel_timer(name)
        self._timers[name] = self.call.start_timer(name, max(0.001, seconds))

    def cancel_timer(self, name: str) -> None:
        token = self._timers.pop(name, None)
        if token is not None:
            self.call.cancel_timer(token)

    def timer_fired(self, name: str, token: int) -> bool:
        """Whether timer ``name`` fired as it stands (not cancelled or replaced)."""
        if self._timers.get(name) != token:
            return False
        del self._timers[name]
        return True

    # ---- the call's state and status ----------------------------------------------

    def enter(self, state: CallPhase, why: str) -> None:
        if self.call.state not in (CallPhase.TRANSFERRING, CallPhase.ENDED):
            self.call.enter(state, why)

    def status(self, text: str) -> None:
        """What `aiframe status` and `aiframe top` show: doing what, in which step, the
        last response gap, how many gate decisions changed something, the conversation."""
        gap = f" gap={self.last_gap_ms}ms" if self.last_gap_ms is not None else ""
        self.call.set_status(
            f"{text} step={self.conv.state.step}{gap} dec={self.changed}"
            f" conv={self.conv.conversation_id}"
        )

    def saved(self) -> None:
        """The committed state changed outside a turn: snapshot it."""
        if self.recorder is not None:
            self.durable = self.recorder.saved(self.conv.state)

    def busy(self) -> bool:
        """An AI turn is in flight (thinking or speaking)."""
        t = self.turn
        return t is not None and not t.settled and not t.cancelled
