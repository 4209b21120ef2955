# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe transcribe FILE...`: endpoint WAV files with the VAD and transcribe
each utterance with the ASR engine, exactly as a call's audio would be."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from aiframe.config import Settings


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="JSON with utterances and timings.")
@click.pass_context
def transcribe(ctx: click.Context, files: tuple[Path, ...], as_json: bool) -> None:
    """Print what is said in 16-bit WAV files (8 to 48 kHz, any channels)."""
    from aiframe.speech.audio import read_wav
    from aiframe.speech.engines import SpeechEngines
    from aiframe.speech.utterances import find_utterances

    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    engines = SpeechEngines(settings.speech)
    t0 = time.perf_counter()
    vad, asr = engines.vad, engines.asr
    load_s = time.perf_counter() - t0
    results = []
    for path in files:
        audio, rate = read_wav(path)
        t1 = time.perf_counter()
        spans = find_utterances(vad, audio, rate)
        vad_s = time.perf_counter() - t1
        utts = []
        for span in spans:
            piece = audio[int(span.start_s * rate) : int(span.end_s * rate)]
            tr = asr.transcribe(piece, rate, whole=True)
            if tr.text:
                utts.append(
                    {
                        "start_s": round(span.start_s, 3),
                        "end_s": round(span.end_s, 3),
                        "text": tr.text,
                        "asr_s": round(tr.latency_s, 4),
                    }
                )
        text = " ".join(str(u["text"]) for u in utts)
        results.append(
            {
                "file": str(path),
                "rate": rate,
                "audio_s": round(len(audio) / rate, 3),
                "vad_s": round(vad_s, 4),
                "text": text,
                "utterances": utts,
            }
        )
        if not as_json:
            prefix = f"{path}: " if len(files) > 1 else ""
            click.echo(prefix + text)
    if as_json:
        click.echo(json.dumps({"load_s": round(load_s, 3), "files": results}, indent=2))


__all__ = ["transcribe"]
