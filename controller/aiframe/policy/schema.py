# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The policy pack format: pydantic models of one YAML pack, and its JSON Schema.

These models check the shape of a pack (types, names, required fields, regexes, time
formats). Whether the names a pack uses refer to things it declares is checked in
:mod:`aiframe.policy.references`, so both kinds of error can name the YAML line.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

__all__ = [
    "Action",
    "ArgLimit",
    "CallControl",
    "DataClass",
    "DetectorRule",
    "Disclosure",
    "ExactValueRule",
    "HoursRule",
    "KeywordRule",
    "LanguageRule",
    "LengthRule",
    "PackSemantic",
    "PatternRule",
    "PolicyPack",
    "Rule",
    "SemanticCheck",
    "Step",
    "TaintRule",
    "Tool",
    "Transition",
    "json_schema",
    "json_schema_text",
]

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
FactRef = Annotated[str, StringConstraints(pattern=r"^!?[a-z][a-z0-9_]*$", max_length=65)]
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class Action(StrEnum):
    """What the gate does; listed from mildest to strictest, the strictest wins."""

    ALLOW = "allow"
    REDACT = "redact"
    REWRITE = "rewrite"
    BLOCK = "block"
    ESCALATE = "escalate"
    END_CALL = "end_call"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {a: i for i, a in enumerate(Action)}

RuleAction = Literal["redact", "rewrite", "block", "escalate", "end_call"]
RefusalAction = Literal["block", "escalate", "end_call"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Transition(_Model):
    """An edge of the step graph, optionally gated on facts."""

    to: Name
    requires_facts: list[FactRef] = Field(
        default_factory=list, description="facts that must hold (prefix ! for must not)"
    )


def _edge(v: object) -> object:
    """``next: [billing]`` is short for ``next: [{to: billing}]``."""
    return {"to": v} if isinstance(v, str) else v


class Step(_Model):
    """One conversation step: which tools it allows and where it may go next."""

    description: str = ""
    tools: list[Name] = Field(default_factory=list, description="tools allowed in this step")
    next: list[
        Annotated[Transition, BeforeValidator(_edge, json_schema_input_type=Name | Transition)]
    ] = Field(default_factory=list, description="steps reachable from here: a name or {to: ...}")
    requires_facts: list[FactRef] = Field(
        default_factory=list, description="facts that must hold to enter this step from anywhere"
    )
    from_any: bool = Field(False, description="reachable from every step (handoff, goodbye)")


class ArgLimit(_Model):
    """A limit on one argument of a tool call, optionally lifted by facts."""

    id: RuleId | None = Field(None, description="rule id; default tool/<tool>/limit/<arg>")
    arg: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_]\w*)*$")]
    max: float | None = None
    min: float | None = None
    max_length: int | None = Field(None, ge=0)
    equals_fact: Name | None = Field(None, description="the argument must equal this fact")
    unless_facts: list[FactRef] = Field(
        default_factory=list, description="the limit does not apply when all these hold"
    )
    action: RefusalAction = "block"
    text: Text | None = Field(None, description="what to say when the limit refuses the call")

    @model_validator(mode="after")
    def _has_a_limit(self) -> ArgLimit:
        if (self.max, self.min, self.max_length, self.equals_fact) == (None, None, None, None):
            raise ValueError("a limit needs at least one of max, min, max_length, equals_fact")
        return self


class Tool(_Model):
    """A tool the brain may call; call control (transfer, hangup) is a tool too."""

    description: str = ""
    kind: Literal["lookup", "action", "call_control"] = "action"
    args: dict[str, Any] = Field(
        default_factory=lambda: {"type": "object"},
        description="JSON Schema (draft 2020-12) of the arguments object",
    )
    requires_facts: list[FactRef] = Field(default_factory=list)
    max_calls: int | None = Field(None, ge=0, description="most calls of this tool per call")
    limits: list[ArgLimit] = Field(default_factory=list)
    returns: dict[str, Name] = Field(
        default_factory=dict, description="result field -> data class of its value"
    )
    text: Text | None = Field(None, description="what to say when a call is refused")


class Disclosure(_Model):
    """Text the caller must have heard, proven by a playout mark, before something."""

    text: Text
    before: list[
        Annotated[str, StringConstraints(pattern=r"^(first_sentence|(step|tool):[a-z][a-z0-9_]*)$")]
    ] = Field(description="first_sentence, step:<step> or tool:<tool>", min_length=1)


class DataClass(_Model):
    """A class of data from tool results, and the facts that entitle the caller to it."""

    description: str = ""
    requires_facts: list[FactRef] = Field(default_factory=list)


class CallControl(_Model):
    """The call-control tool the gate itself calls to escalate or end a call."""

    tool: Name
    args: dict[str, Any] = Field(default_factory=dict)
    text: Text = Field(description="what to say before the call control acts")


def _sentence_only() -> list[Literal["sentence", "caller"]]:
    return ["sentence"]


class _Rule(_Model):
    id: RuleId
    description: str = ""
    action: RuleAction = "block"
    text: Text | None = Field(
        None, description="rewrite text, or what to say on block/escalate/end_call"
    )
    replacement: str | None = Field(None, description="what a redacted span becomes")
    steps: list[Name] = Field(default_factory=list, description="only in these steps")
    unless_facts: list[FactRef] = Field(default_factory=list)
    unless_disclosed: list[Name] = Field(default_factory=list)
    on: list[Literal["sentence", "caller"]] = Field(
        default_factory=_sentence_only,
        min_length=1,
        description="check the AI's sentences, the caller's transcribed turns, or both",
    )


class PatternRule(_Rule):
    """Regular expressions (Python syntax) searched in each sentence."""

    type: Literal["pattern"]
    patterns: list[str] = Field(min_length=1)
    match: Literal["normalized", "raw"] = Field(
        "normalized", description="normalized text (default) or the text as written"
    )

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for i, p in enumerate(v):
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"pattern {i} ({p!r}) is not a valid regex: {e}") from None
        return v


class KeywordRule(_Rule):
    """Words or phrases, matched as whole words after normalization."""

    type: Literal["keywords"]
    keywords: list[Annotated[str, StringConstraints(min_length=1)]] = Field(min_length=1)


DetectorName = Literal[
    "card_number",
    "ssn",
    "bank_account",
    "routing_number",
    "email",
    "phone_number",
    "money",
    "percent",
    "commitment",
]
CommitmentCategory = Literal["price", "refund", "discount", "delivery", "legal", "general"]
_ALL_CATEGORIES = ("price", "refund", "discount", "delivery", "legal", "general")
_SEMANTIC_DETECTORS = ("commitment", "card_number", "ssn", "bank_account", "routing_number")


class SemanticCheck(_Model):
    """The semantic layer behind a detector rule: fire when the sentence is one of the
    rule's labels with at least this probability, whatever its phrasing."""

    threshold: float = Field(
        0.5, gt=0, lt=1, description="probability at or above which the rule fires"
    )
    thresholds: dict[CommitmentCategory, Annotated[float, Field(gt=0, lt=1)]] = Field(
        default_factory=dict,
        description="per commitment category: used when that category is the most likely",
    )
    min_similarity: float = Field(
        0.7,
        ge=0,
        lt=1,
        description="and the sentence must be at least this close (cosine) to a labelled "
        "example of one of the rule's labels: far from every example, the head is guessing",
    )


class DetectorRule(_Rule):
    """A built-in detector (card numbers, SSNs, amounts, commitments, ...)."""

    type: Literal["detector"]
    detector: DetectorName
    categories: list[CommitmentCategory] = Field(
        default_factory=list, description="commitment categories (default: all)"
    )
    min_value: float | None = Field(None, description="money/percent: fire at or above this")
    max_value: float | None = Field(None, description="money/percent: fire at or below this")
    except_values: list[str] = Field(
        default_factory=list, description="values that never fire (e.g. your own phone number)"
    )
    semantic: SemanticCheck | None = Field(
        None,
        description="also fire on sentences the semantic layer labels as this detector's "
        "categories (commitment, card_number, ssn, bank_account, routing_number)",
    )

    @model_validator(mode="after")
    def _semantic_fits(self) -> DetectorRule:
        if self.semantic is None:
            return self
        if self.detector not in _SEMANTIC_DETECTORS:
            raise ValueError(
                f"semantic: the {self.detector} detector has no semantic labels "
                f"(only {', '.join(_SEMANTIC_DETECTORS)})"
            )
        extra = sorted(set(self.semantic.thresholds) - set(self.categories or _ALL_CATEGORIES))
        if self.detector != "commitment" and self.semantic.thresholds:
            raise ValueError("semantic.thresholds are per commitment category")
        if extra:
            raise ValueError(
                f"semantic.thresholds names categories the rule does not check: {', '.join(extra)}"
            )
        return self


class TaintRule(_Rule):
    """Tool-result values of these data classes the caller is not yet entitled to."""

    type: Literal["taint"]
    classes: list[Name] = Field(default_factory=list, description="data classes (default: all)")


RememberDetector = Literal["card_number", "bank_account", "ssn", "routing_number"]


class ExactValueRule(_Rule):
    """Values the call has seen (tool results of these classes, numbers the caller said)
    read back beyond their last ``reveal_last`` digits, in any form or order."""

    type: Literal["exact_value"]
    classes: list[Name] = Field(
        default_factory=list, description="data classes whose tool values are remembered"
    )
    caller_detectors: list[RememberDetector] = Field(
        default_factory=list,
        description="what these detectors find in the caller's turns is remembered too",
    )
    reveal_last: int = Field(
        4, ge=0, le=32, description="how many trailing digits of a value may be spoken"
    )

    @field_validator("on")
    @classmethod
    def _sentences_only(cls, v: list[str]) -> list[str]:
        if v != ["sentence"]:
            raise ValueError(
                "an exact_value rule checks the AI's sentences only (on: [sentence]); "
                "caller_detectors says what to remember from the caller's turns"
            )
        return v

    @model_validator(mode="after")
    def _remembers_something(self) -> ExactValueRule:
        if not self.classes and not self.caller_detectors:
            raise ValueError("an exact_value rule needs classes, caller_detectors or both")
        return self


class LengthRule(_Rule):
    """A sentence longer than this."""

    type: Literal["length"]
    max_chars: int | None = Field(None, ge=1)
    max_words: int | None = Field(None, ge=1)


class LanguageRule(_Rule):
    """Letters of a script the allowed languages do not use."""

    type: Literal["language"]
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = Field(min_length=1)


class HoursRule(_Rule):
    """Outside a local-time window (read from a fact), for sentences and tool calls."""

    type: Literal["hours"]
    fact: Name = Field("local_time", description="fact holding the caller's local HH:MM")
    start: Clock
    end: Clock
    when_unknown: Literal["fire", "allow"] = "fire"


Rule = Annotated[
    PatternRule
    | KeywordRule
    | DetectorRule
    | TaintRule
    | ExactValueRule
    | LengthRule
    | LanguageRule
    | HoursRule,
    Field(discriminator="type"),
]


class PackSemantic(_Model):
    """Pack-wide settings of the semantic layer."""

    examples: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default_factory=list,
        description="JSON-lines files of labelled examples (relative to the pack file), "
        "learned from besides the built-in set",
    )
    builtin_examples: bool = Field(True, description="learn from the built-in examples too")


class PolicyPack(_Model):
    """One policy pack: a use case's steps, tools, disclosures and output rules."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="aiframe policy pack",
        json_schema_extra={"$id": "https://aiframe.dev/schemas/policy-pack.schema.json"},
    )

    pack: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
    version: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    description: str = ""
    facts: dict[Name, str] = Field(
        default_factory=dict, description="every fact the pack reads, with what it means"
    )
    start: Name = Field(description="the step a call starts in")
    steps: dict[Name, Step] = Field(min_length=1)
    tools: dict[Name, Tool] = Field(default_factory=dict)
    data_classes: dict[Name, DataClass] = Field(default_factory=dict)
    disclosures: dict[Name, Disclosure] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
    semantic: PackSemantic = Field(
        default_factory=PackSemantic, description="the semantic layer's labelled examples"
    )
    fallback: Text = Field(description="what to say instead of a blocked sentence")
    redaction: str = Field("that information", description="default text for a redacted span")
    escalation: CallControl | None = None
    end_call: CallControl | None = None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a pack, for editors and CI."""
    schema = PolicyPack.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_text() -> str:
    """:func:`json_schema` as the text of ``policies/schema/policy-pack.schema.json``."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
