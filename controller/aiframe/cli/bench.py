# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench ...`: benchmarks, JSON out."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def bench() -> None:
    """Benchmarks; each measures a peer path in the same run and reports the ratio."""


@bench.command()
@click.option(
    "--streams",
    default="1,50,200",
    show_default=True,
    help="Comma-separated concurrent 20 ms streams to measure.",
)
@click.option(
    "--seconds", type=float, default=5.0, show_default=True, help="Seconds per measurement."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (default: a table).")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here."
)
def media(streams: str, seconds: float, as_json: bool, out: Path | None) -> None:
    """Frame handoff: shared memory vs a loopback WebSocket, same audio, same run."""
    from aiframe.bench.media import run_media_bench

    counts = [int(s) for s in streams.split(",") if s.strip()]
    if not counts or min(counts) < 1:
        raise click.BadParameter("give stream counts like 1,50,200", param_hint="--streams")
    result = run_media_bench(counts, seconds)
    text = json.dumps(result, indent=2)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n")
    if as_json:
        click.echo(text)
        return
    click.echo(
        f"{'streams':>8} {'shm p50':>9} {'shm p99':>9} {'ws p99':>9} {'lat x':>7} {'cpu x':>7}"
    )
    for r in result["runs"]:
        click.echo(
            f"{r['streams']:>8} {r['shm_p50_us']:>8.0f}u {r['shm_p99_us']:>8.0f}u "
            f"{r['ws_p99_us']:>8.0f}u {r['latency_ratio']:>7.1f} {r['cpu_ratio']:>7.1f}"
        )
