# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Turn orchestration with scripted brains: cancellation, failures, limits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from aiframe.brain.agent.loader import Agent, load_agent
from aiframe.brain.agent.tools import ToolRegistry
from aiframe.brain.engines.base import BrainKind
from aiframe.brain.engines.events import (
    BrainEvent,
    CallerSaid,
    EndOfStream,
    TextDelta,
    ToolCallRequest,
    TurnRequest,
)
from aiframe.brain.engines.stream import Deadline, TurnStream
from aiframe.brain.errors import BrainError
from aiframe.brain.orchestration import Conversation
from aiframe.brain.outputs import ControlAction, Speak, TurnDone
from aiframe.brain.settings import BrainSettings
from aiframe.brain.state import AgentEntry, CallerEntry, StateDelta, ToolEntry
from aiframe.policy.audit import MemoryAuditSink
from aiframe.policy.registry import PolicyRegistry

Round = Sequence[BrainEvent] | Callable[[TurnStream], None]


class ScriptedBrain:
    """Plays one list of events per round, or runs a producer on a thread."""

    def __init__(self, rounds: Sequence[Round]) -> None:
        self.rounds = list(rounds)
        self.requests: list[TurnRequest] = []

    @property
    def kind(self) -> BrainKind:
        return "llm"

    def respond(self, request: TurnRequest, *, deadline: Deadline | None = None) -> TurnStream:
        self.requests.append(request)
        r = self.rounds.pop(0) if self.rounds else [EndOfStream("failed", error="script done")]
        if callable(r):
            s = TurnStream(deadline=deadline)
            threading.Thread(target=r, args=(s,), daemon=True).start()
            return s
        return TurnStream.of(iter(r))

    def close(self) -> None:
        return None


def _conv(
    acme: Agent,
    brain: ScriptedBrain,
    tools: ToolRegistry | None = None,
    **kw: object,
) -> tuple[Conversation, MemoryAuditSink]:
    sink = MemoryAuditSink()
    gate = PolicyRegistry([acme.policy_path]).open_call("c", acme.policy.name, sink)
    settings = kw.pop("settings", BrainSettings(first_output_deadline_ms=2000))
    conv = Conversation(
        acme, brain, gate, tools or ToolRegistry(), conversation_id="c",
        settings=settings, **kw,
    )  # fmt: skip
    return conv, sink


def _said(outs: Sequence[object]) -> list[str]:
    return [o.text for o in outs if isinstance(o, Speak)]


def test_barge_in_cancels_the_turn_and_proposes_only_what_was_heard(acme: Agent) -> None:
    release = threading.Event()

    def slow(s: TurnStream) -> None:
        s.emit(TextDelta("Let me check that for you. "))
        release.wait(5)
        s.emit(TextDelta("Your order has shipped. "))
        s.emit(EndOfStream("done"))

    conv, _ = _conv(acme, ScriptedBrain([slow]))
    before = conv.state
    run = conv.open()
    first = [next(run), next(run)]  # the disclosure the gate inserted, then the sentence
    assert _said(first)[1] == "Let me check that for you."
    threading.Timer(0.05, run.cancel).start()
    rest = list(run)
    release.set()
    done = rest[-1]
    assert isinstance(done, TurnDone) and done.reason == "cancelled"
    assert not any(isinstance(o, Speak) for o in rest)
    assert conv.state is before  # nothing applied
    spoken = [e for e in done.delta.entries if isinstance(e, AgentEntry)]
    assert [e.text for e in spoken][-1] == "Let me check that for you."
    assert all(e.interrupted for e in spoken)
    after = conv.commit(done.delta)
    assert after.step == before.step and after.slots == before.slots


def test_cancel_during_a_tool_counts_the_call(acme: Agent) -> None:
    started, release = threading.Event(), threading.Event()
    tools = ToolRegistry()

    @tools.python("verify_identity", timeout_s=5)
    def verify(args: object, ctx: object) -> dict[str, bool]:
        started.set()
        release.wait(5)
        return {"match": True}

    call = ToolCallRequest(
        "c1", "verify_identity", {"order_id": "AB123456", "email": "a@b.co", "postcode": "X"}
    )
    brain = ScriptedBrain(
        [[TextDelta("Hi. "), EndOfStream("done")], [call, EndOfStream("actions")]]
    )
    conv, _ = _conv(acme, brain, tools)
    conv.commit(conv.open().run().delta)
    conv.commit(StateDelta(step="identify"))
    run = conv.hear("it's AB123456")
    threading.Thread(target=lambda: (started.wait(5), run.cancel()), daemon=True).start()
    done = run.run()
    release.set()
    tools.close()
    assert done.reason == "cancelled"
    assert done.delta.tool_calls == {"verify_identity": 1}  # it may have acted
    (entry,) = [e for e in done.delta.entries if isinstance(e, ToolEntry)]
    assert not entry.ok and entry.error is not None and "outcome unknown" in entry.error
    assert done.delta.facts == {}


def test_one_turn_at_a_time(acme: Agent) -> None:
    conv, _ = _conv(acme, ScriptedBrain([[TextDelta("Hi. ")]]))
    run = conv.open()
    next(run)
    with pytest.raises(BrainError, match="a turn is still running"):
        conv.hear("hello")
    run.run()
    conv.hear("hello").run()  # fine once the first one is done


def test_failures_speak_the_fallback_then_escalate(acme: Agent) -> None:
    brain = ScriptedBrain([[EndOfStream("failed", error="boom")]] * 2)
    conv, _ = _conv(acme, brain)
    outs = list(conv.open())
    done = outs[-1]
    assert isinstance(done, TurnDone) and done.reason == "failed" and done.error == "boom"
    assert _said(outs)[-1] == "Sorry, I'm having trouble with that right now."
    conv.commit(done.delta)
    assert conv.state.counter("brain_failures") == 1
    outs = list(conv.hear("hello?"))
    assert _said(outs)[-1] == "Let me connect you with a member of our team."
    ctl = [o for o in outs if isinstance(o, ControlAction)]
    assert ctl == [ControlAction("transfer_to_agent", {"queue": "supervisor"}, "transferred",
                                 "brain/failures")]  # fmt: skip
    conv.commit(outs[-1].delta)
    assert conv.state.status == "transferred"
    with pytest.raises(BrainError, match="is transferred; no more turns"):
        conv.hear("hello")


def test_a_good_turn_resets_the_failure_count(acme: Agent) -> None:
    brain = ScriptedBrain([[EndOfStream("failed", error="x")], [TextDelta("Hello. ")]])
    conv, _ = _conv(acme, brain)
    conv.commit(conv.open().run().delta)
    conv.commit(conv.hear("hi").run().delta)
    assert conv.state.counter("brain_failures") == 0


def test_a_brain_that_never_stops_proposing_gets_the_fallback(acme: Agent) -> None:
    loop = [ToolCallRequest("x", "nope", {}), EndOfStream("actions")]
    brain = ScriptedBrain([loop] * 10)
    conv, _ = _conv(acme, brain, settings=BrainSettings(max_rounds=3))
    outs = list(conv.open())
    done = outs[-1]
    assert isinstance(done, TurnDone) and done.reason == "failed" and done.rounds == 4
    assert _said(outs)[-1] == acme.policy.pack.fallback
    assert len(brain.requests) == 3
    # every refusal went back to the brain as an outcome
    assert brain.requests[-1].outcomes[0].ok is False


def test_disclosure_proof_from_the_media_plane(acme: Agent) -> None:
    brain = ScriptedBrain([[TextDelta("Hello. ")], [TextDelta("Still there? ")]])
    conv, _ = _conv(acme, brain, assume_heard=False)
    outs = list(conv.open())
    assert [o.disclosure for o in outs if isinstance(o, Speak)] == ["recording", None]
    conv.commit(outs[-1].delta)
    assert conv.state.disclosures_played == frozenset()  # queued is not heard
    outs = list(conv.hear("hi"))
    assert _said(outs)[0].startswith("This call may be recorded")  # inserted again
    conv.heard("recording")
    assert conv.state.disclosures_played == {"recording"}


def test_caller_turns_go_through_the_gate_first(tmp_path: Path) -> None:
    d = tmp_path / "clinic"
    d.mkdir()
    (d / "agent.yaml").write_text(
        "agent: clinic\npolicy: healthcare-scheduling\nllm:\n  persona: x\n"
        "flow:\n  steps:\n    greeting:\n      prompt: How can I help?\n"
    )
    agent = load_agent(str(d))
    brain = ScriptedBrain([[TextDelta("Hello. ")], [TextDelta("Noted. ")]])
    conv, _ = _conv(agent, brain)
    conv.commit(conv.open().run().delta)
    conv.commit(conv.hear("my card is 4111 1111 1111 1111").run().delta)
    heard = [e.text for e in conv.state.history if isinstance(e, CallerEntry)]
    assert heard == ["my card is the card on file"]
    assert "4111" not in brain.requests[-1].input.text
    outs = list(conv.hear("I have chest pain"))
    assert len(brain.requests) == 2  # the brain never saw it
    assert _said(outs)[0].startswith("That sounds urgent.")
    ctl = [o for o in outs if isinstance(o, ControlAction)]
    assert ctl == [
        ControlAction("transfer_to_staff", {"queue": "triage_nurse"}, "transferred", "emergency")
    ]


def test_a_card_the_caller_said_is_never_read_back_in_this_call(acme: Agent) -> None:
    """retail-support's exact_value rule: the caller's card is remembered by the loop,
    across turns; digits a sentence says add up over its turn, and start again at the
    next; the audit never holds the number."""
    card = "4539578763621486"
    brain = ScriptedBrain(
        [
            [TextDelta("Hi. ")],
            [TextDelta("So that's 4539 5787 6362 1486? ")],
            [TextDelta("It starts with forty five. Then thirty nine. ")],
            [TextDelta("Then thirty nine. It ends in 1486. ")],
        ]
    )
    conv, sink = _conv(acme, brain)
    conv.commit(conv.open().run().delta)
    done = conv.hear("My card is four five three nine, five seven eight seven, 6362 1486.").run()
    assert done.reason == "refused"  # the echo was blocked
    assert done.delta.sensitive == {"card_number": (card,)}
    conv.commit(done.delta)
    assert conv.state.sensitive == {"card_number": (card,)}
    heard = brain.requests[1].input
    assert isinstance(heard, CallerSaid) and heard.text.startswith("My card is four five three")
    refused = [d for d in done.decisions if d.kind == "sentence"]
    assert refused[-1].rules == ("card-number", "card-digits-last-four-only")

    outs = list(conv.hear("What card do you have?"))  # a later turn: still remembered
    assert _said(outs) == [
        "It starts with forty five.",
        "For your security I can only read you the last four digits of that card.",
    ]  # "45" alone is nothing; "39" after it makes 4539
    conv.commit(outs[-1].delta)

    outs = list(conv.hear("And then?"))  # a new turn counts afresh
    assert _said(outs) == ["Then thirty nine.", "It ends in 1486."]
    dump = str([e.to_json() for e in sink.events])
    assert card not in dump and "4539 5787" not in dump and "four five three nine" not in dump
    assert "card_number the caller said ending 1486" in dump


def test_holding_utterance_while_a_slow_tool_runs(acme: Agent) -> None:
    tools = ToolRegistry()
    tools.python("verify_identity", timeout_s=2)(lambda a, c: time.sleep(0.4) or {"match": False})
    call = ToolCallRequest(
        "c1", "verify_identity", {"order_id": "AB123456", "email": "a@b.co", "postcode": "X"}
    )
    brain = ScriptedBrain(
        [[TextDelta("Hi. ")], [call, EndOfStream("actions")], [TextDelta("No match. ")]]
    )
    conv, _ = _conv(acme, brain, tools, settings=BrainSettings(first_output_deadline_ms=100))
    conv.commit(conv.open().run().delta)
    conv.commit(StateDelta(step="identify"))
    t0 = time.monotonic()
    outs: list[tuple[float, object]] = [(time.monotonic() - t0, o) for o in conv.hear("AB123456")]
    tools.close()
    spoken = [(t, o) for t, o in outs if isinstance(o, Speak)]
    assert [o.text for _, o in spoken] == ["One moment, please.", "No match."]
    assert spoken[0][1].holding
    assert 0.08 <= spoken[0][0] < 0.35
