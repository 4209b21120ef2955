# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The store sits below the call runtime and the conversation: its adapter (the
conversation's recorder) imports it, never the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

import aiframe.store

ABOVE = ("aiframe.runtime", "aiframe.conversation")


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_the_store_imports_nothing_above_it() -> None:
    root = Path(aiframe.store.__file__).parent
    upward = [
        f"{path.relative_to(root.parent)}: {name}"
        for path in sorted(root.rglob("*.py"))
        for name in sorted(imports(path))
        if name.startswith(ABOVE)
    ]
    assert upward == []
