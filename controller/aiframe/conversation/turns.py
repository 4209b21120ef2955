# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""An AI turn in flight: its sentences, their synthesized pieces, what was heard.

Each sentence the gate passes becomes a :class:`Sentence`; TTS turns it into one or
more :class:`Piece` s (a long first sentence is cut at its first clause), each said
with its own playout mark. The marks say when each piece's first sample was really
played; a barge-in's flush time says where listening stopped. From those the turn
knows, per sentence, whether the caller heard all of it, part of it (how many
samples) or none, and that is what goes into the transcript: an interrupted turn
never leaks what the caller did not hear into the next one.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field, replace

from aiframe.brain.outputs import ControlAction, TurnDone, TurnRun
from aiframe.brain.state import AgentEntry, CallerEntry, NoteEntry, StateDelta, ToolEntry
from aiframe.cancel import Cancel
from aiframe.conversation.record import SaidRecord, TurnRecord
from aiframe.media.arena import PCM

__all__ = ["ActiveTurn", "Piece", "Sentence", "heard_prefix"]

Entry = CallerEntry | AgentEntry | ToolEntry | NoteEntry


@dataclass(slots=True)
class Piece:
    """One ``say``: its mark, its length, and when it was playing."""

    mark: int
    samples: int
    segments: list[list[int]] = field(default_factory=list)  # [start_ns, end_ns or 0]
    full: bool = False

    @property
    def started(self) -> bool:
        return bool(self.segments)

    def play(self, at_ns: int) -> None:
        if not self.segments or self.segments[-1][1]:
            self.segments.append([at_ns, 0])

    def stop(self, at_ns: int) -> None:
        if self.segments and not self.segments[-1][1]:
            self.segments[-1][1] = max(at_ns, self.segments[-1][0])

    def heard(self, rate: int) -> int:
        if self.full:
            return self.samples
        ns = sum(end - start for start, end in self.segments if end)
        return min(self.samples, ns * rate // 1_000_000_000)


@dataclass(slots=True)
class Sentence:
    """One gated sentence on its way to the caller."""

    index: int
    said: SaidRecord
    cancel: Cancel = field(default_factory=Cancel)
    pieces: list[Piece] = field(default_factory=list)
    ready: deque[PCM] = field(default_factory=deque)  # synthesized, not yet said
    synthesized: bool = False
    dropped: bool = False

    def settle(self, rate: int) -> None:
        """Fill in what was heard of it."""
        total = sum(p.samples for p in self.pieces) + sum(len(p) for p in self.ready)
        heard = sum(p.heard(rate) for p in self.pieces)
        self.said.samples = total
        self.said.heard_samples = heard
        if total and heard >= total:
            self.said.played, self.said.heard = "full", self.said.text
        elif heard > 0 and heard_prefix(self.said.text, heard / total) != "…":
            self.said.played = "partial"
            self.said.heard = heard_prefix(self.said.text, heard / total)
        else:
            self.said.played, self.said.heard = "none", ""


def heard_prefix(text: str, fraction: float) -> str:
    """The words of ``text`` a caller heard when ``fraction`` of its audio played."""
    words = re.findall(r"\S+", text)
    n = int(len(words) * max(0.0, min(1.0, fraction)))
    return " ".join(words[:n]) + ("…" if n < len(words) else "")


@dataclass(slots=True)
class ActiveTurn:
    """One AI turn, from its input to the moment everything it said has settled."""

    id: int
    record: TurnRecord
    run: TurnRun | None = None
    sentences: list[Sentence] = field(default_factory=list)
    done: TurnDone | None = None
    control: ControlAction | None = None
    synthesizing: Sentence | None = None
    cancelled: bool = False
    held: bool = False  # a barge-in flushed it; stage two is deciding
    settled: bool = False

    def pending_synthesis(self) -> Sentence | None:
        """The next sentence to synthesize, if TTS is free."""
        if self.synthesizing is not None or self.cancelled:
            return None
        return next((s for s in self.sentences if not s.synthesized and not s.dropped), None)

    def piece_of(self, mark: int) -> Piece | None:
        for s in self.sentences:
            for p in s.pieces:
                if p.mark == mark:
                    return p
        return None

    def pieces(self) -> list[Piece]:
        return [p for s in self.sentences for p in s.pieces]

    def mark_played(self, mark: int, at_ns: int) -> Piece | None:
        """The first sample of ``mark`` played: everything before it was heard in full."""
        piece = self.piece_of(mark)
        if piece is None:
            return None
        for p in self.pieces():
            if p is piece:
                break
            if p.started:
                p.full = True
        piece.play(at_ns)
        for s in self.sentences:
            if piece in s.pieces and s.said.first_played_ns is None:
                s.said.first_played_ns = at_ns
        return piece

    def all_played(self) -> None:
        """The speaker ran dry with nothing held: every piece said was heard in full."""
        for p in self.pieces():
            p.full = True
            p.stop(0)

    def hold(self, at_ns: int) -> None:
        """A flush at ``at_ns``: the piece playing then stops being heard."""
        self.held = True
        for p in self.pieces():
            if p.started and not p.full:
                p.stop(at_ns)

    def resume(self, at_ns: int) -> None:
        """Playback resumes where it stopped (the speaker keeps the position)."""
        self.held = False
        for p in self.pieces():
            if p.started and not p.full:
                p.play(at_ns)
                break

    def cancel(self, at_ns: int) -> None:
        """Stop everything: the brain, TTS, and what was never heard."""
        self.cancelled = True
        if not self.held:
            self.hold(at_ns)
        if self.run is not None:
            self.run.cancel()
        for s in self.sentences:
            s.cancel.set()

    @property
    def said_everything(self) -> bool:
        """Nothing left to synthesize or to say."""
        return all(s.dropped or (s.synthesized and not s.ready) for s in self.sentences)

    def delta_as_heard(self, rate: int) -> StateDelta:
        """The turn's delta with its agent lines replaced by what the caller heard."""
        assert self.done is not None
        for s in self.sentences:
            s.settle(rate)
        said = iter(self.sentences)
        entries: list[Entry] = []
        for e in self.done.delta.entries:
            if not isinstance(e, AgentEntry):
                entries.append(e)
                continue
            sent = next(said, None)
            if sent is None or sent.said.played == "full":
                entries.append(e)
            elif sent.said.played == "partial":
                entries.append(e.model_copy(update={"text": sent.said.heard, "interrupted": True}))
        return replace(self.done.delta, entries=tuple(entries))
