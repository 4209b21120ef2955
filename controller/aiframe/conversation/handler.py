# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The conversation loop of one call, as the call's actor runs it.

The loop is a hub over parts with one job each, all sharing one
:class:`~aiframe.conversation.context.LoopContext`:

- listening (:mod:`~aiframe.conversation.listener`): the media lane's VAD and energy
  edges (the loop never sees the audio frames; see ``listening``), pauses, smart-turn
  and speculative ASR make each caller utterance into a transcript and an end of turn; the
  listener calls this loop back (``speech_started``, ``case_decided``, ``heard``,
  ``forgot``) and runs its jobs and timers through it;
- thinking (:mod:`~aiframe.conversation.turnrunner`): the transcript goes to the
  conversation (brain, gate, tools) in the brain pool; every gated output comes back as
  soon as it is decided, and the turn settles once it has been heard;
- speaking (:mod:`~aiframe.conversation.speaking`): each sentence synthesized as it
  arrives and said with its own playout mark; the marks say what was really heard;
- barge-in (:mod:`~aiframe.conversation.barging`): the switch flushes the AI's audio
  at once; the caller took the turn (cancel brain and TTS, keep only what was heard) or
  it was a backchannel or noise (resume where it stopped);
- the keypad (:mod:`~aiframe.conversation.keypad`): DTMF digits as input, a lone ``0``
  asks for a person; call control (:mod:`~aiframe.conversation.control`): transfer or
  hang up once the sentences before it have been heard;
- timers, here: no-input reprompts and the maximum call length.

Messages reach their part through one table (message type to method), and timers
through another (timer name to method).

Nothing here blocks: every engine and the brain run on worker threads and their
results come back through the call's mailbox (:mod:`~aiframe.runtime.hubseam`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiframe.brain.orchestration import Conversation
from aiframe.conversation.audit import CallAudit
from aiframe.conversation.barging import DECIDE, NOISE, Barging
from aiframe.conversation.context import NO_INPUT, LoopContext
from aiframe.conversation.control import Transfers
from aiframe.conversation.keypad import DTMF, Keypad
from aiframe.conversation.listener import TIMERS as LISTENER_TIMERS
from aiframe.conversation.listener import CallerUtterance, Listener, listening_for
from aiframe.conversation.messages import AsrOut, BrainOut, JobFailed, TtsOut, TurnGuessOut
from aiframe.conversation.record import CallRecord, TurnInputKind, TurnRecord
from aiframe.conversation.recorder import ConversationRecorder
from aiframe.conversation.resume import Resumption, last_question
from aiframe.conversation.settings import ConversationSettings
from aiframe.conversation.speaking import Speaking
from aiframe.conversation.speech import SpeechPort
from aiframe.conversation.timedbrain import TimedBrain
from aiframe.conversation.turnrunner import TurnRunner, TurnStart
from aiframe.errors import CallError
from aiframe.logs import get_logger
from aiframe.media.arena import PCM, now_ns
from aiframe.runtime.handler import Call, CallInfo
from aiframe.runtime.handoff import HandoffOutcome
from aiframe.runtime.hubseam import HubSeam, Submitter
from aiframe.runtime.listening import Listening
from aiframe.runtime.messages import (
    BargeIn,
    CallMessage,
    ControlResult,
    Dtmf,
    EarlyPause,
    ListeningFailed,
    LoudAgain,
    MarkSettled,
    SpeakingFinished,
    TimerFired,
    VoiceActivity,
)

__all__ = ["ConversationHandler"]

log = get_logger("conversation")

_MAX_CALL = "conv.max_call"


class ConversationHandler:
    """A :class:`~aiframe.runtime.handler.CallHandler` that holds a conversation."""

    def __init__(
        self,
        conversation: Conversation,
        speech: SpeechPort,
        *,
        brain_pool: Submitter,
        settings: ConversationSettings | None = None,
        timing: TimedBrain | None = None,
        audit: CallAudit | None = None,
        recorder: ConversationRecorder | None = None,
        resume: Resumption | None = None,
        durable_wait_s: float = 2.0,
    ) -> None:
        self.conv = conversation
        self.resume = resume or Resumption("start")
        self.ctx = ctx = LoopContext(
            conversation,
            speech,
            settings or ConversationSettings(),
            brain_pool=brain_pool,
            timing=timing,
            audit=audit,
            recorder=recorder,
            durable_wait_s=durable_wait_s,
            log=log.bind(conversation_id=conversation.conversation_id),
        )
        self.speaking = Speaking(ctx, settle=self._settle)
        self.barging = Barging(ctx, settle=self._settle)
        self.control = Transfers(ctx, say=self._say_composed)
        self.turns = TurnRunner(ctx, self.speaking, self.control)
        self.keypad = Keypad(ctx, self.turns, self.barging)
        self._ended = False
        self._listening: Listening | None = None
        self._on: dict[type[CallMessage], Callable[[Any], None]] = {
            VoiceActivity: self._on_voice,
            EarlyPause: self._on_early_pause,
            LoudAgain: self._on_loud_again,
            ListeningFailed: _listening_failed,
            TurnGuessOut: self._on_guess,
            AsrOut: self._on_asr,
            BrainOut: self.turns.on_brain,
            TtsOut: self.speaking.on_tts,
            MarkSettled: self.speaking.on_mark,
            SpeakingFinished: self.speaking.on_speaking_finished,
            BargeIn: self.barging.on_barge_in,
            Dtmf: self.keypad.on_dtmf,
            TimerFired: self._on_timer,
            ControlResult: self.control.on_result,
            JobFailed: _job_failed,
        }
        self._timer_actions: dict[str, Callable[[], None]] = {
            NOISE: self.barging.noise_deadline,
            DECIDE: self.barging.decide_deadline,
            NO_INPUT: self._no_input,
            DTMF: self.keypad.digits_done,
            _MAX_CALL: self._closing,
        }

    # ---- what the rest of the product reads -------------------------------------------

    @property
    def audit(self) -> CallAudit | None:
        return self.ctx.audit

    @property
    def recorder(self) -> ConversationRecorder | None:
        return self.ctx.recorder

    @property
    def record(self) -> CallRecord:
        return self.ctx.record

    @property
    def call(self) -> Call:
        return self.ctx.call

    @property
    def listener(self) -> Listener:
        return self.ctx.listener

    # ---- the hooks -------------------------------------------------------------

    def listening(self, info: CallInfo) -> Listening:
        """The media lane keeps this call's audio log, runs its VAD, watches its energy."""
        ctx = self.ctx
        self._listening = listening_for(ctx.speech, ctx.s.endpoint, info.rate)
        return self._listening

    def on_start(self, call: Call) -> None:
        ctx = self.ctx
        rate = call.info.rate
        listener = Listener(self, ctx.speech, ctx.s.endpoint, ctx.record, rate, self._listening)
        ctx.attach(call, listener, HubSeam())
        ctx.record.uuid = call.info.uuid
        ctx.record.started_ns = now_ns()
        ctx.log = ctx.log.bind(uuid=call.info.uuid)
        ctx.timer(_MAX_CALL, ctx.s.max_call_s)
        if ctx.recorder is not None:
            ctx.durable = ctx.recorder.attached(self.conv.state, self.conv.policy_version)
        how = self.resume.how
        if how in ("start", "handoff"):
            # A new agent greets in its own words, whoever had the call before.
            self.turns.start(TurnStart("start", record=TurnRecord(index=0, input="start")))
        elif how == "returned":
            self._say_composed("resume", ctx.s.welcome_back_utterance)
        else:
            again = last_question(self.conv.state)
            lead = ctx.s.resume_utterance if how == "reattached" else ""
            text = f"{lead} {again}".strip()
            if text:
                self._say_composed("resume", text)
            else:
                self.turns.listen_for_input()
        ctx.log.info("conversation attached", how=how, turn=self.conv.state.turn)

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        """Never called: the media lane listens for this handler (``listening``)."""

    def on_message(self, call: Call, msg: CallMessage) -> None:
        if self._ended:
            return
        handle = self._on.get(type(msg))
        if handle is not None:
            handle(msg)

    def on_end(self, call: Call, reason: str) -> None:
        self._ended = True
        ctx = self.ctx
        t = ctx.turn
        if t is not None and not t.settled:
            t.cancel(now_ns())
            if t.done is not None:
                self.turns.commit(t)
        ctx.close()
        ctx.record.ended_ns = now_ns()
        ctx.record.end_reason = reason
        if ctx.recorder is not None:
            ctx.recorder.detached(reason, self.conv.state, call_ended=reason.startswith("hangup"))
        self.conv.close()
        ctx.log.info("conversation ended", reason=reason, turns=len(ctx.record.turns))

    def on_handoff_outcome(self, outcome: HandoffOutcome) -> None:
        """What the switch did with the caller after the AI handed the call off."""
        self.control.on_outcome(outcome)

    # ---- the listener's host -------------------------------------------------------

    def job(self, pool: Submitter, what: str, work: Callable[[], CallMessage | None]) -> None:
        """Run ``work`` in ``pool``; what it returns is posted to the call."""
        self.ctx.job(pool, what, work)

    def timer(self, name: str, seconds: float) -> None:
        self.ctx.timer(name, seconds)

    def cancel_timer(self, name: str) -> None:
        self.ctx.cancel_timer(name)

    def speech_started(self, utt: CallerUtterance) -> None:
        self.ctx.cancel_timer(NO_INPUT)
        self.barging.speech(utt)

    def case_decided(self, utt: CallerUtterance) -> None:
        self.barging.decided(utt)

    def heard(self, utt: CallerUtterance, text: str, record: TurnRecord) -> None:
        self.turns.begin(TurnStart("speech", text, record))

    def forgot(self, utt: CallerUtterance) -> None:
        if self.ctx.turn is None and self.listener.idle:
            self.turns.listen_for_input()

    # ---- messages and timers ---------------------------------------------------------

    def _on_voice(self, msg: VoiceActivity) -> None:
        self.listener.on_voice(msg)

    def _on_early_pause(self, msg: EarlyPause) -> None:
        self.listener.on_early_pause(msg)

    def _on_loud_again(self, msg: LoudAgain) -> None:
        self.listener.on_loud_again(msg)

    def _on_guess(self, msg: TurnGuessOut) -> None:
        self.listener.on_guess(msg)

    def _on_asr(self, msg: AsrOut) -> None:
        self.listener.on_asr(msg)

    def _on_timer(self, msg: TimerFired) -> None:
        if not self.ctx.timer_fired(msg.name, msg.token):
            return  # cancelled or replaced
        if msg.name in LISTENER_TIMERS:
            self.listener.on_timer(msg.name)
            return
        action = self._timer_actions.get(msg.name)
        if action is not None:
            action()

    def _no_input(self) -> None:
        if self.ctx.turn is None and self.listener.idle:
            self.turns.begin(TurnStart("no_input"))

    def _closing(self) -> None:
        """The call reached its maximum length: say so, then hang up."""
        t = self.ctx.turn
        if t is not None and not t.settled:
            self.turns.queued = None
            self.barging.interrupt(t, now_ns(), soft=True)
        self._say_composed("closing", self.ctx.s.closing_utterance, control=True)

    # ---- between the parts ------------------------------------------------------------

    def _settle(self) -> None:
        self.turns.maybe_settle()

    def _say_composed(self, kind: TurnInputKind, text: str, control: bool = False) -> None:
        self.turns.say_composed(kind, text, control)


def _listening_failed(msg: ListeningFailed) -> None:
    raise CallError(f"listening ({msg.what}) failed: {type(msg.error).__name__}: {msg.error}")


def _job_failed(msg: JobFailed) -> None:
    raise CallError(f"{msg.what} failed: {type(msg.error).__name__}: {msg.error}")
