# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The Alembic migrations: up builds exactly schema.py, down removes it, up again works."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from aiframe.errors import StoreError, StoreUnavailableError
from aiframe.store import migrate
from aiframe.store.engine import make_engine
from aiframe.store.schema import metadata
from aiframe.store.settings import StoreSettings
from aiframe.store.store import Store

TABLES = {
    "conversations",
    "calls",
    "legs",
    "turns",
    "decisions",
    "tool_calls",
    "disclosures",
    "events",
    "snapshots",
}


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_up_down_up(db_url: str) -> None:
    engine = make_engine(db_url)
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    assert _tables(engine) == TABLES
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # The migrations build what the code writes to, column for column.
    assert diff == []
    migrate.downgrade(engine, "base")
    assert migrate.current(engine) is None
    assert _tables(engine) == set()
    migrate.upgrade(engine)
    assert _tables(engine) == TABLES
    engine.dispose()


def test_a_store_that_must_not_migrate_says_what_to_run(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(StoreSettings(url=url, migrate=False))
    with pytest.raises(StoreError, match=r"revision none, this aiframe needs 0001: run `aiframe"):
        store.check_schema(False)
    store.close()


def test_an_unknown_revision_is_a_clear_error(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(StoreError, match="downgrade to 'nope'"):
        migrate.downgrade(engine, "nope")


def test_an_unreachable_server_is_one_line(tmp_path) -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_timeout_s=2)
    with pytest.raises(StoreUnavailableError) as e:
        migrate.current(engine)
    assert "\n" not in str(e.value) and "127.0.0.1:1" in str(e.value)
