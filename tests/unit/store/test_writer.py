# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The writer thread: order, batching, durability tickets, and what happens when the
database is locked, full or refuses a record: calls go on, nothing is lost."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from aiframe.store import migrate
from aiframe.store.engine import make_engine
from aiframe.store.records import ConversationSaved, Rows
from aiframe.store.writer import StoreWriter

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def conversation(cid: str) -> ConversationSaved:
    return ConversationSaved(
        cid, "acme", "retail-support", "1", "open", "greet", 0, "", {}, "", NOW
    )


def event_row(cid: str, n: int) -> Rows:
    row = {"conversation_id": cid, "call_uuid": "u", "kind": "k", "detail": {"n": n}, "at": NOW}
    return Rows("events", (row,))


def events(engine: sa.Engine) -> list[int]:
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT detail FROM events ORDER BY id")).all()
    return [(r[0] if isinstance(r[0], dict) else json.loads(r[0]))["n"] for r in rows]


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    e = make_engine(db_url)
    migrate.upgrade(e)
    yield e
    e.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    e = make_engine(f"sqlite:///{tmp_path / 'x.db'}", connect_timeout_s=0.05)
    migrate.upgrade(e)
    yield e
    e.dispose()


@pytest.fixture
def lock(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's exclusive transaction: the database is there but cannot be
    written (as while a backup or a long migration holds it)."""
    blocker = sqlite3.connect(tmp_path / "x.db", timeout=0.1, isolation_level=None)
    yield blocker
    if blocker.in_transaction:
        blocker.rollback()
    blocker.close()


def test_everything_arrives_in_order_in_few_batches(engine: sa.Engine) -> None:
    w = StoreWriter(engine, flush_ms=20).start()
    tickets = [w.submit(conversation("c1"))]
    tickets += [w.submit(event_row("c1", i)) for i in range(300)]
    assert tickets[-1].wait(10)
    assert all(t.done for t in tickets)
    assert events(engine) == list(range(300))
    assert w.stats.batches < 50  # a burst goes in together, not a transaction per record
    assert w.stats.written == 301 and w.stats.queued == 0
    assert w.close() == 0


def test_a_ticket_is_set_only_once_committed(sqlite_engine: sa.Engine, lock) -> None:
    w = StoreWriter(sqlite_engine, flush_ms=1, retry_min_s=0.05, retry_max_s=0.1).start()
    blocker = lock
    blocker.execute("BEGIN EXCLUSIVE")
    t = w.submit(conversation("c1"))
    assert not t.wait(0.5)  # the database is locked: not durable, not pretended
    blocker.rollback()
    assert t.wait(10)
    w.close()


def test_a_locked_database_queues_and_retries_and_loses_nothing(
    sqlite_engine: sa.Engine, lock
) -> None:
    engine = sqlite_engine
    outages: list[tuple[bool, str]] = []
    w = StoreWriter(
        engine,
        flush_ms=1,
        retry_min_s=0.02,
        retry_max_s=0.1,
        on_outage=lambda down, why: outages.append((down, why)),
    ).start()
    w.submit(conversation("c1")).wait(5)
    blocker = lock
    blocker.execute("BEGIN EXCLUSIVE")
    for i in range(50):
        w.submit(event_row("c1", i))
    deadline = time.monotonic() + 5
    while w.stats.retries < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert w.stats.retries >= 3 and not w.healthy
    assert "locked" in w.stats.last_error
    assert w.stats.queued == 50
    blocker.rollback()
    assert w.flush(10)
    assert events(engine) == list(range(50))
    assert w.healthy
    assert [d for d, _ in outages] == [True, False]  # told when it went and when it came back
    w.close()


def test_a_full_disk_queues_and_drains_once_there_is_room(sqlite_engine: sa.Engine) -> None:
    engine = sqlite_engine
    limit = {"pages": 0}

    @event.listens_for(engine, "checkout")
    def _cap(dbapi_conn: sqlite3.Connection, *_: object) -> None:
        if limit["pages"]:
            dbapi_conn.execute(f"PRAGMA max_page_count={limit['pages']}")

    with engine.connect() as c:
        pages = c.execute(sa.text("PRAGMA page_count")).scalar_one()
    limit["pages"] = pages + 1  # SQLite answers SQLITE_FULL, as on a full disk
    w = StoreWriter(engine, flush_ms=1, retry_min_s=0.02, retry_max_s=0.1).start()
    w.submit(conversation("c1"))
    big = "x" * 2000
    for i in range(40):
        row = {"conversation_id": "c1", "call_uuid": "u", "kind": big, "detail": {"n": i}}
        w.submit(Rows("events", ({**row, "kind": "k", "detail": {"n": i, "pad": big}, "at": NOW},)))
    deadline = time.monotonic() + 5
    while "full" not in w.stats.last_error and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "database or disk is full" in w.stats.last_error
    limit["pages"] = 1_000_000
    engine.pool.dispose()  # connections pick up the new cap at their next checkout
    assert w.flush(10)
    assert events(engine) == list(range(40))
    w.close()


def test_a_refused_record_goes_to_the_dead_letter_file_and_the_rest_is_written(
    engine: sa.Engine, tmp_path: Path
) -> None:
    dead = tmp_path / "dead.jsonl"
    w = StoreWriter(engine, flush_ms=50, dead_letter=dead).start()
    w.submit(conversation("c1"))
    w.submit(event_row("c1", 1))
    w.submit(conversation("c1"), event_row("no-such-conversation", 2))  # breaks the FK
    w.submit(event_row("c1", 3))
    assert w.flush(10)
    assert events(engine) == [1, 3]
    [line] = dead.read_text().splitlines()
    kept = json.loads(line)
    assert kept["record"] == "Rows" and kept["rows"][0]["conversation_id"] == "no-such-conversation"
    assert w.stats.dead_lettered == 1
    w.close()


def test_shutdown_while_the_database_is_away_keeps_the_writes(
    sqlite_engine: sa.Engine, lock, tmp_path: Path
) -> None:
    dead = tmp_path / "dead.jsonl"
    w = StoreWriter(sqlite_engine, flush_ms=1, retry_min_s=0.02, dead_letter=dead).start()
    blocker = lock
    blocker.execute("BEGIN EXCLUSIVE")
    for i in range(5):
        w.submit(event_row("c1", i))
    time.sleep(0.2)
    assert w.close(timeout=1) == 5
    assert [json.loads(x)["rows"][0]["detail"]["n"] for x in dead.read_text().splitlines()] == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_submit_never_blocks_while_the_database_is_away(sqlite_engine: sa.Engine, lock) -> None:
    engine = sqlite_engine
    w = StoreWriter(engine, flush_ms=1, retry_min_s=0.05).start()
    assert w.submit(conversation("c1")).wait(5)
    blocker = lock
    blocker.execute("BEGIN EXCLUSIVE")
    took: list[float] = []

    def burst() -> None:
        t0 = time.monotonic()
        for i in range(2000):
            w.submit(event_row("c1", i))
        took.append(time.monotonic() - t0)

    th = threading.Thread(target=burst)
    th.start()
    th.join(10)
    assert took and w.stats.queued == 2000  # all accepted, none written, none dropped
    blocker.rollback()
    assert w.flush(10)
    assert events(engine) == list(range(2000))
    w.close()


class _Gate:
    """A TCP relay in front of the database server that can be closed (connections cut,
    new ones refused) and opened again: the server going away and coming back."""

    def __init__(self, port: int) -> None:
        import socket

        self.target = port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.open = True
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket

        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            up = socket.create_connection(("127.0.0.1", self.target))
            self._pairs.append((client, up))
            for a, b in ((client, up), (up, client)):
                threading.Thread(target=self._relay, args=(a, b), daemon=True).start()

    @staticmethod
    def _relay(src: object, dst: object) -> None:
        import contextlib
        import socket

        assert isinstance(src, socket.socket) and isinstance(dst, socket.socket)
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        import contextlib
        import socket

        self.open = False
        pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for s in pair:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def stop(self) -> None:
        self.close()
        self.server.close()


def test_a_database_server_that_goes_away_and_comes_back(postgres) -> None:
    if postgres.base_url is None:
        pytest.skip(f"PostgreSQL: {postgres.reason}")
    url = postgres.database()
    port = sa.engine.make_url(url).port
    gate = _Gate(port)
    engine = make_engine(url.replace(f":{port}/", f":{gate.port}/"), connect_timeout_s=1)
    try:
        migrate.upgrade(engine)
        w = StoreWriter(engine, flush_ms=1, retry_min_s=0.05, retry_max_s=0.2).start()
        assert w.submit(conversation("c1")).wait(10)
        gate.close()  # the server is gone: connections cut, new ones refused
        tickets = [w.submit(event_row("c1", i)) for i in range(20)]
        deadline = time.monotonic() + 10
        while w.stats.retries < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not w.healthy and not tickets[0].done and w.stats.queued == 20
        gate.open = True  # and back
        assert tickets[-1].wait(20)
        assert events(engine) == list(range(20))
        assert w.healthy
        w.close()
    finally:
        engine.dispose()
        gate.stop()
