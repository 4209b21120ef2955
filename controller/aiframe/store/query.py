# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Reading the store back: calls, a conversation's transcript, its audit trail.

Every function returns JSON-ready dicts (what ``--json`` prints); the CLI renders
them as text. A conversation is named by its id, by the uuid of any call that carried
it, or by a unique prefix of either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, select
from sqlalchemy.exc import SQLAlchemyError

from aiframe.errors import StoreNotFoundError, StoreUnavailableError
from aiframe.store import schema as t
from aiframe.store.engine import safe_url

__all__ = ["audit", "calls", "resolve", "transcript"]


def _iso(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        if v.tzinfo is None:  # SQLite hands back naive datetimes; they were written in UTC
            v = v.replace(tzinfo=dt.UTC)
        return v.isoformat()
    return v


def _row(r: RowMapping) -> dict[str, Any]:
    return {k: _iso(v) for k, v in r.items()}


def _run(engine: Engine, fn: Any, *args: Any) -> Any:
    try:
        with engine.connect() as conn:
            return fn(conn, *args)
    except SQLAlchemyError as e:
        orig = getattr(e, "orig", None)
        first = str(orig if orig is not None else e).strip().splitlines()
        why = first[0] if first else type(e).__name__
        raise StoreUnavailableError(f"store {safe_url(str(engine.url))}: {why}") from None


def resolve(conn: Connection, ref: str) -> str:
    """The conversation id ``ref`` names."""
    c, k = t.conversations, t.calls
    exact = conn.execute(select(c.c.id).where(c.c.id == ref)).first()
    if exact is not None:
        return str(exact[0])
    by_call = conn.execute(select(k.c.conversation_id).where(k.c.uuid == ref)).first()
    if by_call is not None:
        return str(by_call[0])
    like = ref.replace("%", "").replace("_", r"\_") + "%"
    found = {
        str(r[0])
        for r in conn.execute(select(c.c.id).where(c.c.id.like(like, escape="\\")).limit(5))
    }
    found |= {
        str(r[0])
        for r in conn.execute(
            select(k.c.conversation_id).where(k.c.uuid.like(like, escape="\\")).limit(5)
        )
    }
    if len(found) == 1:
        return found.pop()
    if found:
        raise StoreNotFoundError(
            f"{ref!r} names more than one conversation ({', '.join(sorted(found))}); "
            "give more of the id"
        )
    raise StoreNotFoundError(f"no call or conversation {ref!r} in the store")


def calls(
    engine: Engine, since: dt.datetime | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Calls, newest first, with their conversation's agent, status and turn count."""

    def q(conn: Connection) -> list[dict[str, Any]]:
        k, c = t.calls, t.conversations
        stmt = (
            select(
                k.c.uuid,
                k.c.conversation_id,
                k.c.caller_id,
                k.c.started_at,
                k.c.ended_at,
                k.c.end_reason,
                c.c.agent,
                c.c.policy,
                c.c.status,
                c.c.step,
                c.c.turns,
            )
            .join(c, c.c.id == k.c.conversation_id)
            .order_by(k.c.started_at.desc())
            .limit(limit)
        )
        if since is not None:
            stmt = stmt.where(k.c.started_at >= since)
        return [_row(r) for r in conn.execute(stmt).mappings()]

    result: list[dict[str, Any]] = _run(engine, q)
    return result


def _conversation(conn: Connection, cid: str) -> dict[str, Any]:
    c = t.conversations
    row = conn.execute(select(c).where(c.c.id == cid)).mappings().one()
    legs = conn.execute(
        select(t.legs).where(t.legs.c.conversation_id == cid).order_by(t.legs.c.attached_at)
    ).mappings()
    return {**_row(row), "legs": [_row(r) for r in legs]}


def transcript(engine: Engine, ref: str) -> dict[str, Any]:
    """The conversation and every turn, in order, across all its calls and legs."""

    def q(conn: Connection) -> dict[str, Any]:
        cid = resolve(conn, ref)
        tr = t.turns
        rows = conn.execute(
            select(tr).where(tr.c.conversation_id == cid).order_by(tr.c.id)
        ).mappings()
        return {"conversation": _conversation(conn, cid), "turns": [_row(r) for r in rows]}

    result: dict[str, Any] = _run(engine, q)
    return result


def audit(engine: Engine, ref: str) -> dict[str, Any]:
    """Every decision, tool call, disclosure and event of the conversation, in order."""

    def q(conn: Connection) -> dict[str, Any]:
        cid = resolve(conn, ref)
        out: dict[str, Any] = {"conversation": _conversation(conn, cid)}
        for name in ("decisions", "tool_calls", "disclosures", "events"):
            table = t.metadata.tables[name]
            rows = conn.execute(
                select(table).where(table.c.conversation_id == cid).order_by(table.c.id)
            ).mappings()
            out[name] = [_row(r) for r in rows]
        return out

    result: dict[str, Any] = _run(engine, q)
    return result
