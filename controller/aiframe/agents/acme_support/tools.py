# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Acme's tools over the demo database: verify a caller, look up an order, refund.

Each is ``fn(args, ctx)``; the arguments were already checked against the pack's JSON
Schema and allowed by the policy gate. The database path comes from the context (the
agent's ``data.sql`` built at first use).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from typing import Any

from aiframe.brain import ToolContext, ToolReply
from aiframe.brain.errors import ToolError
from aiframe.policy.state import FactValue

__all__ = ["issue_refund", "lookup_order", "verify_identity"]


def _connect(ctx: ToolContext) -> sqlite3.Connection:
    if ctx.database is None:
        raise ToolError(f"tool {ctx.tool}: the Acme database is not built (no data dir?)")
    conn = sqlite3.connect(ctx.database, timeout=2.0)
    conn.row_factory = sqlite3.Row
    return conn


def _squash(postcode: str) -> str:
    return "".join(postcode.split()).upper()


def verify_identity(args: Mapping[str, Any], ctx: ToolContext) -> ToolReply:
    """Do the order number, email and postcode belong together? Never says which part
    did not match: that would help someone guessing."""
    with closing(_connect(ctx)) as conn:
        row = conn.execute(
            "SELECT first_name, email, postcode FROM orders WHERE order_id = ?",
            (str(args["order_id"]).upper(),),
        ).fetchone()
    match = (
        row is not None
        and str(args["email"]).strip().lower() == row["email"].lower()
        and _squash(str(args["postcode"])) == _squash(row["postcode"])
    )
    if not match:
        return ToolReply({"match": False})
    # verified_order: the pack lets the caller act on this order only, not every order.
    facts: dict[str, FactValue] = {
        "identity_verified": True,
        "verified_order": str(args["order_id"]).upper(),
    }
    return ToolReply({"match": True, "first_name": row["first_name"]}, facts)


def lookup_order(args: Mapping[str, Any], ctx: ToolContext) -> dict[str, Any]:
    """Status, items, total, delivery estimate and address of one order."""
    with closing(_connect(ctx)) as conn:
        row = conn.execute(
            "SELECT * FROM orders WHERE order_id = ?", (str(args["order_id"]).upper(),)
        ).fetchone()
        if row is None:
            return {"found": False}
        refunded = conn.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?", (row["order_id"],)
        ).fetchone()[0]
    return {
        "found": True,
        "order_id": row["order_id"],
        "status": row["status"],
        "items": json.loads(row["items"]),
        "total": row["total"],
        "refunded": round(float(refunded), 2),
        "placed_on": row["placed_on"],
        "delivery_date": row["delivery_date"],
        "address": row["address"],
    }


def issue_refund(args: Mapping[str, Any], ctx: ToolContext) -> ToolReply:
    """Refund part or all of an order, never more than what is left of its total. The
    idempotency key makes a retried call return the first refund instead of a second."""
    order_id = str(args["order_id"]).upper()
    amount = round(float(args["amount"]), 2)
    with closing(_connect(ctx)) as conn, conn:
        done = conn.execute(
            "SELECT amount FROM refunds WHERE idempotency_key = ?", (ctx.idempotency_key,)
        ).fetchone()
        if done is not None:
            return ToolReply({"issued": True, "amount": done["amount"], "repeat": True},
                             {"refund_issued": True})  # fmt: skip
        row = conn.execute("SELECT total FROM orders WHERE order_id = ?", (order_id,)).fetchone()
        if row is None:
            return ToolReply({"issued": False, "why": "no such order"})
        refunded = conn.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?", (order_id,)
        ).fetchone()[0]
        left = round(row["total"] - float(refunded), 2)
        if amount > left:
            return ToolReply({"issued": False, "why": "more than is left to refund", "left": left})
        conn.execute(
            "INSERT INTO refunds (order_id, amount, reason, idempotency_key) VALUES (?, ?, ?, ?)",
            (order_id, amount, str(args["reason"]), ctx.idempotency_key),
        )
    return ToolReply({"issued": True, "amount": amount}, {"refund_issued": True})
