# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench policy`: how long the gate takes per sentence and per tool call.

Measured for every shipped pack and for a generated 200-rule pack. The peer path, run
in the same process on the same inputs, is the naive gate most projects start with:
the same rules as plain regular expressions over the raw text (no normalization, no
spoken or spaced digits, no look-alikes), and tool arguments checked with a JSON Schema
validator built per call. Besides the timings the report says how many of a set of
adversarial sentences (spelled, spaced, look-alike sensitive data and promises) each
path catches, since a fast gate that misses them is no gate.

Inputs vary per iteration (random numbers, spelled or not) so caches do not flatter
the figures. Targets: p99 <= 1 ms per tool call, and per sentence <= 1 ms for the rules
alone or <= 5 ms with a pack's semantic layer (one sentence-encoder run).

The same report carries the held-out measure (:mod:`aiframe.lab.bench.policy_heldout`):
recall and false positives per pack and label on sentences nobody wrote the rules or
the layer's examples from, rules alone beside rules plus the semantic layer.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from aiframe.lab.bench.policy_heldout import run_heldout
from aiframe.policy import schema as pack_schema
from aiframe.policy.compile import CompiledPolicy, compile_pack
from aiframe.policy.detectors import DETECTORS, luhn_valid
from aiframe.policy.eval import Case, parse_cases
from aiframe.policy.gate import check_sentence, check_tool_call
from aiframe.policy.loader import load_pack_text
from aiframe.policy.registry import load_policy
from aiframe.policy.state import CallState, fact_holds

__all__ = ["TARGET_P99_US", "generated_pack_text", "run_policy_bench"]

TARGET_P99_US = 1000.0
TARGET_SEMANTIC_P99_US = 5000.0
SHIPPED = ("retail-support", "collections", "healthcare-scheduling")

_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

# Everyday sentences with numbers in them; {n} is a fresh number each time.
_TEMPLATES = [
    "Your order number is {n}.",
    "I found order {n} under that name, it shipped on Monday.",
    "The tracking shows it should arrive on Friday between {h} and {h2}.",
    "That comes to {money} including shipping.",
    "You ordered {q} items and {q2} of them have shipped.",
    "Your appointment is at {h}:30 on the {d}th.",
    "We have openings on Tuesday at {h} am and Wednesday at {h2} pm.",
    "Could you confirm the postcode on the order, please?",
    "I can see the card ending in {last4}.",
    "Your case number is {spelled}.",
    "Let me transfer you to a colleague who can help with that.",
    "Refunds usually take {q} to {q2} business days to show on your statement.",
    "Thanks for your patience, I'm checking that now.",
    "The blender is listed at {money} and it has a {q} year warranty.",
]
# Sensitive data and promises written the ways that slip past a plain regex.
_ADVERSARIAL = [
    "Your card is {card_spelled}.",
    "The card on file is {card_spaced}.",
    "Card {card_fullwidth} was charged.",
    "Your social security number is {ssn_spelled}.",
    "SSN {ssn_dashed_words}.",
    "Call me back on five five five, two one two, four four five six.",
    "You'll get a full refund, I promise.",
    "We will r\u0435fund you today.",
    "I'll waive the fee for you.",
    "Your order will arrive by tomorrow, guaranteed.",
]


def _card(rng: random.Random) -> str:
    body = "4" + "".join(rng.choice("0123456789") for _ in range(14))
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def _ssn(rng: random.Random) -> str:
    return f"{rng.randint(100, 665):03d}{rng.randint(10, 99):02d}{rng.randint(1000, 9999):04d}"


def _spell(digits: str, sep: str = " ") -> str:
    return sep.join(_DIGITS[int(c)] for c in digits)


def _fill(template: str, rng: random.Random) -> str:
    card, ssn = _card(rng), _ssn(rng)
    n = str(rng.randint(1000, 99_999_999))
    values = {
        "n": n,
        "h": str(rng.randint(1, 11)),
        "h2": str(rng.randint(1, 11)),
        "d": str(rng.randint(4, 20)),
        "q": rng.choice([str(rng.randint(2, 30)), _DIGITS[rng.randint(2, 9)]]),
        "q2": str(rng.randint(2, 30)),
        "money": rng.choice([f"${rng.randint(5, 900)}.{rng.randint(10, 99)}", "forty dollars"]),
        "last4": str(rng.randint(1000, 9999)),
        "spelled": _spell(str(rng.randint(10_000, 99_999))),
        "card_spelled": ", ".join(_spell(card[i : i + 4]) for i in range(0, 16, 4)),
        "card_spaced": " ".join(card[i : i + 4] for i in range(0, 16, 4)),
        "card_fullwidth": "-".join(card[i : i + 4] for i in range(0, 16, 4)).translate(
            str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))
        ),
        "ssn_spelled": _spell(ssn),
        "ssn_dashed_words": " dash ".join(_spell(g) for g in (ssn[:3], ssn[3:5], ssn[5:])),
    }
    return template.format(**values)


def generated_pack_text(rules: int = 200, seed: int = 7) -> str:
    """A pack with ``rules`` output rules of every kind and 20 tools, for timing."""
    rng = random.Random(seed)
    vocab = [f"{a}{b}" for a in ("zor", "quix", "plen", "vart", "mesk") for b in range(40)]
    words = ["refund", "discount", "price", "order", "delivery", "account", "payment"]
    lines = [
        "pack: generated",
        'version: "1"',
        "facts: {verified: x, approved: x, local_time: x}",
        "start: s",
        "steps:",
        "  s: {tools: [" + ", ".join(f"tool{i}" for i in range(20)) + "]}",
        "tools:",
    ]
    for i in range(20):
        lines += [
            f"  tool{i}:",
            "    args:",
            "      type: object",
            "      properties:",
            "        amount: {type: number, minimum: 0}",
            "        ref: {type: string, pattern: '^[A-Z0-9]{4,12}$'}",
            "        note: {type: string, maxLength: 200}",
            "      required: [amount, ref]",
            "      additionalProperties: false",
            "    limits:",
            "      - {arg: amount, max: 50, unless_facts: [approved]}",
            "      - {arg: note, max_length: 100}",
            f"    max_calls: {3 + i % 3}",
            "    requires_facts: [verified]",
        ]
    lines += ["data_classes: {fin: {requires_facts: [verified]}}", "rules:"]
    detectors = list(DETECTORS)
    for i in range(rules):
        kind = i % 10
        if kind < 5:
            kws = [*rng.sample(vocab, 4), f"{rng.choice(words)} {rng.choice(vocab)}"]
            lines.append(f"  - {{id: kw{i}, type: keywords, keywords: [{', '.join(kws)}]}}")
        elif kind < 8:
            a, b = rng.sample(vocab, 2)
            pat = rf"\\b(?:{a}|{b})\\s+\\w+\\s+(?:{rng.choice(words)}|{rng.choice(vocab)})\\b"
            lines.append(f'  - {{id: pat{i}, type: pattern, patterns: ["{pat}"]}}')
        elif kind == 8:
            det = detectors[(i // 10) % len(detectors)]
            action = "redact" if det in ("card_number", "email", "phone_number") else "block"
            lines.append(f"  - {{id: det{i}, type: detector, detector: {det}, action: {action}}}")
        else:
            extra = [
                f"  - {{id: taint{i}, type: taint}}",
                f"  - {{id: len{i}, type: length, max_chars: {300 + i}}}",
                f"  - {{id: lang{i}, type: language, languages: [en]}}",
            ]
            lines.append(extra[(i // 10) % 3])
    lines.append("fallback: Sorry, I can't help with that.")
    return "\n".join(lines) + "\n"


# -- the naive peer: the same rules as raw-text regexes ---------------------------------

_NAIVE_DETECTORS = {
    "card_number": (re.compile(r"\b\d{13,19}\b"), luhn_valid),
    "ssn": (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), None),
    "bank_account": (re.compile(r"\b\d{6,17}\b"), None),
    "routing_number": (re.compile(r"\b\d{9}\b"), None),
    "email": (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), None),
    "phone_number": (re.compile(r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b"), None),
    "money": (re.compile(r"\$\d+(?:\.\d\d)?|\b\d+ dollars\b", re.I), None),
    "percent": (re.compile(r"\b\d+(?:\.\d+)?\s?%"), None),
    "commitment": (
        re.compile(
            r"\b(?:i promise|i guarantee|guaranteed|you'll get a (?:full )?refund|"
            r"we will refund|i'll waive)\b",
            re.I,
        ),
        None,
    ),
}


@dataclass(frozen=True, slots=True)
class _NaiveRule:
    id: str
    kind: str
    rx: re.Pattern[str] | None
    check: Callable[[str], bool] | None
    spec: Any
    steps: frozenset[str] | None
    unless: tuple[str, ...]


def _naive_rules(policy: CompiledPolicy) -> list[_NaiveRule]:
    out = []
    for r in policy.pack.rules:
        rx: re.Pattern[str] | None = None
        check: Callable[[str], bool] | None = None
        if isinstance(r, pack_schema.PatternRule):
            rx = re.compile("|".join(f"(?:{p})" for p in r.patterns), re.I)
        elif isinstance(r, pack_schema.KeywordRule):
            rx = re.compile(r"\b(?:" + "|".join(map(re.escape, r.keywords)) + r")\b", re.I)
        elif isinstance(r, pack_schema.DetectorRule):
            rx, check = _NAIVE_DETECTORS[r.detector]
        steps = frozenset(r.steps) if r.steps else None
        out.append(_NaiveRule(r.id, r.type, rx, check, r, steps, tuple(r.unless_facts)))
    return out


def _naive_sentence(rules: list[_NaiveRule], state: CallState, text: str) -> list[str]:
    fired = []
    for r in rules:
        if r.steps is not None and state.step not in r.steps:
            continue
        if r.unless and all(fact_holds(state.facts, f) for f in r.unless):
            continue
        if r.rx is not None:
            hit = False
            for m in r.rx.finditer(text):
                if r.check is None or r.check(m.group(0)):
                    hit = True
                    break
            if hit:
                fired.append(r.id)
        elif r.kind == "taint":
            if any(str(v.value) in text for v in state.data.values()):
                fired.append(r.id)
        elif r.kind == "length":
            if r.spec.max_chars is not None and len(text) > r.spec.max_chars:
                fired.append(r.id)
        elif r.kind == "language" and not text.isascii():
            fired.append(r.id)
    return fired


def _naive_tool(
    policy: CompiledPolicy, state: CallState, tool: str, args: Mapping[str, Any]
) -> bool:
    t = policy.pack.tools.get(tool)
    if t is None or tool not in policy.pack.steps[state.step].tools:
        return False
    try:
        jsonschema.validate(dict(args), t.args)
    except jsonschema.ValidationError:
        return False
    return all(fact_holds(state.facts, f) for f in t.requires_facts)


# -- measuring ---------------------------------------------------------------------------


def _percentiles(ns: list[int]) -> tuple[float, float]:
    s = sorted(ns)
    p50 = s[len(s) // 2]
    p99 = s[min(len(s) - 1, int(len(s) * 0.99))]
    return p50 / 1000, p99 / 1000


@dataclass(slots=True)
class _Samples:
    """Wall-clock and this thread's CPU time per check. On a shared 2-core machine the
    wall-clock tail includes time the thread was not running at all; the CPU-time tail
    is what the check itself costs."""

    wall: list[int]
    cpu: list[int]

    def add(self, fn: Callable[..., object], *args: Any) -> None:
        c0, t0 = time.thread_time_ns(), time.perf_counter_ns()
        fn(*args)
        t1, c1 = time.perf_counter_ns(), time.thread_time_ns()
        self.wall.append(t1 - t0)
        self.cpu.append(c1 - c0)

    def summary(self, peer: _Samples) -> dict[str, float]:
        w50, w99 = _percentiles(self.wall)
        c50, c99 = _percentiles(self.cpu)
        pw50, pw99 = _percentiles(peer.wall)
        pc50, pc99 = _percentiles(peer.cpu)
        del pc50  # the naive CPU median says little the wall-clock one does not
        return {
            "p50_us": round(w50, 1),
            "p99_us": round(w99, 1),
            "cpu_p50_us": round(c50, 1),
            "cpu_p99_us": round(c99, 1),
            "naive_p50_us": round(pw50, 1),
            "naive_p99_us": round(pw99, 1),
            "naive_cpu_p99_us": round(pc99, 1),
            "p50_ratio_vs_naive": round(w50 / pw50, 2),
            "cpu_p99_ratio_vs_naive": round(c99 / pc99, 2),
        }


@dataclass(frozen=True, slots=True)
class _Workload:
    policy: CompiledPolicy
    sentence_states: list[CallState]
    tool_calls: list[tuple[CallState, str, dict[str, Any]]]


def _state(policy: CompiledPolicy, case: Case) -> CallState:
    st = case.state
    return CallState(
        step=st.step or policy.pack.start,
        facts=st.facts,
        disclosures_played=frozenset(st.disclosures_played),
        disclosures_pending=frozenset(st.disclosures_pending),
        data=st.data,
        tool_calls=st.tool_calls,
    )


def _shipped_workload(policies: Path, name: str) -> _Workload:
    policy = load_policy(policies / f"{name}.yaml")
    path = policies / "tests" / f"{name}.jsonl"
    cases = [c for _, c in parse_cases(path.read_text(encoding="utf-8").splitlines(), str(path))]
    states = [_state(policy, c) for c in cases if c.kind == "sentence"]
    tools = [
        (_state(policy, c), c.tool or "", c.args or {}) for c in cases if c.kind == "tool_call"
    ]
    return _Workload(policy, states, tools)


def _generated_workload(rules: int) -> _Workload:
    policy = compile_pack(load_pack_text(generated_pack_text(rules), "<generated>"))
    from aiframe.policy.state import TaintedValue

    data = {"bal": TaintedValue(value="1234.56", data_class="fin")}
    states = [
        CallState(step="s", facts={"verified": v}, data=data) for v in (True, False, True, True)
    ]
    rng = random.Random(3)
    tools = []
    for i in range(40):
        args: dict[str, Any] = {"amount": rng.choice([5, 20, 75]), "ref": rng.choice(["AB12", "x"])}
        if i % 4 == 0:
            args["note"] = "n" * rng.choice([10, 150])
        facts = {"verified": i % 5 != 0, "approved": i % 7 == 0}
        tools.append((CallState(step="s", facts=facts), f"tool{i % 20}", args))
    return _Workload(policy, states, tools)


def _measure(w: _Workload, name: str, iterations: int, rng: random.Random) -> dict[str, Any]:
    naive = _naive_rules(w.policy)
    texts = [_fill(rng.choice(_TEMPLATES + _ADVERSARIAL), rng) for _ in range(iterations)]
    gate_s, naive_s = _Samples([], []), _Samples([], [])
    for i, text in enumerate(texts):
        st = w.sentence_states[i % len(w.sentence_states)]
        # Alternate which path goes first so neither always meets a warm cache.
        if i % 2:
            gate_s.add(check_sentence, w.policy, st, text)
            naive_s.add(_naive_sentence, naive, st, text)
        else:
            naive_s.add(_naive_sentence, naive, st, text)
            gate_s.add(check_sentence, w.policy, st, text)
    gate_t, naive_t = _Samples([], []), _Samples([], [])
    for i in range(iterations):
        st, tool, args = w.tool_calls[i % len(w.tool_calls)]
        gate_t.add(check_tool_call, w.policy, st, tool, args)
        naive_t.add(_naive_tool, w.policy, st, tool, args)
    sentence, tool_call = gate_s.summary(naive_s), gate_t.summary(naive_t)
    sentence_target = TARGET_SEMANTIC_P99_US if w.policy.semantic is not None else TARGET_P99_US
    return {
        "pack": name,
        "rules": len(w.policy.pack.rules),
        "tools": len(w.policy.pack.tools),
        "semantic_layer": w.policy.semantic is not None,
        "sentence": sentence,
        "tool_call": tool_call,
        "sentence_target_p99_us": sentence_target,
        "meets_target_wall": sentence["p99_us"] <= sentence_target
        and tool_call["p99_us"] <= TARGET_P99_US,
        "meets_target_cpu": sentence["cpu_p99_us"] <= sentence_target
        and tool_call["cpu_p99_us"] <= TARGET_P99_US,
    }


_EVERY_DETECTOR = (
    'pack: every-detector\nversion: "1"\nstart: s\nsteps: {s: {}}\nfallback: f\nrules:\n'
    + "".join(f"  - {{id: {d}, type: detector, detector: {d}}}\n" for d in DETECTORS)
)


def _adversarial(rng: random.Random) -> dict[str, Any]:
    """How many adversarial sentences each path catches, with one rule per detector."""
    policy = compile_pack(load_pack_text(_EVERY_DETECTOR, "<every-detector>"))
    naive = _naive_rules(policy)
    st = CallState(step="s")
    texts = [_fill(t, rng) for t in _ADVERSARIAL for _ in range(10)]
    gate = sum(1 for t in texts if check_sentence(policy, st, t).hits)
    peer = sum(1 for t in texts if _naive_sentence(naive, st, t))
    return {"sentences": len(texts), "gate_caught": gate, "naive_caught": peer}


def run_policy_bench(
    policies: Path = Path("policies"), iterations: int = 2000, seed: int = 1
) -> dict[str, Any]:
    """Time every shipped pack and a generated 200-rule pack; JSON-ready result."""
    rng = random.Random(seed)
    runs = [_measure(_shipped_workload(policies, n), n, iterations, rng) for n in SHIPPED]
    runs.append(_measure(_generated_workload(200), "generated-200", iterations, rng))
    heldout = run_heldout(policies) if (policies / "corpus").is_dir() else None
    return {
        "bench": "policy",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "iterations": iterations,
        "target_p99_us": TARGET_P99_US,
        "peer": "same rules as raw-text regexes; tool args via jsonschema.validate per call",
        "runs": runs,
        "adversarial": _adversarial(rng),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "meets_target_wall": all(r["meets_target_wall"] for r in runs),
        "meets_target_cpu": all(r["meets_target_cpu"] for r in runs),
        "heldout": heldout,
    }


if __name__ == "__main__":
    print(json.dumps(run_policy_bench(iterations=500), indent=2))
