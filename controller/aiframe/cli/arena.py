# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe arena`: look inside an arena file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from aiframe.config import Settings
from aiframe.media import Arena


@click.group()
def arena() -> None:
    """Inspect the shared-memory arena."""


@arena.command()
@click.option(
    "--path",
    type=click.Path(path_type=Path),
    default=None,
    help="Arena file (default: media.arena_path).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def info(settings: Settings, path: Path | None, as_json: bool) -> None:
    """Header fields and the active slots."""
    with Arena.open(path or settings.media.arena_path) as a:
        head = a.info()
        slots = a.active_slots()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "arena": dataclasses.asdict(head),
                    "slots": [dataclasses.asdict(s) for s in slots],
                },
                indent=2,
            )
        )
        return
    click.echo(
        f"arena {head.path}: layout v{head.layout_version}, {head.slot_count} slots, "
        f"{head.max_rate} Hz max, creator pid {head.creator_pid}, "
        f"{head.active_slots} active"
    )
    for s in slots:
        c = s.counters
        click.echo(
            f"  slot {s.index} gen {s.generation} {s.uuid} {s.sample_rate} Hz "
            f"in={c.frames_in} out={c.frames_out} drops={c.uplink_drops} "
            f"underruns={c.downlink_underruns} barge-ins={c.barge_ins} "
            f"status={s.status!r}"
        )
