# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The package's import graph: no circle, no arrow up the layers, and nothing in
the product importing the lab. Every import counts, deferred and type-only ones
too: a deferred import hides a circle, it does not remove it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "controller"
PACKAGE = ROOT / "aiframe"

# Bottom to top. A module may import its own layer and the layers below it.
# ``aiframe.config`` and every ``*.settings`` module form the settings layer: the
# configuration is read first and handed down, so it may know no behaviour.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "aiframe",
            "aiframe.errors",
            "aiframe.logs",
            "aiframe.yamltext",
            "aiframe.metrics",
            "aiframe.cancel",
            "aiframe.pcm",
        ),
    ),
    ("settings", ("aiframe.config",)),
    ("planes", ("aiframe.media", "aiframe.esl", "aiframe.speech")),
    ("policy", ("aiframe.policy",)),
    ("brain", ("aiframe.brain",)),
    ("agents", ("aiframe.agents",)),
    ("runtime", ("aiframe.runtime",)),
    ("store", ("aiframe.store",)),
    ("conversation", ("aiframe.conversation",)),
    ("apps", ("aiframe.demo", "aiframe.callcheck", "aiframe.deploy")),
    ("cli", ("aiframe.cli", "aiframe.__main__")),
    ("lab", ("aiframe.lab",)),
]
RANK = {name: i for i, (name, _) in enumerate(LAYERS)}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str:
    """The module an imported name lives in (``aiframe.x.y.Name`` -> ``aiframe.x.y``)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _imports(module: str, path: Path) -> set[str]:
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            # `from pkg import submodule` is an arrow to the submodule alone
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        out |= {_owner(t) for t in targets if t == "aiframe" or t.startswith("aiframe.")}
    out.discard(module)
    return out


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def layer_of(module: str) -> str:
    if module == "aiframe.config" or module.rpartition(".")[2] == "settings":
        return "settings"
    best = ""
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, found = prefix, name
    assert best, f"{module} is in no layer: add it to LAYERS in {__file__}"
    return found


def _cycles() -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_has_no_circle() -> None:
    circles = _cycles()
    detail = [" -> ".join(f"{m} (imports {sorted(GRAPH[m] & set(c))})" for m in c) for c in circles]
    assert not circles, "import circles:\n" + "\n".join(detail)


def test_every_import_points_down_the_layers() -> None:
    upward = [
        f"{m} ({layer_of(m)}) imports {t} ({layer_of(t)})"
        for m in sorted(GRAPH)
        for t in sorted(GRAPH[m])
        if RANK[layer_of(t)] > RANK[layer_of(m)]
    ]
    assert not upward, "imports up the layers:\n" + "\n".join(upward)


def test_no_product_module_imports_the_lab() -> None:
    offenders = [
        f"{m} imports {t}"
        for m in sorted(GRAPH)
        if layer_of(m) != "lab"
        for t in sorted(GRAPH[m])
        if layer_of(t) == "lab"
    ]
    assert not offenders, "\n".join(offenders)


def test_the_graph_sees_deferred_and_relative_imports() -> None:
    # the checks above are only as good as the graph: it must see these real arrows
    assert "aiframe.lab.redteam" in GRAPH["aiframe.lab.cli.redteam"]  # inside a function
    assert "aiframe.media.arena" in GRAPH["aiframe.media"]
    assert "aiframe.speech.manifest" in GRAPH["aiframe.policy.semantic.encoder"]
