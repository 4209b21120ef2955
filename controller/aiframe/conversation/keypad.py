# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The keypad: DTMF digits as input, and the operator key.

A key stops the AI's prompt at once. Digits collect until the terminator or the
inter-digit timeout and then make a turn, read out one by one; a lone operator key
(``0`` by default) asks for a person through the gated call-control tool: a transfer
if the pack allows it in this step, its refusal otherwise.
"""

from __future__ import annotations

from aiframe.brain.outputs import ControlAction, Speak, TurnDone, TurnOutput
from aiframe.brain.state import AgentEntry, CallerEntry, StateDelta
from aiframe.conversation.barging import Barging
from aiframe.conversation.context import NO_INPUT, LoopContext
from aiframe.conversation.record import TurnRecord
from aiframe.conversation.turnrunner import TurnRunner, TurnStart
from aiframe.media.arena import now_ns
from aiframe.runtime.messages import Dtmf

__all__ = ["DTMF", "Keypad"]

DTMF = "conv.dtmf"


class Keypad:
    """One call's keys."""

    def __init__(self, ctx: LoopContext, turns: TurnRunner, barging: Barging) -> None:
        self.ctx = ctx
        self.turns = turns
        self.barging = barging
        self._digits = ""

    def on_dtmf(self, msg: Dtmf) -> None:
        ctx = self.ctx
        ctx.record.dtmf.append((now_ns(), msg.digit))
        ctx.cancel_timer(NO_INPUT)
        t = ctx.turn
        if t is not None and not t.settled and not t.cancelled and t.sentences:
            self.barging.interrupt(t, now_ns(), soft=True)  # keys stop the prompt at once
        if msg.digit == ctx.s.dtmf_terminator:
            self.digits_done()
            return
        self._digits += msg.digit
        ctx.timer(DTMF, ctx.s.dtmf_interdigit_s)

    def digits_done(self) -> None:
        ctx = self.ctx
        ctx.cancel_timer(DTMF)
        digits, self._digits = self._digits, ""
        if not digits:
            return
        if digits == ctx.s.dtmf_operator:
            self._operator()
            return
        rec = TurnRecord(index=0, input="dtmf", heard=digits, eot_ns=now_ns())
        rec.caller_end_ns = ctx.record.dtmf[-1][0] if ctx.record.dtmf else None
        self.turns.begin(TurnStart("dtmf", " ".join(digits), rec))

    def _operator(self) -> None:
        """The operator key: a transfer, if the pack allows it in this step."""
        s, conv = self.ctx.s, self.ctx.conv
        gate = conv.gate
        state = conv.state.gate_state(gate.version, frozenset())
        d = gate.tool_call(state, s.operator_tool, s.operator_args)
        outs: list[TurnOutput] = []
        caller = CallerEntry(text=f"(pressed {s.dtmf_operator} for a person)")
        if d.allowed:
            esc = gate.policy.pack.escalation
            text = esc.text if esc is not None else "Connecting you now."
            sd = gate.sentence(state, text)
            outs += [Speak(u.text, u.disclosure, decision=sd) for u in sd.utterances]
            args = dict(s.operator_args)
            outs.append(ControlAction(s.operator_tool, args, "transferred"))
            entries: tuple[CallerEntry | AgentEntry, ...] = (
                caller,
                *(AgentEntry(text=u.text) for u in sd.utterances if u.text),
            )
            delta = StateDelta(
                entries=entries,
                new_turn=True,
                status="transferred",
                tool_calls={s.operator_tool: 1},
            )
            outs.append(TurnDone("transferred", delta, decisions=(d, sd)))
        else:
            outs += [Speak(u.text, u.disclosure, decision=d) for u in d.utterances if u.text]
            entries = (caller, *(AgentEntry(text=u.text) for u in d.utterances if u.text))
            outs.append(TurnDone("refused", StateDelta(entries=entries, new_turn=True)))
        rec = TurnRecord(index=0, input="operator", heard=s.dtmf_operator, eot_ns=now_ns())
        self.turns.begin(TurnStart("operator", s.dtmf_operator, rec, outs))
