# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The conversation loop of one call, as the call's actor runs it.

Listening (:mod:`~aiframe.conversation.listener`): VAD edges, pauses, smart-turn and
speculative ASR make each caller utterance into a transcript and an end of turn; the
listener calls this loop back (``speech_started``, ``case_decided``, ``heard``,
``forgot``) and runs its jobs and timers through it.

Thinking: the transcript goes to the conversation (brain, gate, tools) in the brain
pool; every gated sentence comes back as soon as it is decided.

Speaking: each sentence is synthesized in the speech pool as it arrives (one at a time
per call, in order) and said with its own playout mark, so the first sentence plays
while the brain and TTS are still on the rest. The marks say what was really heard.

Barge-in: the switch flushes the AI's audio at once; :mod:`~aiframe.conversation.bargein`
decides from VAD and ASR whether the caller took the turn (cancel brain and TTS, keep
only what was heard) or it was a backchannel or noise (resume where it stopped).

Also here: DTMF digits as input (a lone ``0`` asks for a person through the gated
call-control tool), no-input reprompts, the maximum call length, and call control
(transfer, hang up) once the sentences before it have been heard.

Nothing here blocks: every engine and the brain run on worker threads and their
results come back through the call's mailbox (:mod:`~aiframe.conversation.bridge`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

import numpy as np

from aiframe.brain.conversation import (
    ControlAction,
    Conversation,
    Speak,
    TurnDone,
    TurnOutput,
    TurnRun,
)
from aiframe.brain.state import AgentEntry, CallerEntry, StateDelta, ToolEntry
from aiframe.conversation.audit import CallAudit
from aiframe.conversation.bargein import BargeCase
from aiframe.conversation.handoff import HANDOFF_EVENT, handoff
from aiframe.conversation.listener import TIMERS as LISTENER_TIMERS
from aiframe.conversation.listener import Listener, Utterance
from aiframe.conversation.messages import AsrOut, BrainOut, JobFailed, TtsOut, TurnGuessOut, VadOut
from aiframe.conversation.prompts import first_clause
from aiframe.conversation.record import (
    BargeRecord,
    CallRecord,
    SaidRecord,
    TurnInputKind,
    TurnRecord,
)
from aiframe.conversation.recorder import ConversationRecorder
from aiframe.conversation.resume import Resumption, last_question
from aiframe.conversation.settings import ConversationSettings
from aiframe.conversation.speech import SpeechPort
from aiframe.conversation.timedbrain import TimedBrain
from aiframe.conversation.tracing import turn_span
from aiframe.conversation.turns import ActiveTurn, Piece, Sentence
from aiframe.errors import CallError
from aiframe.logs import get_logger
from aiframe.media.arena import PCM, MarkResult, now_ns
from aiframe.metrics import BARGE_INS, RESPONSE_GAP, STAGE, TOOL_CALLS, TURNS
from aiframe.policy.schema import Action
from aiframe.runtime.handler import Call
from aiframe.runtime.handoff import HandoffOutcome
from aiframe.runtime.hubseam import HubSeam as HubBridge
from aiframe.runtime.hubseam import Submitter
from aiframe.runtime.lifecycle import CallState
from aiframe.runtime.messages import (
    BargeIn,
    CallMessage,
    ControlResult,
    Dtmf,
    MarkSettled,
    SpeakingFinished,
    TimerFired,
)
from aiframe.store.writer import Ticket

__all__ = ["ConversationHandler"]

log = get_logger("conversation")

_NOISE = "conv.barge_noise"
_DECIDE = "conv.barge_decide"
_NO_INPUT = "conv.no_input"
_MAX_CALL = "conv.max_call"
_DTMF = "conv.dtmf"


@dataclass(slots=True)
class _Input:
    """What starts the next turn, once the current one has settled."""

    kind: TurnInputKind
    text: str = ""
    record: TurnRecord | None = None
    outputs: list[TurnOutput] = field(default_factory=list)


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
        self.audit = audit
        self.recorder = recorder
        self.resume = resume or Resumption("start")
        self.durable_wait_s = durable_wait_s
        self._durable: Ticket | None = None
        self.speech = speech
        self.brain_pool = brain_pool
        self.s = settings or ConversationSettings()
        self.timing = timing
        self.record = CallRecord(uuid="", conversation_id=conversation.conversation_id)
        self.turn: ActiveTurn | None = None
        self._call: Call | None = None
        self._listener: Listener | None = None
        self._bridge: HubBridge | None = None
        self._rate = 16000
        self._ids = itertools.count(1)
        self._turns = itertools.count(conversation.state.turn + 1)
        self._case: BargeCase | None = None
        self._case_record: BargeRecord | None = None
        self._case_utt: int | None = None
        self._timers: dict[str, int] = {}
        self._queued: _Input | None = None
        self._playing = False
        self._digits = ""
        self._ended = False
        self._heard_disclosures: set[str] = set()
        self._last_gap_ms: int | None = None
        self._changed = 0  # gate decisions that were not a plain allow
        self.log = log.bind(conversation_id=conversation.conversation_id)

    # ---- the hooks -------------------------------------------------------------

    def on_start(self, call: Call) -> None:
        self._call = call
        self._rate = call.info.rate
        self._listener = Listener(self, self.speech, self.s.endpoint, self.record, self._rate)
        self._bridge = HubBridge()
        self.record.uuid = call.info.uuid
        self.record.started_ns = now_ns()
        self.log = self.log.bind(uuid=call.info.uuid)
        self.timer(_MAX_CALL, self.s.max_call_s)
        if self.recorder is not None:
            self._durable = self.recorder.attached(self.conv.state, self.conv.policy_version)
        how = self.resume.how
        if how in ("start", "handoff"):
            # A new agent greets in its own words, whoever had the call before.
            self._start(_Input("start", record=TurnRecord(index=0, input="start")))
        elif how == "returned":
            self._say_composed("resume", self.s.welcome_back_utterance)
        else:
            again = last_question(self.conv.state)
            lead = self.s.resume_utterance if how == "reattached" else ""
            text = f"{lead} {again}".strip()
            if text:
                self._say_composed("resume", text)
            else:
                self._listen_for_input()
        self.log.info("conversation attached", how=how, turn=self.conv.state.turn)

    def on_audio(self, call: Call, pcm: PCM, at_ns: int) -> None:
        self.listener.on_audio(pcm, at_ns)

    def on_message(self, call: Call, msg: CallMessage) -> None:
        if self._ended:
            return
        if isinstance(msg, VadOut):
            self.listener.on_vad(msg)
        elif isinstance(msg, TurnGuessOut):
            self.listener.on_guess(msg)
        elif isinstance(msg, AsrOut):
            self.listener.on_asr(msg)
        elif isinstance(msg, BrainOut):
            self._on_brain(msg)
        elif isinstance(msg, TtsOut):
            self._on_tts(msg)
        elif isinstance(msg, MarkSettled):
            self._on_mark(msg)
        elif isinstance(msg, SpeakingFinished):
            self._on_speaking_finished()
        elif isinstance(msg, BargeIn):
            self._on_barge_in(msg)
        elif isinstance(msg, Dtmf):
            self._on_dtmf(msg)
        elif isinstance(msg, TimerFired):
            self._on_timer(msg)
        elif isinstance(msg, ControlResult):
            self._on_control_result(msg)
        elif isinstance(msg, JobFailed):
            raise CallError(f"{msg.what} failed: {type(msg.error).__name__}: {msg.error}")

    def on_end(self, call: Call, reason: str) -> None:
        self._ended = True
        t = self.turn
        if t is not None and not t.settled:
            t.cancel(now_ns())
            if t.done is not None:
                self._commit(t)
        if self._bridge is not None:
            self._bridge.close()
        self.record.ended_ns = now_ns()
        self.record.end_reason = reason
        if self.recorder is not None:
            self.recorder.detached(reason, self.conv.state, call_ended=reason.startswith("hangup"))
        self.conv.close()
        self.log.info("conversation ended", reason=reason, turns=len(self.record.turns))

    def on_handoff_outcome(self, outcome: HandoffOutcome) -> None:
        """What the switch did with the caller after the AI handed the call off."""
        line = outcome.describe()
        log_at = self.log.warning if outcome.failed else self.log.info
        log_at("after the transfer", outcome=line, cause=outcome.cause or None)
        if self.recorder is None:
            return
        self.recorder.event(
            "transfer_outcome",
            {
                "kind": outcome.kind,
                "destination": outcome.destination,
                "after_s": round(outcome.after_s, 3),
                "reached": outcome.reached,
                "cause": outcome.cause,
            },
        )
        if outcome.kind == "hangup":
            self.recorder.call_ended(line)

    # ---- plumbing ----------------------------------------------------------------

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

    def _post(self, msg: CallMessage) -> None:
        """From a worker thread: queue ``msg`` for the call, via the hub."""
        bridge, call = self._bridge, self._call
        if bridge is not None and call is not None:
            bridge.call_soon(lambda: self._deliver(call, msg))

    @staticmethod
    def _deliver(call: Call, msg: CallMessage) -> None:
        call.deliver(msg)

    def job(self, pool: Submitter, what: str, work: Callable[[], CallMessage | None]) -> None:
        """Run ``work`` in ``pool``; what it returns is posted to the call."""

        def done(f: Future[CallMessage | None]) -> None:
            if f.cancelled():
                return
            e = f.exception()
            if e is not None:
                self._deliver(self.call, JobFailed(what, e))
                return
            msg = f.result()
            if msg is not None:
                self._deliver(self.call, msg)

        assert self._bridge is not None
        self._bridge.submit(pool, work, done)

    def timer(self, name: str, seconds: float) -> None:
        self.cancel_timer(name)
        self._timers[name] = self.call.start_timer(name, max(0.001, seconds))

    def cancel_timer(self, name: str) -> None:
        token = self._timers.pop(name, None)
        if token is not None:
            self.call.cancel_timer(token)

    def _enter(self, state: CallState, why: str) -> None:
        if self.call.state not in (CallState.TRANSFERRING, CallState.ENDED):
            self.call.enter(state, why)

    def _now_ms(self) -> float:
        return self.listener.now_ms()

    def _status(self, text: str) -> None:
        """What `aiframe status` and `aiframe top` show: doing what, in which step, the
        last response gap, how many gate decisions changed something, the conversation."""
        gap = f" gap={self._last_gap_ms}ms" if self._last_gap_ms is not None else ""
        self.call.set_status(
            f"{text} step={self.conv.state.step}{gap} dec={self._changed}"
            f" conv={self.conv.conversation_id}"
        )

    # ---- what the listener tells us ------------------------------------------------------

    def speech_started(self, utt: Utterance) -> None:
        self.cancel_timer(_NO_INPUT)
        self._barge_speech(utt)

    def case_decided(self, utt: Utterance) -> None:
        self._decided(utt)

    def heard(self, utt: Utterance, text: str, record: TurnRecord) -> None:
        self._begin(_Input("speech", text, record))

    def forgot(self, utt: Utterance) -> None:
        if self.turn is None and self.listener.idle:
            self._listen_for_input()

    # ---- barge-in ------------------------------------------------------------------

    def _busy(self) -> bool:
        """An AI turn is in flight (thinking or speaking)."""
        return self.turn is not None and not self.turn.settled and not self.turn.cancelled

    def _barge_speech(self, utt: Utterance) -> None:
        """The caller started speaking (again): judge it if the AI is busy."""
        if not self._busy():
            return
        case = self._case
        if case is None or case.decided is not None:
            case = self._open_case(soft=True, at_ns=now_ns(), dropped=0)
        case.speech_started(utt.start_ms)
        utt.case = case
        self._case_utt = utt.id
        self.listener.watch_speech(utt)

    def _open_case(self, *, soft: bool, at_ns: int, dropped: int) -> BargeCase:
        case = BargeCase(self.s.barge_in, self._now_ms(), soft=soft)
        self._case = case
        self._case_utt = None
        t = self.turn
        rec = BargeRecord(
            at_ns=at_ns,
            soft=soft,
            dropped_ms=round(dropped * 1000 / self._rate, 1),
            turn=t.record.index if t is not None else None,
        )
        self._case_record = rec
        self.record.barge_ins.append(rec)
        return case

    def _on_barge_in(self, msg: BargeIn) -> None:
        t = self.turn
        if t is None or t.settled or t.cancelled:
            self.call.confirm_barge_in()  # nothing of ours to resume
            return
        t.hold(msg.at_ns)
        case = self._open_case(soft=False, at_ns=msg.at_ns, dropped=msg.dropped_samples)
        self._status("barge-in: listening")
        utt = self.listener.current
        if utt is not None:
            case.speech_started(utt.start_ms)
            utt.case = case
            self._case_utt = utt.id
            self.listener.watch_speech(utt)
        self.timer(_NOISE, self.s.barge_in.noise_window_ms / 1000)
        self.timer(_DECIDE, self.s.barge_in.decide_ms / 1000)

    def _decided(self, utt: Utterance | None) -> None:
        """Act on the open case's verdict."""
        case, rec = self._case, self._case_record
        if case is None or case.decided is None or rec is None or rec.verdict:
            return
        rec.verdict, rec.why, rec.decided_ns = case.decided, case.why, now_ns()
        self.cancel_timer(_NOISE)
        self.cancel_timer(_DECIDE)
        self.listener.stop_watching()
        t = self.turn
        self.log.info("barge-in decided", verdict=case.decided, why=case.why, soft=case.soft)
        BARGE_INS.labels(case.decided).inc()
        if self.recorder is not None:
            self.recorder.event(
                "barge_in",
                {
                    "verdict": case.decided,
                    "why": case.why,
                    "soft": case.soft,
                    "dropped_ms": rec.dropped_ms,
                    "turn": rec.turn,
                },
            )
        if case.decided == "confirm":
            if utt is not None:
                utt.case = None
            if t is not None and not t.settled:
                self._interrupt(t, rec.at_ns, soft=case.soft)
        else:
            if utt is not None:
                utt.ignored = True
            if t is not None and not t.settled and not case.soft:
                t.resume(now_ns())
                self.call.resume_speaking()
                self._status(f"speaking turn {t.record.index} (resumed)")
        self._case = None

    def _interrupt(self, t: ActiveTurn, at_ns: int, *, soft: bool) -> None:
        """The caller took the turn: drop what is queued, stop the brain and TTS."""
        t.record.interrupted = True
        t.cancel(at_ns)
        if soft:
            self.call.stop_speaking()
        else:
            self.call.confirm_barge_in()
        self._playing = False
        self._status("listening (barge-in)")
        self._maybe_settle()

    # ---- thinking ------------------------------------------------------------------

    def _begin(self, inp: _Input) -> None:
        """Start a turn now, or once the one in flight has settled."""
        if self.turn is not None and not self.turn.settled:
            self._queued = inp
            return
        if self.conv.state.status != "open":
            self.log.info("input after the conversation closed; ignored", kind=inp.kind)
            return
        self._start(inp)

    def _start(self, inp: _Input) -> None:
        rec = inp.record or TurnRecord(index=0, input=inp.kind, heard=inp.text)
        rec.index = next(self._turns)
        rec.brain_start_ns = now_ns()
        self.record.turns.append(rec)
        self.cancel_timer(_NO_INPUT)
        tid = next(self._ids)
        if inp.kind in ("start", "speech", "dtmf", "no_input"):
            if inp.kind == "start":
                run = self.conv.open()
            elif inp.kind == "no_input":
                run = self.conv.silence()
            else:
                run = self.conv.hear(inp.text)
            turn = ActiveTurn(tid, rec, run=run)
            self.turn = turn
            self._enter(CallState.THINKING, f"turn {rec.index}")
            self._status(f"thinking turn {rec.index}")
            self._run_brain(turn, run)
            return
        # A turn the loop composes itself (operator key, closing): already decided.
        turn = ActiveTurn(tid, rec)
        self.turn = turn
        at = now_ns()
        for out in inp.outputs:
            self._on_brain(BrainOut(tid, out, at))

    def _run_brain(self, turn: ActiveTurn, run: TurnRun) -> None:
        post, tid = self._post, turn.id
        durable, wait_s, log_ = self._durable, self.durable_wait_s, self.log

        def work() -> None:
            # The last committed turn is on disk before this one can act (tools,
            # words): a crash now loses at most this turn, never the one before.
            if durable is not None and not durable.wait(wait_s):
                log_.warning("the last turn is not durable yet; going on", wait_s=wait_s)
            for out in run:
                post(BrainOut(tid, out, now_ns()))

        def done(f: Future[None]) -> None:
            e = f.exception()
            if e is not None:
                self._deliver(self.call, JobFailed("the brain's turn", e))

        assert self._bridge is not None
        self._bridge.submit(self.brain_pool, work, done)

    def _on_brain(self, msg: BrainOut) -> None:
        t = self.turn
        if t is None or msg.turn != t.id or t.settled:
            return
        out = msg.output
        rec = t.record
        if isinstance(out, Speak):
            if rec.gate_pass_ns is None:
                rec.gate_pass_ns = msg.at_ns
            d = out.decision
            replaced = d is not None and d.kind == "sentence" and not d.allowed
            said = SaidRecord(
                text=out.text,
                disclosure=out.disclosure,
                holding=out.holding,
                action=d.action.value if d is not None else Action.ALLOW.value,
                rules=d.rules if d is not None else (),
                proposed=self.audit.proposal(d) if replaced and self.audit and d else None,
            )
            rec.said.append(said)
            s = Sentence(len(t.sentences), said)
            t.sentences.append(s)
            if t.cancelled:
                s.dropped = True
            self._synthesize(t)
        elif isinstance(out, ControlAction):
            t.control = out
        elif isinstance(out, TurnDone):
            t.done = out
            rec.outcome = out.reason
            rec.error = out.error
            if self.timing is not None:
                rec.brain_first_text_ns = self.timing.first_text_ns()
            if not t.sentences:
                self._enter(CallState.LISTENING, "nothing to say")
            self._say_ready(t)
            self._maybe_settle()

    # ---- speaking ------------------------------------------------------------------

    def _synthesize(self, t: ActiveTurn) -> None:
        s = t.pending_synthesis()
        if s is None:
            return
        t.synthesizing = s
        rate, cancel, speech = self._rate, s.cancel, self.speech
        post, tid, idx = self._post, t.id, s.index
        parts = first_clause(s.said.text) if s.index == 0 else [s.said.text]

        def work() -> CallMessage:
            for part in parts:
                for spoken in speech.synthesize(part, rate, cancel):
                    post(TtsOut(tid, idx, spoken, False, now_ns()))
            return TtsOut(tid, idx, None, True, now_ns())

        self.job(self.speech.pool, "TTS", work)

    def _on_tts(self, msg: TtsOut) -> None:
        t = self.turn
        if t is None or msg.turn != t.id:
            return
        s = t.sentences[msg.sentence]
        if msg.last:
            s.synthesized = True
            if t.synthesizing is s:
                t.synthesizing = None
        if t.cancelled or s.dropped:
            self._maybe_settle()
            return
        if msg.spoken is not None and len(msg.spoken.pcm):
            if t.record.tts_first_audio_ns is None:
                t.record.tts_first_audio_ns = msg.at_ns
            pcm = msg.spoken.pcm
            if s.index == 0 and not s.pieces and not s.ready:
                pcm = _trim_lead(pcm, self._rate)
            if s.index > 0 and not s.pieces and not s.ready and self.s.sentence_gap_ms:
                gap = np.zeros(self._rate * self.s.sentence_gap_ms // 1000, dtype=np.int16)
                pcm = np.concatenate([gap, pcm])
            s.ready.append(pcm)
            if self.s.pipeline_tts:
                self._say(t, s)
        if msg.last:
            self._synthesize(t)
            self._say_ready(t)
        self._maybe_settle()

    def _say_ready(self, t: ActiveTurn) -> None:
        """Without pipelining: say the whole turn once all of it is synthesized."""
        if self.s.pipeline_tts or t.done is None or t.cancelled:
            return
        if all(s.synthesized or s.dropped for s in t.sentences):
            for s in t.sentences:
                self._say(t, s)

    def _say(self, t: ActiveTurn, s: Sentence) -> None:
        while s.ready:
            pcm = s.ready.popleft()
            if self.call.state is CallState.TRANSFERRING:
                continue
            mark = self.call.say(pcm)
            s.pieces.append(Piece(mark, len(pcm)))
            self._playing = True
            self._status(f"speaking turn {t.record.index}")

    def _on_mark(self, msg: MarkSettled) -> None:
        t = self.turn
        if t is None:
            return
        if msg.result is MarkResult.PLAYED:
            piece = t.mark_played(msg.mark_id, msg.at_ns)
            if piece is not None and t.record.first_played_ns is None:
                t.record.first_played_ns = msg.at_ns
            self._disclosures_heard(t)

    def _on_speaking_finished(self) -> None:
        t = self.turn
        self._playing = False
        if t is None or t.held:
            return
        t.all_played()
        self._disclosures_heard(t)
        self._maybe_settle()

    def _disclosures_heard(self, t: ActiveTurn) -> None:
        for s in t.sentences:
            d = s.said.disclosure
            heard = bool(s.pieces) and all(p.full for p in s.pieces)
            if d and heard and d not in self._heard_disclosures:
                self._heard_disclosures.add(d)
                self.conv.heard(d)
                self._saved()

    def _saved(self) -> None:
        """The committed state changed outside a turn: snapshot it."""
        if self.recorder is not None:
            self._durable = self.recorder.saved(self.conv.state)

    # ---- settling a turn -----------------------------------------------------------

    def _maybe_settle(self) -> None:
        t = self.turn
        if t is None or t.settled or t.done is None:
            return
        if not t.cancelled and (not t.said_everything or self._playing or t.held):
            return
        self._commit(t)
        t.settled = True
        t.record.settled_ns = now_ns()
        self.turn = None
        self._status("listening")
        if not t.cancelled and t.control is not None:
            self._control(t, t.control)
            return
        if self._queued is not None:
            inp, self._queued = self._queued, None
            self._begin(inp)
            return
        if self.call.state is not CallState.TRANSFERRING:
            self._enter(CallState.LISTENING, "turn settled")
        self._listen_for_input()

    def _commit(self, t: ActiveTurn) -> None:
        delta = t.delta_as_heard(self._rate)
        if t.cancelled and delta.status is not None:
            # The caller spoke over the announcement: the transfer or goodbye is off.
            delta = replace(delta, status=None)
        state = self.conv.commit(delta)
        _count_turn(t.record, delta)
        turn_span(
            t.record,
            uuid=self.record.uuid,
            conversation_id=self.conv.conversation_id,
            turn=state.turn,
        )
        rec = t.record
        if rec.caller_end_ns is not None and rec.first_played_ns is not None:
            self._last_gap_ms = round((rec.first_played_ns - rec.caller_end_ns) / 1e6)
        self._changed += (
            sum(1 for d in t.done.decisions if d.action is not Action.ALLOW) if t.done else 0
        )
        if self.recorder is not None:
            self._durable = self.recorder.committed(t.record, delta, state)

    def _listen_for_input(self) -> None:
        if self.conv.state.status == "open" and self.turn is None:
            self.timer(_NO_INPUT, self.s.no_input_s)

    # ---- call control ----------------------------------------------------------------

    def _control(self, t: ActiveTurn, ctl: ControlAction) -> None:
        end = self.conv.gate.policy.pack.end_call
        is_hangup = end is not None and end.tool == ctl.tool
        entry: dict[str, object] = {"tool": ctl.tool, "args": dict(ctl.args), "rule": ctl.rule}
        try:
            if is_hangup:
                entry["request"] = self.call.hangup()
                entry["op"] = "hangup"
                t.record.control = "hangup"
            else:
                queue = str(ctl.args.get("queue", "")) or ctl.tool
                dest = self.s.transfer_destinations.get(queue, queue)
                if self.s.handoff_vars:
                    self._publish_handoff(dest, ctl)
                entry["request"] = self.call.transfer(dest)
                entry["op"] = "transfer"
                entry["destination"] = dest
                t.record.control = f"transfer {dest}"
        except CallError as e:
            entry["error"] = str(e)
            self.log.warning("call control unavailable", tool=ctl.tool, error=str(e))
        self.record.controls.append(entry)
        self._status(f"{entry.get('op', ctl.tool)}")
        if self.recorder is not None:
            self.recorder.event("call_control", {k: v for k, v in entry.items() if k != "request"})

    def _publish_handoff(self, destination: str, ctl: ControlAction) -> None:
        """What a person taking the call needs: on the channel, and as an event."""
        h = handoff(self.conv.state, self.recorder.redactor if self.recorder else None)
        for name, value in h.variables().items():
            self.call.set_var(name, value)
        self.call.publish(
            HANDOFF_EVENT,
            {**h.headers(), "aiframe-destination": destination, "aiframe-tool": ctl.tool},
        )

    def _on_control_result(self, msg: ControlResult) -> None:
        for c in self.record.controls:
            if c.get("request") == msg.request_id:
                c["ok"], c["detail"] = msg.ok, msg.detail
        if msg.op == "transfer" and not msg.ok and self.conv.state.status == "transferred":
            self.conv.commit(StateDelta(status="open"))
            self._saved()
            self._say_composed("retry", self.s.transfer_failed_utterance)

    def _say_composed(self, kind: TurnInputKind, text: str, control: bool = False) -> None:
        """A turn the loop speaks itself: the text still goes through the gate."""
        gate, conv = self.conv.gate, self.conv
        d = gate.sentence(conv.state.gate_state(gate.version, frozenset()), text)
        outs: list[TurnOutput] = [Speak(u.text, u.disclosure, decision=d) for u in d.utterances]
        entries = tuple(AgentEntry(text=u.text) for u in d.utterances if u.text)
        delta = StateDelta(entries=entries, new_turn=True)
        end = gate.policy.pack.end_call
        if control and end is not None:
            outs.append(ControlAction(end.tool, dict(end.args), "ended", "conversation/max-call"))
            delta = StateDelta(entries=entries, new_turn=True, status="ended")
        outs.append(TurnDone("done", delta, decisions=(d,)))
        self._begin(_Input(kind, text, outputs=outs))

    # ---- keys and timers -------------------------------------------------------------

    def _on_dtmf(self, msg: Dtmf) -> None:
        self.record.dtmf.append((now_ns(), msg.digit))
        self.cancel_timer(_NO_INPUT)
        t = self.turn
        if t is not None and not t.settled and not t.cancelled and t.sentences:
            self._interrupt(t, now_ns(), soft=True)  # keys stop the prompt at once
        if msg.digit == self.s.dtmf_terminator:
            self._digits_done()
            return
        self._digits += msg.digit
        self.timer(_DTMF, self.s.dtmf_interdigit_s)

    def _digits_done(self) -> None:
        self.cancel_timer(_DTMF)
        digits, self._digits = self._digits, ""
        if not digits:
            return
        if digits == self.s.dtmf_operator:
            self._operator()
            return
        rec = TurnRecord(index=0, input="dtmf", heard=digits, eot_ns=now_ns())
        rec.caller_end_ns = self.record.dtmf[-1][0] if self.record.dtmf else None
        self._begin(_Input("dtmf", " ".join(digits), rec))

    def _operator(self) -> None:
        """The operator key: a transfer, if the pack allows it in this step."""
        gate, conv = self.conv.gate, self.conv
        state = conv.state.gate_state(gate.version, frozenset())
        d = gate.tool_call(state, self.s.operator_tool, self.s.operator_args)
        outs: list[TurnOutput] = []
        caller = CallerEntry(text=f"(pressed {self.s.dtmf_operator} for a person)")
        if d.allowed:
            esc = gate.policy.pack.escalation
            text = esc.text if esc is not None else "Connecting you now."
            sd = gate.sentence(state, text)
            outs += [Speak(u.text, u.disclosure, decision=sd) for u in sd.utterances]
            args = dict(self.s.operator_args)
            outs.append(ControlAction(self.s.operator_tool, args, "transferred"))
            entries: tuple[CallerEntry | AgentEntry, ...] = (
                caller,
                *(AgentEntry(text=u.text) for u in sd.utterances if u.text),
            )
            delta = StateDelta(
                entries=entries,
                new_turn=True,
                status="transferred",
                tool_calls={self.s.operator_tool: 1},
            )
            outs.append(TurnDone("transferred", delta, decisions=(d, sd)))
        else:
            outs += [Speak(u.text, u.disclosure, decision=d) for u in d.utterances if u.text]
            entries = (caller, *(AgentEntry(text=u.text) for u in d.utterances if u.text))
            outs.append(TurnDone("refused", StateDelta(entries=entries, new_turn=True)))
        rec = TurnRecord(index=0, input="operator", heard=self.s.dtmf_operator, eot_ns=now_ns())
        self._begin(_Input("operator", self.s.dtmf_operator, rec, outs))

    def _on_timer(self, msg: TimerFired) -> None:
        if self._timers.get(msg.name) != msg.token:
            return  # cancelled or replaced
        del self._timers[msg.name]
        if msg.name in LISTENER_TIMERS:
            self.listener.on_timer(msg.name)
        elif msg.name == _NOISE:
            case = self._case
            if case is not None and case.noise_deadline(not self.listener.idle) is not None:
                self._decided(None)
        elif msg.name == _DECIDE:
            case = self._case
            if case is not None and case.decided is None:
                case.decided, case.why = "confirm", "undecided at the deadline"
                self._decided(self.listener.utterances.get(self._case_utt or -1))
        elif msg.name == _NO_INPUT:
            if self.turn is None and self.listener.idle:
                self._begin(_Input("no_input"))
        elif msg.name == _DTMF:
            self._digits_done()
        elif msg.name == _MAX_CALL:
            self._closing()

    def _closing(self) -> None:
        """The call reached its maximum length: say so, then hang up."""
        t = self.turn
        if t is not None and not t.settled:
            self._queued = None
            self._interrupt(t, now_ns(), soft=True)
        self._say_composed("closing", self.s.closing_utterance, control=True)


def _count_turn(rec: TurnRecord, delta: StateDelta) -> None:
    """The turn in the metrics: its input, its stages, its gap, its tool calls."""
    TURNS.labels(rec.input).inc()
    for stage, ms in rec.breakdown_ms().items():
        if ms is not None and ms >= 0:
            STAGE.labels(stage).observe(ms / 1000)
    if rec.caller_end_ns is not None and rec.first_played_ns is not None:
        RESPONSE_GAP.observe(max(0.0, (rec.first_played_ns - rec.caller_end_ns) / 1e9))
    for e in delta.entries:
        if isinstance(e, ToolEntry):
            TOOL_CALLS.labels(e.tool, "true" if e.ok else "false").inc()


def _trim_lead(pcm: PCM, rate: int) -> PCM:
    """The turn's first audio without the synthesizer's lead-in silence (10 ms kept):
    every millisecond of it is added to the caller's wait."""
    n = rate // 100
    frames = len(pcm) // n
    if frames < 2:
        return pcm
    x = pcm[: frames * n].astype(np.float64).reshape(frames, n)
    loud = np.flatnonzero(np.sqrt((x * x).mean(axis=1)) > 200)
    if not len(loud) or loud[0] <= 1:
        return pcm
    return pcm[(int(loud[0]) - 1) * n :]
