# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiframe.media import Arena


@pytest.fixture
def arena_path() -> Iterator[Path]:
    """A fresh arena path in /dev/shm, removed afterwards."""
    p = Path("/dev/shm") / f"aiframe-test-{os.getpid()}-{uuid.uuid4().hex[:8]}.arena"
    yield p
    p.unlink(missing_ok=True)


@pytest.fixture
def arena(arena_path: Path) -> Iterator[Arena]:
    with Arena.create(arena_path, slots=4, max_rate=16000) as a:
        yield a
