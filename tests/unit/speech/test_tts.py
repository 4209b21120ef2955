# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""TTS streams sentence by sentence at the call's rate and stops when cancelled."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from aiframe.cancel import Cancel
from aiframe.cli import cli
from aiframe.speech.audio import read_wav
from aiframe.speech.tts import split_sentences

pytestmark = pytest.mark.models

TEXT = (
    "Hello, thanks for calling Luigi's on the high street. Your table is booked."
    " See you at 7:30 pm!"
)


def test_one_chunk_per_sentence_at_the_asked_rate(tts_fixed):
    chunks = list(tts_fixed.tts.stream(TEXT, rate=8000))
    assert [c.text for c in chunks] == [
        "Hello,",
        "thanks for calling Luigi's on the high street.",
        "Your table is booked.",
        "See you at seven thirty p m!",
    ]
    assert all(c.rate == 8000 and c.pcm.dtype == np.int16 for c in chunks)
    assert all(0.3 < c.seconds < 4.0 for c in chunks)
    # The first chunk is the short first clause: the earliest audio possible.
    assert chunks[0].seconds < min(c.seconds for c in chunks[1:])


def test_cancel_stops_the_stream(tts_fixed):
    cancel = Cancel()
    got = []
    for chunk in tts_fixed.tts.stream(TEXT, rate=16000, cancel=cancel):
        got.append(chunk)
        cancel.set()
    assert len(got) == 1


def test_cancel_from_another_thread_inside_a_sentence(tts_fixed):
    import threading

    cancel = Cancel()
    long = "This sentence is long enough that it takes a while to say, " * 6 + "the end."
    timer = threading.Timer(0.01, cancel.set)
    timer.start()
    chunks = list(tts_fixed.tts.stream(long, cancel=cancel))
    timer.join()
    assert len(chunks) <= 1


def test_nothing_to_say_is_no_audio(tts_fixed):
    assert list(tts_fixed.tts.stream("  ... ")) == []


def test_sentence_splitting_keeps_abbreviations_and_money():
    assert split_sentences("Dr. Smith paid $12.50. Is that right?", first_clause=False) == [
        "Dr. Smith paid $12.50.",
        "Is that right?",
    ]


def test_say_then_transcribe_through_the_cli(tmp_path):
    out = tmp_path / "hi.wav"
    run = CliRunner().invoke
    r = run(
        cli, ["say", "Your table for 2 is booked at 7:30 pm.", "-o", str(out), "--rate", "8000"]
    )
    assert r.exit_code == 0, r.output
    audio, rate = read_wav(out)
    assert rate == 8000 and 1.5 < len(audio) / rate < 5
    r = run(cli, ["transcribe", str(out)])
    assert r.exit_code == 0, r.output
    assert "table for two" in r.output.lower() or "table for 2" in r.output.lower()
    r = run(cli, ["transcribe", str(tmp_path / "missing.wav")])
    assert r.exit_code != 0
