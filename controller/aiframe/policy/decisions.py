# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What the gate answers: a decision, the rules that made it, and what to say or do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from aiframe.policy.schema import Action

if TYPE_CHECKING:
    from aiframe.policy.semantic.layer import Verdict

__all__ = ["Action", "CheckKind", "Decision", "RuleHit", "ToolCall", "Utterance"]

CheckKind = Literal["sentence", "caller", "tool_call", "transition"]


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that fired: its id, the action it asks for and why, in words."""

    rule: str
    action: Action
    reason: str


@dataclass(frozen=True, slots=True)
class Utterance:
    """Text to speak; ``disclosure`` names the disclosure it delivers, if any, so the
    conversation loop can put playout marks around it."""

    text: str
    disclosure: str | None = None


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A call-control action the gate itself asks for (escalate, end the call)."""

    tool: str
    args: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Decision:
    """The gate's answer to one sentence, tool call or transition.

    ``action`` is the strictest action of all rules that fired (allow when none did);
    ``hits`` lists every rule that fired, in the order the gate checked them, and
    ``utterances`` what to speak, in order: disclosures the gate inserted, then the
    final sentence (or the fallback). For a tool call ``args`` holds the arguments to
    call with when the call is allowed. For a caller turn ``remember`` holds the
    numbers the caller said that the call must remember from now on (the gate itself
    keeps nothing: the conversation commits them to its state).
    """

    kind: CheckKind
    action: Action
    hits: tuple[RuleHit, ...]
    utterances: tuple[Utterance, ...]
    policy_version: str
    args: Mapping[str, Any] | None = None
    call_control: ToolCall | None = None
    state_step: str = ""
    target: str = field(default="")  # tool name or destination step
    semantic: Verdict | None = None  # the semantic layer's view, when it ran
    # caller checks: digits the caller said that exact_value rules remember, per
    # detector, for the conversation owner to add to the call's state
    remember: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(h.rule for h in self.hits)

    @property
    def text(self) -> str:
        """Everything to speak, joined: what the eval format reports."""
        return " ".join(u.text for u in self.utterances if u.text)

    @property
    def allowed(self) -> bool:
        """For tool calls and transitions: may it go ahead? For sentences: is the
        brain's sentence spoken (possibly redacted) rather than replaced?"""
        if self.kind == "sentence":
            return self.action in (Action.ALLOW, Action.REDACT)
        return self.action is Action.ALLOW

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready record, as the audit sinks write it."""
        return {
            "kind": self.kind,
            "action": self.action.value,
            "rules": list(self.rules),
            "reasons": [h.reason for h in self.hits],
            "text": self.text,
            "utterances": [{"text": u.text, "disclosure": u.disclosure} for u in self.utterances],
            "args": dict(self.args) if self.args is not None else None,
            "call_control": (
                {"tool": self.call_control.tool, "args": dict(self.call_control.args)}
                if self.call_control
                else None
            ),
            "policy_version": self.policy_version,
            "step": self.state_step,
            "target": self.target,
            "semantic": self.semantic.to_json() if self.semantic is not None else None,
            # how many, never the digits: the record must not hold a card number
            "remembered": {k: len(v) for k, v in self.remember.items()},
        }
