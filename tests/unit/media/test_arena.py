# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

import pytest

from aiframe.errors import ArenaError
from aiframe.media import Arena


def test_create_open_and_info(arena_path: Path) -> None:
    with Arena.create(arena_path, slots=3, max_rate=8000) as a:
        info = a.info()
    assert stat.S_IMODE(arena_path.stat().st_mode) == 0o660
    with Arena.open(arena_path) as b:
        again = b.info()
    assert again.slot_count == info.slot_count == 3
    assert again.max_rate == 8000
    assert again.creator_pid == os.getpid()
    assert again.uplink_capacity >= 8000 * 2
    assert again.downlink_capacity >= 8000 * 10
    assert again.file_size == arena_path.stat().st_size
    assert again.accepting


def test_header_bytes_match_the_documented_wire_format(arena_path: Path) -> None:
    """docs/wire-format.md gives these offsets; the C core must write them there."""
    with Arena.create(arena_path, slots=2, max_rate=16000) as a:
        info = a.info()
    raw = arena_path.read_bytes()
    magic, version, header_size, slots, slot_size, up, down, rate, pid = struct.unpack_from(
        "<8s8I", raw, 0
    )
    (created_ns,) = struct.unpack_from("<Q", raw, 40)
    boot_id = raw[48:88].split(b"\0")[0].decode()
    (mark_cap,) = struct.unpack_from("<I", raw, 88)
    assert magic == b"AIFARENA"
    assert (version, header_size, slots, slot_size) == (1, 4096, 2, info.slot_size)
    assert (up, down, rate, pid) == (
        info.uplink_capacity,
        info.downlink_capacity,
        16000,
        os.getpid(),
    )
    assert created_ns == info.created_ns
    assert boot_id == Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    assert mark_cap == 64
    assert len(raw) == 4096 + 2 * slot_size


@pytest.mark.parametrize(
    ("offset", "value", "field"),
    [
        (0, b"XXXXXXXX", "magic"),
        (8, struct.pack("<I", 2), "layout_version"),
        (12, struct.pack("<I", 8192), "header_size"),
        (16, struct.pack("<I", 0), "slot_count"),
        (20, struct.pack("<I", 4096), "slot_size"),
        (24, struct.pack("<I", 1000), "uplink_capacity"),
        (28, struct.pack("<I", 1 << 10), "downlink_capacity"),
        (32, struct.pack("<I", 44100), "max_rate"),
        (88, struct.pack("<I", 3), "mark_capacity"),
    ],
)
def test_corrupt_header_fields_are_named(
    arena_path: Path, offset: int, value: bytes, field: str
) -> None:
    Arena.create(arena_path, slots=1, max_rate=8000).close()
    with arena_path.open("r+b") as f:
        f.seek(offset)
        f.write(value)
    with pytest.raises(ArenaError, match=field):
        Arena.open(arena_path)


def test_truncated_arena_is_refused(arena_path: Path) -> None:
    Arena.create(arena_path, slots=2, max_rate=8000).close()
    os.truncate(arena_path, arena_path.stat().st_size - 4096)
    with pytest.raises(ArenaError, match="size: file is"):
        Arena.open(arena_path)
    os.truncate(arena_path, 100)
    with pytest.raises(ArenaError, match="smaller than"):
        Arena.open(arena_path)


def test_arena_from_another_boot_is_refused(arena_path: Path) -> None:
    Arena.create(arena_path, slots=1, max_rate=8000).close()
    with arena_path.open("r+b") as f:
        f.seek(48)
        f.write(b"00000000-0000-0000-0000-000000000000\0")
    with pytest.raises(ArenaError, match="boot_id: arena is from boot"):
        Arena.open(arena_path)


def test_not_an_arena_and_missing_and_world_readable(arena_path: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(b"hello" * 2000)
    junk.chmod(0o600)
    with pytest.raises(ArenaError, match="magic: not an aiframe arena"):
        Arena.open(junk)
    with pytest.raises(ArenaError, match="is mod_aiframe loaded"):
        Arena.open(tmp_path / "missing")
    Arena.create(arena_path, slots=1, max_rate=8000).close()
    arena_path.chmod(0o664)
    with pytest.raises(ArenaError, match="world-accessible"):
        Arena.open(arena_path)


def test_bad_create_parameters(arena_path: Path) -> None:
    with pytest.raises(ArenaError, match="mode 0666"):
        Arena.create(arena_path, mode=0o666)
    with pytest.raises(ArenaError, match="slot_count 0"):
        Arena.create(arena_path, slots=0)
    with pytest.raises(ArenaError, match="group 'no-such-group-x'"):
        Arena.create(arena_path, group="no-such-group-x")
    assert not arena_path.exists()


def test_validate_image_directly() -> None:
    with pytest.raises(ArenaError, match="smaller than"):
        Arena.validate_image(b"AIFARENA")
