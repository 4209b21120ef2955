# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import gc

from aiframe.runtime.gcfreeze import freeze_startup_objects


def test_what_start_up_left_is_frozen_out_of_collection() -> None:
    kept = [{"n": i} for i in range(1000)]  # long-lived, as start-up's objects are
    try:
        frozen = freeze_startup_objects()
        assert frozen >= len(kept)
        assert gc.get_freeze_count() == frozen
        # Garbage made afterwards is still collected.
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_a_full_collection_finds_the_cycles_calls_left() -> None:
    from aiframe.runtime.gcfreeze import collect_now

    gc.collect()
    for _ in range(100):
        cycle: list[object] = []
        cycle.append(cycle)
    del cycle
    assert collect_now() >= 100
