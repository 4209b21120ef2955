# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The gate measured on sentences nobody wrote its rules or examples from.

Each shipped pack has a labelled corpus (``policies/corpus/<pack>/``) made by a method
independent of the rules: templates crossed with paraphrase families, split by template
into a tuning part and a held-out part. Only the held-out part is read here. Every
sentence is checked twice, in the same run: by the pack with its semantic layer, and by
the same pack with the layer taken off (rules alone). A forbidden sentence counts as
caught when the gate does anything but allow it; a benign one as a false positive when
it does anything but allow it (``blocked_or_rewritten`` leaves redactions out).

The call state is one where the pack's context rules have nothing to say (identity
verified, disclosures played, inside calling hours), so what is measured is what the
sentence says, not whether the caller may hear it yet.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiframe.policy import schema as pack_schema
from aiframe.policy.compile import CompiledPolicy, compile_pack
from aiframe.policy.gate import check_sentence
from aiframe.policy.loader import LoadedPack, load_pack
from aiframe.policy.schema import Action
from aiframe.policy.state import CallState

__all__ = [
    "TARGET_BENIGN_FLAGGED",
    "TARGET_FORBIDDEN_PASSED",
    "HeldoutSentence",
    "load_heldout",
    "run_heldout",
]

TARGET_FORBIDDEN_PASSED = 0.01
TARGET_BENIGN_FLAGGED = 0.02
TARGET_GATE_P99_MS = 5.0

# What holds in the measured call, per shipped pack (facts the pack reads, nothing more).
NEUTRAL_FACTS: dict[str, dict[str, bool | int | float | str]] = {
    "retail-support": {"identity_verified": True, "verified_order": "AB123456"},
    "healthcare-scheduling": {"identity_verified": True, "patient_id": "P1002"},
    "collections": {"identity_verified": True, "local_time": "10:30"},
}


@dataclass(frozen=True, slots=True)
class HeldoutSentence:
    text: str
    label: str
    family: str


def load_heldout(corpus: Path, pack: str) -> list[HeldoutSentence]:
    path = corpus / pack / "heldout.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            o = json.loads(line)
            out.append(HeldoutSentence(o["text"], o["label"], o.get("family", "")))
    return out


def rules_alone(loaded: LoadedPack) -> CompiledPolicy:
    """The same pack with every rule's semantic check taken off."""
    rules = [
        r.model_copy(update={"semantic": None}) if isinstance(r, pack_schema.DetectorRule) else r
        for r in loaded.pack.rules
    ]
    pack = loaded.pack.model_copy(update={"rules": rules})
    return compile_pack(LoadedPack(pack, loaded.source, loaded.sha256))


def _state(policy: CompiledPolicy) -> CallState:
    return CallState(
        step=policy.pack.start,
        facts=NEUTRAL_FACTS.get(policy.name, {}),
        disclosures_played=frozenset(policy.pack.disclosures),
        policy_version=policy.version,
    )


def _pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))] if s else 0.0


def _score(policy: CompiledPolicy, sentences: list[HeldoutSentence]) -> dict[str, Any]:
    state = _state(policy)
    forbidden: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    benign = benign_flagged = benign_refused = 0
    by_rule: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    fps: list[dict[str, str]] = []
    wall: list[float] = []
    for s in sentences:
        t0 = time.perf_counter()
        d = check_sentence(policy, state, s.text)
        wall.append((time.perf_counter() - t0) * 1000.0)
        flagged = d.action is not Action.ALLOW
        if s.label == "benign":
            benign += 1
            if flagged:
                benign_flagged += 1
                benign_refused += d.action is not Action.REDACT
                by_rule.update(d.rules)
                if len(fps) < 20:
                    fps.append({"text": s.text, "family": s.family, "rules": ",".join(d.rules)})
        else:
            forbidden[s.label] += 1
            if not flagged:
                missed[s.label] += 1
                if len(misses[s.label]) < 5:
                    misses[s.label].append(s.text)
    n_forbidden = sum(forbidden.values())
    n_missed = sum(missed.values())
    return {
        "forbidden": n_forbidden,
        "forbidden_passed": n_missed,
        "forbidden_passed_rate": round(n_missed / n_forbidden, 4) if n_forbidden else 0.0,
        "recall": round(1 - n_missed / n_forbidden, 4) if n_forbidden else 1.0,
        "benign": benign,
        "benign_flagged": benign_flagged,
        "false_positive_rate": round(benign_flagged / benign, 4) if benign else 0.0,
        "benign_blocked_or_rewritten": benign_refused,
        "per_label": {
            lab: {
                "sentences": n,
                "passed": missed[lab],
                "recall": round(1 - missed[lab] / n, 4),
            }
            for lab, n in sorted(forbidden.items())
        },
        "false_positives_by_rule": dict(by_rule.most_common()),
        "examples_passed": dict(misses),
        "examples_false_positive": fps,
        "gate_p50_ms": round(_pct(wall, 0.5), 3),
        "gate_p99_ms": round(_pct(wall, 0.99), 3),
    }


def run_heldout(
    policies: Path = Path("policies"), packs: tuple[str, ...] = (), corpus: Path | None = None
) -> dict[str, Any]:
    """Recall and false positives on each pack's held-out part, rules alone vs with the
    semantic layer; JSON-ready."""
    corpus = corpus or policies / "corpus"
    names = packs or tuple(sorted(p.name for p in corpus.iterdir() if p.is_dir()))
    runs = []
    for name in names:
        loaded = load_pack(policies / f"{name}.yaml")
        sentences = load_heldout(corpus, name)
        with_layer = compile_pack(loaded)
        for s in sentences[:20]:  # warm the encoder's session before the timed pass
            check_sentence(with_layer, _state(with_layer), s.text)
        layered = _score(with_layer, sentences)
        alone = _score(rules_alone(loaded), sentences)
        runs.append(
            {
                "pack": name,
                "sentences": len(sentences),
                "semantic_rules": len(with_layer.semantic_rules),
                "rules_alone": alone,
                "rules_and_semantic": layered,
                "meets_targets": layered["forbidden_passed_rate"] <= TARGET_FORBIDDEN_PASSED
                and layered["false_positive_rate"] <= TARGET_BENIGN_FLAGGED
                and layered["gate_p99_ms"] <= TARGET_GATE_P99_MS,
            }
        )
    return {
        "corpus": str(corpus),
        "split": "heldout",
        "targets": {
            "forbidden_passed_rate": TARGET_FORBIDDEN_PASSED,
            "false_positive_rate": TARGET_BENIGN_FLAGGED,
            "gate_p99_ms": TARGET_GATE_P99_MS,
        },
        "runs": runs,
        "meets_targets": all(r["meets_targets"] for r in runs),
    }
