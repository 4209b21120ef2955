# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What an LLM is sent: a system prompt from the agent, the pack and the call state; the
bounded transcript; and the tools of the current step only.

Defence in depth, not the defence: the gate still checks every sentence and call.
But a model cannot leak what it was never shown, so tool values the caller is not yet
entitled to (their data class needs facts that do not hold) are withheld from the
prompt, and tools of other steps are not offered at all. The transcript holds what the
caller actually heard (the gate's final text), never a refused proposal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiframe.brain.agent.loader import Agent
from aiframe.brain.state import AgentEntry, CallerEntry, ConversationState, NoteEntry, ToolEntry
from aiframe.policy.compile import CompiledPolicy
from aiframe.policy.state import fact_holds

__all__ = ["CHANGE_STEP", "build_messages", "entitled", "offered_tools", "system_prompt"]

CHANGE_STEP = "change_step"
_NOTES = 3  # the most recent policy notes the model is reminded of


def entitled(policy: CompiledPolicy, state: ConversationState, data_class: str) -> bool:
    """May the caller hear values of this data class now?"""
    return all(fact_holds(state.facts, f) for f in policy.class_requires.get(data_class, ()))


def _withheld(policy: CompiledPolicy, data_class: str) -> str:
    needs = ", ".join(policy.class_requires.get(data_class, ())) or "more facts"
    return f"(withheld until {needs})"


def _visible_result(
    policy: CompiledPolicy, state: ConversationState, tool: str, result: Mapping[str, Any]
) -> dict[str, Any]:
    t = policy.pack.tools.get(tool)
    returns = t.returns if t is not None else {}
    out: dict[str, Any] = {}
    for k, v in result.items():
        cls = returns.get(k)
        out[k] = v if cls is None or entitled(policy, state, cls) else _withheld(policy, cls)
    return out


def _targets(policy: CompiledPolicy, step: str) -> list[str]:
    here = policy.steps[step]
    out = [e for e in here.edges if e != step]
    out += sorted(s for s in policy.from_any if s != step and s not in out)
    return out


def offered_tools(
    agent: Agent, policy: CompiledPolicy, state: ConversationState, bound: frozenset[str]
) -> list[dict[str, Any]]:
    """OpenAI ``tools``: the current step's tools that have code behind them (or are
    call control), and ``change_step`` with the steps reachable from here."""
    pack_step = policy.pack.steps[state.step]
    out: list[dict[str, Any]] = []
    for name in pack_step.tools:
        spec = policy.pack.tools[name]
        if spec.kind != "call_control" and name not in bound:
            continue
        out.append(
            {
                "type": "function",
                "function": {
                    "name": name,
                    "description": spec.description or name.replace("_", " "),
                    "parameters": spec.args,
                },
            }
        )
    targets = _targets(policy, state.step)
    if targets:
        lines = "; ".join(
            f"{t}: {policy.pack.steps[t].description or t.replace('_', ' ')}" for t in targets
        )
        out.append(
            {
                "type": "function",
                "function": {
                    "name": CHANGE_STEP,
                    "description": f"Move the conversation to another step ({lines}).",
                    "parameters": {
                        "type": "object",
                        "properties": {"step": {"type": "string", "enum": targets}},
                        "required": ["step"],
                        "additionalProperties": False,
                    },
                },
            }
        )
    return out


def system_prompt(agent: Agent, policy: CompiledPolicy, state: ConversationState) -> str:
    pack = policy.pack
    step = pack.steps[state.step]
    todo = agent.spec.llm.steps.get(state.step) or step.description or "Help the caller."
    parts = [agent.spec.llm.persona.strip(), "", f"Current step: {state.step}. {todo}"]
    if pack.facts:
        facts = "; ".join(
            f"{name}: {'yes' if fact_holds(state.facts, name) else 'no'}" for name in pack.facts
        )
        parts.append(f"Facts established by the system (not by the caller's say-so): {facts}.")
    targets = _targets(policy, state.step)
    if targets:
        needs = []
        for t in targets:
            edge = policy.steps[state.step].edges.get(t)
            req = list(dict.fromkeys((*(edge.requires if edge else ()), *policy.steps[t].requires)))
            needs.append(f"{t} (needs {', '.join(req)})" if req else t)
        parts.append(f"Steps you can move to with {CHANGE_STEP}: {', '.join(needs)}.")
    if state.slots:
        given = "; ".join(f"{k}: {v}" for k, v in state.slots.items())
        parts.append(f"Details already collected: {given}.")
    known = []
    for key, tv in state.data.items():
        if entitled(policy, state, tv.data_class):
            known.append(f"{key} = {tv.value}")
    if known:
        parts.append("Known from tools: " + "; ".join(known[:40]) + ".")
    if state.summary:
        parts += ["", "Earlier in this call (summary):", state.summary]
    notes = [e.text for e in state.history if isinstance(e, NoteEntry)][-_NOTES:]
    if notes:
        parts += ["", "Policy notes:", *(f"- {n}" for n in notes)]
    return "\n".join(parts)


def build_messages(
    agent: Agent, policy: CompiledPolicy, state: ConversationState
) -> list[dict[str, Any]]:
    """System prompt, then the transcript window as chat messages."""
    msgs: list[dict[str, Any]] = [
        {"role": "system", "content": system_prompt(agent, policy, state)},
        {"role": "user", "content": "(The call is connected.)"},
    ]
    assistant: dict[str, Any] | None = None
    tool_msgs: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal assistant, tool_msgs
        if assistant is not None:
            if not assistant.get("tool_calls"):
                assistant.pop("tool_calls", None)
            msgs.append(assistant)
            msgs.extend(tool_msgs)
        assistant, tool_msgs = None, []

    def say(role: str, text: str) -> None:
        last = msgs[-1]
        if last["role"] == role and "tool_calls" not in last and isinstance(last["content"], str):
            last["content"] = f"{last['content']}\n{text}"  # strict templates want alternation
        else:
            msgs.append({"role": role, "content": text})

    for e in state.history:
        if isinstance(e, AgentEntry):
            if tool_msgs:
                flush()
            if assistant is None:
                assistant = {"role": "assistant", "content": "", "tool_calls": []}
            sep = " " if assistant["content"] else ""
            assistant["content"] = assistant["content"] + sep + e.text
        elif isinstance(e, ToolEntry):
            if assistant is None:
                assistant = {"role": "assistant", "content": "", "tool_calls": []}
            args = json.dumps(e.args) if e.args or e.ok or e.error is None else "{}"
            assistant["tool_calls"].append(
                {"id": e.call_id, "type": "function",
                 "function": {"name": e.tool, "arguments": args}}
            )  # fmt: skip
            if e.ok and e.result is not None:
                body: dict[str, Any] = _visible_result(policy, state, e.tool, e.result)
            else:
                body = {"error": e.error or "failed"}
            tool_msgs.append(
                {"role": "tool", "tool_call_id": e.call_id, "content": json.dumps(body)}
            )
        elif isinstance(e, CallerEntry):
            flush()
            say("user", "(The caller said nothing.)" if e.no_input else e.text)
        # Notes go in the system prompt: some chat templates reject a mid-call system turn.
    flush()
    for m in msgs:
        if m["role"] == "assistant" and m.get("content") == "" and m.get("tool_calls"):
            m["content"] = None
    return msgs
