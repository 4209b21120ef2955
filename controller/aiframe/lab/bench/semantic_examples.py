# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Build the semantic layer's built-in examples from the corpus's tuning parts.

``python -m aiframe.lab.bench.semantic_examples`` reads ``policies/corpus/*/tune.jsonl``
and writes ``controller/aiframe/policy/semantic/examples.jsonl``: each distinct
sentence once, with its label, sorted. The held-out parts are read only to leave out
any sentence they also contain, so the held-out measure stays a measure of phrasing
the layer has not seen.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

__all__ = ["build_examples", "main"]

HEADER = (
    "# The semantic layer's built-in labelled examples: the tuning parts of\n"
    "# policies/corpus/*/tune.jsonl, never the held-out parts.\n"
    "# Regenerate: python -m aiframe.lab.bench.semantic_examples\n"
)


def build_examples(corpus: Path) -> str:
    """The text of ``examples.jsonl`` for the corpus under ``corpus``.

    A sentence that two packs' templates both produce may be tuning in one pack and
    held-out in another; it is left out, so no held-out sentence is ever an example."""
    held_out = {
        json.loads(line)["text"]
        for f in sorted(corpus.glob("*/heldout.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    seen: dict[str, str] = {}
    for tune in sorted(corpus.glob("*/tune.jsonl")):
        for line in tune.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            o = json.loads(line)
            if o["text"] in held_out:
                continue
            prior = seen.setdefault(o["text"], o["label"])
            if prior != o["label"]:
                raise ValueError(f"{tune}: {o['text']!r} is {o['label']} here, {prior} elsewhere")
    rows = sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))
    return HEADER + "".join(
        json.dumps({"text": t, "label": lab}, ensure_ascii=False) + "\n" for t, lab in rows
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path("policies/corpus"))
    ap.add_argument(
        "--out", type=Path, default=Path("controller/aiframe/policy/semantic/examples.jsonl")
    )
    args = ap.parse_args()
    args.out.write_text(build_examples(args.corpus), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
