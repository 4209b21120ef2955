# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The lab's commands: ``aiframe bench``, ``aiframe soak`` and ``aiframe policy
redteam``. The product's command line finds them through the ``aiframe.cli_plugins``
entry point (pyproject.toml) and calls :func:`register`; it never imports the lab."""

from __future__ import annotations

import click

from aiframe.lab.cli.bench import bench
from aiframe.lab.cli.redteam import redteam
from aiframe.lab.cli.soak import soak


def register(cli: click.Group) -> None:
    """Add the lab's commands to the ``aiframe`` group."""
    cli.add_command(bench)
    cli.add_command(soak)
    policy = cli.commands.get("policy")
    if isinstance(policy, click.Group):
        policy.add_command(redteam)


__all__ = ["register"]
