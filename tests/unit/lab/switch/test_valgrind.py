# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Reading a memcheck log: only records whose stacks run through the module count."""

from __future__ import annotations

from pathlib import Path

from aiframe.lab.switch.valgrind import parse_memcheck

LOG = """\
==42== Memcheck, a memory error detector
--42-- Reading syms from /work/main/mod_aiframe/build/mod_aiframe.so
==42==
==42== Invalid read of size 2
==42==    at 0x4C2A: aif_slot_on_read_frame (frame.c:88)
==42==    by 0x4C3B: on_read (aif_fs_call.c:97)
==42==    by 0x4D00: switch_core_session_read_frame (switch_core_io.c:660)
==42==
==42== Conditional jump or move depends on uninitialised value(s)
==42==    at 0x5000: switch_rtp_read (switch_rtp.c:100)
==42==
==42== 8,192 bytes in 1 blocks are possibly lost in loss record 1 of 3
==42==    at 0x48417B4: malloc (vg_replace_malloc.c:381)
==42==    by 0x49D4D2B: fspr_pool_create_ex (fspr_pools.c:836)
==42==
==42== 64 bytes in 1 blocks are definitely lost in loss record 2 of 3
==42==    at 0x48417B4: malloc (vg_replace_malloc.c:381)
==42==    by 0x6000: aif_fs_stop_all (in /work/main/mod_aiframe/build/mod_aiframe.so)
==42==
==42== ERROR SUMMARY: 4 errors from 4 contexts (suppressed: 0 from 0)
"""


def test_module_records_are_picked_out(tmp_path: Path) -> None:
    log = tmp_path / "memcheck.log"
    log.write_text(LOG)
    r = parse_memcheck(log)
    assert r.module_instrumented
    assert r.error_summary.startswith("ERROR SUMMARY: 4 errors")
    assert len(r.module_errors) == 1 and "Invalid read" in r.module_errors[0]
    assert len(r.module_leaks) == 1 and "aif_fs_stop_all" in r.module_leaks[0]


def test_a_clean_module_and_an_uninstrumented_one(tmp_path: Path) -> None:
    log = tmp_path / "memcheck.log"
    log.write_text("==1== ERROR SUMMARY: 0 errors from 0 contexts\n")
    r = parse_memcheck(log)
    assert not r.module_blocks and not r.module_instrumented
