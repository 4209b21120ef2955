# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The writes the store's writer thread performs, one small record each.

Records are plain data built on the call's side (already redacted); ``write`` runs
in the writer thread inside the batch's transaction. Every record can say itself as
JSON, which is what the dead-letter file keeps when the database refuses one outright.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from aiframe.store import schema as t

__all__ = [
    "CallEnded",
    "CallSeen",
    "ConversationSaved",
    "LegAttached",
    "LegDetached",
    "Record",
    "Rows",
    "SnapshotSaved",
    "SnapshotsRedacted",
]


class Record:
    """A write the writer performs. Subclasses are frozen dataclasses."""

    def write(self, conn: Connection) -> None:
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = asdict(self)  # type: ignore[call-overload]
        d["record"] = type(self).__name__
        out: dict[str, Any] = _jsonable(d)
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, Mapping):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple | set | frozenset):
        return [_jsonable(x) for x in v]
    return v


@dataclass(frozen=True, slots=True)
class ConversationSaved(Record):
    """The conversation's row as of now (created on first sight, then updated)."""

    id: str
    agent: str
    policy: str
    policy_version: str
    status: str
    step: str
    turns: int
    summary: str
    facts: dict[str, Any]
    caller_id: str
    at: dt.datetime

    def write(self, conn: Connection) -> None:
        values = {
            "agent": self.agent,
            "policy": self.policy,
            "policy_version": self.policy_version,
            "status": self.status,
            "step": self.step,
            "turns": self.turns,
            "summary": self.summary,
            "facts": self.facts,
            "updated_at": self.at,
        }
        done = conn.execute(
            update(t.conversations).where(t.conversations.c.id == self.id).values(**values)
        )
        if done.rowcount == 0:
            conn.execute(
                insert(t.conversations).values(
                    id=self.id, caller_id=self.caller_id, started_at=self.at, **values
                )
            )


@dataclass(frozen=True, slots=True)
class CallSeen(Record):
    """A channel carried the conversation (kept once per channel uuid)."""

    uuid: str
    conversation_id: str
    caller_id: str
    at: dt.datetime

    def write(self, conn: Connection) -> None:
        found = conn.execute(select(t.calls.c.uuid).where(t.calls.c.uuid == self.uuid)).first()
        if found is None:
            conn.execute(
                insert(t.calls).values(
                    uuid=self.uuid,
                    conversation_id=self.conversation_id,
                    caller_id=self.caller_id,
                    started_at=self.at,
                )
            )
        else:  # the channel came back (from a human, after a restart): it is live again
            conn.execute(
                update(t.calls)
                .where(t.calls.c.uuid == self.uuid)
                .values(ended_at=None, end_reason=None)
            )


@dataclass(frozen=True, slots=True)
class CallEnded(Record):
    uuid: str
    reason: str
    at: dt.datetime

    def write(self, conn: Connection) -> None:
        conn.execute(
            update(t.calls)
            .where(t.calls.c.uuid == self.uuid)
            .values(ended_at=self.at, end_reason=self.reason[:200])
        )


@dataclass(frozen=True, slots=True)
class LegAttached(Record):
    id: str
    conversation_id: str
    call_uuid: str
    slot: int
    generation: int
    rate: int
    how: str
    agent: str
    controller: str
    at: dt.datetime

    def write(self, conn: Connection) -> None:
        conn.execute(
            insert(t.legs).values(
                id=self.id,
                conversation_id=self.conversation_id,
                call_uuid=self.call_uuid,
                slot=self.slot,
                generation=self.generation,
                rate=self.rate,
                how=self.how,
                agent=self.agent,
                controller=self.controller,
                attached_at=self.at,
            )
        )


@dataclass(frozen=True, slots=True)
class LegDetached(Record):
    id: str
    reason: str
    at: dt.datetime

    def write(self, conn: Connection) -> None:
        conn.execute(
            update(t.legs)
            .where(t.legs.c.id == self.id)
            .values(detached_at=self.at, reason=self.reason[:200])
        )


@dataclass(frozen=True, slots=True)
class Rows(Record):
    """Rows for one of the append-only tables (turns, decisions, tool calls,
    disclosures, events)."""

    table: str
    rows: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def write(self, conn: Connection) -> None:
        if self.rows:
            conn.execute(insert(t.metadata.tables[self.table]), list(self.rows))


@dataclass(frozen=True, slots=True)
class SnapshotSaved(Record):
    """The conversation's state after a committed turn: what a restart resumes from."""

    conversation_id: str
    turn: int
    agent: str
    policy_version: str
    state: dict[str, Any]
    at: dt.datetime
    redacted: bool = False

    def write(self, conn: Connection) -> None:
        s = t.snapshots
        conn.execute(
            delete(s).where(s.c.conversation_id == self.conversation_id, s.c.turn == self.turn)
        )
        conn.execute(
            insert(s).values(
                conversation_id=self.conversation_id,
                turn=self.turn,
                agent=self.agent,
                policy_version=self.policy_version,
                redacted=self.redacted,
                state=self.state,
                at=self.at,
            )
        )


@dataclass(frozen=True, slots=True)
class SnapshotsRedacted(Record):
    """The conversation is over: its verbatim snapshots give way to one redacted one."""

    final: SnapshotSaved

    def write(self, conn: Connection) -> None:
        s = t.snapshots
        conn.execute(delete(s).where(s.c.conversation_id == self.final.conversation_id))
        self.final.write(conn)
