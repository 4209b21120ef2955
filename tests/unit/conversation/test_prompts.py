# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from aiframe.brain.agent.loader import load_agent
from aiframe.conversation.prompts import first_clause, fixed_sentences


def test_first_clause_cuts_a_short_head_only():
    assert first_clause("Thanks, Maria, that all matches.") == [
        "Thanks,",
        "Maria, that all matches.",
    ]
    assert first_clause("And the email address on the order?") == [
        "And the email address on the order?"
    ]
    long_head = "One two three four five six seven, and the rest."
    assert first_clause(long_head) == [long_head]


def test_the_agents_fixed_sentences_are_the_chunkers_sentences_without_call_data():
    agent = load_agent("acme-support")
    got = fixed_sentences(agent, ["We've reached the time limit for this call. Goodbye."])
    assert "And the email address on the order?" in got
    assert "This call may be recorded for quality and training purposes." in got  # the pack
    assert "I can't promise a refund, but I can check what options you have." in got
    assert "I can't promise a refund," in got  # how a turn's first sentence starts
    assert "Goodbye." in got and "We've reached the time limit for this call." in got
    assert not [s for s in got if "{" in s]  # "Thanks, {result.first_name}, ..." is live
    assert len(got) == len(set(got))
