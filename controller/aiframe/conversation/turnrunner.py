# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Thinking: one AI turn from its input to its commit.

A turn starts from what the caller said (or keyed, or did not say), from the call's
start, or from a turn the loop composes itself (the operator key, the closing, a
welcome back). Its input goes to the conversation (brain, gate, tools) in the brain
pool; every gated output comes back through the call's mailbox as soon as it is
decided: a sentence to speak, the call control to do once it is heard, the end of the
turn with its state delta. A turn settles once everything it said has been heard (or
it was interrupted); then its delta is committed as heard and the next input, if one
queued up meanwhile, starts the next turn.
"""

from __future__ import annotations

import itertools
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from aiframe.brain.outputs import ControlAction, Speak, TurnDone, TurnOutput, TurnRun
from aiframe.brain.state import AgentEntry, StateDelta, ToolEntry
from aiframe.conversation.context import NO_INPUT, LoopContext
from aiframe.conversation.control import Transfers
from aiframe.conversation.messages import BrainOut, JobFailed
from aiframe.conversation.record import SaidRecord, TurnInputKind, TurnRecord
from aiframe.conversation.speaking import Speaking
from aiframe.conversation.tracing import turn_span
from aiframe.conversation.turns import ActiveTurn, Sentence
from aiframe.media.arena import now_ns
from aiframe.metrics import RESPONSE_GAP, STAGE, TOOL_CALLS, TURNS
from aiframe.policy.schema import Action
from aiframe.runtime.lifecycle import CallPhase

__all__ = ["TurnRunner", "TurnStart"]


@dataclass(slots=True)
class TurnStart:
    """What starts the next turn, once the current one has settled."""

    kind: TurnInputKind
    text: str = ""
    record: TurnRecord | None = None
    outputs: list[TurnOutput] = field(default_factory=list)


class TurnRunner:
    """Starts, feeds and settles one call's AI turns, one at a time."""

    def __init__(self, ctx: LoopContext, speaking: Speaking, control: Transfers) -> None:
        self.ctx = ctx
        self.speaking = speaking
        self.control = control
        self.queued: TurnStart | None = None
        self._ids = itertools.count(1)
        self._turns = itertools.count(ctx.conv.state.turn + 1)

    def begin(self, inp: TurnStart) -> None:
        """Start a turn now, or once the one in flight has settled."""
        ctx = self.ctx
        if ctx.turn is not None and not ctx.turn.settled:
            self.queued = inp
            return
        if ctx.conv.state.status != "open":
            ctx.log.info("input after the conversation closed; ignored", kind=inp.kind)
            return
        self.start(inp)

    def start(self, inp: TurnStart) -> None:
        ctx = self.ctx
        rec = inp.record or TurnRecord(index=0, input=inp.kind, heard=inp.text)
        rec.index = next(self._turns)
        rec.brain_start_ns = now_ns()
        ctx.record.turns.append(rec)
        ctx.cancel_timer(NO_INPUT)
        tid = next(self._ids)
        if inp.kind in ("start", "speech", "dtmf", "no_input"):
            if inp.kind == "start":
                run = ctx.conv.open()
            elif inp.kind == "no_input":
                run = ctx.conv.silence()
            else:
                run = ctx.conv.hear(inp.text)
            turn = ActiveTurn(tid, rec, run=run)
            ctx.turn = turn
            ctx.enter(CallPhase.THINKING, f"turn {rec.index}")
            ctx.status(f"thinking turn {rec.index}")
            self._run_brain(turn, run)
            return
        # A turn the loop composes itself (operator key, closing): already decided.
        turn = ActiveTurn(tid, rec)
        ctx.turn = turn
        at = now_ns()
        for out in inp.outputs:
            self.on_brain(BrainOut(tid, out, at))

    def _run_brain(self, turn: ActiveTurn, run: TurnRun) -> None:
        ctx = self.ctx
        post, tid = ctx.post, turn.id
        durable, wait_s, log_ = ctx.durable, ctx.durable_wait_s, ctx.log

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
                ctx.deliver(ctx.call, JobFailed("the brain's turn", e))

        ctx.bridge.submit(ctx.brain_pool, work, done)

    def on_brain(self, msg: BrainOut) -> None:
        ctx = self.ctx
        t = ctx.turn
        if t is None or msg.turn != t.id or t.settled:
            return
        out = msg.output
        rec = t.record
        if isinstance(out, Speak):
            if rec.gate_pass_ns is None:
                rec.gate_pass_ns = msg.at_ns
            d = out.decision
            replaced = d is not None and d.kind == "sentence" and not d.allowed
            audit = ctx.audit
            said = SaidRecord(
                text=out.text,
                disclosure=out.disclosure,
                holding=out.holding,
                action=d.action.value if d is not None else Action.ALLOW.value,
                rules=d.rules if d is not None else (),
                proposed=audit.proposal(d) if replaced and audit and d else None,
            )
            rec.said.append(said)
            s = Sentence(len(t.sentences), said)
            t.sentences.append(s)
            if t.cancelled:
                s.dropped = True
            self.speaking.synthesize(t)
        elif isinstance(out, ControlAction):
            t.control = out
        elif isinstance(out, TurnDone):
            t.done = out
            rec.outcome = out.reason
            rec.error = out.error
            if ctx.timing is not None:
                rec.brain_first_text_ns = ctx.timing.first_text_ns()
            if not t.sentences:
                ctx.enter(CallPhase.LISTENING, "nothing to say")
            self.speaking.say_ready(t)
            self.maybe_settle()

    def maybe_settle(self) -> None:
        ctx = self.ctx
        t = ctx.turn
        if t is None or t.settled or t.done is None:
            return
        if not t.cancelled and (not t.said_everything or ctx.playing or t.held):
            return
        self.commit(t)
        t.settled = True
        t.record.settled_ns = now_ns()
        ctx.turn = None
        ctx.status("listening")
        if not t.cancelled and t.control is not None:
            self.control.act(t, t.control)
            return
        if self.queued is not None:
            inp, self.queued = self.queued, None
            self.begin(inp)
            return
        if ctx.call.state is not CallPhase.TRANSFERRING:
            ctx.enter(CallPhase.LISTENING, "turn settled")
        self.listen_for_input()

    def commit(self, t: ActiveTurn) -> None:
        ctx = self.ctx
        delta = t.delta_as_heard(ctx.rate)
        if t.cancelled and delta.status is not None:
            # The caller spoke over the announcement: the transfer or goodbye is off.
            delta = replace(delta, status=None)
        state = ctx.conv.commit(delta)
        _count_turn(t.record, delta)
        turn_span(
            t.record,
            uuid=ctx.record.uuid,
            conversation_id=ctx.conv.conversation_id,
            turn=state.turn,
        )
        rec = t.record
        if rec.caller_end_ns is not None and rec.first_played_ns is not None:
            ctx.last_gap_ms = round((rec.first_played_ns - rec.caller_end_ns) / 1e6)
        ctx.changed += (
            sum(1 for d in t.done.decisions if d.action is not Action.ALLOW) if t.done else 0
        )
        if ctx.recorder is not None:
            ctx.durable = ctx.recorder.committed(t.record, delta, state)

    def listen_for_input(self) -> None:
        ctx = self.ctx
        if ctx.conv.state.status == "open" and ctx.turn is None:
            ctx.timer(NO_INPUT, ctx.s.no_input_s)

    def say_composed(self, kind: TurnInputKind, text: str, control: bool = False) -> None:
        """A turn the loop speaks itself: the text still goes through the gate."""
        conv = self.ctx.conv
        gate = conv.gate
        d = gate.sentence(conv.state.gate_state(gate.version, frozenset()), text)
        outs: list[TurnOutput] = [Speak(u.text, u.disclosure, decision=d) for u in d.utterances]
        entries = tuple(AgentEntry(text=u.text) for u in d.utterances if u.text)
        delta = StateDelta(entries=entries, new_turn=True)
        end = gate.policy.pack.end_call
        if control and end is not None:
            outs.append(ControlAction(end.tool, dict(end.args), "ended", "conversation/max-call"))
            delta = StateDelta(entries=entries, new_turn=True, status="ended")
        outs.append(TurnDone("done", delta, decisions=(d,)))
        self.begin(TurnStart(kind, text, outputs=outs))


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
