# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The writer thread: every store write, off the media path and off the event loop.

Calls hand records to :meth:`StoreWriter.submit` (never blocks) and get a
:class:`Ticket` that is set once the records are committed. One OS thread writes what
is queued in batches, one transaction each, in the order it was submitted.

When the database cannot be written (down, locked, disk full) the batch stays at the
head of the queue and is retried with capped exponential backoff; calls go on and
later records queue behind it, so nothing is lost and nothing is reordered. The
operator is told when an outage starts, every ``_NAG_S`` while it lasts, and when it
ends. A record the database refuses outright (a constraint it breaks) would block the
queue forever: it is written alone, and if it fails again it goes to the dead-letter
file as JSON instead.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from aiframe.errors import StoreError
from aiframe.logs import get_logger
from aiframe.store.engine import safe_url
from aiframe.store.records import Record

__all__ = ["StoreWriter", "Ticket", "WriterStats"]

log = get_logger("store.writer")

_NAG_S = 30.0


class Ticket:
    """Set once every record submitted with it is committed."""

    __slots__ = ("_done",)

    def __init__(self) -> None:
        self._done = threading.Event()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def _set(self) -> None:
        self._done.set()


@dataclass(slots=True)
class WriterStats:
    submitted: int = 0
    written: int = 0
    batches: int = 0
    retries: int = 0
    dead_lettered: int = 0
    queued: int = 0
    outage_since: float | None = None  # time.monotonic() of the first failed attempt
    last_error: str = ""
    # seconds the oldest write waited when its batch committed (the store's write lag)
    last_lag_s: float = 0.0


def _retriable(e: SQLAlchemyError) -> bool:
    """The database is away or cannot take writes now (as opposed to refusing them)."""
    if isinstance(e, OperationalError | PoolTimeoutError):
        return True
    return isinstance(e, DBAPIError) and e.connection_invalidated


def _why(e: BaseException) -> str:
    orig = getattr(e, "orig", None)
    lines = str(orig if orig is not None else e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


class StoreWriter:
    """One writer thread for one engine. ``submit`` from any thread."""

    def __init__(
        self,
        engine: Engine,
        *,
        flush_ms: int = 20,
        batch_max: int = 500,
        max_queued: int = 200000,
        retry_min_s: float = 0.2,
        retry_max_s: float = 10.0,
        dead_letter: Path | None = None,
        on_outage: Callable[[bool, str], None] | None = None,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.engine = engine
        self.flush_s = flush_ms / 1000
        self.batch_max = batch_max
        self.max_queued = max_queued
        self.retry_min_s = retry_min_s
        self.retry_max_s = retry_max_s
        self.dead_letter = dead_letter
        self.on_outage = on_outage
        # Run (and retried like a write) before the first batch: the schema check, so a
        # database that is down at start-up delays writes instead of failing calls.
        self._prepare = prepare
        self.stats = WriterStats()
        self._q: deque[tuple[Record, Ticket | None, float]] = deque()
        self._cv = threading.Condition()
        self._closing = False
        self._thread: threading.Thread | None = None
        self._warned_full = False
        self._last_nag = 0.0

    # ---- the calls' side -------------------------------------------------------

    def start(self) -> StoreWriter:
        self._thread = threading.Thread(target=self._run, name="aiframe-store", daemon=True)
        self._thread.start()
        return self

    def schema_ready(self) -> None:
        """The schema was checked already: no need to before the first batch."""
        self._prepare = None

    def submit(self, *records: Record) -> Ticket:
        """Queue ``records`` in order; the ticket is set once all are committed."""
        ticket = Ticket()
        if not records:
            ticket._set()
            return ticket
        now = time.monotonic()
        with self._cv:
            for r in records[:-1]:
                self._q.append((r, None, now))
            self._q.append((records[-1], ticket, now))
            self.stats.submitted += len(records)
            self.stats.queued = len(self._q)
            if self.stats.queued > self.max_queued and not self._warned_full:
                self._warned_full = True
                log.error(
                    "store writes are piling up in memory; nothing is dropped, but the "
                    "database must come back",
                    queued=self.stats.queued,
                    error=self.stats.last_error,
                )
            self._cv.notify()
        return ticket

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is committed."""
        with self._cv:
            last = next((tk for _, tk, _ in reversed(self._q) if tk is not None), None)
        return True if last is None else last.wait(timeout)

    @property
    def healthy(self) -> bool:
        return self.stats.outage_since is None

    def close(self, timeout: float = 5.0) -> int:
        """Write what is queued (up to ``timeout``), stop; returns what was left."""
        with self._cv:
            self._closing = True
            self._cv.notify()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._cv:
            left = len(self._q)
            if left:
                self._spill(list(self._q), "shutdown with the database unreachable")
                self._q.clear()
        return left

    # ---- the thread --------------------------------------------------------------

    def _run(self) -> None:
        backoff = self.retry_min_s
        while True:
            with self._cv:
                while not self._q and not self._closing:
                    self._cv.wait()
                if not self._q:
                    return
                if not self._closing and len(self._q) < self.batch_max:
                    self._cv.wait(self.flush_s)  # let the rest of a burst join the batch
                batch = [self._q[i] for i in range(min(self.batch_max, len(self._q)))]
            try:
                if self._prepare is not None:
                    self._prepare()
                    self._prepare = None
                self._write([r for r, _, _ in batch])
            except (SQLAlchemyError, StoreError) as e:
                if isinstance(e, StoreError) or _retriable(e):
                    self._failed(e)
                    with self._cv:
                        if self._closing:
                            return  # close() keeps what is left in the dead-letter file
                        self._cv.wait(backoff)
                    backoff = min(backoff * 2, self.retry_max_s)
                    continue
                self._one_by_one(batch)
            else:
                self._recovered()
            backoff = self.retry_min_s
            self._done(batch)

    def _write(self, records: list[Record]) -> None:
        with self.engine.begin() as conn:
            for r in records:
                r.write(conn)

    def _one_by_one(self, batch: list[tuple[Record, Ticket | None, float]]) -> None:
        """A batch the database refused: find the record it refuses, keep the rest."""
        for r, _, _ in batch:
            while True:
                try:
                    self._write([r])
                except SQLAlchemyError as e:
                    if _retriable(e):
                        self._failed(e)
                        time.sleep(self.retry_min_s)
                        continue
                    log.error(
                        "the store refused a record; kept in the dead-letter file",
                        record=type(r).__name__,
                        error=_why(e),
                    )
                    self._spill([(r, None, 0.0)], _why(e))
                break

    def _done(self, batch: list[tuple[Record, Ticket | None, float]]) -> None:
        now = time.monotonic()
        with self._cv:
            for _ in batch:
                self._q.popleft()
            self.stats.queued = len(self._q)
            if self._warned_full and self.stats.queued < self.max_queued // 2:
                self._warned_full = False
        self.stats.written += len(batch)
        self.stats.batches += 1
        self.stats.last_lag_s = now - batch[0][2]
        for _, tk, _ in batch:
            if tk is not None:
                tk._set()

    def _failed(self, e: SQLAlchemyError | StoreError) -> None:
        s = self.stats
        s.retries += 1
        s.last_error = _why(e)
        now = time.monotonic()
        if s.outage_since is None:
            s.outage_since = now
            self._last_nag = now
            log.warning(
                "the store cannot be written; calls go on and writes are queued and retried",
                store=safe_url(str(self.engine.url)),
                error=s.last_error,
                queued=s.queued,
            )
            if self.on_outage is not None:
                self.on_outage(True, s.last_error)
        elif now - self._last_nag >= _NAG_S:
            self._last_nag = now
            log.warning(
                "the store is still unavailable",
                store=safe_url(str(self.engine.url)),
                error=s.last_error,
                queued=s.queued,
                for_s=round(now - s.outage_since, 1),
            )

    def _recovered(self) -> None:
        s = self.stats
        if s.outage_since is None:
            return
        lasted = time.monotonic() - s.outage_since
        s.outage_since = None
        log.warning(
            "the store is writable again; queued writes are going in",
            store=safe_url(str(self.engine.url)),
            outage_s=round(lasted, 1),
            queued=s.queued,
        )
        if self.on_outage is not None:
            self.on_outage(False, "")

    def _spill(self, items: list[tuple[Record, Ticket | None, float]], why: str) -> None:
        if self.dead_letter is None:
            log.error("no dead-letter file; records lost", count=len(items), why=why)
            return
        try:
            self.dead_letter.parent.mkdir(parents=True, exist_ok=True)
            with self.dead_letter.open("a", encoding="utf-8") as fh:
                for r, _, _ in items:
                    fh.write(json.dumps({"why": why, **r.to_json()}, default=str) + "\n")
            self.stats.dead_lettered += len(items)
            log.error(
                "store records written to the dead-letter file",
                path=str(self.dead_letter),
                count=len(items),
                why=why,
            )
        except OSError as e:
            log.error(
                "cannot write the dead-letter file; records lost",
                path=str(self.dead_letter),
                count=len(items),
                error=e.strerror,
            )
