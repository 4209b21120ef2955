# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench module`: its one-line refusal without FreeSWITCH, its keys on a tiny
run, and the pieces of the mod_audio_fork comparison that need no switch: finding the
peer, the WebSocket receiver, the click detector and the delay pairing. It times
nothing in pass/fail terms."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path

import numpy as np
import pytest

from aiframe.lab.bench import audio_fork
from aiframe.lab.bench.delay import (
    OnsetDetector,
    click_train,
    delay_summary,
    pair_delays,
    read_arrivals,
)
from aiframe.lab.bench.module import CpuSample, cpu_row, legacy_cpu_row, ratio
from aiframe.lab.bench.runner import module_lines, summary_rows
from aiframe.lab.bench.ws_receiver import SUBPROTOCOL, ForkStream, WsReceiver, call_from
from aiframe.lab.switch.testswitch import absent_reason, unavailable

RATE = 16000


def test_without_freeswitch_it_says_so_in_one_line(refused_without_freeswitch) -> None:
    refused_without_freeswitch("bench", "module", "--json")


# ---- the peer: where it is looked for, how it is built ----------------------------------


def test_the_peers_dir_is_beside_the_repository_unless_the_environment_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(audio_fork.PEERS_ENV, raising=False)
    assert audio_fork.peers_dir().parts[-2:] == ("shared", "peers")
    monkeypatch.setenv(audio_fork.PEERS_ENV, str(tmp_path))
    assert audio_fork.peers_dir() == tmp_path


@pytest.mark.parametrize("exists", [True, False])
def test_without_the_tarball_the_peer_is_skipped_in_one_line_naming_where(
    tmp_path: Path, exists: bool
) -> None:
    where = tmp_path if exists else tmp_path / "nowhere"
    with pytest.raises(audio_fork.PeerUnavailableError) as e:
        audio_fork.find_tarball(where)
    line = str(e.value)
    assert "\n" not in line
    assert str(where) in line and audio_fork.PEERS_ENV in line


def test_the_newest_named_tarball_is_taken(tmp_path: Path) -> None:
    for name in ("mod_audio_fork-a.tar.xz", "mod_audio_fork-b.tar.xz", "other.tar.xz"):
        (tmp_path / name).write_bytes(b"")
    assert audio_fork.find_tarball(tmp_path).name == "mod_audio_fork-b.tar.xz"


def test_the_cache_is_outside_the_repository(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(audio_fork.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert audio_fork.cache_root() == tmp_path / "aiframe" / "peers"


def test_a_build_already_in_the_cache_is_reused_by_the_tarball_hash(tmp_path: Path) -> None:
    tarball = tmp_path / "mod_audio_fork-x.tar.xz"
    tarball.write_bytes(b"not really a tarball")
    digest = audio_fork.sha256(tarball)
    so = tmp_path / "cache" / f"mod_audio_fork-{digest[:16]}" / "mod_audio_fork.so"
    so.parent.mkdir(parents=True)
    so.write_bytes(b"")
    peer = audio_fork.build(tarball, tmp_path / "cache")
    assert peer.so == so and peer.sha256 == digest


def test_only_missing_packages_are_installed() -> None:
    have = {"g++", "libspeexdsp-dev"}
    assert audio_fork.missing_packages(audio_fork.DEB_PACKAGES, have.__contains__) == [
        "libwebsockets-dev",
        "libboost-dev",
    ]


def test_the_build_compiles_every_source_then_links_a_loadable_name(tmp_path: Path) -> None:
    cmds = audio_fork.compile_commands(tmp_path / "src", tmp_path, ["-I/fs"], ["-lfreeswitch"])
    assert len(cmds) == len(audio_fork.SOURCES) + 1
    assert all("-fPIC" in c and "-I/fs" in c for c in cmds[:-1])
    link = cmds[-1]
    assert link[link.index("-o") + 1].endswith("/mod_audio_fork.so")
    assert {"-shared", "-lfreeswitch", "-lwebsockets", "-lspeexdsp"} <= set(link)


# ---- the WebSocket receiver ------------------------------------------------------------


def test_the_call_comes_from_the_metadata_frame_else_the_path() -> None:
    assert call_from("/abc", '{"uuid":"u-1"}') == "u-1"
    assert call_from("/x/abc?y=1", None) == "abc"
    assert call_from("/abc", "not json") == "abc"
    assert call_from("/abc", '{"other": 1}') == "abc"


def test_a_fork_stream_reads_frames_into_numpy_and_finds_clicks() -> None:
    stream = ForkStream("/path-call", OnsetDetector(RATE))
    stream.on_text('{"uuid":"call-1"}')
    pcm = np.tile(click_train(RATE), 2)
    held = [stream.on_binary(pcm[i : i + 320].tobytes()) for i in range(0, len(pcm), 320)]
    assert stream.call == "call-1" and stream.metadata is not None
    assert stream.frames == 100 and stream.samples == len(pcm)
    # the stream starts unarmed: the click it joins on is not counted, the next one is
    assert [i for i, t in enumerate(held) if t is not None] == [50]


@pytest.mark.slow
def test_the_receiver_process_takes_the_subprotocol_metadata_and_frames(
    tmp_path: Path,
) -> None:
    from websockets.asyncio.client import connect
    from websockets.typing import Subprotocol

    probe = tmp_path / "arrivals.txt"
    rx = WsReceiver(probe)
    pcm = np.tile(click_train(RATE), 2)

    async def send() -> str | None:
        async with connect(rx.url("c-9"), subprotocols=[Subprotocol(SUBPROTOCOL)]) as ws:
            await ws.send(json.dumps({"uuid": "c-9"}))
            for i in range(0, len(pcm), 320):
                await ws.send(pcm[i : i + 320].tobytes())
            return ws.subprotocol

    try:
        assert asyncio.run(send()) == SUBPROTOCOL
        assert rx.wait_opened(1, 10) == 1
    finally:
        totals = rx.stop()
    assert totals == {
        "connections": 1,
        "frames": 100,
        "samples": len(pcm),
        "texts": 1,
        "with_metadata": 1,
    }
    arrivals = read_arrivals(probe.read_text().splitlines())
    assert list(arrivals) == ["c-9"] and len(arrivals["c-9"]) == 1


# ---- clicks and delays -----------------------------------------------------------------


def test_a_click_fills_the_first_frame_of_each_period_from_its_first_sample() -> None:
    one = click_train(RATE)
    assert len(one) == RATE
    assert abs(int(one[0])) > 15000 and not one[320:].any()
    assert float(np.sqrt(np.mean(one[:320].astype(np.float64) ** 2))) > 10000


@pytest.mark.parametrize("chunk", [1, 160, 320, 960, 7000])
def test_onsets_are_found_whatever_the_chunking(chunk: int) -> None:
    det = OnsetDetector(RATE)
    pcm = np.tile(click_train(RATE), 4)
    found = sum(det.feed(pcm[i : i + chunk]) for i in range(0, len(pcm), chunk))
    assert found == 3  # unarmed at the start: the first click is not an onset


def test_two_clicks_in_one_chunk_are_two_onsets() -> None:
    det = OnsetDetector(RATE)
    det.feed(np.zeros(RATE, dtype=np.int16))
    assert det.feed(np.tile(click_train(RATE), 2)) == 2


def test_arrivals_are_read_per_call_in_order_skipping_torn_lines() -> None:
    got = read_arrivals(["a 30", "b 5", "a 10", "a", "b x", "c 7 8", ""])
    assert got == {"a": [10, 30], "b": [5]}


def test_each_arrival_pairs_with_the_latest_stamp_of_its_call() -> None:
    ms = 1_000_000
    stamps = {"a": [1000 * ms, 2000 * ms, 3000 * ms], "b": [1500 * ms]}
    arrivals = {
        "a": [1002 * ms, 2000 * ms - 1000, 3900 * ms],  # 2 ms, 1 us early, too late
        "b": [1501 * ms, 1502 * ms],  # the second has no stamp of its own
        "c": [5 * ms],  # a call without stamps
    }
    assert sorted(pair_delays(stamps, arrivals)) == [-1000, 1 * ms, 2 * ms]


def test_delay_summary_in_microseconds() -> None:
    s = delay_summary([1000 * k for k in range(1, 101)])
    assert s["n"] == 100 and s["p50_us"] == 50.5 and s["max_us"] == 100.0
    assert delay_summary([]) == {"n": 0, "p50_us": None, "p99_us": None, "max_us": None}


# ---- the report ------------------------------------------------------------------------


def _sample(path: str, fs_s: float, rx_s: float | None) -> CpuSample:
    return CpuSample(path, 10, fs_s, rx_s, 10.0, 20, 10)


def test_a_row_has_every_path_and_the_ratios_peer_over_ours() -> None:
    row = cpu_row(
        10,
        {
            "none": _sample("none", 0.2, None),
            "aiframe": _sample("aiframe", 0.3, 0.1),
            "audio_fork": _sample("audio_fork", 0.6, 0.5),
        },
    )
    assert row["fs_ms_per_call_s"] == {"none": 2.0, "aiframe": 3.0, "audio_fork": 6.0}
    assert row["rx_ms_per_call_s"] == {"aiframe": 1.0, "audio_fork": 5.0}
    assert row["fs_cpu_ratio"] == 2.0 and row["total_cpu_ratio"] == 2.75
    assert row["fs_added_cpu_ratio"] == 4.0
    legacy = legacy_cpu_row(row)
    assert legacy["with_module_ms_per_call_s"] == 3.0 and legacy["cpu_ratio"] == 1.5


def test_without_the_peer_its_figures_and_ratios_are_none() -> None:
    row = cpu_row(10, {"none": _sample("none", 0.2, None), "aiframe": _sample("aiframe", 0.3, 0.1)})
    assert row["fs_ms_per_call_s"]["audio_fork"] is None
    assert row["fs_cpu_ratio"] is None and row["total_cpu_ratio"] is None
    assert ratio(1.0, 0.0) is None


def test_bench_all_shows_the_peer_beside_the_module() -> None:
    row = cpu_row(
        50,
        {
            "none": _sample("none", 0.2, None),
            "aiframe": _sample("aiframe", 0.3, 0.1),
            "audio_fork": _sample("audio_fork", 0.6, 0.5),
        },
    )
    module = {
        "per_calls": [row],
        "cpu": [legacy_cpu_row(row)],
        "delay": {"calls": 50, "aiframe": {"n": 500}},
        "delay_p50_us": {"aiframe": 300.0, "audio_fork": 900.0},
        "delay_p99_us": {"aiframe": 1000.0, "audio_fork": 4000.0},
        "delay_ratio": 4.0,
        "barge_in": {
            "in_switch": {"p95_ms": 50.0},
            "controller_side": {"p95_ms": 70.0},
        },
    }
    rows = [r for r in summary_rows({"module": module}) if r["bench"] == "module"]
    peers = " ".join(r["peer"] or "" for r in rows)
    assert "mod_audio_fork" in peers
    assert any("delay" in r["what"] and r["ratio"] == 4.0 for r in rows)
    section = module_lines(module)
    assert any(line.startswith("| 50 | 2.00 | 3.00 | 6.00 |") for line in section)
    assert any("p99 4000.0 µs" in line for line in section)


# ---- the whole bench, on a real switch -------------------------------------------------


@pytest.mark.e2e
@pytest.mark.slow
def test_module_bench_reports_every_path() -> None:
    reason = absent_reason()
    if reason is not None:
        unavailable(f"e2e: {reason}")
    from aiframe.lab.bench.module import run_module_bench

    r = run_module_bench([3], window_s=1.5, settle_s=0.5, barge_trials=2, delay_calls=2)
    (cpu,) = r["cpu"]
    assert cpu["channels_with"] == cpu["channels_without"] == 6
    assert cpu["with_module_ms_per_call_s"] > 0 and cpu["without_module_ms_per_call_s"] > 0
    (row,) = r["per_calls"]
    peer = r["peer"]["skipped"] is None
    assert row["streams"]["aiframe"] == 3
    assert r["rx_ms_per_call_s"]["aiframe"] is not None
    assert r["delay"]["aiframe"]["n"] > 0
    if peer:  # without the tarball the peer is one line in r["peer"]["skipped"]
        assert row["streams"]["audio_fork"] == 3 and row["channels"]["audio_fork"] == 6
        assert r["fs_cpu_ratio"] is not None and r["total_cpu_ratio"] is not None
        assert r["delay"]["audio_fork"]["n"] > 0 and r["delay_ratio"] is not None
    for path in ("in_switch", "controller_side"):
        b = r["barge_in"][path]
        assert b["trials"] == 2 and b["flushed"] == 2, b
        assert not math.isnan(b["p50_ms"])
