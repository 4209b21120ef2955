# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aiframe.policy.registry import load_policy
from aiframe.policy.schema import PolicyPack
from aiframe.store.settings import StoreSettings
from aiframe.store.store import Store

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def pack() -> PolicyPack:
    return load_policy(REPO / "policies" / "retail-support.yaml").pack


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Iterator[Store]:
    settings = StoreSettings(url=db_url, flush_ms=5, dead_letter=tmp_path / "dead.jsonl")
    s = Store.open(settings)
    yield s
    s.close()
