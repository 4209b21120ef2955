# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Turning a validated pack into the runtime form the gate reads.

Everything that costs more than a dictionary lookup is done here, once per pack
version: regexes compiled, keywords normalized and indexed by word n-gram, JSON Schemas
turned into validators, disclosures and their triggers laid out per step and tool.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator

from aiframe.policy import schema as pack_schema
from aiframe.policy.detectors import Scan
from aiframe.policy.errors import PolicyLoadError, Problem
from aiframe.policy.exact import leaks, secrets_of
from aiframe.policy.loader import LoadedPack
from aiframe.policy.normalize import normalize
from aiframe.policy.schema import Action
from aiframe.policy.scripts import LANGUAGE_SCRIPTS, foreign_letters
from aiframe.policy.semantic.examples import (
    ExamplesError,
    LabelledExample,
    builtin_examples,
    load_examples,
)
from aiframe.policy.semantic.labels import labels_for
from aiframe.policy.state import CallState, fact_holds
from aiframe.policy.taint import matcher_for

if TYPE_CHECKING:  # the layer's module loads ONNX Runtime: only packs that use it pay
    from aiframe.policy.semantic.layer import SemanticLayer

__all__ = [
    "CompiledPolicy",
    "DisclosureRt",
    "EdgeRt",
    "LimitRt",
    "RuleRt",
    "RuleSet",
    "SemanticRt",
    "SentenceCtx",
    "StepRt",
    "ToolRt",
    "compile_pack",
]

Span = tuple[int, int]
_WORDS = re.compile(r"[^\W_]+")


class SentenceCtx:
    """One sentence being checked: its normalized scan and the lazily shared views."""

    __slots__ = ("_keyword_hits", "index", "raw", "reasons", "scan", "state")

    def __init__(self, raw: str, scan: Scan, state: CallState, index: KeywordIndex) -> None:
        self.raw = raw
        self.scan = scan
        self.state = state
        self.index = index
        self._keyword_hits: dict[str, list[Span]] | None = None
        # rule id -> why it fired, for rules whose reason depends on what they found
        self.reasons: dict[str, str] = {}

    def keyword_hits(self) -> dict[str, list[Span]]:
        if self._keyword_hits is None:
            self._keyword_hits = self.index.scan(self.scan)
        return self._keyword_hits

    def to_original(self, spans: list[Span]) -> list[Span]:
        return [self.scan.norm.to_original(s, e) for s, e in spans]


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Every keyword of every keyword rule, by its normalized word n-gram."""

    grams: Mapping[str, tuple[str, ...]]  # "past due" -> rule ids
    lengths: tuple[int, ...]
    # first word of each phrase -> the phrase lengths that start with it
    starts: Mapping[str, tuple[int, ...]]

    def scan(self, scan: Scan) -> dict[str, list[Span]]:
        out: dict[str, list[Span]] = {}
        if not self.grams:
            return out
        words = scan.words
        toks = [w.group(0) for w in words]
        n = len(toks)
        grams = self.grams
        starts = self.starts
        for i in range(n):
            lengths = starts.get(toks[i])
            if lengths is None:
                continue
            for k in lengths:
                if i + k > n:
                    break
                key = toks[i] if k == 1 else " ".join(toks[i : i + k])
                ids = grams.get(key)
                if ids:
                    span = (words[i].start(), words[i + k - 1].end())
                    for rid in ids:
                        out.setdefault(rid, []).append(span)
        return out


Finder = Callable[[SentenceCtx], "list[Span] | None"]


@dataclass(frozen=True, slots=True)
class RuleRt:
    """One output rule, ready to run. ``find`` returns None when the rule does not
    fire, else the original-text spans it matched (empty for whole-sentence rules)."""

    id: str
    kind: str
    action: Action
    say: str | None
    replacement: str
    steps: frozenset[str] | None
    unless_facts: tuple[str, ...]
    unless_disclosed: tuple[str, ...]
    find: Finder
    reason: str
    on: frozenset[str]
    index: int  # position in the pack: the order hits are reported and ties broken in
    scoped: bool  # whether applies() can ever say no

    def applies(self, state: CallState) -> bool:
        if self.steps is not None and state.step not in self.steps:
            return False
        if self.unless_facts or self.unless_disclosed:
            facts_ok = all(fact_holds(state.facts, f) for f in self.unless_facts)
            told = all(d in state.disclosures_played for d in self.unless_disclosed)
            if facts_ok and told:
                return False
        return True


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules for one kind of check. Keyword rules are reached through the shared
    keyword index (one pass finds them all), so only those that matched are visited."""

    keyword: Mapping[str, RuleRt]
    other: tuple[RuleRt, ...]

    @classmethod
    def of(cls, rules: list[RuleRt]) -> RuleSet:
        return cls(
            {r.id: r for r in rules if r.kind == "keywords"},
            tuple(r for r in rules if r.kind != "keywords"),
        )


@dataclass(frozen=True, slots=True)
class SemanticRt:
    """A detector rule's semantic check: its labels and the threshold for each."""

    rule: RuleRt
    labels: tuple[str, ...]
    threshold: float
    thresholds: Mapping[str, float]  # label -> threshold, when that label is the likeliest
    min_similarity: float

    def threshold_for(self, label: str) -> float:
        return self.thresholds.get(label, self.threshold)


@dataclass(frozen=True, slots=True)
class EdgeRt:
    to: str
    requires: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepRt:
    name: str
    tools: frozenset[str]
    edges: Mapping[str, EdgeRt]
    requires: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LimitRt:
    id: str
    path: tuple[str, ...]
    spec: pack_schema.ArgLimit
    action: Action


@dataclass(frozen=True, slots=True)
class ToolRt:
    name: str
    spec: pack_schema.Tool
    validator: Draft202012Validator
    limits: tuple[LimitRt, ...]


@dataclass(frozen=True, slots=True)
class DisclosureRt:
    id: str
    text: str
    words: str  # normalized words joined by spaces, to see whether a sentence says it


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """A pack version ready for the gate. Immutable; shared by every call pinned to it."""

    pack: pack_schema.PolicyPack
    version: str
    source: str
    sha256: str
    steps: Mapping[str, StepRt]
    from_any: frozenset[str]
    tools: Mapping[str, ToolRt]
    sentence_rules: RuleSet
    caller_rules: RuleSet
    hours_rules: tuple[RuleRt, ...]
    keywords: KeywordIndex
    first_disclosures: tuple[DisclosureRt, ...]
    step_disclosures: Mapping[str, tuple[DisclosureRt, ...]]
    tool_disclosures: Mapping[str, tuple[DisclosureRt, ...]]
    class_requires: Mapping[str, tuple[str, ...]]
    semantic_rules: tuple[SemanticRt, ...] = ()
    semantic: SemanticLayer | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)
    # what exact_value rules remember from the caller's turns
    remember_detectors: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.pack.pack


def words_of(text: str) -> str:
    return " ".join(_WORDS.findall(normalize(text).text))


def compile_pack(loaded: LoadedPack) -> CompiledPolicy:
    """The runtime form of a validated pack."""
    pack = loaded.pack
    version = f"{pack.pack}@{pack.version}+{loaded.sha256[:12]}"
    steps = {
        name: StepRt(
            name,
            frozenset(st.tools),
            {e.to: EdgeRt(e.to, tuple(e.requires_facts)) for e in st.next},
            tuple(st.requires_facts),
        )
        for name, st in pack.steps.items()
    }
    tools = {name: _tool(name, t) for name, t in pack.tools.items()}
    disc = {
        name: DisclosureRt(name, d.text.strip(), words_of(d.text))
        for name, d in pack.disclosures.items()
    }
    first: list[DisclosureRt] = []
    by_step: dict[str, list[DisclosureRt]] = {}
    by_tool: dict[str, list[DisclosureRt]] = {}
    for name, d in pack.disclosures.items():
        for trigger in d.before:
            kind, _, target = trigger.partition(":")
            if kind == "first_sentence":
                first.append(disc[name])
            elif kind == "step":
                by_step.setdefault(target, []).append(disc[name])
            else:
                by_tool.setdefault(target, []).append(disc[name])
    grams: dict[str, list[str]] = {}
    rules = [_rule(pack, i, r, grams) for i, r in enumerate(pack.rules)]
    semantic = tuple(
        SemanticRt(
            rt,
            labels_for(r.detector, r.categories),
            r.semantic.threshold,
            {f"commitment.{c}": t for c, t in r.semantic.thresholds.items()},
            r.semantic.min_similarity,
        )
        for r, rt in zip(pack.rules, rules, strict=True)
        if isinstance(r, pack_schema.DetectorRule) and r.semantic is not None and "sentence" in r.on
    )
    starts: dict[str, set[int]] = {}
    for k in grams:
        starts.setdefault(k.split(" ", 1)[0], set()).add(k.count(" ") + 1)
    index = KeywordIndex(
        {k: tuple(v) for k, v in grams.items()},
        tuple(sorted({k.count(" ") + 1 for k in grams})),
        {w: tuple(sorted(ls)) for w, ls in starts.items()},
    )
    return CompiledPolicy(
        pack=pack,
        version=version,
        source=loaded.source,
        sha256=loaded.sha256,
        steps=steps,
        from_any=frozenset(n for n, st in pack.steps.items() if st.from_any),
        tools=tools,
        sentence_rules=RuleSet.of([r for r in rules if "sentence" in r.on]),
        caller_rules=RuleSet.of([r for r in rules if "caller" in r.on]),
        hours_rules=tuple(r for r in rules if r.kind == "hours" and "sentence" in r.on),
        keywords=index,
        first_disclosures=tuple(first),
        step_disclosures={k: tuple(v) for k, v in by_step.items()},
        tool_disclosures={k: tuple(v) for k, v in by_tool.items()},
        class_requires={n: tuple(dc.requires_facts) for n, dc in pack.data_classes.items()},
        semantic_rules=semantic,
        semantic=_semantic_layer(loaded, semantic) if semantic else None,
        remember_detectors=tuple(
            dict.fromkeys(
                d
                for r in pack.rules
                if isinstance(r, pack_schema.ExactValueRule)
                for d in r.caller_detectors
            )
        ),
    )


def _semantic_layer(loaded: LoadedPack, rules: tuple[SemanticRt, ...]) -> SemanticLayer:
    """The layer the pack's semantic rules read: built-in examples plus the pack's own."""
    from aiframe.policy.semantic.layer import semantic_layer

    pack = loaded.pack
    examples: list[LabelledExample] = (
        list(builtin_examples()) if pack.semantic.builtin_examples else []
    )
    base = (
        Path(loaded.source).parent
        if loaded.source and not loaded.source.startswith("<")
        else Path()
    )
    for name in pack.semantic.examples:
        try:
            examples.extend(load_examples(base / name))
        except ExamplesError as e:
            raise PolicyLoadError(
                [Problem(loaded.source, 0, 0, "semantic.examples", str(e))]
            ) from None
    have = {e.label for e in examples}
    for rt in rules:
        missing = [lab for lab in rt.labels if lab not in have]
        if missing:
            raise PolicyLoadError(
                [
                    Problem(
                        loaded.source,
                        0,
                        0,
                        f"rules[{rt.rule.index}].semantic",
                        f"rule {rt.rule.id}: the semantic layer has no labelled examples of "
                        f"{', '.join(missing)}; add some in a file under semantic.examples",
                    )
                ]
            )
    return semantic_layer(tuple(examples))


def _tool(name: str, t: pack_schema.Tool) -> ToolRt:
    limits = tuple(
        LimitRt(
            lim.id or f"tool/{name}/limit/{lim.arg}",
            tuple(lim.arg.split(".")),
            lim,
            Action(lim.action),
        )
        for lim in t.limits
    )
    checker = Draft202012Validator.FORMAT_CHECKER
    return ToolRt(name, t, Draft202012Validator(t.args, format_checker=checker), limits)


def _rule(
    pack: pack_schema.PolicyPack, index: int, r: pack_schema.Rule, grams: dict[str, list[str]]
) -> RuleRt:
    find, reason = _finder(pack, r, grams)
    return RuleRt(
        id=r.id,
        kind=r.type,
        action=Action(r.action),
        say=r.text,
        replacement=r.replacement if r.replacement is not None else pack.redaction,
        steps=frozenset(r.steps) if r.steps else None,
        unless_facts=tuple(r.unless_facts),
        unless_disclosed=tuple(r.unless_disclosed),
        find=find,
        reason=r.description or reason,
        on=frozenset(r.on),
        index=index,
        scoped=bool(r.steps or r.unless_facts or r.unless_disclosed),
    )


def _finder(
    pack: pack_schema.PolicyPack, r: pack_schema.Rule, grams: dict[str, list[str]]
) -> tuple[Finder, str]:
    if isinstance(r, pack_schema.PatternRule):
        return _pattern_finder(r), f"matched pattern rule {r.id}"
    if isinstance(r, pack_schema.KeywordRule):
        for kw in r.keywords:
            key = words_of(kw)
            if key and r.id not in grams.setdefault(key, []):
                grams[key].append(r.id)
        rid = r.id

        def keywords(ctx: SentenceCtx) -> list[Span] | None:
            spans = ctx.keyword_hits().get(rid)
            return ctx.to_original(spans) if spans else None

        return keywords, "said a listed keyword"
    if isinstance(r, pack_schema.DetectorRule):
        return _detector_finder(r), f"detector {r.detector} fired"
    if isinstance(r, pack_schema.TaintRule):
        return _taint_finder(pack, r), "spoke a tool value the caller is not entitled to yet"
    if isinstance(r, pack_schema.ExactValueRule):
        return _exact_finder(r), "read back a remembered number beyond the digits it may say"
    if isinstance(r, pack_schema.LengthRule):
        return _length_finder(r), "sentence too long"
    if isinstance(r, pack_schema.LanguageRule):
        scripts = frozenset().union(*(LANGUAGE_SCRIPTS[lang] for lang in r.languages))

        def language(ctx: SentenceCtx) -> list[Span] | None:
            return [] if foreign_letters(ctx.raw, scripts) else None

        return language, f"letters outside {', '.join(r.languages)}"
    return _hours_finder(r), f"outside {r.start}-{r.end} local time"


def _pattern_finder(r: pack_schema.PatternRule) -> Finder:
    rx = re.compile("|".join(f"(?:{p})" for p in r.patterns))
    if r.match == "raw":

        def raw(ctx: SentenceCtx) -> list[Span] | None:
            if rx.search(ctx.raw) is None:
                return None
            return [m.span() for m in rx.finditer(ctx.raw)]

        return raw

    def normalized(ctx: SentenceCtx) -> list[Span] | None:
        text = ctx.scan.text
        if rx.search(text) is None:
            return None
        return ctx.to_original([m.span() for m in rx.finditer(text)])

    return normalized


def _detector_finder(r: pack_schema.DetectorRule) -> Finder:
    name = r.detector
    cats = frozenset(r.categories)
    lo, hi = r.min_value, r.max_value
    excepted = frozenset(
        "".join(c for c in normalize(v).text if c.isalnum() or c in "@.+") for v in r.except_values
    )

    def detector(ctx: SentenceCtx) -> list[Span] | None:
        spans = []
        for f in ctx.scan.findings(name):
            if cats and f.category not in cats:
                continue
            if lo is not None and float(f.value) < lo:
                continue
            if hi is not None and float(f.value) > hi:
                continue
            if excepted and f.value.replace(" ", "") in excepted:
                continue
            spans.append((f.start, f.end))
        return ctx.to_original(spans) if spans else None

    return detector


def _taint_finder(pack: pack_schema.PolicyPack, r: pack_schema.TaintRule) -> Finder:
    classes = frozenset(r.classes or pack.data_classes)
    requires = {n: tuple(dc.requires_facts) for n, dc in pack.data_classes.items()}

    def taint(ctx: SentenceCtx) -> list[Span] | None:
        state = ctx.state
        spans: list[Span] = []
        for item in state.data.values():
            cls = item.data_class
            if cls not in classes:
                continue
            if all(fact_holds(state.facts, f) for f in requires.get(cls, ())):
                continue
            spans.extend(matcher_for(item.value).spans(ctx.scan))
        return ctx.to_original(spans) if spans else None

    return taint


def _exact_finder(r: pack_schema.ExactValueRule) -> Finder:
    rid = r.id
    base = r.description or "read back a remembered number"

    def exact(ctx: SentenceCtx) -> list[Span] | None:
        secrets = secrets_of(r, ctx.state)
        if not secrets:
            return None
        found = leaks(ctx.scan, ctx.state.turn_said, secrets)
        if not found:
            return None
        ctx.reasons[rid] = f"{base}: {'; '.join(leak.describe() for leak in found)}"
        return ctx.to_original([span for leak in found for span in leak.spans])

    return exact


def _length_finder(r: pack_schema.LengthRule) -> Finder:
    max_chars, max_words = r.max_chars, r.max_words

    def length(ctx: SentenceCtx) -> list[Span] | None:
        if max_chars is not None and len(ctx.raw) > max_chars:
            return []
        if max_words is not None and len(ctx.raw.split()) > max_words:
            return []
        return None

    return length


@lru_cache(maxsize=2048)
def _minutes(hhmm: str) -> int | None:
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", hhmm)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return int(m.group(1)) * 60 + int(m.group(2))


def _hours_finder(r: pack_schema.HoursRule) -> Finder:
    # The schema's HH:MM pattern means both parse.
    start, end = _minutes(r.start) or 0, _minutes(r.end) or 0
    fact, fire_unknown = r.fact, r.when_unknown == "fire"

    def hours(ctx: SentenceCtx) -> list[Span] | None:
        v = ctx.state.facts.get(fact)
        now = _minutes(v) if isinstance(v, str) else None
        if now is None:
            return [] if fire_unknown else None
        inside = start <= now < end if start < end else (now >= start or now < end)
        return None if inside else []

    return hours
