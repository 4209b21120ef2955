# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The gate: pure functions of (policy version, call state, input) to a decision.

Nothing here reads a clock, a file or a global: the same policy, state and input
always give the same decision. Several rules may fire; the strictest action wins and,
among equally strict ones, the first checked. Check order: built-in structure checks
(step graph, tool declarations, disclosures), then the pack's rules in file order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aiframe.policy.compile import CompiledPolicy, RuleRt, RuleSet, SentenceCtx, words_of
from aiframe.policy.decisions import CheckKind, Decision, RuleHit, ToolCall, Utterance
from aiframe.policy.detectors import Scan
from aiframe.policy.errors import PolicyStateError
from aiframe.policy.exact import caller_values
from aiframe.policy.normalize import normalize
from aiframe.policy.schema import Action
from aiframe.policy.state import CallState, fact_holds

if TYPE_CHECKING:
    from aiframe.policy.semantic.layer import Verdict

__all__ = ["check_caller", "check_sentence", "check_tool_call", "check_transition", "redact_spans"]

_MISSING = object()


class _Hits:
    """Collects fired rules and remembers the strictest (first among equals)."""

    __slots__ = ("best", "best_say", "hits")

    def __init__(self) -> None:
        self.hits: list[RuleHit] = []
        self.best: Action = Action.ALLOW
        self.best_say: str | None = None

    def add(self, rule: str, action: Action, reason: str, say: str | None = None) -> None:
        self.hits.append(RuleHit(rule, action, reason))
        if action.severity > self.best.severity:
            self.best, self.best_say = action, say


def _check_state(policy: CompiledPolicy, state: CallState) -> None:
    if state.policy_version is not None and state.policy_version != policy.version:
        raise PolicyStateError(
            f"call state is pinned to policy {state.policy_version}, "
            f"but was checked against {policy.version}"
        )
    if state.step not in policy.steps:
        known = ", ".join(sorted(policy.steps))
        raise PolicyStateError(
            f"call state step '{state.step}' is not a step of pack {policy.name} (known: {known})"
        )


def _control(policy: CompiledPolicy, action: Action) -> ToolCall | None:
    ctl = None
    if action is Action.ESCALATE:
        ctl = policy.pack.escalation
    elif action is Action.END_CALL:
        ctl = policy.pack.end_call
    return ToolCall(ctl.tool, dict(ctl.args)) if ctl is not None else None


def _refusal_text(policy: CompiledPolicy, action: Action, say: str | None) -> str | None:
    if say is not None:
        return say
    if action is Action.ESCALATE and policy.pack.escalation is not None:
        return policy.pack.escalation.text
    if action is Action.END_CALL and policy.pack.end_call is not None:
        return policy.pack.end_call.text
    return None


def redact_spans(raw: str, spans: list[tuple[int, int, str]]) -> str:
    """``raw`` with each (start, end, replacement) span replaced; overlaps merge."""
    merged: list[list[Any]] = []
    for s, e, repl in sorted(spans, key=lambda x: (x[0], -x[1])):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e, repl])
    out, last = [], 0
    for s, e, repl in merged:
        out.append(raw[last:s])
        out.append(repl)
        last = e
    out.append(raw[last:])
    return "".join(out)


def _run_rules(
    policy: CompiledPolicy, rules: RuleSet, state: CallState, text: str
) -> tuple[_Hits, list[tuple[int, int, str]]]:
    ctx = SentenceCtx(text, Scan(normalize(text)), state, policy.keywords)
    fired: list[tuple[RuleRt, list[tuple[int, int]]]] = []
    if rules.keyword:
        for rid, spans in ctx.keyword_hits().items():
            rule = rules.keyword.get(rid)
            if rule is not None and (not rule.scoped or rule.applies(state)):
                fired.append((rule, ctx.to_original(spans)))
    for rule in rules.other:
        if rule.scoped and not rule.applies(state):
            continue
        found = rule.find(ctx)
        if found is not None:
            fired.append((rule, found))
    fired.sort(key=lambda f: f[0].index)
    hits = _Hits()
    redactions: list[tuple[int, int, str]] = []
    for rule, spans in fired:
        hits.add(rule.id, rule.action, ctx.reasons.get(rule.id, rule.reason), rule.say)
        if rule.action is Action.REDACT:
            redactions.extend((s, e, rule.replacement) for s, e in spans)
    return hits, redactions


def _final_text(
    policy: CompiledPolicy, hits: _Hits, text: str, redactions: list[tuple[int, int, str]]
) -> str:
    action = hits.best
    if action is Action.ALLOW:
        return text
    if action is Action.REDACT:
        return redact_spans(text, redactions)
    said = _refusal_text(policy, action, hits.best_say)
    return said if said is not None else policy.pack.fallback


_TAG_WORDS = 6


def _with_context(state: CallState, text: str) -> str:
    """A short sentence is judged with the one before it in the same turn: "That's a
    promise." or "You have my word." commits to whatever the previous sentence said."""
    if state.turn_said and len(text.split()) <= _TAG_WORDS:
        return f"{state.turn_said[-1]} {text}"
    return text


def _semantic(policy: CompiledPolicy, state: CallState, text: str, hits: _Hits) -> Verdict | None:
    """The semantic layer, on a sentence the rules let through (spoken, maybe redacted).

    The rules stay first: where one fired and refused the sentence, it is the
    explanation and the layer does not run. A rule already fired by its detector is not
    fired again by the layer. A short sentence is judged with the turn's sentence
    before it (:func:`_with_context`)."""
    layer = policy.semantic
    if layer is None or hits.best.severity > Action.REDACT.severity:
        return None
    fired = {h.rule for h in hits.hits}
    rules = [
        sr
        for sr in policy.semantic_rules
        if sr.rule.id not in fired and (not sr.rule.scoped or sr.rule.applies(state))
    ]
    if not rules:
        return None
    verdict = layer.judge(_with_context(state, text))
    for sr in rules:
        label = max(sr.labels, key=lambda lab: verdict.probabilities.get(lab, 0.0))
        score = verdict.score(sr.labels)
        if score < sr.threshold_for(label):
            continue
        example, similarity = max(
            (verdict.nearest_of(lab) for lab in sr.labels), key=lambda e: e[1]
        )
        if similarity >= sr.min_similarity:
            why = (
                f"semantic layer: {label} {score:.2f} >= {sr.threshold_for(label):.2f}; "
                f"nearest example ({similarity:.2f}): {example!r}"
            )
            # The layer names no span to redact: a redacting rule refuses the sentence.
            action = Action.BLOCK if sr.rule.action is Action.REDACT else sr.rule.action
            hits.add(sr.rule.id, action, why, sr.rule.say)
    return verdict


def check_sentence(policy: CompiledPolicy, state: CallState, text: str) -> Decision:
    """Check one sentence the brain proposes to speak, before TTS."""
    _check_state(policy, state)
    hits, redactions = _run_rules(policy, policy.sentence_rules, state, text)
    verdict = _semantic(policy, state, text, hits)
    final = _final_text(policy, hits, text, redactions)
    utterances: list[Utterance] = []
    carried: str | None = None
    inserted: list[RuleHit] = []
    for d in policy.first_disclosures:
        if d.id in state.disclosures_played or d.id in state.disclosures_pending:
            continue
        if carried is None and d.words and d.words in words_of(final):
            carried = d.id  # the brain said it itself; the sentence's marks prove it
            continue
        utterances.append(Utterance(d.text, d.id))
        inserted.append(RuleHit(f"disclosure/{d.id}", Action.ALLOW, "required disclosure inserted"))
    utterances.append(Utterance(final, carried))
    return Decision(
        kind="sentence",
        action=hits.best,
        hits=(*inserted, *hits.hits),
        utterances=tuple(utterances),
        policy_version=policy.version,
        call_control=_control(policy, hits.best),
        state_step=state.step,
        semantic=verdict,
    )


def check_caller(policy: CompiledPolicy, state: CallState, text: str) -> Decision:
    """Check one transcribed caller turn against the rules with ``on: [caller]``.

    ``text`` of the decision is the transcript to give the brain when the action is
    allow or redact (redacted spans replaced), else what to say to the caller.
    ``remember`` holds the numbers exact_value rules keep from this turn on (whatever
    the action: the caller said them), those the state does not hold yet.
    """
    _check_state(policy, state)
    hits, redactions = _run_rules(policy, policy.caller_rules, state, text)
    final = _final_text(policy, hits, text, redactions)
    remember: dict[str, tuple[str, ...]] = {}
    if policy.remember_detectors:
        found = caller_values(Scan(normalize(text)), policy.remember_detectors)
        for det, values in found.items():
            new = tuple(v for v in values if v not in state.sensitive.get(det, ()))
            if new:
                remember[det] = new
    return _decision("caller", policy, state, hits, final, target="", remember=remember)


def _decision(
    kind: CheckKind,
    policy: CompiledPolicy,
    state: CallState,
    hits: _Hits,
    text: str | None,
    target: str,
    args: Mapping[str, Any] | None = None,
    disclosure: str | None = None,
    remember: Mapping[str, tuple[str, ...]] | None = None,
) -> Decision:
    utterances = (Utterance(text, disclosure),) if text else ()
    return Decision(
        kind=kind,
        action=hits.best,
        hits=tuple(hits.hits),
        utterances=utterances,
        policy_version=policy.version,
        args=args,
        call_control=_control(policy, hits.best),
        state_step=state.step,
        target=target,
        remember=remember or {},
    )


def _hours(policy: CompiledPolicy, state: CallState, hits: _Hits) -> None:
    if not policy.hours_rules:
        return
    ctx = SentenceCtx("", Scan(normalize("")), state, policy.keywords)
    for rule in policy.hours_rules:
        if rule.applies(state) and rule.find(ctx) is not None:
            hits.add(rule.id, rule.action, rule.reason, rule.say)


def _disclosures_first(ds: tuple[Any, ...], state: CallState, hits: _Hits, what: str) -> str | None:
    """Block until each disclosure is proven played; returns the one to speak now."""
    speak: str | None = None
    for d in ds:
        if d.id in state.disclosures_played:
            continue
        if d.id in state.disclosures_pending:
            hits.add(
                f"disclosure/{d.id}",
                Action.BLOCK,
                f"disclosure {d.id} is queued; {what} waits for its playout mark",
                "",
            )
        else:
            hits.add(
                f"disclosure/{d.id}",
                Action.BLOCK,
                f"disclosure {d.id} must be played before {what}",
                d.text,
            )
            if speak is None:
                speak = d.id
    return speak


def check_tool_call(
    policy: CompiledPolicy, state: CallState, tool: str, args: Mapping[str, Any]
) -> Decision:
    """Check one tool call the brain proposes (call control included)."""
    _check_state(policy, state)
    hits = _Hits()
    t = policy.tools.get(tool)
    if t is None:
        known = ", ".join(sorted(policy.tools)) or "none"
        hits.add("tool/unknown", Action.BLOCK, f"no tool '{tool}' in this pack (known: {known})")
        return _decision("tool_call", policy, state, hits, None, tool)
    prefix = f"tool/{tool}"
    step = policy.steps[state.step]
    if tool not in step.tools:
        hits.add(f"{prefix}/not-in-step", Action.BLOCK, f"not allowed in step {state.step}")
    errors = sorted(t.validator.iter_errors(dict(args)), key=lambda e: list(e.absolute_path))
    if errors:
        why = "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '(arguments)'}: {e.message}"
            for e in errors[:3]
        )
        hits.add(f"{prefix}/args", Action.BLOCK, why)
    missing = [f for f in t.spec.requires_facts if not fact_holds(state.facts, f)]
    if missing:
        hits.add(f"{prefix}/requires-facts", Action.BLOCK, f"needs facts: {', '.join(missing)}")
    if t.spec.max_calls is not None and state.tool_calls.get(tool, 0) >= t.spec.max_calls:
        hits.add(f"{prefix}/max-calls", Action.BLOCK, f"already called {t.spec.max_calls} time(s)")
    for lim in t.limits:
        spec = lim.spec
        if spec.unless_facts and all(fact_holds(state.facts, f) for f in spec.unless_facts):
            continue
        value: Any = args
        for key in lim.path:
            value = value.get(key, _MISSING) if isinstance(value, Mapping) else _MISSING
        if value is _MISSING:
            continue
        broken = _limit_broken(spec, value, state)
        if broken:
            hits.add(lim.id, lim.action, f"{'.'.join(lim.path)} {broken}", spec.text)
    _hours(policy, state, hits)
    speak = _disclosures_first(policy.tool_disclosures.get(tool, ()), state, hits, f"tool {tool}")
    text = _tool_text(policy, t.spec.text, hits)
    allowed = hits.best is Action.ALLOW
    return _decision(
        "tool_call",
        policy,
        state,
        hits,
        text,
        tool,
        args=dict(args) if allowed else None,
        disclosure=speak if speak and text == _disclosure_text(policy, speak) else None,
    )


def _disclosure_text(policy: CompiledPolicy, did: str) -> str:
    return policy.pack.disclosures[did].text.strip()


def _tool_text(policy: CompiledPolicy, tool_text: str | None, hits: _Hits) -> str | None:
    if hits.best is Action.ALLOW:
        return None
    said = _refusal_text(policy, hits.best, hits.best_say)
    if said is not None:
        return said.strip() if said else None
    return tool_text


def _limit_broken(spec: Any, value: Any, state: CallState) -> str | None:
    is_num = isinstance(value, int | float) and not isinstance(value, bool)
    if spec.max is not None and is_num and value > spec.max:
        return f"{value} is over the limit {spec.max:g}"
    if spec.min is not None and is_num and value < spec.min:
        return f"{value} is under the limit {spec.min:g}"
    if (
        spec.max_length is not None
        and isinstance(value, str | list)
        and (len(value) > spec.max_length)
    ):
        return f"is longer than {spec.max_length}"
    if spec.equals_fact is not None:
        want = state.facts.get(spec.equals_fact)
        if want is None or str(want) != str(value):
            return f"must equal fact {spec.equals_fact}"
    return None


def check_transition(policy: CompiledPolicy, state: CallState, to: str) -> Decision:
    """Check a move of the conversation to step ``to``."""
    _check_state(policy, state)
    hits = _Hits()
    speak: str | None = None
    if to not in policy.steps:
        known = ", ".join(sorted(policy.steps))
        hits.add("step/unknown", Action.BLOCK, f"no step '{to}' in this pack (known: {known})")
    elif to != state.step:
        edge = policy.steps[state.step].edges.get(to)
        if edge is None and to not in policy.from_any:
            hits.add("step/illegal", Action.BLOCK, f"no transition {state.step} -> {to}")
        else:
            needs = dict.fromkeys((*(edge.requires if edge else ()), *policy.steps[to].requires))
            missing = [f for f in needs if not fact_holds(state.facts, f)]
            if missing:
                hits.add(
                    f"step/{to}/requires-facts", Action.BLOCK, f"needs facts: {', '.join(missing)}"
                )
            speak = _disclosures_first(
                policy.step_disclosures.get(to, ()), state, hits, f"step {to}"
            )
    text = None
    if hits.best is not Action.ALLOW:
        said = _refusal_text(policy, hits.best, hits.best_say)
        text = said or None
    disclosure = speak if speak and text == _disclosure_text(policy, speak) else None
    return _decision("transition", policy, state, hits, text, to, disclosure=disclosure)
