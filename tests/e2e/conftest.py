# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""End-to-end tests against a real FreeSWITCH with mod_aiframe.

One FreeSWITCH for the session, started from freeswitch/test-conf in a
temporary directory (aiframe.lab.switch.testswitch). Without FreeSWITCH or
mod_aiframe.so every test here is skipped with one line (under CI=true that
line is a failure: CI builds the switch with `make freeswitch`). After each test the
switch must still be running, every channel is hung up and every arena slot
must be free again; a switch that died is restarted for the next test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aiframe.errors import EslError
from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.calls import hangup_all, subscribe_aiframe, wait_slots_free
from aiframe.lab.switch.signal import speechlike, tone, write_wav
from aiframe.lab.switch.testswitch import TestSwitch, absent_reason, find_module, unavailable
from aiframe.media import Arena

HERE = Path(__file__).parent
LEAD_IN_S = 0.5  # silence before the test speech, so no part of it is played before the tap


class _Absent(pytest.Item):
    """Stands in for every e2e test when FreeSWITCH or the module is missing,
    so the skip is one line, not one per test."""

    reason = ""

    def runtest(self) -> None:
        unavailable(f"e2e: {self.reason}")

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "e2e"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ours = [i for i in items if HERE in Path(str(i.path)).parents]
    if not ours:
        return
    reason = absent_reason()
    if reason is None:
        for item in ours:
            item.add_marker(pytest.mark.e2e)
        return
    stand_in = _Absent.from_parent(ours[0].session, name="e2e", path=HERE / "conftest.py")
    stand_in.reason = reason
    stand_in.add_marker(pytest.mark.e2e)
    config.hook.pytest_deselected(items=ours)
    items[:] = [i for i in items if i not in ours] + [stand_in]


@pytest.fixture(scope="session")
def switch() -> Iterator[TestSwitch]:
    sw = TestSwitch()
    sw.start()
    try:
        yield sw
    finally:
        sw.cleanup()


def _ensure_module(sw: TestSwitch) -> None:
    with sw.esl() as esl:
        if esl.api("module_exists mod_aiframe").strip() != "true":
            reply = esl.api(f"load {find_module().resolve()}").strip()
            if not reply.startswith("+OK"):
                pytest.fail(f"cannot load mod_aiframe again: {reply}")


@pytest.fixture(autouse=True)
def fs(switch: TestSwitch) -> Iterator[TestSwitch]:
    """The session's switch, checked around every test."""
    if not switch.alive:
        switch.restart()
    _ensure_module(switch)
    yield switch
    if not switch.alive:
        code = switch.stop()
        pytest.fail(f"FreeSWITCH died during this test (exit {code})\n{switch.log_tail()}")
    with switch.esl() as esl:
        left = hangup_all(esl)
        loaded = esl.api("module_exists mod_aiframe").strip() == "true"
    assert left == 0, f"{left} channels still up after hupall"
    if loaded and switch.endpoint is not None:
        with Arena.open(switch.endpoint.arena_path) as arena:
            busy = wait_slots_free(arena)
        assert not busy, f"slots still active after every call ended: {busy}"


@pytest.fixture
def esl(fs: TestSwitch) -> Iterator[SyncEsl]:
    """A connection receiving every aiframe event."""
    conn = fs.esl()
    subscribe_aiframe(conn)
    try:
        yield conn
    finally:
        with contextlib.suppress(EslError):
            conn.close()


@pytest.fixture
def arena(fs: TestSwitch) -> Iterator[Arena]:
    assert fs.endpoint is not None
    with Arena.open(fs.endpoint.arena_path) as a:
        yield a


@pytest.fixture(scope="session")
def sounds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WAV files the far legs play: speech-like audio at 8 and 16 kHz after a
    short silence, and a loud 'caller starts talking' file."""
    d = tmp_path_factory.mktemp("sounds")
    for rate in (8000, 16000):
        lead = np.zeros(round(LEAD_IN_S * rate), dtype=np.int16)
        write_wav(d / f"speech-{rate}.wav", rate, np.concatenate([lead, speechlike(3.0, rate)]))
        write_wav(d / f"speech-long-{rate}.wav", rate, speechlike(20.0, rate, seed=11))
    for rate in (8000, 16000):
        quiet = np.zeros(round(1.5 * rate), dtype=np.int16)
        write_wav(
            d / f"talk-{rate}.wav", rate, np.concatenate([quiet, tone(300, 3.0, rate, 12000)])
        )
    return d
