# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Stage two of barge-in: did the caller take the turn, or was it a backchannel or noise?

Stage one is in the switch: the module's energy detector flushes the AI's audio within
a frame of the caller making sound over it. That is fast and deliberately trigger-happy:
a cough, a door or "mm-hmm" all flush. Here the actor looks at what followed:

- no speech (VAD) within ``noise_window_ms`` of the flush: noise, resume;
- speech that lasts ``sure_speech_ms``: the caller is talking, confirm at once;
- otherwise, once the speech pauses, its transcript decides: at least
  ``min_speech_ms`` of speech and ``min_words`` words that are not backchannels
  ("mm-hmm", "yeah", "right", fillers) confirm; anything less resumes.

A *soft* case has no flush (the caller spoke under the detector's threshold): the same
rules decide whether to stop the AI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from aiframe.conversation.settings import BargeInSettings

__all__ = ["BargeCase", "Verdict", "count_words"]

Verdict = Literal["confirm", "resume"]

_NOISE_TAGS = re.compile(r"[\[(*][^\])*]*[\])*]")  # Whisper's "[coughing]", "(laughs)"
_WORD = re.compile(r"[a-z0-9']+(?:-[a-z0-9']+)*")


def count_words(text: str, backchannels: list[str]) -> int:
    """Words in ``text`` that are not backchannels or fillers."""
    t = _NOISE_TAGS.sub(" ", text.lower())
    t = " ".join(re.sub(r"[^a-z0-9' -]", " ", t).split())
    if backchannels:
        alts = "|".join(re.escape(p.lower()) for p in sorted(backchannels, key=len, reverse=True))
        t = re.sub(rf"(?<![\w'-])(?:{alts})(?![\w'-])", " ", t)
    return len(_WORD.findall(t))


@dataclass(slots=True)
class BargeCase:
    """One barge-in being judged; all times are stream milliseconds."""

    settings: BargeInSettings
    opened_ms: float
    soft: bool = False
    speech_from_ms: float | None = None
    decided: Verdict | None = None
    why: str = ""

    def speech_started(self, at_ms: float) -> None:
        if self.speech_from_ms is None:
            self.speech_from_ms = at_ms

    def speech_for(self, now_ms: float) -> Verdict | None:
        """The caller has been speaking until ``now_ms``: long enough to be sure?"""
        if self.speech_from_ms is None or self.decided is not None:
            return None
        if now_ms - self.speech_from_ms >= self.settings.sure_speech_ms:
            return self._decide("confirm", f"{now_ms - self.speech_from_ms:.0f} ms of speech")
        return None

    def noise_deadline(self, in_speech: bool) -> Verdict | None:
        """``noise_window_ms`` after the flush: no speech so far means noise."""
        if self.decided is not None or self.speech_from_ms is not None or in_speech:
            return None
        return self._decide("resume", "no speech after the flush (noise)")

    def transcript(self, text: str, speech_ms: float) -> Verdict:
        """The caller's speech paused; its transcript and length decide."""
        if self.decided is not None:
            return self.decided
        words = count_words(text, self.settings.backchannels)
        if speech_ms >= self.settings.min_speech_ms and words >= self.settings.min_words:
            return self._decide("confirm", f"{words} words in {speech_ms:.0f} ms: {text!r}")
        what = "backchannel" if text.strip() else "no words (noise)"
        return self._decide("resume", f"{what}: {text!r} ({speech_ms:.0f} ms, {words} words)")

    def _decide(self, verdict: Verdict, why: str) -> Verdict:
        self.decided = verdict
        self.why = why
        return verdict
