# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Cross-checks of a pack whose shape is valid: every name it uses refers to something
it declares, and every rule asks for something the gate can do.

Each problem comes back as (location, message); the location is the path of keys and
indexes into the YAML document, so the loader can name the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from aiframe.policy.normalize import normalize
from aiframe.policy.schema import (
    DetectorRule,
    ExactValueRule,
    HoursRule,
    KeywordRule,
    LanguageRule,
    LengthRule,
    PatternRule,
    PolicyPack,
    TaintRule,
)
from aiframe.policy.scripts import LANGUAGE_SCRIPTS

__all__ = ["Loc", "cross_check"]

Loc = tuple[str | int, ...]


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = get_close_matches(name, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listing = ", ".join(known) if known else "none declared"
    return f"unknown {kind} '{name}'{hint} (known: {listing})"


def cross_check(pack: PolicyPack) -> list[tuple[Loc, str]]:
    """Every reference and rule/action combination problem in ``pack``."""
    out: list[tuple[Loc, str]] = []
    facts = set(pack.facts)
    steps = set(pack.steps)
    tools = set(pack.tools)
    classes = set(pack.data_classes)

    def fact_refs(loc: Loc, refs: list[str]) -> None:
        for i, ref in enumerate(refs):
            if ref.lstrip("!") not in facts:
                out.append(((*loc, i), _unknown("fact", ref.lstrip("!"), facts)))

    if pack.start not in steps:
        out.append((("start",), _unknown("step", pack.start, steps)))

    for name, step in pack.steps.items():
        loc: Loc = ("steps", name)
        for i, tool in enumerate(step.tools):
            if tool not in tools:
                out.append(((*loc, "tools", i), _unknown("tool", tool, tools)))
        seen: set[str] = set()
        for i, edge in enumerate(step.next):
            if edge.to not in steps:
                out.append(((*loc, "next", i), _unknown("step", edge.to, steps)))
            if edge.to in seen:
                out.append(((*loc, "next", i), f"transition to '{edge.to}' listed twice"))
            seen.add(edge.to)
            fact_refs((*loc, "next", i, "requires_facts"), edge.requires_facts)
        fact_refs((*loc, "requires_facts"), step.requires_facts)

    for name, spec in pack.tools.items():
        loc = ("tools", name)
        fact_refs((*loc, "requires_facts"), spec.requires_facts)
        props = _check_args_schema(out, (*loc, "args"), spec.args)
        for i, lim in enumerate(spec.limits):
            lloc = (*loc, "limits", i)
            fact_refs((*lloc, "unless_facts"), lim.unless_facts)
            if lim.equals_fact is not None and lim.equals_fact not in facts:
                out.append(((*lloc, "equals_fact"), _unknown("fact", lim.equals_fact, facts)))
            top = lim.arg.split(".")[0]
            if props is not None and top not in props:
                out.append(((*lloc, "arg"), _unknown(f"argument of tool '{name}'", top, props)))
            out.extend(_needs_control(pack, lim.action, (*lloc, "action")))
        for field, cls in spec.returns.items():
            if cls not in classes:
                out.append(((*loc, "returns", field), _unknown("data class", cls, classes)))

    for name, disc in pack.disclosures.items():
        for i, trigger in enumerate(disc.before):
            kind, _, target = trigger.partition(":")
            if kind == "step" and target not in steps:
                out.append((("disclosures", name, "before", i), _unknown("step", target, steps)))
            if kind == "tool" and target not in tools:
                out.append((("disclosures", name, "before", i), _unknown("tool", target, tools)))

    for name, dc in pack.data_classes.items():
        fact_refs(("data_classes", name, "requires_facts"), dc.requires_facts)

    for field in ("escalation", "end_call"):
        ctl = getattr(pack, field)
        if ctl is None:
            continue
        if ctl.tool not in tools:
            out.append(((field, "tool"), _unknown("tool", ctl.tool, tools)))
        elif pack.tools[ctl.tool].kind != "call_control":
            out.append(((field, "tool"), f"tool '{ctl.tool}' must have kind: call_control"))

    ids: set[str] = set()
    for i, rule in enumerate(pack.rules):
        out.extend(_check_rule(pack, i, rule, ids, fact_refs))
    return out


def _check_args_schema(
    out: list[tuple[Loc, str]], loc: Loc, schema: dict[str, Any]
) -> set[str] | None:
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as e:
        where = "/".join(str(p) for p in e.absolute_path)
        out.append((loc, f"not a valid JSON Schema{f' at {where}' if where else ''}: {e.message}"))
        return None
    if schema.get("type") != "object":
        out.append((loc, "the arguments schema must have type: object"))
        return None
    props = schema.get("properties")
    return set(props) if isinstance(props, dict) else None


def _needs_control(pack: PolicyPack, action: str, loc: Loc) -> list[tuple[Loc, str]]:
    if action == "escalate" and pack.escalation is None:
        return [(loc, "action escalate needs a top-level 'escalation' (the transfer tool)")]
    if action == "end_call" and pack.end_call is None:
        return [(loc, "action end_call needs a top-level 'end_call' (the hangup tool)")]
    return []


def _check_rule(
    pack: PolicyPack, i: int, rule: Any, ids: set[str], fact_refs: Any
) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    loc: Loc = ("rules", i)
    if rule.id in ids:
        out.append(((*loc, "id"), f"rule id '{rule.id}' is used twice"))
    ids.add(rule.id)
    for j, step in enumerate(rule.steps):
        if step not in pack.steps:
            out.append(((*loc, "steps", j), _unknown("step", step, pack.steps)))
    fact_refs((*loc, "unless_facts"), rule.unless_facts)
    for j, d in enumerate(rule.unless_disclosed):
        if d not in pack.disclosures:
            out.append(((*loc, "unless_disclosed", j), _unknown("disclosure", d, pack.disclosures)))
    spans = isinstance(rule, PatternRule | KeywordRule | DetectorRule | TaintRule | ExactValueRule)
    if rule.action == "redact" and not spans:
        out.append(((*loc, "action"), f"a {rule.type} rule finds no span to redact"))
    if rule.action == "rewrite" and rule.text is None:
        out.append(((*loc, "text"), "action rewrite needs the text to say instead"))
    if rule.replacement is not None and rule.action != "redact":
        out.append(((*loc, "replacement"), "replacement is only used with action redact"))
    out.extend(_needs_control(pack, rule.action, (*loc, "action")))
    if isinstance(rule, KeywordRule):
        for j, kw in enumerate(rule.keywords):
            if not normalize(kw).text.strip(" ,.;:!?-'\""):
                out.append(((*loc, "keywords", j), f"keyword {kw!r} is empty once normalized"))
    elif isinstance(rule, DetectorRule):
        if rule.categories and rule.detector != "commitment":
            out.append(((*loc, "categories"), "categories only apply to the commitment detector"))
        ranged = rule.min_value is not None or rule.max_value is not None
        if ranged and rule.detector not in ("money", "percent"):
            out.append(((*loc, "detector"), "min_value/max_value need detector money or percent"))
    elif isinstance(rule, TaintRule | ExactValueRule):
        for j, cls in enumerate(rule.classes):
            if cls not in pack.data_classes:
                out.append(((*loc, "classes", j), _unknown("data class", cls, pack.data_classes)))
    elif isinstance(rule, LengthRule):
        if rule.max_chars is None and rule.max_words is None:
            out.append((loc, "a length rule needs max_chars or max_words"))
    elif isinstance(rule, LanguageRule):
        for j, lang in enumerate(rule.languages):
            if lang not in LANGUAGE_SCRIPTS:
                out.append(((*loc, "languages", j), _unknown("language", lang, LANGUAGE_SCRIPTS)))
    elif isinstance(rule, HoursRule):
        if rule.fact not in pack.facts:
            out.append(((*loc, "fact"), _unknown("fact", rule.fact, pack.facts)))
        if rule.start == rule.end:
            out.append(((*loc, "end"), "start and end are the same: the window is empty"))
    return out
