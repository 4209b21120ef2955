# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The media-plane demo: a scripted caller on the embedded host, and a
controller-side responder that answers each caller turn with synthetic voice
through the downlink, with in-switch barge-in live.

Everything audible goes through the real C core in real time: uplink ring,
doorbell, downlink ring, marks, the energy detector and the flush. The
speech engines and brain arrive with later releases; this shows the plane
they ride on.
"""

from __future__ import annotations

import os
import uuid as uuidlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aiframe.media.arena import PCM, Arena, Attachment, MarkResult, now_ns
from aiframe.media.host import BargeInConfig, EmbeddedHost
from aiframe.media.wav import write_wav

RATE = 16000
FRAME = RATE // 50


def synth_voice(seconds: float, f0: float, seed: int, rate: int = RATE) -> PCM:
    """A voice-like signal: harmonics of f0 with syllable-rate amplitude modulation."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    vib = 1 + 0.03 * np.sin(2 * np.pi * 5 * t)
    sig = sum(np.sin(2 * np.pi * f0 * k * vib * t + rng.uniform(0, 6)) / k for k in range(1, 8))
    syllables = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t + rng.uniform(0, 6))
    ramp = np.minimum(1, np.minimum(t, t[-1] - t) / 0.03) if len(t) else t
    out = 6000 * sig * syllables * ramp + rng.normal(0, 40, len(t))
    return np.clip(out, -32768, 32767).astype(np.int16)


@dataclass(frozen=True, slots=True)
class CallerScript:
    """Caller audio and when each spoken part starts (seconds)."""

    audio: PCM
    onsets: list[float]


def demo_caller() -> CallerScript:
    parts: list[PCM] = []
    onsets: list[float] = []

    def silence(s: float) -> None:
        parts.append(np.zeros(int(s * RATE), dtype=np.int16))

    def speak(s: float, seed: int) -> None:
        onsets.append(sum(len(p) for p in parts) / RATE)
        parts.append(synth_voice(s, 130.0, seed))

    silence(0.5)
    speak(1.6, 1)  # turn 1
    silence(3.4)  # the AI answers (2.0 s)
    speak(1.2, 2)  # turn 2
    silence(1.9)  # the AI starts a long answer (4.0 s) ...
    speak(0.9, 3)  # ... and the caller talks over it: barge-in
    silence(3.2)  # the AI answers the interruption (1.0 s)
    return CallerScript(np.concatenate(parts), onsets)


@dataclass(slots=True)
class Turn:
    number: int
    caller_end_ns: int
    reply_seconds: float
    played_ns: int = 0
    flushed: bool = False


@dataclass(slots=True)
class DemoReport:
    wav: Path
    turns: list[Turn]
    barge_ins: int
    barge_latency_ms: float | None
    dropped_ms: float
    counters: dict[str, int]
    host_late_frames: int
    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        played = [t for t in self.turns if t.played_ns]
        return self.barge_ins == 1 and len(played) >= 3 and self.counters["uplink_drops"] == 0


class Responder:
    """Controller side: a 20 ms energy VAD on the uplink; answers each turn."""

    def __init__(self, att: Attachment, replies: list[float]) -> None:
        self.att = att
        self.replies = replies
        self.turns: list[Turn] = []
        self.voiced_ms = 0
        self.silent_ms = 0
        self.last_voiced_ns = 0
        self.barge_seq = 0
        self.barge_at_ns = 0
        self.dropped_samples = 0
        self._buf = np.empty(RATE * 2, dtype=np.int16)
        self._pending = np.empty(0, dtype=np.int16)

    def on_audio(self) -> None:
        got = self.att.read_into(self._buf)
        audio = np.concatenate([self._pending, self._buf[:got]])
        t = now_ns()
        whole = len(audio) // FRAME * FRAME
        for k in range(0, whole, FRAME):
            frame = audio[k : k + FRAME].astype(np.float64)
            if np.sqrt(np.mean(frame * frame)) > 500:
                self.voiced_ms += 20
                self.silent_ms = 0
                self.last_voiced_ns = t
            else:
                self.silent_ms += 20
                if self.voiced_ms >= 200 and self.silent_ms >= 400:
                    self._answer()
                if self.silent_ms >= 400:
                    self.voiced_ms = 0
        self._pending = audio[whole:]
        self._check_barge_in()
        self._settle_marks()

    def _answer(self) -> None:
        if len(self.turns) >= len(self.replies):
            return
        n = len(self.turns) + 1
        secs = self.replies[n - 1]
        self.turns.append(Turn(n, self.last_voiced_ns, secs))
        self.att.set_mark(n)
        self.att.write(synth_voice(secs, 210.0, 100 + n))
        self.att.end_utterance()
        self.att.set_status(f"speaking turn={n}")
        self.voiced_ms = 0

    def _check_barge_in(self) -> None:
        b = self.att.barge_state()
        if b.seq != self.barge_seq:
            self.barge_seq = b.seq
            self.barge_at_ns = b.at_ns
            self.dropped_samples = b.dropped_samples
            self.att.set_status("listening (barge-in confirmed)")

    def _settle_marks(self) -> None:
        for ev in self.att.poll_marks():
            turn = self.turns[ev.mark_id - 1]
            if ev.result == MarkResult.PLAYED:
                turn.played_ns = ev.at_ns
            else:
                turn.flushed = True


def run_media_demo(out_dir: Path) -> DemoReport:
    out_dir.mkdir(parents=True, exist_ok=True)
    arena_path = Path("/dev/shm") / f"aiframe-demo-{os.getpid()}.arena"
    script = demo_caller()
    with Arena.create(arena_path, slots=4, max_rate=RATE) as arena:
        try:
            host = EmbeddedHost(
                arena,
                str(uuidlib.uuid4()),
                script.audio,
                rate=RATE,
                tail_ms=500,
                barge_in=BargeInConfig(900, 60),
            )
            leg = host.start()
            att = arena.attach(leg.index, host.uuid, leg.generation)
            responder = Responder(att, [2.0, 4.0, 1.0])
            seen = arena.doorbell_seq()
            while host.running:
                seen = arena.wait(seen, 50)
                if att.alive:
                    responder.on_audio()
            rec = host.join()
        finally:
            arena_path.unlink(missing_ok=True)
    counters = {}
    barge_latency = None
    if responder.barge_at_ns:
        onset_frame = int(script.onsets[2] * RATE) // FRAME
        onset_ns = rec.frame_times_ns[onset_frame]
        barge_latency = (responder.barge_at_ns - onset_ns) / 1e6
    wav = out_dir / "demo-media.wav"
    write_wav(wav, RATE, rec.caller, rec.ai)
    # Counters are read from the recording side: the slot was released at the end.
    ai_voiced = int(np.count_nonzero(np.abs(rec.ai) > 200))
    counters = {
        "frames": rec.frames,
        "uplink_drops": rec.dropped_frames,
        "ai_samples_played": ai_voiced,
    }
    report = DemoReport(
        wav,
        responder.turns,
        responder.barge_seq,
        barge_latency,
        responder.dropped_samples / RATE * 1000,
        counters,
        rec.late_frames,
    )
    lines = report.lines
    lines.append(
        "aiframe media demo: a scripted caller on the embedded host, a responder on "
        "the controller side, real C core, real time"
    )
    for t in report.turns:
        if t.played_ns:
            gap = (t.played_ns - t.caller_end_ns) / 1e6
            lines.append(
                f"  turn {t.number}: AI reply ({t.reply_seconds:.1f} s) first frame "
                f"played {gap:.0f} ms after the caller's last voiced frame "
                "(400 ms of it is the demo's end-of-turn silence)"
            )
        elif t.flushed:
            lines.append(f"  turn {t.number}: flushed before playing")
    if barge_latency is not None:
        lines.append(
            f"  barge-in: caller onset -> AI audio stopped at the channel in "
            f"{barge_latency:.0f} ms; {report.dropped_ms:.0f} ms of queued AI audio "
            "dropped in one flush"
        )
    else:
        lines.append("  barge-in: did not trigger")
    lines.append(
        f"  host: {rec.frames} frames, {rec.late_frames} late, {rec.dropped_frames} dropped"
    )
    lines.append(f"  recording: {wav} (left: caller, right: AI)")
    lines.append("  result: " + ("OK" if report.ok else "FAILED"))
    return report


__all__ = ["CallerScript", "DemoReport", "demo_caller", "run_media_demo", "synth_voice"]
