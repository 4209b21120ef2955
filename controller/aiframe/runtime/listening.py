# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the media lane does with a call's caller audio, so the call's actor need not.

A handler that listens gives the lane a :class:`Listening`: the call's audio log,
how to make its VAD stream, and the early-pause settings. The lane thread then, for
every call in one pass, appends what it read to the log, watches the energy of each
20 ms frame, and (every ``vad_step_ms``) runs the VAD of all calls together
(:func:`vad_step`: one batched inference over the shared ONNX Runtime session, the
per-call sherpa-onnx streams one by one). The actor hears only what changed:
:class:`~aiframe.runtime.messages.VoiceActivity` when the voice starts or stops,
:class:`~aiframe.runtime.messages.EarlyPause` and
:class:`~aiframe.runtime.messages.LoudAgain` from the energy. A call in which nothing
changed costs its actor nothing.

Everything below ``lane-side`` is the lane thread's alone; the actor reads only
``audio`` (built for that) and ``vad_upto`` (an int).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from aiframe.media.arena import PCM
from aiframe.media.callaudio import CallAudio
from aiframe.runtime.messages import (
    CallMessage,
    EarlyPause,
    ListeningFailed,
    LoudAgain,
    VoiceActivity,
)
from aiframe.speech.vad import OrtVadStream, VadEvent, VadStream, process_batch

__all__ = ["Listening", "vad_step"]


class Listening:
    """One call's listening, as the media lane does it."""

    def __init__(
        self,
        audio: CallAudio,
        vad: Callable[[], VadStream] | None = None,
        *,
        early_pause_ms: float = 0.0,
        early_rms: float = 0.0,
    ) -> None:
        self.audio = audio
        self.make_vad = vad
        self.frame = audio.rate // 50
        on = early_pause_ms > 0 and early_rms > 0
        self.early = audio.samples(early_pause_ms) if on else 0
        # Compared squared and summed over the frame: no sqrt, no mean.
        self.loud_power = early_rms * early_rms * self.frame
        # ---- lane-side ----
        self.stream: VadStream | None = None
        self.making: Future[VadStream] | None = None
        self.vad_upto = 0  # stream samples the VAD has judged
        self.in_voice = False
        self.loud_end = 0  # stream position where the last loud frame ended
        self.early_sent = False
        self.failed = False

    def heard(self, pcm: PCM, at_ns: int, out: list[CallMessage]) -> None:
        """Caller audio the lane read at ``at_ns``; what changed goes to ``out``."""
        audio = self.audio
        start = audio.end
        audio.append(pcm, at_ns)
        if not self.early:
            return
        n = self.frame
        k = len(pcm) // n
        if k:
            f = pcm[: k * n].reshape(k, n).astype(np.float32)
            loud = np.flatnonzero(np.einsum("ij,ij->i", f, f) > self.loud_power)
            if len(loud):
                self.loud_end = start + (int(loud[-1]) + 1) * n
                if self.early_sent:
                    self.early_sent = False
                    out.append(LoudAgain(audio.ms(self.loud_end)))
        if (
            self.in_voice
            and not self.early_sent
            and self.loud_end > 0
            and audio.end - self.loud_end >= self.early
        ):
            self.early_sent = True
            out.append(EarlyPause(audio.ms(self.loud_end)))

    def _voice(self, events: Sequence[VadEvent]) -> None:
        for ev in events:
            self.in_voice = ev.kind == "start"
        self.early_sent = False


_maker: ThreadPoolExecutor | None = None


def _make(c: Listening) -> VadStream | None:
    """The call's VAD stream, once made. Streams are made on a thread of their own
    (a sherpa-onnx stream loads a model, ~100 ms): the lane never waits for one, and the
    call's audio waits in its log meanwhile."""
    global _maker
    if c.stream is not None:
        return c.stream
    if c.making is None:
        assert c.make_vad is not None
        if _maker is None:
            _maker = ThreadPoolExecutor(1, thread_name_prefix="aiframe-vad-setup")
        c.making = _maker.submit(c.make_vad)
        return None
    if not c.making.done():
        return None
    c.stream = c.making.result()  # raises what making it raised
    c.making = None
    return c.stream


def vad_step(calls: Sequence[Listening]) -> list[tuple[Listening, CallMessage]]:
    """Run every call's VAD over its audio since the last step (lane thread).

    Streams on the shared ONNX Runtime session run batched, one model call per
    window step for all of them; other streams (sherpa-onnx keeps its state in the
    model object) run one by one. A stream that fails fails its call; a batch that
    fails fails every call in it.
    """
    out: list[tuple[Listening, CallMessage]] = []
    batched: list[tuple[Listening, OrtVadStream, int]] = []
    for c in calls:
        if c.make_vad is None or c.failed:
            continue
        end = c.audio.end
        if end <= c.vad_upto:
            continue
        try:
            stream = _make(c)
            if stream is None:
                continue
            pcm = c.audio.read(c.vad_upto, end)
            c.vad_upto = end
            if isinstance(stream, OrtVadStream):
                stream.accept(pcm)
                batched.append((c, stream, end))
                continue
            events = stream.push(pcm)
        except Exception as e:  # the call's failure, loudly, not the lane's
            c.failed = True
            out.append((c, ListeningFailed("VAD", e)))
            continue
        if events:
            c._voice(events)
            out.append((c, VoiceActivity(tuple(events), end)))
    if not batched:
        return out
    try:
        results = process_batch([b[1] for b in batched])
    except Exception as e:
        for c, _, _ in batched:
            c.failed = True
            out.append((c, ListeningFailed("VAD", e)))
        return out
    for (c, _, end), events in zip(batched, results, strict=True):
        if events:
            c._voice(events)
            out.append((c, VoiceActivity(tuple(events), end)))
    return out
