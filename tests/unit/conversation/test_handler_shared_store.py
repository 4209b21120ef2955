# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Two boxes, one PostgreSQL store: a call that moves from one box's AI to the other's
(a transfer between boxes, the conversation id on the channel) carries on where it was."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from aiframe.config import Settings
from aiframe.conversation.settings import ConversationSettings
from aiframe.demo.run import DemoCall, play
from aiframe.demo.script import CallerScript, Step
from aiframe.media.synth import synth_voice
from aiframe.store import query
from aiframe.store.settings import StoreSettings
from aiframe.store.store import Store

pytestmark = pytest.mark.slow

LINES = {1.0: "I'm calling about my order."}


def _call(
    make_speech: Callable[[Mapping[float, str]], object], steps: list[Step], store: Store
) -> DemoCall:
    clips = {t: synth_voice(s, 130.0, seed=int(s * 10)) for s, t in LINES.items()}
    return play(
        CallerScript(agent="acme-support", ai_quiet_ms=500, tail_ms=300, steps=steps),
        speech=make_speech(LINES),  # type: ignore[arg-type]
        clips=clips,
        settings=Settings(),
        conversation=ConversationSettings(no_input_s=30.0),
        store=store,
        conversation_id="conv-between-boxes",
    )


def test_a_call_moved_to_another_box_continues_the_conversation(make_speech, postgres) -> None:
    if postgres.base_url is None:
        pytest.skip(f"PostgreSQL: {postgres.reason}")
    url = postgres.database()
    box_a = Store.open(StoreSettings(url=url, flush_ms=5))
    box_b = Store.open(StoreSettings(url=url, flush_ms=5))  # another controller, same database
    try:
        first = _call(
            make_speech,
            [Step(say=LINES[1.0]), Step(hangup=True, wait_for="ai_done", after_ms=300)],
            box_a,
        )
        assert box_a.writer.flush(10)
        said = " ".join(s.text for s in first.record.turns[-1].said)
        assert "What's your order number?" in said
        second = _call(make_speech, [Step(hangup=True, wait_for="ai_done", after_ms=300)], box_b)
        [resumed] = second.record.turns
        assert resumed.input == "resume" and resumed.index == 3
        again = " ".join(s.text for s in resumed.said)
        assert again == said[said.index("What's your order number?") :]  # no apology needed
        assert box_b.writer.flush(10)
        tr = query.transcript(box_b.engine, "conv-between-boxes")
        assert [leg["how"] for leg in tr["conversation"]["legs"]] == ["start", "continued"]
        assert [(t["turn"], t["role"]) for t in tr["turns"]][-1] == (3, "agent")
    finally:
        box_a.close()
        box_b.close()
