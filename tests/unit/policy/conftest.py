# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from aiframe.policy import CompiledPolicy, load_policy

POLICIES = Path(__file__).resolve().parents[3] / "policies"


@cache
def _shipped(name: str) -> CompiledPolicy:
    return load_policy(POLICIES / f"{name}.yaml")


@pytest.fixture
def shipped() -> Callable[[str], CompiledPolicy]:
    """Load (once per session) a shipped pack by name."""
    return _shipped


@pytest.fixture
def retail() -> CompiledPolicy:
    return _shipped("retail-support")


@pytest.fixture
def collections() -> CompiledPolicy:
    return _shipped("collections")


@pytest.fixture
def healthcare() -> CompiledPolicy:
    return _shipped("healthcare-scheduling")
