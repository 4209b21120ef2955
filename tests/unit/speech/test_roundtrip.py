# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""TTS -> ASR round trip: what the voice says, Whisper hears, at both call rates.

The bound: 6% corpus WER per rate. Whisper tiny.en scores 5.6% WER on
LibriSpeech test-clean (Radford et al., 2022). Piper's voice is cleaner than
those audiobook recordings, so doing worse than tiny.en does on them means our
chain (resampling, log-mel, encoder window, G2P, number reading) broke, not
the model; such breaks measured here went to 15-170%. Measured on this corpus:
1.4% at 16 kHz, 1.7% at 8 kHz (deterministic TTS, greedy decoding), so the bound
leaves room for int8 arithmetic differing between CPUs. Each sentence must also
come back at least half right, so one disaster cannot hide in the average.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aiframe.speech.audio import resample
from aiframe.speech.g711 import mulaw_decode
from aiframe.speech.textnorm import words_for_scoring

pytestmark = pytest.mark.models
DATA = Path(__file__).parent / "data"

SENTENCES = [
    "I'd like to book a table for two at seven thirty.",
    "Your appointment is on Tuesday at 10:15 am.",
    "The total comes to $45.99 including tax.",
    "Can you read me the last four digits of your card?",
    "My name is Sarah Johnson and I live in Chicago.",
    "Is the pharmacy open on Sunday afternoon?",
    "Please hold while I transfer you to billing.",
    "We have 3 rooms available next weekend.",
    "Your order number is 48213.",
    "The refund of $120 will arrive within five business days.",
    "What is the best number to reach you on?",
    "I'm calling about the invoice from March.",
    "Could you spell your last name for me, please?",
    "The flight leaves at 6:45 pm from gate twelve.",
    "Thank you for calling, have a wonderful day!",
    "Do you want the large pizza or the medium one?",
    "Your balance is $1,250.",
    "Press one for sales, or two for support.",
    "The doctor can see you on the 21st of June.",
    "We close at 9 pm on Fridays.",
    "Michael will call you back tomorrow morning.",
    "How many people are in your party?",
    "Your new password has been sent to your email.",
    "I can offer you a discount of 15% today.",
    "The package was delivered to 22 Baker Street.",
    "Are you still there?",
    "My account was charged twice last month.",
    "Let me check that for you, it will take a minute.",
    "The meeting moved to Thursday at 2 pm.",
    "Would you like to hear our opening hours again?",
    "Emily from London booked the blue room.",
    "Our office is closed on public holidays.",
]


def wer(ref: list[str], hyp: list[str]) -> int:
    """Word edit distance (substitutions + deletions + insertions)."""
    d = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, d[0] = d[0], i
        for j, h in enumerate(hyp, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r != h))
    return d[len(hyp)]


@pytest.fixture(scope="module")
def spoken(tts_fixed) -> list[tuple[np.ndarray, int]]:
    tts = tts_fixed.tts
    return [(np.concatenate([c.pcm for c in tts.stream(s)]) / 32768, tts.rate) for s in SENTENCES]


@pytest.mark.parametrize("rate", [16000, 8000])
def test_round_trip_word_error_rate(engines, spoken, rate):
    assert len(SENTENCES) >= 30
    asr = engines.asr
    errors = words = 0
    report = []
    for text, (audio, voice_rate) in zip(SENTENCES, spoken, strict=True):
        heard = asr.transcribe(resample(audio.astype(np.float32), voice_rate, rate), rate).text
        ref, hyp = words_for_scoring(text), words_for_scoring(heard)
        e = wer(ref, hyp)
        errors, words = errors + e, words + len(ref)
        report.append(f"{e:2d}/{len(ref):2d}  {text!r} -> {heard!r}")
        assert e <= len(ref) / 2, "\n".join(report)
    rate_wer = errors / words
    print(f"\nWER at {rate} Hz: {rate_wer:.3f} ({errors}/{words})\n" + "\n".join(report))
    assert rate_wer < 0.06, "\n".join(report)


def test_a_recorded_greeting_is_transcribed_to_its_end(engines):
    """The Acme greeting as FreeSWITCH recorded it on a call (8 kHz, kept as G.711):
    three sentences in one 10 s piece, on which the fitted window's single decode
    stopped after the first (what `aiframe transcribe` printed of a long recording)."""
    pcm = mulaw_decode((DATA / "greeting-through-freeswitch-8k.ulaw").read_bytes())
    heard = words_for_scoring(engines.asr.transcribe(pcm / 32768, 8000, whole=True).text)
    assert heard[:4] == ["this", "call", "may", "be"]
    assert {"hello", "thanks", "calling", "order", "refund", "shipping"} <= set(heard), heard
