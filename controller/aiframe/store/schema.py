# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The store's tables (SQLAlchemy Core), as the migrations create them.

A **conversation** is what the caller experiences as one conversation with the
platform; its id travels as the ``aiframe_conversation_id`` channel variable, so it
survives transfers and controller restarts. A **call** is one FreeSWITCH channel that
carried the conversation (a transfer to another box or an AI leg of a bridge is
another call). A **leg** is one stretch of a call served by one actor: the first
attach, and each re-attach after a controller restart or a return from a human.

Everything a conversation owns is deleted with it (``ON DELETE CASCADE``), which is
how retention purges.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "calls",
    "conversations",
    "decisions",
    "disclosures",
    "events",
    "legs",
    "metadata",
    "snapshots",
    "tool_calls",
    "turns",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_TS = DateTime(timezone=True)


def _conversation_fk() -> Column[str]:
    return Column(
        "conversation_id",
        String(64),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
    )


conversations = Table(
    "conversations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agent", String(128), nullable=False),
    Column("policy", String(64), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # open | transferred | ended
    Column("step", String(64), nullable=False),
    Column("turns", Integer, nullable=False, default=0),
    Column("summary", Text, nullable=False, default=""),
    Column("facts", JSON, nullable=False),
    Column("caller_id", String(128), nullable=False, default=""),
    Column("started_at", _TS, nullable=False),
    Column("updated_at", _TS, nullable=False),
    Index("ix_conversations_updated_at", "updated_at"),
)

calls = Table(
    "calls",
    metadata,
    Column("uuid", String(64), primary_key=True),
    _conversation_fk(),
    Column("caller_id", String(128), nullable=False, default=""),
    Column("started_at", _TS, nullable=False),
    Column("ended_at", _TS),
    Column("end_reason", String(200)),
    Index("ix_calls_conversation_id", "conversation_id"),
    Index("ix_calls_started_at", "started_at"),
)

legs = Table(
    "legs",
    metadata,
    Column("id", String(36), primary_key=True),
    _conversation_fk(),
    Column("call_uuid", String(64), nullable=False),
    Column("slot", Integer, nullable=False),
    Column("generation", Integer, nullable=False),
    Column("rate", Integer, nullable=False),
    # start | reattached (controller restart) | returned (from a human) | handoff (AI -> AI)
    Column("how", String(16), nullable=False),
    Column("agent", String(128), nullable=False),
    Column("controller", String(128), nullable=False),  # host:pid
    Column("attached_at", _TS, nullable=False),
    Column("detached_at", _TS),
    Column("reason", String(200)),
    Index("ix_legs_conversation_id", "conversation_id"),
)

turns = Table(
    "turns",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _conversation_fk(),
    Column("call_uuid", String(64), nullable=False),
    Column("turn", Integer, nullable=False),  # the conversation's turn number
    Column("role", String(8), nullable=False),  # caller | agent
    Column("input", String(16), nullable=False),  # what started the turn (speech, dtmf...)
    Column("proposed", Text),  # agent: what the brain proposed, where the gate changed it
    Column("spoken", Text, nullable=False),  # agent: what was played; caller: what was heard
    Column("interrupted", Boolean, nullable=False, default=False),
    Column("timing", JSON),  # agent: the stage breakdown in ms (conversation/record.py)
    Column("at", _TS, nullable=False),
    Index("ix_turns_conversation_id_turn", "conversation_id", "turn"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _conversation_fk(),
    Column("call_uuid", String(64), nullable=False),
    Column("seq", Integer, nullable=False),  # the order the gate was asked in, per call
    Column("turn", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # sentence | caller | tool_call | transition
    Column("action", String(16), nullable=False),
    Column("rules", JSON, nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("before", JSON, nullable=False),  # what the gate was asked
    Column("after", JSON, nullable=False),  # what it let through (text, args)
    Column("at", _TS, nullable=False),
    Index("ix_decisions_conversation_id", "conversation_id"),
)

tool_calls = Table(
    "tool_calls",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _conversation_fk(),
    Column("call_uuid", String(64), nullable=False),
    Column("turn", Integer, nullable=False),
    Column("call_id", String(64), nullable=False),
    Column("tool", String(64), nullable=False),
    Column("args", JSON, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("result", JSON),
    Column("error", Text),
    Column("action", String(16), nullable=False),  # the gate's decision on the call
    Column("rules", JSON, nullable=False),
    Column("at", _TS, nullable=False),
    Index("ix_tool_calls_conversation_id", "conversation_id"),
)

disclosures = Table(
    "disclosures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _conversation_fk(),
    Column("call_uuid", String(64), nullable=False),
    Column("turn", Integer, nullable=False),
    Column("disclosure", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("played", String(8), nullable=False),  # full | partial | none
    # The proof: when the module played the disclosure's first frame (CLOCK_MONOTONIC
    # ns as the mark reported it, and as wall time) and how much of it was heard.
    Column("played_mono_ns", BigInteger),
    Column("played_at", _TS),
    Column("samples", Integer, nullable=False, default=0),
    Column("heard_samples", Integer, nullable=False, default=0),
    Column("at", _TS, nullable=False),
    Index("ix_disclosures_conversation_id", "conversation_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _conversation_fk(),
    Column("call_uuid", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("at", _TS, nullable=False),
    Index("ix_events_conversation_id", "conversation_id"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column(
        "conversation_id",
        String(64),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("turn", Integer, primary_key=True),
    Column("agent", String(128), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("redacted", Boolean, nullable=False, default=False),
    Column("state", JSON, nullable=False),  # brain.state.ConversationState, as JSON
    Column("at", _TS, nullable=False),
)
