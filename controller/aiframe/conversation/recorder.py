# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One call's writes to the store, made from the call's committed facts.

This is the conversation's adapter onto the store: it sits with the conversation and
imports the store's records and writer, never the other way round. The conversation
loop tells the recorder when the call is attached, each time a turn
is committed (the loop's :class:`~aiframe.conversation.record.TurnRecord`, the delta as
heard, the new state), about barge-ins and call control, and when the call ends. The
recorder is also the call's audit sink: every gate decision is written with the turn it
was made in (those of turns a barge-in cancelled included), once the values that turn's
tools returned are known and can be redacted. A turn a crash cuts short is lost whole,
its decisions with it; a committed one never is.

Everything is redacted here, on the call's side, before it is queued: the writer
thread and the database never see the raw text. The one exception is the snapshot a
restart resumes from, which must restore the real values (a verified caller's balance
still has to be kept from an unverified one); it is kept whole while the conversation
can go on and replaced by a redacted one when it ends.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import uuid as uuidlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aiframe.brain.state import (
    AgentEntry,
    CallerEntry,
    ConversationState,
    NoteEntry,
    StateDelta,
    ToolEntry,
)
from aiframe.conversation.record import SaidRecord, TurnRecord
from aiframe.media.arena import now_ns
from aiframe.policy.audit import AuditEvent, mask_value
from aiframe.policy.schema import PolicyPack
from aiframe.runtime.handler import CallInfo
from aiframe.store.records import (
    CallEnded,
    CallSeen,
    ConversationSaved,
    LegAttached,
    LegDetached,
    Record,
    Rows,
    SnapshotSaved,
    SnapshotsRedacted,
)
from aiframe.store.redact import Redactor
from aiframe.store.writer import StoreWriter, Ticket

if TYPE_CHECKING:
    from aiframe.store.store import Store

__all__ = ["CONTROLLER_ID", "ConversationRecorder", "snapshot_json"]

CONTROLLER_ID = f"{socket.gethostname()}:{os.getpid()}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _wall(mono_ns: int | None) -> dt.datetime | None:
    """A CLOCK_MONOTONIC time (the media plane's clock) as wall time."""
    if mono_ns is None:
        return None
    return dt.datetime.fromtimestamp((time.time_ns() - (now_ns() - mono_ns)) / 1e9, dt.UTC)


def snapshot_json(state: ConversationState) -> dict[str, Any]:
    return state.model_dump(mode="json")


class ConversationRecorder:
    """Writes one call leg of a conversation. Decisions may come from any thread."""

    def __init__(
        self,
        writer: StoreWriter,
        redactor: Redactor,
        info: CallInfo,
        *,
        agent: str,
        pack: PolicyPack,
        how: str,
    ) -> None:
        self.writer = writer
        self.redactor = redactor
        self.info = info
        self.agent = agent
        self.pack = pack
        self.how = how
        self.leg_id = str(uuidlib.uuid4())
        self.policy_version = pack.version
        self._lock = threading.Lock()
        self._turn = 1  # the turn decisions being made now belong to
        self._data: dict[str, Any] = {}  # tool values the caller could hear about, so far
        self._tool_decisions: list[AuditEvent] = []
        self._decisions: list[tuple[AuditEvent, int, dt.datetime]] = []
        self._state: ConversationState | None = None
        self.last_ticket: Ticket | None = None

    @classmethod
    def for_store(
        cls, store: Store, info: CallInfo, *, agent: str, pack: PolicyPack, how: str
    ) -> ConversationRecorder:
        """A recorder writing through ``store``'s writer with its redaction settings."""
        # None: every data class the pack's tools return is taken out of stored text.
        redactor = Redactor(None, store.settings.redact_detectors)
        return cls(store.writer, redactor, info, agent=agent, pack=pack, how=how)

    @property
    def cid(self) -> str:
        return self.info.conversation_id

    # ---- the call's life ------------------------------------------------------------

    def attached(self, state: ConversationState, policy_version: str) -> Ticket:
        self.policy_version = policy_version
        self._set_state(state)
        at = _now()
        return self._submit(
            self._conversation(state, at),
            CallSeen(self.info.uuid, self.cid, self.info.caller_id, at),
            LegAttached(
                self.leg_id,
                self.cid,
                self.info.uuid,
                self.info.slot,
                self.info.generation,
                self.info.rate,
                self.how,
                self.agent,
                CONTROLLER_ID,
                at,
            ),
            self._event_row(
                "attached" if self.how == "start" else self.how,
                {"slot": self.info.slot, "generation": self.info.generation, "agent": self.agent},
                at,
            ),
            SnapshotSaved(
                self.cid, state.turn, self.agent, policy_version, snapshot_json(state), at
            ),
        )

    def committed(self, rec: TurnRecord, delta: StateDelta, state: ConversationState) -> Ticket:
        """A turn is committed: its rows, the new snapshot; the ticket says durable."""
        self._set_state(state)
        at = _now()
        turn = state.turn
        rows: list[Record] = self._decision_rows(state.data)
        turn_rows = self._turn_rows(rec, delta, turn, at)
        if turn_rows:
            rows.append(Rows("turns", tuple(turn_rows)))
        tools = self._tool_rows(delta, turn, at)
        if tools:
            rows.append(Rows("tool_calls", tuple(tools)))
        disclosures = [self._disclosure_row(s, turn, at) for s in rec.said if s.disclosure]
        if disclosures:
            rows.append(Rows("disclosures", tuple(disclosures)))
        rows.append(self._conversation(state, at))
        rows.append(
            SnapshotSaved(self.cid, turn, self.agent, self.policy_version, snapshot_json(state), at)
        )
        with self._lock:
            self._turn = turn + 1
        return self._submit(*rows)

    def saved(self, state: ConversationState) -> Ticket:
        """The committed state changed between turns (a disclosure proven heard, a
        failed transfer reopening the conversation): the row and the snapshot."""
        self._set_state(state)
        at = _now()
        return self._submit(
            *self._decision_rows(state.data),
            self._conversation(state, at),
            SnapshotSaved(
                self.cid, state.turn, self.agent, self.policy_version, snapshot_json(state), at
            ),
        )

    def event(self, kind: str, detail: Mapping[str, Any]) -> None:
        self._submit(self._event_row(kind, detail, _now()))

    def call_ended(self, reason: str) -> Ticket:
        """The channel ended after this leg let go of it (a transfer's fate)."""
        return self._submit(CallEnded(self.info.uuid, reason, _now()))

    def detached(self, reason: str, state: ConversationState, *, call_ended: bool) -> Ticket:
        self._set_state(state)
        at = _now()
        rows: list[Record] = [
            *self._decision_rows(state.data),
            LegDetached(self.leg_id, reason, at),
            self._event_row("detached", {"reason": reason}, at),
            self._conversation(state, at),
        ]
        if call_ended:
            rows.append(CallEnded(self.info.uuid, reason, at))
        if state.status == "ended":
            rows.append(SnapshotsRedacted(self._redacted_snapshot(state, at)))
        return self._submit(*rows)

    # ---- the audit sink ----------------------------------------------------------------

    def record(self, event: AuditEvent) -> None:
        """Decisions are written with their turn: by then the values the turn's tools
        returned are known, so what the brain proposed with them is redacted too."""
        with self._lock:
            self._decisions.append((event, self._turn, _now()))
            if event.decision.kind == "tool_call":
                self._tool_decisions.append(event)

    def _decision_rows(self, data: Mapping[str, Any]) -> list[Record]:
        with self._lock:
            pending, self._decisions = self._decisions, []
        rows = []
        for event, turn, at in pending:
            d = event.decision
            after: dict[str, Any] = {"text": d.text}
            if d.args is not None:
                after["args"] = dict(d.args)
            if d.call_control is not None:
                after["call_control"] = {"tool": d.call_control.tool}
            rows.append(
                {
                    "conversation_id": self.cid,
                    "call_uuid": self.info.uuid,
                    "seq": event.seq,
                    "turn": turn,
                    "kind": d.kind,
                    "action": d.action.value,
                    "rules": list(d.rules),
                    "policy_version": d.policy_version,
                    "before": self.redactor.value(dict(event.subject), data),
                    "after": self.redactor.value(mask_value(after, event.secrets), data),
                    "at": at,
                }
            )
        return [Rows("decisions", tuple(rows))] if rows else []

    # ---- building rows -----------------------------------------------------------------

    def _submit(self, *records: Record) -> Ticket:
        ticket = self.writer.submit(*records)
        self.last_ticket = ticket
        return ticket

    def _set_state(self, state: ConversationState) -> None:
        with self._lock:
            self._state = state
            self._data = dict(state.data)

    def _data_now(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._data)

    def _text(self, text: str) -> str:
        return self.redactor.text(text, self._data_now())

    def _conversation(self, state: ConversationState, at: dt.datetime) -> ConversationSaved:
        data = dict(state.data)
        return ConversationSaved(
            id=self.cid,
            agent=self.agent,
            policy=self.pack.pack,
            policy_version=self.policy_version,
            status=state.status,
            step=state.step,
            turns=state.turn,
            summary=self.redactor.text(state.summary, data),
            facts=self.redactor.value(dict(state.facts), data),
            caller_id=self.info.caller_id,
            at=at,
        )

    def _event_row(self, kind: str, detail: Mapping[str, Any], at: dt.datetime) -> Rows:
        row = {
            "conversation_id": self.cid,
            "call_uuid": self.info.uuid,
            "kind": kind,
            "detail": self.redactor.value(dict(detail), self._data_now()),
            "at": at,
        }
        return Rows("events", (row,))

    def _turn_rows(
        self, rec: TurnRecord, delta: StateDelta, turn: int, at: dt.datetime
    ) -> list[dict[str, Any]]:
        base = {"conversation_id": self.cid, "call_uuid": self.info.uuid, "turn": turn}
        out: list[dict[str, Any]] = []
        for e in delta.entries:
            if isinstance(e, CallerEntry):
                spoken = "(silence)" if e.no_input else e.text
                out.append(
                    {
                        **base,
                        "role": "caller",
                        "input": rec.input,
                        "proposed": None,
                        "spoken": self._text(spoken),
                        "interrupted": False,
                        "timing": None,
                        "at": at,
                    }
                )
        agent = [e for e in delta.entries if isinstance(e, AgentEntry)]
        if rec.said or agent:
            proposed = " ".join((s.proposed or s.text) for s in rec.said if s.text)
            spoken = " ".join(e.text for e in agent if e.text)
            replaced = any(s.proposed for s in rec.said)
            timing: dict[str, Any] = {
                "breakdown_ms": rec.breakdown_ms(),
                "eot_why": rec.eot_why,
                "speculative": rec.speculative,
                "outcome": rec.outcome,
                "control": rec.control,
            }
            out.append(
                {
                    **base,
                    "role": "agent",
                    "input": rec.input,
                    "proposed": self._text(proposed) if replaced else None,
                    "spoken": self._text(spoken),
                    "interrupted": rec.interrupted or any(e.interrupted for e in agent),
                    "timing": timing,
                    "at": at,
                }
            )
        return out

    def _tool_rows(self, delta: StateDelta, turn: int, at: dt.datetime) -> list[dict[str, Any]]:
        with self._lock:
            decided, self._tool_decisions = self._tool_decisions, []
        out = []
        data = self._data_now()
        for e in delta.entries:
            if not isinstance(e, ToolEntry):
                continue
            d = next((ev for ev in decided if ev.decision.target == e.tool), None)
            if d is not None:
                decided.remove(d)
            returns = self.pack.tools[e.tool].returns if e.tool in self.pack.tools else {}
            out.append(
                {
                    "conversation_id": self.cid,
                    "call_uuid": self.info.uuid,
                    "turn": turn,
                    "call_id": e.call_id,
                    "tool": e.tool,
                    "args": self.redactor.value(dict(e.args), data),
                    "ok": e.ok,
                    "result": self.redactor.tool_result(e.result, returns),
                    "error": self._text(e.error) if e.error else None,
                    "action": d.decision.action.value if d is not None else "allow",
                    "rules": list(d.decision.rules) if d is not None else [],
                    "at": at,
                }
            )
        return out

    def _disclosure_row(self, s: SaidRecord, turn: int, at: dt.datetime) -> dict[str, Any]:
        return {
            "conversation_id": self.cid,
            "call_uuid": self.info.uuid,
            "turn": turn,
            "disclosure": s.disclosure,
            "text": s.text,
            "played": s.played,
            "played_mono_ns": s.first_played_ns,
            "played_at": _wall(s.first_played_ns),
            "samples": s.samples,
            "heard_samples": s.heard_samples,
            "at": at,
        }

    def _redacted_snapshot(self, state: ConversationState, at: dt.datetime) -> SnapshotSaved:
        data = dict(state.data)
        history: list[CallerEntry | AgentEntry | ToolEntry | NoteEntry] = []
        for e in state.history:
            if isinstance(e, CallerEntry | AgentEntry):
                history.append(e.model_copy(update={"text": self.redactor.text(e.text, data)}))
            elif isinstance(e, ToolEntry):
                history.append(
                    e.model_copy(
                        update={
                            "args": self.redactor.value(dict(e.args), data),
                            "raw_args": "",
                            "result": None,
                        }
                    )
                )
            else:
                history.append(e)
        redacted = state.model_copy(
            update={
                "history": tuple(history),
                "summary": self.redactor.text(state.summary, data),
                "data": {},
                "sensitive": {},
                "slots": self.redactor.value(dict(state.slots), data),
                "facts": self.redactor.value(dict(state.facts), data),
            }
        )
        return SnapshotSaved(
            self.cid,
            state.turn,
            self.agent,
            self.policy_version,
            snapshot_json(redacted),
            at,
            redacted=True,
        )
