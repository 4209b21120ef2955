# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The first schema: conversations, calls, legs, turns, decisions, tool calls,
disclosures, events and snapshots.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _owned(name: str, *columns: sa.Column[object]) -> None:
    """A table that belongs to a conversation and goes when it is purged."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "conversation_id",
            sa.String(64),
            sa.ForeignKey(
                "conversations.id",
                ondelete="CASCADE",
                name=f"fk_{name}_conversation_id_conversations",
            ),
            nullable=False,
        ),
        sa.Column("call_uuid", sa.String(64), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("agent", sa.String(128), nullable=False),
        sa.Column("policy", sa.String(64), nullable=False),
        sa.Column("policy_version", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("turns", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("caller_id", sa.String(128), nullable=False),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
    )
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])
    op.create_table(
        "calls",
        sa.Column("uuid", sa.String(64), nullable=False),
        sa.Column(
            "conversation_id",
            sa.String(64),
            sa.ForeignKey(
                "conversations.id",
                ondelete="CASCADE",
                name="fk_calls_conversation_id_conversations",
            ),
            nullable=False,
        ),
        sa.Column("caller_id", sa.String(128), nullable=False),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("ended_at", _TS),
        sa.Column("end_reason", sa.String(200)),
        sa.PrimaryKeyConstraint("uuid", name="pk_calls"),
    )
    op.create_index("ix_calls_conversation_id", "calls", ["conversation_id"])
    op.create_index("ix_calls_started_at", "calls", ["started_at"])
    op.create_table(
        "legs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column(
            "conversation_id",
            sa.String(64),
            sa.ForeignKey(
                "conversations.id", ondelete="CASCADE", name="fk_legs_conversation_id_conversations"
            ),
            nullable=False,
        ),
        sa.Column("call_uuid", sa.String(64), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Integer(), nullable=False),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("agent", sa.String(128), nullable=False),
        sa.Column("controller", sa.String(128), nullable=False),
        sa.Column("attached_at", _TS, nullable=False),
        sa.Column("detached_at", _TS),
        sa.Column("reason", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_legs"),
    )
    op.create_index("ix_legs_conversation_id", "legs", ["conversation_id"])
    _owned(
        "turns",
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("input", sa.String(16), nullable=False),
        sa.Column("proposed", sa.Text()),
        sa.Column("spoken", sa.Text(), nullable=False),
        sa.Column("interrupted", sa.Boolean(), nullable=False),
        sa.Column("timing", sa.JSON()),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_index("ix_turns_conversation_id_turn", "turns", ["conversation_id", "turn"])
    _owned(
        "decisions",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("policy_version", sa.String(64), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_index("ix_decisions_conversation_id", "decisions", ["conversation_id"])
    _owned(
        "tool_calls",
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.String(64), nullable=False),
        sa.Column("tool", sa.String(64), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("result", sa.JSON()),
        sa.Column("error", sa.Text()),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_index("ix_tool_calls_conversation_id", "tool_calls", ["conversation_id"])
    _owned(
        "disclosures",
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("disclosure", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("played", sa.String(8), nullable=False),
        sa.Column("played_mono_ns", sa.BigInteger()),
        sa.Column("played_at", _TS),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("heard_samples", sa.Integer(), nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_index("ix_disclosures_conversation_id", "disclosures", ["conversation_id"])
    _owned(
        "events",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_index("ix_events_conversation_id", "events", ["conversation_id"])
    op.create_table(
        "snapshots",
        sa.Column(
            "conversation_id",
            sa.String(64),
            sa.ForeignKey(
                "conversations.id",
                ondelete="CASCADE",
                name="fk_snapshots_conversation_id_conversations",
            ),
            nullable=False,
        ),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("agent", sa.String(128), nullable=False),
        sa.Column("policy_version", sa.String(64), nullable=False),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", "turn", name="pk_snapshots"),
    )


def downgrade() -> None:
    for name in ("snapshots", "events", "disclosures", "tool_calls", "decisions", "turns"):
        op.drop_table(name)
    op.drop_table("legs")
    op.drop_table("calls")
    op.drop_table("conversations")
