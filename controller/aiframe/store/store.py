# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The store as the controller holds it: one engine, one writer thread, readers.

``Store.open(settings)`` connects, brings the schema to this aiframe's revision
(``migrate=True``, the embedded default; an operator who runs ``aiframe store
upgrade`` by hand turns it off) and starts the writer. Reads (the snapshot a call
resumes from, the query CLI) run on the caller's thread; the controller runs them in
gevent's thread pool so the event loop never waits on the database.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from aiframe.brain.state import ConversationState
from aiframe.errors import StoreError, StoreUnavailableError
from aiframe.logs import get_logger
from aiframe.store import migrate
from aiframe.store import schema as t
from aiframe.store.engine import make_engine, safe_url
from aiframe.store.redact import check_detectors
from aiframe.store.settings import StoreSettings
from aiframe.store.writer import StoreWriter

__all__ = ["Store", "StoredSnapshot"]

log = get_logger("store")


@dataclass(frozen=True, slots=True)
class StoredSnapshot:
    """The newest snapshot of a conversation, and what the conversation row says."""

    conversation_id: str
    turn: int
    agent: str
    policy: str
    policy_version: str
    redacted: bool
    state: ConversationState


def _why(e: SQLAlchemyError) -> str:
    orig = getattr(e, "orig", None)
    lines = str(orig if orig is not None else e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


class Store:
    """The state and audit store of one controller process."""

    def __init__(self, settings: StoreSettings, engine: Engine | None = None) -> None:
        check_detectors(settings.redact_detectors)
        self.settings = settings
        self.engine = engine or make_engine(
            settings.url, connect_timeout_s=settings.connect_timeout_s
        )
        self.writer = StoreWriter(
            self.engine,
            flush_ms=settings.flush_ms,
            batch_max=settings.batch_max,
            max_queued=settings.max_queued,
            retry_min_s=settings.retry_min_s,
            retry_max_s=settings.retry_max_s,
            dead_letter=settings.dead_letter_path(),
            prepare=lambda: self.check_schema(settings.migrate),
        )
        self._retention: threading.Thread | None = None
        self._closing = threading.Event()

    @classmethod
    def open(cls, settings: StoreSettings) -> Store:
        """Start the writer (which checks or migrates the schema before its first
        write, retrying while the database is away) and the retention purge."""
        store = cls(settings)
        try:
            store.check_schema(settings.migrate)
        except StoreError as e:
            log.error("the store is not ready; calls go on and writes wait for it", error=str(e))
        else:
            store.writer.schema_ready()
        store.writer.start()
        if settings.retention_days is not None:
            store._retention = threading.Thread(
                target=store._purge_loop, name="aiframe-retention", daemon=True
            )
            store._retention.start()
        log.info("store", url=safe_url(settings.url), revision=migrate.head())
        return store

    def _purge_loop(self) -> None:
        while not self._closing.wait(self.settings.purge_interval_s):
            try:
                self.purge()
            except StoreError as e:
                log.warning("retention purge failed; trying again later", error=str(e))

    @property
    def url(self) -> str:
        return safe_url(self.settings.url)

    def check_schema(self, migrate_schema: bool) -> None:
        at = migrate.current(self.engine)
        want = migrate.head()
        if at == want:
            return
        if migrate_schema:
            migrate.upgrade(self.engine)
            return
        raise StoreError(
            f"store {self.url} is at schema revision {at or 'none'}, this aiframe needs "
            f"{want}: run `aiframe store upgrade`"
        )

    def close(self, timeout: float = 5.0) -> int:
        self._closing.set()
        left = self.writer.close(timeout)
        self.engine.dispose()
        return left

    # ---- what calls use --------------------------------------------------------------

    def latest_snapshot(self, conversation_id: str) -> StoredSnapshot | None:
        """The state to resume ``conversation_id`` from (None: never seen)."""
        s, c = t.snapshots, t.conversations
        q = (
            select(s.c.turn, s.c.agent, s.c.policy_version, s.c.redacted, s.c.state, c.c.policy)
            .join(c, c.c.id == s.c.conversation_id)
            .where(s.c.conversation_id == conversation_id)
            .order_by(s.c.turn.desc())
            .limit(1)
        )
        try:
            with self.engine.connect() as conn:
                row = conn.execute(q).first()
        except SQLAlchemyError as e:
            raise StoreUnavailableError(f"store {self.url}: {_why(e)}") from None
        if row is None:
            return None
        try:
            state = ConversationState.model_validate(row.state)
        except ValueError as e:
            raise StoreError(
                f"store {self.url}: the snapshot of conversation {conversation_id} at turn "
                f"{row.turn} does not load: {e}"
            ) from None
        return StoredSnapshot(
            conversation_id,
            row.turn,
            row.agent,
            row.policy,
            row.policy_version,
            row.redacted,
            state,
        )

    # ---- retention -------------------------------------------------------------------

    def purge(
        self,
        *,
        older_than_days: int | None = None,
        per_policy: dict[str, int] | None = None,
        now: dt.datetime | None = None,
    ) -> int:
        """Delete conversations (and all they own) idle longer than their retention;
        open conversations are kept whatever their age. Returns how many went."""
        days = older_than_days if older_than_days is not None else self.settings.retention_days
        now = now or dt.datetime.now(dt.UTC)
        c = t.conversations
        gone = 0
        try:
            with self.engine.begin() as conn:
                rules: list[tuple[Any, int]] = []
                for policy, d in (per_policy or {}).items():
                    rules.append((c.c.policy == policy, d))
                named = list((per_policy or {}).keys())
                if days is not None:
                    rules.append((c.c.policy.not_in(named) if named else None, days))
                for cond, d in rules:
                    cutoff = now - dt.timedelta(days=d)
                    where = [c.c.updated_at < cutoff, c.c.status != "open"]
                    if cond is not None:
                        where.append(cond)
                    ids = [r[0] for r in conn.execute(select(c.c.id).where(*where))]
                    for chunk in _chunks(ids, 500):
                        # Children first: not every database enforces ON DELETE CASCADE.
                        for table in _OWNED:
                            conn.execute(delete(table).where(table.c.conversation_id.in_(chunk)))
                        conn.execute(delete(c).where(c.c.id.in_(chunk)))
                    gone += len(ids)
        except SQLAlchemyError as e:
            raise StoreUnavailableError(f"store {self.url}: purge failed: {_why(e)}") from None
        if gone:
            log.info("retention purge", conversations=gone)
        return gone

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(t.metadata.tables[table])
                ).scalar_one()
            )


_OWNED = (t.snapshots, t.events, t.disclosures, t.tool_calls, t.decisions, t.turns, t.legs, t.calls)


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]
