# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe host`: the embedded media host as a process of its own."""

from __future__ import annotations

import uuid as uuidlib
from pathlib import Path

import click

from aiframe.config import Settings
from aiframe.media import Arena, InjectMode
from aiframe.media.host import BargeInConfig, EmbeddedHost
from aiframe.media.wav import read_wav_mono, write_wav


@click.command()
@click.option(
    "--arena",
    "arena_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Arena file (default: media.arena_path).",
)
@click.option("--create", is_flag=True, help="Create the arena first, as the module would.")
@click.option(
    "--caller",
    "caller_wav",
    type=click.Path(path_type=Path),
    required=True,
    help="WAV file played as the caller.",
)
@click.option(
    "--out",
    "out_wav",
    type=click.Path(path_type=Path),
    required=True,
    help="Stereo WAV to write: caller left, AI right.",
)
@click.option("--uuid", "call_uuid", default=None, help="Call uuid (default: random).")
@click.option("--rate", type=click.Choice(["8000", "16000"]), default="16000")
@click.option("--tail-ms", type=int, default=2000, help="Silence after the caller audio ends.")
@click.option("--mix", is_flag=True, help="Mix AI audio instead of replacing.")
@click.option("--barge-threshold", type=int, default=900, help="RMS; 0 disables barge-in.")
@click.option("--barge-min-ms", type=int, default=100)
@click.pass_obj
def host(
    settings: Settings,
    arena_path: Path | None,
    create: bool,
    caller_wav: Path,
    out_wav: Path,
    call_uuid: str | None,
    rate: str,
    tail_ms: int,
    mix: bool,
    barge_threshold: int,
    barge_min_ms: int,
) -> None:
    """Play the switch side of one call in real time, without FreeSWITCH."""
    path = arena_path or settings.media.arena_path
    sr = int(rate)
    m = settings.media
    a = (
        Arena.create(path, slots=m.slots, max_rate=m.max_rate, mode=m.mode, group=m.group)
        if create
        else Arena.open(path)
    )
    with a:
        caller = read_wav_mono(caller_wav, sr)
        h = EmbeddedHost(
            a,
            call_uuid or str(uuidlib.uuid4()),
            caller,
            rate=sr,
            tail_ms=tail_ms,
            mode=InjectMode.MIX if mix else InjectMode.REPLACE,
            barge_in=BargeInConfig(barge_threshold, barge_min_ms) if barge_threshold else None,
        )
        leg = h.start()
        click.echo(f"call {h.uuid} on slot {leg.index} generation {leg.generation}", err=True)
        rec = h.join()
        write_wav(out_wav, sr, rec.caller, rec.ai)
    click.echo(
        f"wrote {out_wav}: {rec.frames} frames, {rec.late_frames} late, "
        f"{rec.dropped_frames} dropped",
        err=True,
    )
