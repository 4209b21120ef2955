# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from aiframe.brain.outputs import TurnDone
from aiframe.brain.state import AgentEntry, CallerEntry, StateDelta
from aiframe.conversation.record import SaidRecord, TurnRecord
from aiframe.conversation.turns import ActiveTurn, Piece, Sentence, heard_prefix

RATE = 16000
MS = 1_000_000


def _turn(texts: list[str], samples: int = RATE) -> ActiveTurn:
    t = ActiveTurn(1, TurnRecord(index=1, input="speech"))
    for i, text in enumerate(texts):
        s = Sentence(i, SaidRecord(text=text))
        s.pieces.append(Piece(mark=i + 1, samples=samples))
        s.synthesized = True
        t.sentences.append(s)
    entries = (CallerEntry(text="hi"), *(AgentEntry(text=x) for x in texts))
    t.done = TurnDone("done", StateDelta(entries=entries, step="order_help", new_turn=True))
    return t


def test_heard_prefix_keeps_the_words_played():
    assert heard_prefix("one two three four", 0.5) == "one two…"
    assert heard_prefix("one two three four", 1.0) == "one two three four"
    assert heard_prefix("one two", 0.1) == "…"


def test_a_turn_played_out_keeps_every_line():
    t = _turn(["First.", "Second."])
    t.mark_played(1, 0)
    t.mark_played(2, 1000 * MS)
    t.all_played()
    delta = t.delta_as_heard(RATE)
    assert [e.text for e in delta.entries] == ["hi", "First.", "Second."]
    assert delta.step == "order_help"
    assert t.sentences[0].said.first_played_ns == 0


def test_a_barge_in_keeps_only_what_was_heard():
    t = _turn(["One two three four.", "Never played at all."])
    t.mark_played(1, 0)
    t.hold(500 * MS)  # half of the first sentence's second of audio
    t.cancel(600 * MS)
    delta = t.delta_as_heard(RATE)
    agent = [e for e in delta.entries if isinstance(e, AgentEntry)]
    assert [(e.text, e.interrupted) for e in agent] == [("One two…", True)]
    assert [s.said.played for s in t.sentences] == ["partial", "none"]
    assert t.sentences[0].said.heard_samples == RATE // 2


def test_a_resumed_barge_in_counts_the_audio_on_both_sides():
    t = _turn(["One two three four."])
    t.mark_played(1, 0)
    t.hold(250 * MS)
    t.resume(1000 * MS)
    assert not t.held
    t.hold(1500 * MS)  # 250 ms + 500 ms heard
    t.cancel(1600 * MS)
    t.sentences[0].settle(RATE)
    assert t.sentences[0].said.heard_samples == RATE * 3 // 4
    assert t.sentences[0].said.heard == "One two three…"


def test_a_later_mark_proves_the_earlier_pieces_were_heard_in_full():
    t = _turn(["First.", "Second."])
    t.mark_played(1, 0)
    t.mark_played(2, 2000 * MS)
    assert t.sentences[0].pieces[0].full
    t.cancel(2100 * MS)
    delta = t.delta_as_heard(RATE)
    # 100 ms of a one-word sentence is not a word heard.
    assert [s.said.played for s in t.sentences] == ["full", "none"]
    assert [e.text for e in delta.entries if isinstance(e, AgentEntry)] == ["First."]


def test_pending_synthesis_is_in_order_and_stops_when_cancelled():
    t = _turn(["A.", "B."])
    for s in t.sentences:
        s.synthesized = False
    first = t.pending_synthesis()
    assert first is t.sentences[0]
    t.synthesizing = first
    assert t.pending_synthesis() is None  # one at a time
    t.synthesizing = None
    t.cancel(0)
    assert t.pending_synthesis() is None
    assert all(s.cancel.is_set() for s in t.sentences)
