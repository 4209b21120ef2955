# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Speaking: each gated sentence synthesized and said, with the marks that prove it.

Each sentence is synthesized in the speech pool as it arrives (one at a time per call,
in order) and said with its own playout mark, so the first sentence plays while the
brain and TTS are still on the rest. Without ``pipeline_tts`` the whole turn is said
once all of it is synthesized. The marks say what was really heard: a disclosure
counts as played only once every piece of its sentence was played out in full.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from aiframe.conversation.context import LoopContext
from aiframe.conversation.messages import TtsOut
from aiframe.conversation.prompts import first_clause
from aiframe.conversation.turns import ActiveTurn, Piece, Sentence
from aiframe.media.arena import PCM, MarkResult, now_ns
from aiframe.runtime.lifecycle import CallPhase
from aiframe.runtime.messages import CallMessage, MarkSettled, SpeakingFinished

__all__ = ["Speaking"]


class Speaking:
    """One call's speaking: sentences to audio, audio to the switch, marks to proof."""

    def __init__(self, ctx: LoopContext, settle: Callable[[], None]) -> None:
        self.ctx = ctx
        self._settle = settle  # the turn may be over: see whether it settles
        self._heard_disclosures: set[str] = set()

    def synthesize(self, t: ActiveTurn) -> None:
        """Start on the turn's next sentence, if none is being synthesized."""
        s = t.pending_synthesis()
        if s is None:
            return
        t.synthesizing = s
        ctx = self.ctx
        rate, cancel, speech = ctx.rate, s.cancel, ctx.speech
        post, tid, idx = ctx.post, t.id, s.index
        parts = first_clause(s.said.text) if s.index == 0 else [s.said.text]

        def work() -> CallMessage:
            for part in parts:
                for spoken in speech.synthesize(part, rate, cancel):
                    post(TtsOut(tid, idx, spoken, False, now_ns()))
            return TtsOut(tid, idx, None, True, now_ns())

        ctx.job(speech.pool, "TTS", work)

    def on_tts(self, msg: TtsOut) -> None:
        ctx = self.ctx
        t = ctx.turn
        if t is None or msg.turn != t.id:
            return
        s = t.sentences[msg.sentence]
        if msg.last:
            s.synthesized = True
            if t.synthesizing is s:
                t.synthesizing = None
        if t.cancelled or s.dropped:
            self._settle()
            return
        if msg.spoken is not None and len(msg.spoken.pcm):
            if t.record.tts_first_audio_ns is None:
                t.record.tts_first_audio_ns = msg.at_ns
            pcm = msg.spoken.pcm
            if s.index == 0 and not s.pieces and not s.ready:
                pcm = _trim_lead(pcm, ctx.rate)
            if s.index > 0 and not s.pieces and not s.ready and ctx.s.sentence_gap_ms:
                gap = np.zeros(ctx.rate * ctx.s.sentence_gap_ms // 1000, dtype=np.int16)
                pcm = np.concatenate([gap, pcm])
            s.ready.append(pcm)
            if ctx.s.pipeline_tts:
                self.say(t, s)
        if msg.last:
            self.synthesize(t)
            self.say_ready(t)
        self._settle()

    def say_ready(self, t: ActiveTurn) -> None:
        """Without pipelining: say the whole turn once all of it is synthesized."""
        if self.ctx.s.pipeline_tts or t.done is None or t.cancelled:
            return
        if all(s.synthesized or s.dropped for s in t.sentences):
            for s in t.sentences:
                self.say(t, s)

    def say(self, t: ActiveTurn, s: Sentence) -> None:
        ctx = self.ctx
        while s.ready:
            pcm = s.ready.popleft()
            if ctx.call.state is CallPhase.TRANSFERRING:
                continue
            mark = ctx.call.say(pcm)
            s.pieces.append(Piece(mark, len(pcm)))
            ctx.playing = True
            ctx.status(f"speaking turn {t.record.index}")

    def on_mark(self, msg: MarkSettled) -> None:
        t = self.ctx.turn
        if t is None:
            return
        if msg.result is MarkResult.PLAYED:
            piece = t.mark_played(msg.mark_id, msg.at_ns)
            if piece is not None and t.record.first_played_ns is None:
                t.record.first_played_ns = msg.at_ns
            self._disclosures_heard(t)

    def on_speaking_finished(self, msg: SpeakingFinished) -> None:
        t = self.ctx.turn
        self.ctx.playing = False
        if t is None or t.held:
            return
        t.all_played()
        self._disclosures_heard(t)
        self._settle()

    def _disclosures_heard(self, t: ActiveTurn) -> None:
        for s in t.sentences:
            d = s.said.disclosure
            heard = bool(s.pieces) and all(p.full for p in s.pieces)
            if d and heard and d not in self._heard_disclosures:
                self._heard_disclosures.add(d)
                self.ctx.conv.heard(d)
                self.ctx.saved()


def _trim_lead(pcm: PCM, rate: int) -> PCM:
    """The turn's first audio without the synthesizer's lead-in silence (10 ms kept):
    every millisecond of it is added to the caller's wait."""
    n = rate // 100
    frames = len(pcm) // n
    if frames < 2:
        return pcm
    x = pcm[: frames * n].astype(np.float64).reshape(frames, n)
    loud = np.flatnonzero(np.sqrt((x * x).mean(axis=1)) > 200)
    if not len(loud) or loud[0] <= 1:
        return pcm
    return pcm[(int(loud[0]) - 1) * n :]
