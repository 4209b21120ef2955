# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The ``[store]`` section of the configuration: where state and audit go."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["DEFAULT_REDACT_DETECTORS", "StoreSettings", "default_store_url"]

# What is taken out of stored text whatever the pack says about its data classes.
DEFAULT_REDACT_DETECTORS = (
    "card_number",
    "ssn",
    "bank_account",
    "routing_number",
    "email",
    "phone_number",
)


def default_store_url() -> str:
    """SQLite in ``$XDG_STATE_HOME/aiframe/aiframe.db`` (``~/.local/state/...``)."""
    base = os.environ.get("XDG_STATE_HOME") or ""
    root = Path(base) if base.strip() else Path.home() / ".local" / "state"
    return f"sqlite:///{root / 'aiframe' / 'aiframe.db'}"


class StoreSettings(BaseModel):
    """The state and audit store (docs/state-and-audit.md)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    url: str = Field(
        default_factory=default_store_url,
        description="SQLAlchemy URL: sqlite:///path (WAL) or postgresql+psycopg://...",
    )
    migrate: bool = Field(
        default=True,
        description="bring the schema to this aiframe's revision on start-up; off: refuse "
        "to write until `aiframe store upgrade` has been run",
    )
    # The writer thread commits what is queued every flush_ms, at most batch_max at once.
    flush_ms: int = Field(default=20, ge=1, le=5000)
    batch_max: int = Field(default=500, ge=1, le=100000)
    # Writes held in memory while the database is away; past this, new calls are told.
    max_queued: int = Field(default=200000, ge=100, le=10_000_000)
    retry_min_s: float = Field(default=0.2, gt=0, le=60)
    retry_max_s: float = Field(default=10.0, gt=0, le=600)
    # How long the next turn waits for the last one to be durable before going ahead
    # anyway (the write stays queued and is retried).
    durable_wait_ms: int = Field(default=2000, ge=0, le=60000)
    retention_days: int | None = Field(
        default=90, ge=1, description="purge conversations idle this long; none: keep"
    )
    purge_interval_s: int = Field(default=3600, ge=10, le=86400)
    redact_detectors: list[str] = Field(default_factory=lambda: list(DEFAULT_REDACT_DETECTORS))
    dead_letter: Path | None = Field(
        default=None,
        description="JSON lines for records the database refused outright (default: beside "
        "a SQLite file, else in the XDG state dir)",
    )
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, v: str) -> str:
        scheme = v.split(":", 1)[0]
        if not scheme.startswith(("sqlite", "postgresql")):
            raise ValueError(
                f"store.url {scheme}:...: use sqlite:///path or postgresql+psycopg://user@host/db"
            )
        return v

    def dead_letter_path(self) -> Path:
        if self.dead_letter is not None:
            return self.dead_letter
        if self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:":
            return Path(self.url.removeprefix("sqlite:///")).with_suffix(".dead-letter.jsonl")
        base = os.environ.get("XDG_STATE_HOME") or ""
        root = Path(base) if base.strip() else Path.home() / ".local" / "state"
        return root / "aiframe" / "store.dead-letter.jsonl"
