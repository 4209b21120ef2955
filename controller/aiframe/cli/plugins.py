# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Commands other packages add to ``aiframe``: each ``aiframe.cli_plugins`` entry
point names a ``register(cli)`` function. The lab (bench, soak, red team) arrives
this way, so the product's command line does not import it."""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

import click

GROUP = "aiframe.cli_plugins"


def load_plugins(cli: click.Group, found: list[EntryPoint] | None = None) -> list[str]:
    """Register every plugin; one that fails to load is reported on stderr and
    skipped, so a broken extra never takes the product's commands down with it.
    Returns the names of the plugins that registered."""
    loaded: list[str] = []
    for ep in found if found is not None else list(entry_points(group=GROUP)):
        try:
            register = ep.load()
            register(cli)
        except Exception as e:  # any failure of a plugin is reported, never fatal
            click.echo(
                f"aiframe: warning: the commands of plugin {ep.name!r} ({ep.value}) "
                f"are unavailable: {type(e).__name__}: {e}",
                err=True,
            )
            continue
        loaded.append(ep.name)
    return loaded


__all__ = ["GROUP", "load_plugins"]
