# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench all` and `aiframe bench capacity` run end to end in their quick form:
the JSON keeps its schema, the page and the plots are written. No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from aiframe.lab.bench.runner import SCHEMA

pytestmark = [pytest.mark.slow, pytest.mark.models]


def test_bench_all_quick_writes_json_page_and_plots(tmp_path: Path) -> None:
    docs = tmp_path / "docs" / "benchmarks.md"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "aiframe",
            "bench",
            "all",
            "--quick",
            "--only",
            "media,policy,capacity,module",
            "--out-dir",
            str(tmp_path / "out"),
            "--docs",
            str(docs),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    data = json.loads((tmp_path / "out" / "all.json").read_text())
    jsonschema.validate(data, SCHEMA)
    assert set(data["results"]) == {"media", "policy", "capacity", "module"}
    assert data["results"]["module"].get("skipped")  # quick runs never start FreeSWITCH
    cap = data["results"]["capacity"]
    assert isinstance(cap["max_calls"], int) and cap["runs"][0]["calls"] == 2
    assert {"missed_deadlines", "cpu_ms_per_call_second", "rss_mb_per_call"} <= set(cap["runs"][0])
    idle = cap["idle"]  # the nobody-talking step: the calls woke their actors, and cost CPU
    assert idle["calls"] == 2 and idle["cpu_ms_per_call_second"] > 0
    assert idle["actor_wakeups_per_call_second"] > 0
    assert any(r["what"].endswith("nobody talking") for r in data["summary"])
    benches = {row["bench"] for row in data["summary"]}
    assert {"media", "policy", "capacity"} <= benches
    page = docs.read_text()
    assert "| benchmark | what | target | measured | peer | ratio | met |" in page
    assert "## Capacity, step by step" in page and "aiframe bench capacity --json" in page
    assert (docs.parent / "bench" / "capacity.png").stat().st_size > 1000
    assert (tmp_path / "out" / "bench-policy.json").is_file()


def test_a_bad_benchmark_name_is_one_line() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "aiframe", "bench", "all", "--only", "media,nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 2 and "unknown: nope" in r.stderr
