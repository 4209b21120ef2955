# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from importlib.metadata import EntryPoint

import click
import pytest

from aiframe.cli import cli
from aiframe.cli.plugins import GROUP, load_plugins


def test_the_lab_commands_arrive_through_the_entry_point() -> None:
    assert {"bench", "soak"} <= set(cli.commands)
    policy = cli.commands["policy"]
    assert isinstance(policy, click.Group)
    assert "redteam" in policy.commands


def test_a_plugin_that_fails_to_load_is_named_and_the_others_still_register(
    capsys: pytest.CaptureFixture[str],
) -> None:
    group = click.Group("aiframe")
    group.add_command(click.Group("policy"))
    found = [
        EntryPoint("broken", "aiframe.no_such_module:register", GROUP),
        EntryPoint("lab", "aiframe.lab.cli:register", GROUP),
    ]
    assert load_plugins(group, found) == ["lab"]
    err = capsys.readouterr().err
    assert "plugin 'broken' (aiframe.no_such_module:register)" in err
    assert "ModuleNotFoundError" in err
    assert "bench" in group.commands
