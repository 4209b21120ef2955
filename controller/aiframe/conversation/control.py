# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Call control: transfer or hang up, once the sentences before it have been heard.

The brain proposes the control and the gate allows it; the loop acts on it only when
the turn settles (so the caller hears the announcement first), publishes what a person
taking the call needs (:mod:`~aiframe.conversation.handoff`), and hears back how the
switch did: a failed transfer reopens the conversation and says so.
"""

from __future__ import annotations

from collections.abc import Callable

from aiframe.brain.outputs import ControlAction
from aiframe.brain.state import StateDelta
from aiframe.conversation.context import LoopContext
from aiframe.conversation.handoff import HANDOFF_EVENT, handoff
from aiframe.conversation.record import TurnInputKind
from aiframe.conversation.turns import ActiveTurn
from aiframe.errors import CallError
from aiframe.runtime.handoff import HandoffOutcome
from aiframe.runtime.messages import ControlResult

__all__ = ["Transfers"]


class Transfers:
    """One call's call control: its transfers and hang-ups."""

    def __init__(self, ctx: LoopContext, say: Callable[[TurnInputKind, str], None]) -> None:
        self.ctx = ctx
        self._say = say  # a turn the loop composes itself

    def act(self, t: ActiveTurn, ctl: ControlAction) -> None:
        """Do the settled turn ``t``'s call control."""
        ctx = self.ctx
        end = ctx.conv.gate.policy.pack.end_call
        is_hangup = end is not None and end.tool == ctl.tool
        entry: dict[str, object] = {"tool": ctl.tool, "args": dict(ctl.args), "rule": ctl.rule}
        try:
            if is_hangup:
                entry["request"] = ctx.call.hangup()
                entry["op"] = "hangup"
                t.record.control = "hangup"
            else:
                queue = str(ctl.args.get("queue", "")) or ctl.tool
                dest = ctx.s.transfer_destinations.get(queue, queue)
                if ctx.s.handoff_vars:
                    self._publish_handoff(dest, ctl)
                entry["request"] = ctx.call.transfer(dest)
                entry["op"] = "transfer"
                entry["destination"] = dest
                t.record.control = f"transfer {dest}"
        except CallError as e:
            entry["error"] = str(e)
            ctx.log.warning("call control unavailable", tool=ctl.tool, error=str(e))
        ctx.record.controls.append(entry)
        ctx.status(f"{entry.get('op', ctl.tool)}")
        if ctx.recorder is not None:
            ctx.recorder.event("call_control", {k: v for k, v in entry.items() if k != "request"})

    def _publish_handoff(self, destination: str, ctl: ControlAction) -> None:
        """What a person taking the call needs: on the channel, and as an event."""
        ctx = self.ctx
        h = handoff(ctx.conv.state, ctx.recorder.redactor if ctx.recorder else None)
        for name, value in h.variables().items():
            ctx.call.set_var(name, value)
        ctx.call.publish(
            HANDOFF_EVENT,
            {**h.headers(), "aiframe-destination": destination, "aiframe-tool": ctl.tool},
        )

    def on_result(self, msg: ControlResult) -> None:
        ctx = self.ctx
        for c in ctx.record.controls:
            if c.get("request") == msg.request_id:
                c["ok"], c["detail"] = msg.ok, msg.detail
        if msg.op == "transfer" and not msg.ok and ctx.conv.state.status == "transferred":
            ctx.conv.commit(StateDelta(status="open"))
            ctx.saved()
            self._say("retry", ctx.s.transfer_failed_utterance)

    def on_outcome(self, outcome: HandoffOutcome) -> None:
        """What the switch did with the caller after the AI handed the call off."""
        ctx = self.ctx
        line = outcome.describe()
        log_at = ctx.log.warning if outcome.failed else ctx.log.info
        log_at("after the transfer", outcome=line, cause=outcome.cause or None)
        if ctx.recorder is None:
            return
        ctx.recorder.event(
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
            ctx.recorder.call_ended(line)
