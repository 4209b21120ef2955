# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from aiframe.cli import cli
from aiframe.lab.cli.extras import LAB_MODULES, require_lab_extra

ROOT = Path(__file__).resolve().parents[4]


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        project: dict[str, object] = tomllib.load(f)["project"]
    return project


def test_a_product_install_pulls_in_no_lab_dependency() -> None:
    deps = [str(d).split(">")[0].split("[")[0] for d in _project()["dependencies"]]  # type: ignore[attr-defined]
    for module in LAB_MODULES:
        assert module not in deps
    extras = _project()["optional-dependencies"]
    lab = [str(d).split(">")[0] for d in extras["lab"]]  # type: ignore[index]
    assert sorted(lab) == sorted(LAB_MODULES)


def test_a_missing_lab_module_is_named_with_the_install_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *a: object) -> object:
        return None if name == "websockets" else real(name, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(click.UsageError, match=r"needs websockets.*pip install 'aiframe\[lab\]'"):
        require_lab_extra()
    r = CliRunner().invoke(cli, ["bench", "policy", "--help"])
    assert r.exit_code == 0  # help still works
    r = CliRunner().invoke(cli, ["bench", "policy", "--json"])
    assert r.exit_code == 2 and "aiframe[lab]" in r.output
