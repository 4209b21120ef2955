# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe say "TEXT" -o out.wav`: speak text with the TTS engine a call uses."""

from __future__ import annotations

import time
from pathlib import Path

import click

from aiframe.config import Settings


@click.command()
@click.argument("text")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option(
    "--rate",
    type=click.IntRange(8000, 48000),
    default=None,
    help="Output sample rate (default: the voice's own).",
)
@click.pass_context
def say(ctx: click.Context, text: str, out: Path, rate: int | None) -> None:
    """Write TEXT as speech to a 16-bit WAV file."""
    import numpy as np

    from aiframe.speech.audio import write_wav
    from aiframe.speech.engines import SpeechEngines

    if not text.strip():
        raise click.BadParameter("give some text to say", param_hint="TEXT")
    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    tts = SpeechEngines(settings.speech).tts
    out_rate = rate or tts.rate
    t0 = time.perf_counter()
    first: float | None = None
    chunks = []
    for chunk in tts.stream(text, rate=out_rate):
        first = first if first is not None else time.perf_counter() - t0
        chunks.append(chunk.pcm)
    total = time.perf_counter() - t0
    pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    write_wav(out, pcm, out_rate)
    seconds = len(pcm) / out_rate
    rtf = total / seconds if seconds else 0.0
    click.echo(
        f"{out}: {seconds:.2f} s at {out_rate} Hz; first audio after {1000 * (first or 0):.0f} ms,"
        f" real-time factor {rtf:.2f}",
        err=True,
    )


__all__ = ["say"]
