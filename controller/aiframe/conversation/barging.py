# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Barge-in in the call: open a case when the caller speaks over the AI, act on its
verdict.

The switch has already flushed the AI's audio (a hard case, :class:`BargeIn`) or the
caller spoke under its threshold while the AI was busy (a soft case). The turn is held
while :class:`~aiframe.conversation.bargecase.BargeCase` judges from VAD and ASR; a
verdict either interrupts the turn (cancel brain and TTS, keep only what was heard) or
resumes it where it stopped. Two timers bound the wait: no speech within the noise
window means noise, and no verdict by the decide deadline means the caller took the
turn.
"""

from __future__ import annotations

from collections.abc import Callable

from aiframe.conversation.bargecase import BargeCase
from aiframe.conversation.context import LoopContext
from aiframe.conversation.listener import CallerUtterance
from aiframe.conversation.record import BargeRecord
from aiframe.conversation.turns import ActiveTurn
from aiframe.media.arena import now_ns
from aiframe.metrics import BARGE_INS
from aiframe.runtime.messages import BargeIn

__all__ = ["DECIDE", "NOISE", "Barging"]

NOISE = "conv.barge_noise"
DECIDE = "conv.barge_decide"


class Barging:
    """One call's barge-in cases, one open at a time."""

    def __init__(self, ctx: LoopContext, settle: Callable[[], None]) -> None:
        self.ctx = ctx
        self._settle = settle  # the turn may be over: see whether it settles
        self._case: BargeCase | None = None
        self._record: BargeRecord | None = None
        self._utt: int | None = None  # the utterance the open case judges

    def speech(self, utt: CallerUtterance) -> None:
        """The caller started speaking (again): judge it if the AI is busy."""
        if not self.ctx.busy():
            return
        case = self._case
        if case is None or case.decided is not None:
            case = self._open(soft=True, at_ns=now_ns(), dropped=0)
        case.speech_started(utt.start_ms)
        utt.case = case
        self._utt = utt.id
        self.ctx.listener.watch_speech(utt)

    def _open(self, *, soft: bool, at_ns: int, dropped: int) -> BargeCase:
        ctx = self.ctx
        case = BargeCase(ctx.s.barge_in, ctx.listener.now_ms(), soft=soft)
        self._case = case
        self._utt = None
        t = ctx.turn
        rec = BargeRecord(
            at_ns=at_ns,
            soft=soft,
            dropped_ms=round(dropped * 1000 / ctx.rate, 1),
            turn=t.record.index if t is not None else None,
        )
        self._record = rec
        ctx.record.barge_ins.append(rec)
        return case

    def on_barge_in(self, msg: BargeIn) -> None:
        """The switch flushed the AI's audio: hold the turn and judge."""
        ctx = self.ctx
        t = ctx.turn
        if t is None or t.settled or t.cancelled:
            ctx.call.confirm_barge_in()  # nothing of ours to resume
            return
        t.hold(msg.at_ns)
        case = self._open(soft=False, at_ns=msg.at_ns, dropped=msg.dropped_samples)
        ctx.status("barge-in: listening")
        utt = ctx.listener.current
        if utt is not None:
            case.speech_started(utt.start_ms)
            utt.case = case
            self._utt = utt.id
            ctx.listener.watch_speech(utt)
        ctx.timer(NOISE, ctx.s.barge_in.noise_window_ms / 1000)
        ctx.timer(DECIDE, ctx.s.barge_in.decide_ms / 1000)

    def noise_deadline(self) -> None:
        case = self._case
        if case is not None and case.noise_deadline(not self.ctx.listener.idle) is not None:
            self.decided(None)

    def decide_deadline(self) -> None:
        case = self._case
        if case is not None and case.decided is None:
            case.decided, case.why = "confirm", "undecided at the deadline"
            self.decided(self.ctx.listener.utterances.get(self._utt or -1))

    def decided(self, utt: CallerUtterance | None) -> None:
        """Act on the open case's verdict."""
        ctx = self.ctx
        case, rec = self._case, self._record
        if case is None or case.decided is None or rec is None or rec.verdict:
            return
        rec.verdict, rec.why, rec.decided_ns = case.decided, case.why, now_ns()
        ctx.cancel_timer(NOISE)
        ctx.cancel_timer(DECIDE)
        ctx.listener.stop_watching()
        t = ctx.turn
        ctx.log.info("barge-in decided", verdict=case.decided, why=case.why, soft=case.soft)
        BARGE_INS.labels(case.decided).inc()
        if ctx.recorder is not None:
            ctx.recorder.event(
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
                self.interrupt(t, rec.at_ns, soft=case.soft)
        else:
            if utt is not None:
                utt.ignored = True
            if t is not None and not t.settled and not case.soft:
                t.resume(now_ns())
                ctx.call.resume_speaking()
                ctx.status(f"speaking turn {t.record.index} (resumed)")
        self._case = None

    def interrupt(self, t: ActiveTurn, at_ns: int, *, soft: bool) -> None:
        """The caller took the turn: drop what is queued, stop the brain and TTS."""
        ctx = self.ctx
        t.record.interrupted = True
        t.cancel(at_ns)
        if soft:
            ctx.call.stop_speaking()
        else:
            ctx.call.confirm_barge_in()
        ctx.playing = False
        ctx.status("listening (barge-in)")
        self._settle()
