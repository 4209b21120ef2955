# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Running the store's Alembic migrations from aiframe (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from aiframe.errors import StoreError, StoreUnavailableError
from aiframe.store.engine import safe_url

__all__ = ["current", "downgrade", "head", "upgrade"]

_SCRIPTS = Path(__file__).parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    return cfg


def head() -> str:
    """The newest revision this aiframe knows."""
    rev = ScriptDirectory.from_config(_config()).get_current_head()
    assert rev is not None
    return rev


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as e:
        raise StoreUnavailableError(f"store {safe_url(str(engine.url))}: {_why(e)}") from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, "downgrade", revision)


def _run(engine: Engine, what: str, revision: str) -> None:
    cfg = _config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            if what == "upgrade":
                command.upgrade(cfg, revision)
            else:
                command.downgrade(cfg, revision)
    except SQLAlchemyError as e:
        raise StoreUnavailableError(
            f"store {safe_url(str(engine.url))}: {what} to {revision} failed: {_why(e)}"
        ) from None
    except Exception as e:  # alembic's own: an unknown revision, a broken chain
        if type(e).__module__.startswith("alembic"):
            raise StoreError(f"store: {what} to {revision!r}: {e}") from None
        raise


def _why(e: SQLAlchemyError) -> str:
    orig = getattr(e, "orig", None)
    text = str(orig if orig is not None else e).strip().splitlines()
    return text[0] if text else type(e).__name__
