# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The agent file format (``agent.yaml``): pydantic models of one agent.

An agent names the policy pack it runs under, binds the pack's tools to code (Python
callables or webhooks), and describes its conversation twice over the pack's steps:
``flow`` for the deterministic flow brain, ``llm`` for an LLM. The pack stays the one
authority on what is allowed; the agent file only says what to do within it.

A flow step is made of *actions*, each a one-key mapping::

    - say: Your order {order_id|spell} is {result.status}.   # speak (a list = variants)
    - ask: order_id                                          # ask for a slot
    - call: lookup_order                                     # propose a tool call
      args: {order_id: "{order_id}"}
    - if: {ok: true}                                         # branch on a condition
      then: [...]
      else: [...]
    - set: {amount: "{data.lookup_order.total}"}             # fill slots
    - clear: [order_id]                                      # forget slots
    - count: failures                                        # add one to a counter
    - reset: [failures]                                      # zero counters
    - goto: order_help                                       # propose a step change
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from aiframe.brain.agent.slots import SlotKind

__all__ = [
    "Action",
    "AgentSpec",
    "Ask",
    "Call",
    "Clear",
    "Cond",
    "Count",
    "DataSpec",
    "FlowSpec",
    "Goto",
    "If",
    "LlmSpec",
    "MissesSpec",
    "NoInputSpec",
    "Reset",
    "Say",
    "SetSlots",
    "SlotSpec",
    "StepFlow",
    "ToolBinding",
    "WebhookSpec",
]

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Template = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# ---- conditions ------------------------------------------------------------------

_SUBJECTS = ("slot", "result", "ok", "refused", "failed", "fact", "counter", "not_", "all", "any")


class Cond(_Model):
    """One condition; exactly one subject (slot, result, ok, refused, failed, fact,
    counter, not, all, any), with ``equals`` or ``at_least`` where they make sense."""

    slot: Name | None = Field(None, description="the slot is filled (or equals `equals`)")
    result: str | None = Field(
        None, description="a field of the last tool result is truthy (or equals `equals`)"
    )
    ok: bool | None = Field(None, description="the last tool call succeeded (true) or not")
    refused: bool | None = Field(None, description="the policy gate refused the last call")
    failed: bool | None = Field(None, description="the last tool call ran and failed")
    fact: Annotated[str, StringConstraints(pattern=r"^!?[a-z][a-z0-9_]*$")] | None = None
    counter: Name | None = Field(None, description="with at_least: the counter is at least n")
    not_: Cond | None = Field(None, alias="not")
    all: list[Cond] | None = None
    any: list[Cond] | None = None
    equals: bool | int | float | str | None = None
    at_least: int | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> Cond:
        given = [s for s in _SUBJECTS if getattr(self, s) is not None]
        if len(given) != 1:
            names = ", ".join(s.rstrip("_") for s in _SUBJECTS)
            raise ValueError(f"a condition needs exactly one of {names}; got {len(given)}")
        if self.counter is not None and self.at_least is None:
            raise ValueError("a counter condition needs at_least")
        if self.at_least is not None and self.counter is None:
            raise ValueError("at_least only goes with counter")
        if self.equals is not None and self.slot is None and self.result is None:
            raise ValueError("equals only goes with slot or result")
        return self


# ---- actions ---------------------------------------------------------------------


class Say(_Model):
    say: Template | list[Template] = Field(description="text to speak; a list is variants")


class Ask(_Model):
    ask: Name = Field(description="a slot of this step: speak its prompt")


class Goto(_Model):
    goto: Name = Field(description="propose a move to this step (the gate decides)")


class Call(_Model):
    call: Name = Field(description="a tool of the pack")
    args: dict[str, Any] = Field(default_factory=dict, description="values may be templates")


class If(_Model):
    if_: Cond = Field(alias="if")
    then: list[Action] = Field(default_factory=list)
    else_: list[Action] = Field(default_factory=list, alias="else")


class SetSlots(_Model):
    set: dict[Name, Any] = Field(min_length=1, description="slot -> value or template")


class Clear(_Model):
    clear: list[Name] = Field(min_length=1)


class Count(_Model):
    count: Name


class Reset(_Model):
    reset: list[Name] = Field(min_length=1)


_ACTION_KEYS = ("say", "ask", "goto", "call", "if", "set", "clear", "count", "reset")


def _action_tag(v: Any) -> str | None:
    if isinstance(v, dict):
        for k in _ACTION_KEYS:
            if k in v:
                return k
        return None
    if isinstance(v, BaseModel):
        return {
            Say: "say", Ask: "ask", Goto: "goto", Call: "call", If: "if", SetSlots: "set",
            Clear: "clear", Count: "count", Reset: "reset",
        }.get(type(v))  # fmt: skip
    return None


Action = Annotated[
    Annotated[Say, Tag("say")]
    | Annotated[Ask, Tag("ask")]
    | Annotated[Goto, Tag("goto")]
    | Annotated[Call, Tag("call")]
    | Annotated[If, Tag("if")]
    | Annotated[SetSlots, Tag("set")]
    | Annotated[Clear, Tag("clear")]
    | Annotated[Count, Tag("count")]
    | Annotated[Reset, Tag("reset")],
    Discriminator(
        _action_tag,
        custom_error_type="action",
        custom_error_message=f"an action is a mapping with one of: {', '.join(_ACTION_KEYS)}",
    ),
]


# ---- slots and steps ---------------------------------------------------------------


class SlotSpec(_Model):
    """A value the flow asks the caller for."""

    name: Name
    kind: SlotKind
    prompt: Template
    reprompt: Template | None = Field(None, description="default: not_understood + prompt")
    choices: dict[str, list[str]] = Field(
        default_factory=dict, description="choice slots: value -> phrases that mean it"
    )
    pattern: str | None = Field(None, description="code/digits: the value must match")
    min_length: int | None = Field(None, ge=1)
    max_length: int | None = Field(None, ge=1)
    after: list[Action] = Field(default_factory=list, description="run when it is filled")

    @model_validator(mode="after")
    def _choices_for_choice(self) -> SlotSpec:
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice slot needs choices")
        if self.kind != "choice" and self.choices:
            raise ValueError(f"choices only go with kind choice, not {self.kind}")
        return self


class StepFlow(_Model):
    """What the flow brain does in one step of the pack."""

    enter: list[Action] = Field(default_factory=list, description="run on entering")
    slots: list[SlotSpec] = Field(default_factory=list, description="asked in order")
    filled: list[Action] = Field(default_factory=list, description="run once all are filled")
    prompt: Template | None = Field(None, description="the question when no slot is missing")
    intents: dict[Name, list[Action]] = Field(
        default_factory=dict, description="intent -> actions, checked before slots"
    )
    fallback: list[Action] = Field(
        default_factory=list, description="the caller's words fit nothing (default: reprompt)"
    )


class NoInputSpec(_Model):
    """Silence: reprompt a few times, then give up."""

    reprompts: int = Field(2, ge=0, le=10)
    say: Template = "Sorry, I didn't hear anything."
    then: list[Action] = Field(default_factory=list)


class MissesSpec(_Model):
    """Words the flow cannot use, several times running."""

    max: int = Field(2, ge=1, le=10, description="reprompts before `then`")
    then: list[Action] = Field(default_factory=list)


class FlowSpec(_Model):
    """The deterministic conversation."""

    intents: dict[Name, list[str]] = Field(
        default_factory=dict,
        description="intent -> phrases; `yes` and `no` are built in (from yes/no answers)",
    )
    anywhere: dict[Name, list[Action]] = Field(
        default_factory=dict, description="intents handled in every step, after its own"
    )
    no_input: NoInputSpec = NoInputSpec()
    misses: MissesSpec = MissesSpec()
    not_understood: Template = "Sorry, I didn't catch that."
    steps: dict[Name, StepFlow] = Field(min_length=1)


# ---- tools, data, the LLM ----------------------------------------------------------


class WebhookSpec(_Model):
    url: Annotated[str, StringConstraints(pattern=r"^https?://")]
    headers_env: dict[str, str] = Field(
        default_factory=dict, description="header -> environment variable holding its value"
    )
    retries: int = Field(0, ge=0, le=5)


class ToolBinding(_Model):
    """The code behind one of the pack's tools."""

    python: Annotated[str, StringConstraints(pattern=r"^[\w.]+:[\w]+$")] | None = Field(
        None, description="module:function, called as fn(args, ctx)"
    )
    webhook: WebhookSpec | None = None
    timeout_ms: int = Field(3000, ge=10, le=120000)
    sets_facts: list[Name] = Field(default_factory=list, description="facts it may establish")

    @model_validator(mode="after")
    def _one_kind(self) -> ToolBinding:
        if (self.python is None) == (self.webhook is None):
            raise ValueError("a tool is bound to exactly one of python or webhook")
        return self


class DataSpec(_Model):
    sql: Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.sql$")] = Field(
        description="SQL file beside agent.yaml, built into SQLite at first use"
    )


class LlmSpec(_Model):
    """What an LLM is told: who it is, and per step what to do."""

    persona: Template
    steps: dict[Name, Template] = Field(
        default_factory=dict, description="step -> instructions (default: the pack's)"
    )


class AgentSpec(_Model):
    """One agent file."""

    agent: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
    description: str = ""
    policy: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
    data: DataSpec | None = None
    tools: dict[Name, ToolBinding] = Field(default_factory=dict)
    flow: FlowSpec
    llm: LlmSpec


If.model_rebuild()
SlotSpec.model_rebuild()
StepFlow.model_rebuild()
