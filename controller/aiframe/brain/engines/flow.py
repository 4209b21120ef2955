# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The flow brain: the agent file's flow, run deterministically, no LLM.

Each caller turn goes: silence -> reprompt (then the ``no_input`` actions); otherwise
the step's intents, then the ``anywhere`` intents (the built-in ``yes`` and ``no`` only
when no slot is being asked for); otherwise the slot being asked for
(and, from the same words, any later code, email, postcode, date or digits slot); a
slot that cannot be filled is reprompted (then the ``misses`` actions). Filling a slot
runs its ``after`` actions; once every slot is filled the step's ``filled`` actions run.
Entering a step runs its ``enter`` actions, then asks for its first missing slot (or
says its ``prompt``).

Actions run until one needs the outside world: a ``call`` (a tool) or a ``goto`` (a
step change) ends the round with that proposal; turn orchestration asks the gate,
acts, and resumes the flow with the outcome. The flow keeps nothing between rounds but
the continuation it hands back in ``EndOfStream.resume``: same state and input, same
output, every time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from aiframe.brain.agent.loader import Agent
from aiframe.brain.agent.schema import (
    Action,
    Ask,
    Call,
    Clear,
    Cond,
    Count,
    Goto,
    If,
    Reset,
    Say,
    SetSlots,
    SlotSpec,
    StepFlow,
)
from aiframe.brain.agent.slots import SlotOptions, extract
from aiframe.brain.agent.templates import render, render_value
from aiframe.brain.engines.base import BrainKind
from aiframe.brain.engines.events import (
    BrainEvent,
    CallerSaid,
    CallStarted,
    EndOfStream,
    NoInput,
    StepOutcome,
    StepRequest,
    TextDelta,
    ToolCallRequest,
    ToolOutcome,
    TurnRequest,
)
from aiframe.brain.engines.stream import Deadline, TurnStream
from aiframe.brain.errors import FlowError
from aiframe.brain.state import SlotValue, StateDelta
from aiframe.policy.state import fact_holds

__all__ = ["FlowBrain"]

# Slots worth filling from words said for another one: their shapes do not collide.
_OPPORTUNISTIC = frozenset({"code", "email", "postcode", "date", "digits"})
_NO_INPUT = "no_input"

Frame = tuple[str, int]  # (action list id, next index); "@ask:<step>", "@next:<step>"


@dataclass(frozen=True, slots=True)
class _Paused:
    frames: tuple[Frame, ...]
    kind: Literal["call", "goto"]


class _Run:
    """One round: the working slots and counters, and what the round changed."""

    def __init__(self, req: TurnRequest) -> None:
        self.req = req
        self.state = req.state
        self.slots: dict[str, SlotValue] = dict(req.state.slots)
        self.counters: dict[str, int] = dict(req.state.counters)
        self.slot_changes: dict[str, SlotValue | None] = {}
        self.counter_changes: dict[str, int | None] = {}
        self.outcome: ToolOutcome | None = None

    def set_slot(self, name: str, value: SlotValue | None) -> None:
        if value is None:
            self.slots.pop(name, None)
        else:
            self.slots[name] = value
        self.slot_changes[name] = value

    def bump(self, name: str) -> int:
        n = self.counters.get(name, 0) + 1
        self.counters[name] = n
        self.counter_changes[name] = n
        return n

    def reset(self, name: str) -> None:
        if name in self.counters:
            del self.counters[name]
            self.counter_changes[name] = None

    def delta(self) -> StateDelta:
        return StateDelta(slots=dict(self.slot_changes), counters=dict(self.counter_changes))

    def scope(self) -> dict[str, Any]:
        result: Mapping[str, Any] = {}
        if self.outcome is not None and self.outcome.value is not None:
            result = self.outcome.value
        return {
            "slots": self.slots,
            "result": result,
            "data": {k: v.value for k, v in self.state.data.items()},
            "facts": self.state.facts,
            "counters": self.counters,
        }


class FlowBrain:
    """The deterministic brain of one agent (shared by all its calls)."""

    def __init__(self, agent: Agent) -> None:
        self.agent = agent
        self.flow = agent.spec.flow
        self._lists: dict[str, Sequence[Action]] = {}
        for name, st in self.flow.steps.items():
            self._add(f"steps.{name}.enter", st.enter)
            self._add(f"steps.{name}.filled", st.filled)
            self._add(f"steps.{name}.fallback", st.fallback)
            for intent, acts in st.intents.items():
                self._add(f"steps.{name}.intents.{intent}", acts)
            for s in st.slots:
                self._add(f"steps.{name}.slots.{s.name}.after", s.after)
        for intent, acts in self.flow.anywhere.items():
            self._add(f"anywhere.{intent}", acts)
        self._add("no_input.then", self.flow.no_input.then)
        self._add("misses.then", self.flow.misses.then)
        self._intents = {
            name: re.compile(
                r"(?<![\w'])(?:"
                + "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))
                + r")(?![\w'])"
            )
            for name, phrases in self.flow.intents.items()
            if phrases
        }

    def _add(self, lid: str, actions: Sequence[Action]) -> None:
        self._lists[lid] = actions
        for i, a in enumerate(actions):
            if isinstance(a, If):
                self._add(f"{lid}[{i}].then", a.then)
                self._add(f"{lid}[{i}].else", a.else_)

    @property
    def kind(self) -> BrainKind:
        return "flow"

    def respond(self, request: TurnRequest, *, deadline: Deadline | None = None) -> TurnStream:
        # Computed on the consumer's thread in microseconds: no deadline can pass.
        return TurnStream.of(self._round(request))

    def close(self) -> None:
        return None

    # ---- one round ---------------------------------------------------------------

    def _step(self, name: str) -> StepFlow:
        try:
            return self.flow.steps[name]
        except KeyError:
            raise FlowError(
                f"agent {self.agent.name}: the call is in step {name!r}, which has no flow"
            ) from None

    def _round(self, req: TurnRequest) -> Iterator[BrainEvent]:
        run = _Run(req)
        step = req.state.step
        stack: list[Frame]
        if isinstance(req.resume, _Paused):
            last = req.outcomes[-1] if req.outcomes else None
            if req.resume.kind == "goto":
                moved = isinstance(last, StepOutcome) and last.ok
                stack = [(f"@ask:{step}", 0)]
                if moved:
                    stack.append((f"steps.{step}.enter", 0))
            else:
                run.outcome = last if isinstance(last, ToolOutcome) else None
                stack = list(req.resume.frames)
        elif isinstance(req.input, CallStarted):
            stack = [(f"@ask:{step}", 0), (f"steps.{step}.enter", 0)]
        elif isinstance(req.input, NoInput):
            stack = self._silence(run, step)
        else:
            assert isinstance(req.input, CallerSaid)
            run.reset(_NO_INPUT)
            stack = self._heard(run, step, " ".join(req.input.text.split()))
        yield from self._execute(run, stack)

    def _silence(self, run: _Run, step: str) -> list[Frame]:
        n = run.bump(_NO_INPUT)
        if n > self.flow.no_input.reprompts:
            return [("no_input.then", 0)]
        return [(f"@reprompt-silence:{step}", 0)]

    def _matches(self, intent: str, text: str) -> bool:
        if intent in ("yes", "no") and intent not in self._intents:
            got = extract("yes_no", text)
            return got is not None and got.value is (intent == "yes")
        rx = self._intents.get(intent)
        return rx is not None and rx.search(text.lower()) is not None

    def _opts(self, s: SlotSpec, run: _Run) -> SlotOptions:
        return SlotOptions(
            choices=s.choices,
            min_length=s.min_length,
            max_length=s.max_length,
            pattern=s.pattern,
            today=run.req.today,
        )

    def _heard(self, run: _Run, step: str, text: str) -> list[Frame]:
        sf = self._step(step)
        missing = [s for s in sf.slots if s.name not in run.slots]
        for where, intents in (
            (f"steps.{step}.intents", sf.intents),
            ("anywhere", self.flow.anywhere),
        ):
            for intent in intents:
                # While a slot is being asked for, a yes or a no answers the slot's
                # question, not the step's.
                if missing and intent in ("yes", "no") and intent not in self._intents:
                    continue
                if self._matches(intent, text):
                    return [(f"{where}.{intent}", 0)]
        if not missing:
            if sf.fallback:
                return [(f"steps.{step}.fallback", 0)]
            return self._missed(run, step, None)
        asked = missing[0]
        got = extract(asked.kind, text, self._opts(asked, run))
        if got is None:
            return self._missed(run, step, asked)
        run.reset(f"{step}.misses")
        run.set_slot(asked.name, got.value)
        filled = [asked]
        rest = text[: got.start] + " " + text[got.end :]
        for s in missing[1:]:
            if s.kind not in _OPPORTUNISTIC:
                continue
            more = extract(s.kind, rest, self._opts(s, run))
            if more is not None:
                run.set_slot(s.name, more.value)
                filled.append(s)
                rest = rest[: more.start] + " " + rest[more.end :]
        frames: list[Frame] = [(f"@next:{step}", 0)]
        for s in reversed(filled):
            frames.append((f"steps.{step}.slots.{s.name}.after", 0))
        return frames

    def _missed(self, run: _Run, step: str, slot: SlotSpec | None) -> list[Frame]:
        if run.bump(f"{step}.misses") > self.flow.misses.max:
            run.reset(f"{step}.misses")
            return [("misses.then", 0)]
        return [(f"@reprompt:{step}", 0)]

    def _question(self, run: _Run, step: str) -> str | None:
        """What the step is waiting for: its first missing slot's prompt, or its prompt."""
        sf = self._step(step)
        for s in sf.slots:
            if s.name not in run.slots:
                return render(s.prompt, run.scope())
        return render(sf.prompt, run.scope()) if sf.prompt else None

    def _reprompt(self, run: _Run, step: str) -> str:
        sf = self._step(step)
        for s in sf.slots:
            if s.name not in run.slots:
                if s.reprompt:
                    return render(s.reprompt, run.scope())
                return f"{self.flow.not_understood} {render(s.prompt, run.scope())}"
        q = render(sf.prompt, run.scope()) if sf.prompt else ""
        return f"{self.flow.not_understood} {q}".strip()

    def _execute(self, run: _Run, stack: list[Frame]) -> Iterator[BrainEvent]:
        while stack:
            lid, i = stack.pop()
            if lid.startswith("@"):
                kind, _, step = lid[1:].partition(":")
                if kind == "ask":
                    q = self._question(run, step)
                    if q:
                        yield TextDelta(q + " ")
                elif kind == "next":
                    sf = self._step(step)
                    if all(s.name in run.slots for s in sf.slots):
                        stack.append((f"steps.{step}.filled", 0))
                    else:
                        q = self._question(run, step)
                        if q:
                            yield TextDelta(q + " ")
                elif kind == "reprompt":
                    yield TextDelta(self._reprompt(run, step) + " ")
                elif kind == "reprompt-silence":
                    q = self._question(run, step) or ""
                    yield TextDelta(f"{self.flow.no_input.say} {q}".strip() + " ")
                continue
            actions = self._lists[lid]
            if i >= len(actions):
                continue
            a = actions[i]
            stack.append((lid, i + 1))
            if isinstance(a, Say):
                variants = [a.say] if isinstance(a.say, str) else a.say
                text = render(variants[run.state.turn % len(variants)], run.scope())
                yield TextDelta(text + " ")
            elif isinstance(a, Ask):
                sf = self._step(run.state.step)
                spec = next(s for s in sf.slots if s.name == a.ask)
                yield TextDelta(render(spec.prompt, run.scope()) + " ")
            elif isinstance(a, Goto):
                yield StepRequest(a.goto)
                yield EndOfStream("actions", run.delta(), resume=_Paused((), "goto"))
                return
            elif isinstance(a, Call):
                args = render_value(a.args, run.scope())
                cid = f"flow_{run.state.turn}_{run.req.round}"
                yield ToolCallRequest(cid, a.call, args, json.dumps(args, default=str))
                yield EndOfStream("actions", run.delta(), resume=_Paused(tuple(stack), "call"))
                return
            elif isinstance(a, If):
                branch = "then" if self._holds(a.if_, run) else "else"
                stack.append((f"{lid}[{i}].{branch}", 0))
            elif isinstance(a, SetSlots):
                for k, v in a.set.items():
                    value = render_value(v, run.scope())
                    if value is not None and not isinstance(value, bool | int | float | str):
                        raise FlowError(f"set: {k} must be a plain value, not {value!r}")
                    run.set_slot(k, value)
            elif isinstance(a, Clear):
                for k in a.clear:
                    run.set_slot(k, None)
            elif isinstance(a, Count):
                run.bump(a.count)
            elif isinstance(a, Reset):
                for k in a.reset:
                    run.reset(k)
        yield EndOfStream("done", run.delta())

    def _holds(self, c: Cond, run: _Run) -> bool:
        o = run.outcome
        if c.slot is not None:
            v = run.slots.get(c.slot)
            return (v is not None and v != "") if c.equals is None else _same(v, c.equals)
        if c.result is not None:
            cur: Any = o.value if o is not None and o.value is not None else {}
            for part in c.result.split("."):
                cur = cur.get(part) if isinstance(cur, Mapping) else None
            return bool(cur) if c.equals is None else _same(cur, c.equals)
        if c.ok is not None:
            return (o is not None and o.ok) is c.ok
        if c.refused is not None:
            return (o is not None and o.refused) is c.refused
        if c.failed is not None:
            return (o is not None and not o.ok and not o.refused) is c.failed
        if c.fact is not None:
            return fact_holds(run.state.facts, c.fact)
        if c.counter is not None:
            return run.counters.get(c.counter, 0) >= (c.at_least or 0)
        if c.not_ is not None:
            return not self._holds(c.not_, run)
        if c.all is not None:
            return all(self._holds(x, run) for x in c.all)
        if c.any is not None:
            return any(self._holds(x, run) for x in c.any)
        return False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return bool(a == b)
