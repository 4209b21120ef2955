# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The caller script ``aiframe demo`` plays: who calls, and what they do when.

A script is YAML: a mapping with ``steps`` (or just the list of steps). Each step is
one thing the caller does (``say``, ``sound``, ``dtmf`` or ``hangup``) and when:

- ``wait_for: ai_done`` (the default): after the AI has spoken and then been quiet
  for ``ai_quiet_ms``; ``ai_speaking``: once the AI starts speaking; ``nothing``:
  right after the previous step. ``after_ms`` waits that much longer.
- ``barge_in_after_ms: N``: talk over the AI, N ms after it starts speaking.
- ``expect``: ``reply`` (the AI should answer: its response gap is measured),
  ``resume`` (a backchannel or noise the AI should talk through), or ``none``.
- ``tempt``: what an over-eager brain would like to answer to this step (the demo's
  stand-in for an LLM going off-script; the policy gate decides what is said).

docs/conversation.md has the full format and the shipped ``acme-call.yaml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from aiframe.errors import AiframeError
from aiframe.yamltext import YAMLError, describe

__all__ = ["DEFAULT_SCRIPT", "CallerScript", "ScriptError", "Step", "Voice", "load_script"]

DEFAULT_SCRIPT = Path(__file__).with_name("acme-call.yaml")

StepKind = Literal["say", "sound", "dtmf", "hangup"]
Expect = Literal["reply", "resume", "none"]


class ScriptError(AiframeError):
    """A caller script that cannot be read or does not validate."""


class Step(BaseModel):
    """One thing the caller does."""

    model_config = ConfigDict(extra="forbid")

    say: str | None = Field(default=None, min_length=1, max_length=400)
    sound: Literal["cough", "noise"] | None = None
    dtmf: str | None = Field(default=None, pattern=r"^[0-9*#]{1,32}$")
    hangup: bool = False
    wait_for: Literal["ai_done", "ai_speaking", "nothing"] = "ai_done"
    after_ms: int = Field(default=0, ge=0, le=120000)
    barge_in_after_ms: int | None = Field(default=None, ge=0, le=120000)
    expect: Expect | None = None
    tempt: str | None = Field(default=None, min_length=1, max_length=400)
    timeout_s: float = Field(default=40.0, gt=0, le=600)

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        acts = [k for k in ("say", "sound", "dtmf") if getattr(self, k) is not None]
        if self.hangup:
            acts.append("hangup")
        if len(acts) != 1:
            raise ValueError(
                f"a step does exactly one of say, sound, dtmf, hangup (this one: {acts or 'none'})"
            )
        if self.barge_in_after_ms is not None and "wait_for" in self.model_fields_set:
            raise ValueError("barge_in_after_ms already means wait_for: ai_speaking")
        if self.tempt is not None and self.say is None:
            raise ValueError("tempt goes with say: it is the brain's tempting answer to it")
        return self

    @property
    def kind(self) -> StepKind:
        if self.say is not None:
            return "say"
        if self.sound is not None:
            return "sound"
        if self.dtmf is not None:
            return "dtmf"
        return "hangup"

    @property
    def waits_for(self) -> Literal["ai_done", "ai_speaking", "nothing"]:
        return "ai_speaking" if self.barge_in_after_ms is not None else self.wait_for

    @property
    def delay_ms(self) -> int:
        return self.barge_in_after_ms if self.barge_in_after_ms is not None else self.after_ms

    @property
    def expected(self) -> Expect:
        if self.expect is not None:
            return self.expect
        defaults: dict[StepKind, Expect] = {
            "say": "reply",
            "sound": "resume",
            "dtmf": "reply",
            "hangup": "none",
        }
        return defaults[self.kind]

    @property
    def label(self) -> str:
        if self.say is not None:
            return self.say
        if self.sound is not None:
            return f"({self.sound})"
        if self.dtmf is not None:
            return f"(keys {self.dtmf})"
        return "(hangs up)"


class Voice(BaseModel):
    """The caller's voice: the TTS voice, shifted so it is not the agent's."""

    model_config = ConfigDict(extra="forbid")

    pitch: float = Field(default=1.2, ge=0.6, le=1.8, description="x the agent's pitch")
    speed: float = Field(default=1.0, ge=0.5, le=2.0)
    level: float = Field(default=0.9, gt=0.0, le=1.0, description="peak, x full scale")


class CallerScript(BaseModel):
    """A whole call from the caller's side."""

    model_config = ConfigDict(extra="forbid")

    description: str = ""
    agent: str = "acme-support"
    today: dt.date | None = Field(default=None, description="the agent's date (demo data)")
    voice: Voice = Voice()
    ai_quiet_ms: int = Field(default=700, ge=200, le=10000)
    lead_in_ms: int = Field(default=300, ge=0, le=10000)
    tail_ms: int = Field(default=1500, ge=0, le=30000)
    steps: list[Step] = Field(min_length=1)


def _where(doc: Any, loc: tuple[int | str, ...]) -> str:
    node, line = doc, 0
    for el in loc:
        if isinstance(node, CommentedMap) and isinstance(el, str) and el in node:
            line = node.lc.key(el)[0] + 1
            node = node[el]
        elif isinstance(node, CommentedSeq) and isinstance(el, int) and el < len(node):
            line = node.lc.item(el)[0] + 1
            node = node[el]
    return f"line {line}" if line else "top level"


def load_script(path: Path | str) -> CallerScript:
    """Read and check a caller script; errors name the file, line and field."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise ScriptError(f"{p}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise ScriptError(f"{p}: not UTF-8 text (byte {e.start})") from None
    try:
        doc = YAML(typ="rt").load(text)
    except YAMLError as e:
        line, _, what = describe(e, text)
        raise ScriptError(f"{p}: line {line or '?'}: not valid YAML: {what}") from None
    if not isinstance(doc, CommentedMap | CommentedSeq):
        raise ScriptError(f"{p}: a caller script is a list of steps or a mapping with steps")
    data: Any = {"steps": doc} if isinstance(doc, CommentedSeq) else doc
    try:
        return CallerScript.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = tuple(err["loc"])
            if data is not doc and loc and loc[0] == "steps":
                where = _where(doc, loc[1:])
            else:
                where = _where(doc, loc)
            field = ".".join(str(x) for x in loc) or "(script)"
            problems.append(f"{p}: {where}: {field}: {err['msg']}")
        raise ScriptError("\n".join(problems)) from None
