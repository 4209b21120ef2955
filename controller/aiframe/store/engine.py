# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Opening the database: SQLite in WAL mode with foreign keys on, or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from aiframe.errors import StoreError

__all__ = ["make_engine", "safe_url"]


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unparsable URL)"


def make_engine(url: str, *, connect_timeout_s: float = 5.0) -> Engine:
    """An engine for ``url``; a SQLite file's directory is created if missing."""
    try:
        u = make_url(url)
    except ArgumentError as e:
        raise StoreError(f"store.url {url!r} is not a database URL: {e}") from None
    kwargs: dict[str, Any] = {"future": True}
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            path = Path(u.database)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"store: cannot create {path.parent}: {e.strerror}") from None
        kwargs["connect_args"] = {"timeout": connect_timeout_s, "check_same_thread": False}
    elif u.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": max(1, round(connect_timeout_s))}
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(u, **kwargs)
    except (ArgumentError, ImportError) as e:
        raise StoreError(f"store.url {safe_url(url)}: {e}") from None
    if u.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (aiframe calls, a second controller's recovery) never block the writer.
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed turn survives power loss, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
