# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Turn orchestration: brain proposes, gate disposes, tools act, state is proposed.

One turn (:meth:`Conversation.open`, :meth:`~Conversation.hear`,
:meth:`~Conversation.silence`) is a :class:`~aiframe.brain.outputs.TurnRun`: an iterator
of what to do (:mod:`~aiframe.brain.outputs`), in order, as soon as it is decided.

Each sentence the brain streams is checked by the gate before it is yielded; each tool
call is checked before it runs; each step change before it is made. Refused tool calls
and step changes are answered to the brain, which may try something else (up to
``max_rounds`` rounds a turn). A sentence the gate rewrites or blocks ends the brain's
turn: what it meant to say next was built on what the caller will not hear.

Nothing is changed in place. The committed state changes only in :meth:`commit`; a
cancelled turn (barge-in, :meth:`TurnRun.cancel`) proposes only what the world already
saw (:meth:`StateDelta.settled`). Threads: a turn blocks on the brain and on tools, so
run it off any event loop (the runtime runs it in a worker thread); ``cancel`` may be
called from any thread.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, TypeVar

from aiframe.brain.agent.loader import Agent
from aiframe.brain.agent.tools import ToolContext, ToolRegistry, ToolResult, idempotency_key
from aiframe.brain.draft import TurnDraft
from aiframe.brain.engines.base import Brain
from aiframe.brain.engines.events import (
    ActionOutcome,
    CallerSaid,
    CallStarted,
    EndOfStream,
    HoldingText,
    NoInput,
    StepOutcome,
    StepRequest,
    TextDelta,
    ToolCallRequest,
    ToolOutcome,
    TurnInput,
    TurnRequest,
)
from aiframe.brain.engines.prompt import CHANGE_STEP
from aiframe.brain.engines.stream import Cancel, Deadline
from aiframe.brain.errors import BrainError
from aiframe.brain.outputs import (
    ControlAction,
    DoneReason,
    Speak,
    TurnDone,
    TurnOutput,
    TurnRun,
)
from aiframe.brain.sentences import SentenceSplitter
from aiframe.brain.settings import BrainSettings
from aiframe.brain.state import (
    AgentEntry,
    CallerEntry,
    ContextWindow,
    ConversationState,
    NoteEntry,
    StateDelta,
    Status,
    ToolEntry,
)
from aiframe.logs import get_logger
from aiframe.policy.decisions import Decision
from aiframe.policy.registry import CallGate
from aiframe.policy.schema import Action
from aiframe.policy.state import CallState

__all__ = ["Conversation"]

log = get_logger("brain.conversation")

_FAILURES = "brain_failures"
_POLL_S = 0.05  # how often a wait on a tool looks at the cancel signal

_T = TypeVar("_T")
_Gen = Generator[TurnOutput, None, _T]  # yields outputs, returns what the step decided


class Conversation:
    """One call's conversation with one agent, through one call's policy gate."""

    def __init__(
        self,
        agent: Agent,
        brain: Brain,
        gate: CallGate,
        tools: ToolRegistry,
        *,
        conversation_id: str,
        settings: BrainSettings | None = None,
        database: Path | None = None,
        state: ConversationState | None = None,
        assume_heard: bool = True,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.agent = agent
        self.brain = brain
        self.gate = gate
        self.tools = tools
        self.conversation_id = conversation_id
        self.settings = settings or BrainSettings()
        self.database = database
        self.assume_heard = assume_heard
        self._today = today
        self.window = ContextWindow(self.settings.history_window, self.settings.summary_max_chars)
        self._state = state or ConversationState(agent=agent.name, step=gate.policy.pack.start)
        self._active: TurnRun | None = None
        self.log = log.bind(conversation_id=conversation_id, agent=agent.name)

    @property
    def state(self) -> ConversationState:
        """The committed state."""
        return self._state

    @property
    def policy_version(self) -> str:
        return self.gate.version

    # ---- turns -----------------------------------------------------------------

    def open(self) -> TurnRun:
        """The call was answered: the agent speaks first."""
        return self._start(CallStarted())

    def hear(self, text: str) -> TurnRun:
        """The caller said ``text`` (as transcribed)."""
        return self._start(CallerSaid(text))

    def silence(self) -> TurnRun:
        """The caller said nothing before the listening timeout."""
        return self._start(NoInput())

    def commit(self, delta: StateDelta) -> ConversationState:
        """Make a turn's proposed delta the committed state."""
        self._state = delta.apply(self._state, self.window)
        return self._state

    def close(self) -> None:
        """The call ended: cancel a running turn and release the gate's policy pin."""
        if self._active is not None and self._active.done is None:
            self._active.cancel()
        self.gate.close()

    def heard(self, disclosure: str) -> ConversationState:
        """The media plane proved a disclosure played (when ``assume_heard`` is off)."""
        return self.commit(StateDelta(disclosures_played=frozenset({disclosure})))

    def _start(self, inp: TurnInput) -> TurnRun:
        if self._active is not None and self._active.done is None:
            raise BrainError(
                f"conversation {self.conversation_id}: a turn is still running; "
                "cancel it or run it to the end first"
            )
        if self._state.status != "open":
            raise BrainError(
                f"conversation {self.conversation_id} is {self._state.status}; no more turns"
            )
        run = TurnRun(lambda r: self._turn(inp, r))
        self._active = run
        return run

    # ---- the loop ----------------------------------------------------------------

    def _gate_state(self, t: TurnDraft) -> CallState:
        return t.gate_state(self.gate.version)

    def _turn(self, inp: TurnInput, run: TurnRun) -> Iterator[TurnOutput]:
        t0 = time.monotonic()
        t = TurnDraft(self._state)
        cancel = run.cancelled
        s = self.settings
        policy = self.gate.policy
        if isinstance(inp, CallerSaid):
            d = self.gate.caller(self._gate_state(t), inp.text)
            t.decisions.append(d)
            if d.remember:  # kept whatever the decision: the caller said them
                t.add(StateDelta(sensitive=d.remember))
            if d.action not in (Action.ALLOW, Action.REDACT):
                t.add(StateDelta(entries=(CallerEntry(text="(withheld by policy)"),)))
                for u in d.utterances:
                    yield from self._refusal_text(t, u.text, u.disclosure, d)
                yield from self._control(t, d)
                ended: DoneReason = "refused" if t.ended is None else self._reason(t.ended)
                yield self._done(t, ended, t0, 0)
                return
            inp = CallerSaid(d.text)
            t.add(StateDelta(entries=(CallerEntry(text=d.text),)))
        elif isinstance(inp, NoInput):
            t.add(StateDelta(entries=(CallerEntry(text="", no_input=True),)))
        deadline = Deadline.after_ms(s.first_output_deadline_ms, s.holding_utterance)
        outcomes: tuple[ActionOutcome, ...] = ()
        resume: Any = None
        reason: DoneReason = "done"
        error: str | None = None
        rounds = 0
        while True:
            rounds += 1
            if rounds > s.max_rounds:
                self.log.warning("brain used up its rounds", rounds=s.max_rounds)
                yield from self._sentence(t, policy.pack.fallback)
                reason, error = "failed", f"no answer after {s.max_rounds} rounds"
                break
            req = TurnRequest(t.state, policy, inp, rounds, outcomes, resume, self._today())
            stream = self.brain.respond(req, deadline=deadline if t.first_output is None else None)
            cancel.on_set(stream.cancel)
            splitter = SentenceSplitter()
            actions: list[ToolCallRequest | StepRequest] = []
            end: EndOfStream | None = None
            stop: DoneReason | None = None
            for ev in stream:
                if isinstance(ev, TextDelta):
                    for sentence in splitter.push(ev.text):
                        stop = yield from self._sentence(t, sentence)
                        if stop is not None:
                            stream.cancel()
                            break
                elif isinstance(ev, HoldingText):
                    if t.first_output is None:
                        stop = yield from self._sentence(t, ev.text, holding=True)
                elif isinstance(ev, ToolCallRequest | StepRequest):
                    actions.append(ev)
                elif isinstance(ev, EndOfStream):
                    end = ev
                if stop is not None:
                    stream.cancel()
                    break
            if cancel.is_set():
                yield self._cancelled(t, t0, rounds)
                return
            if stop is not None:
                reason = stop
                break
            for sentence in splitter.flush():
                stop = yield from self._sentence(t, sentence)
                if stop is not None:
                    break
            if stop is not None:
                reason = stop
                break
            if end is None or end.reason in ("failed", "cancelled"):
                error = (end.error if end is not None else None) or "the brain stopped early"
                reason = yield from self._failed(t, error)
                break
            t.add(end.delta)
            if not actions:
                break
            results: list[ActionOutcome] = []
            for act in actions:
                out = yield from self._act(t, act, deadline, cancel)
                results.append(out)
                if cancel.is_set():
                    yield self._cancelled(t, t0, rounds)
                    return
                if t.ended is not None:
                    break
            if t.ended is not None:
                reason = self._reason(t.ended)
                break
            outcomes, resume = tuple(results), end.resume
        if reason != "failed" and t.committed.counter(_FAILURES):
            t.add(StateDelta(counters={_FAILURES: None}))
        yield self._done(t, reason, t0, rounds, error)

    def _done(
        self, t: TurnDraft, reason: DoneReason, t0: float, rounds: int, error: str | None = None
    ) -> TurnDone:
        first = (t.first_output - t0) * 1000 if t.first_output is not None else None
        return TurnDone(
            reason,
            t.delta,
            error,
            tuple(t.decisions),
            rounds,
            first,
            (time.monotonic() - t0) * 1000,
        )

    def _cancelled(self, t: TurnDraft, t0: float, rounds: int) -> TurnDone:
        self.log.info("turn cancelled", rounds=rounds)
        done = self._done(t, "cancelled", t0, rounds)
        return TurnDone("cancelled", t.delta.settled(), None, done.decisions, rounds,
                        done.first_output_ms, done.elapsed_ms)  # fmt: skip

    def _emit(self, t: TurnDraft, sp: Speak) -> Iterator[TurnOutput]:
        if t.first_output is None:
            t.first_output = time.monotonic()
        if sp.disclosure is not None:
            t.pending.add(sp.disclosure)
            if self.assume_heard:
                t.add(StateDelta(disclosures_played=frozenset({sp.disclosure})))
        t.add(StateDelta(entries=(AgentEntry(text=sp.text, holding=sp.holding),)))
        yield sp

    def _sentence(self, t: TurnDraft, text: str, holding: bool = False) -> _Gen[DoneReason | None]:
        """Gate one sentence and speak what it allows. Returns why the turn must stop,
        or None to go on."""
        d = self.gate.sentence(self._gate_state(t), text)
        t.decisions.append(d)
        for u in d.utterances:
            if u.text:
                yield from self._emit(t, Speak(u.text, u.disclosure, holding, d))
        if d.action in (Action.REWRITE, Action.BLOCK):
            reasons = "; ".join(f"{h.rule}: {h.reason}" for h in d.hits if h.action is d.action)
            t.add(StateDelta(entries=(NoteEntry(
                text=f"Policy replaced your last sentence ({reasons}). The caller heard "
                "the replacement instead; do not repeat what was refused.",
            ),)))  # fmt: skip
            return "refused"
        if d.action in (Action.ESCALATE, Action.END_CALL):
            yield from self._control(t, d)
            return self._reason(t.ended) if t.ended is not None else "refused"
        return None

    def _refusal_text(
        self, t: TurnDraft, text: str, disclosure: str | None, d: Decision
    ) -> Iterator[TurnOutput]:
        """Speak what a refusal (of a tool call, a step change, the caller's words) says.

        A model whose first act is a refused tool call would otherwise make the refusal
        the first thing the caller hears, ahead of the disclosures the pack puts before
        the first sentence; while one is still owed, the text goes through the gate as a
        sentence, which puts them first."""
        st = self._gate_state(t)
        owed = any(
            x.id not in st.disclosures_played and x.id not in st.disclosures_pending
            for x in self.gate.policy.first_disclosures
        )
        if disclosure is not None or not owed:
            yield from self._emit(t, Speak(text, disclosure, decision=d))
            return
        said = self.gate.sentence(st, text)
        t.decisions.append(said)
        for u in said.utterances:
            if u.text:
                yield from self._emit(t, Speak(u.text, u.disclosure, decision=said))

    @staticmethod
    def _reason(ends: Status) -> DoneReason:
        return "ended" if ends == "ended" else "transferred"

    def _control(self, t: TurnDraft, d: Decision) -> Iterator[TurnOutput]:
        ctl = d.call_control
        if ctl is None:
            return
        ends = self._ends(ctl.tool)
        rule = next((h.rule for h in d.hits if h.action is d.action), "")
        t.add(StateDelta(status=ends, tool_calls={ctl.tool: 1}))
        t.ended = ends
        yield ControlAction(ctl.tool, dict(ctl.args), ends, rule)

    def _ends(self, tool: str) -> Status:
        end = self.gate.policy.pack.end_call
        return "ended" if end is not None and end.tool == tool else "transferred"

    def _failed(self, t: TurnDraft, error: str) -> _Gen[DoneReason]:
        s = self.settings
        fails = t.committed.counter(_FAILURES) + 1
        t.add(StateDelta(counters={_FAILURES: fails}))
        self.log.warning("brain failed", error=error, failures=fails)
        esc = self.gate.policy.pack.escalation
        if fails >= s.max_failures and esc is not None:
            d = self.gate.sentence(self._gate_state(t), esc.text)
            t.decisions.append(d)
            for u in d.utterances:
                yield from self._emit(t, Speak(u.text, u.disclosure, decision=d))
            ends = self._ends(esc.tool)
            t.add(StateDelta(status=ends, tool_calls={esc.tool: 1}))
            t.ended = ends
            yield ControlAction(esc.tool, dict(esc.args), ends, "brain/failures")
            return "failed"
        yield from self._sentence(t, s.failure_utterance)
        return "failed"

    # ---- proposals -----------------------------------------------------------------

    def _refusal(self, d: Decision) -> str:
        return "; ".join(f"{h.rule}: {h.reason}" for h in d.hits if h.action is not Action.ALLOW)

    def _act(
        self, t: TurnDraft, act: ToolCallRequest | StepRequest, deadline: Deadline, cancel: Cancel
    ) -> _Gen[ActionOutcome]:
        if isinstance(act, StepRequest):
            return (yield from self._move(t, act))
        if act.args is None:
            why = act.error or "arguments missing"
            self.log.warning("brain sent bad tool arguments", tool=act.name, error=why)
            told = f"not called: {why}; send the call again with a JSON object of arguments"
            t.add(StateDelta(entries=(ToolEntry(
                call_id=act.call_id, tool=act.name or "(none)", raw_args=act.raw_args[:500],
                error=told,
            ),)))  # fmt: skip
            return ToolOutcome(act.call_id, act.name, False, error=told)
        d = self.gate.tool_call(self._gate_state(t), act.name, act.args)
        t.decisions.append(d)
        if not d.allowed:
            why = f"refused by policy ({self._refusal(d)})"
            t.add(StateDelta(entries=(ToolEntry(
                call_id=act.call_id, tool=act.name, args=dict(act.args), error=why,
            ),)))  # fmt: skip
            for u in d.utterances:
                if u.text:
                    yield from self._refusal_text(t, u.text, u.disclosure, d)
            yield from self._control(t, d)
            return ToolOutcome(act.call_id, act.name, False, error=why, refused=True,
                               rules=d.rules)  # fmt: skip
        args = dict(d.args or act.args)
        spec = self.gate.policy.pack.tools[act.name]
        if spec.kind == "call_control":
            ends = self._ends(act.name)
            t.add(StateDelta(status=ends, tool_calls={act.name: 1}, entries=(ToolEntry(
                call_id=act.call_id, tool=act.name, args=args, ok=True, result={"done": True},
            ),)))  # fmt: skip
            t.ended = ends
            yield ControlAction(act.name, args, ends)
            return ToolOutcome(act.call_id, act.name, True, {"done": True})
        result = yield from self._run_tool(t, act, args, deadline, cancel)
        entry = ToolEntry(
            call_id=act.call_id,
            tool=act.name,
            args=args,
            ok=result.ok,
            result=result.result,
            error=result.error,
        )
        t.add(
            StateDelta(
                tool_calls={act.name: 1},
                facts=result.facts if result.ok else {},
                data=result.tainted if result.ok else {},
                entries=(entry,),
            )
        )
        if not result.ok:
            self.log.warning("tool failed", tool=act.name, error=result.error)
        return ToolOutcome(act.call_id, act.name, result.ok, result.result, result.error)

    def _run_tool(
        self,
        t: TurnDraft,
        act: ToolCallRequest,
        args: dict[str, Any],
        deadline: Deadline,
        cancel: Cancel,
    ) -> _Gen[ToolResult]:
        ctx = ToolContext(
            conversation_id=self.conversation_id,
            call_id=act.call_id,
            tool=act.name,
            idempotency_key=idempotency_key(self.conversation_id, t.state.turn, act.name, args),
            step=t.state.step,
            turn=t.state.turn,
            facts=dict(t.state.facts),
            database=self.database,
        )
        pending = self.tools.start(act.name, args, ctx, policy=self.gate.policy)
        while True:
            result: ToolResult | None = pending.wait(_POLL_S)
            if result is not None:
                return result
            if cancel.is_set():
                # It may still act: count it as made, outcome unknown.
                return ToolResult(act.name, act.call_id, False,
                                  error="cancelled while running; outcome unknown",
                                  idempotency_key=ctx.idempotency_key)  # fmt: skip
            if t.first_output is None and time.monotonic() >= deadline.at:
                yield from self._sentence(t, deadline.holding, holding=True)

    def _move(self, t: TurnDraft, req: StepRequest) -> _Gen[StepOutcome]:
        d = self.gate.transition(self._gate_state(t), req.to)
        t.decisions.append(d)
        if d.allowed:
            t.add(StateDelta(step=req.to))
            if req.call_id:
                t.add(StateDelta(entries=(ToolEntry(
                    call_id=req.call_id, tool=CHANGE_STEP, args={"step": req.to}, ok=True,
                    result={"step": req.to},
                ),)))  # fmt: skip
            return StepOutcome(req.to, True, req.call_id)
        why = f"refused by policy ({self._refusal(d)})"
        if req.call_id:
            t.add(StateDelta(entries=(ToolEntry(
                call_id=req.call_id, tool=CHANGE_STEP, args={"step": req.to}, error=why,
            ),)))  # fmt: skip
        for u in d.utterances:
            if u.text:
                yield from self._refusal_text(t, u.text, u.disclosure, d)
        yield from self._control(t, d)
        return StepOutcome(req.to, False, req.call_id, why, d.rules)
