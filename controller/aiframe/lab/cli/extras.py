# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The lab's own dependencies are an extra (``aiframe[lab]``): a product install
has no WebSocket server or plotting library, and a lab command says so up front."""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

import click

LAB_MODULES = ("websockets", "matplotlib")


def require_lab_extra(*modules: str) -> None:
    """Stop with the install line when a module the command needs is absent."""
    missing = [m for m in modules or LAB_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise click.UsageError(
            f"this command needs {', '.join(missing)}, part of the lab extra: "
            "pip install 'aiframe[lab]' (make setup installs it)"
        )


def guarded(command: click.Command) -> click.Command:
    """``command`` checks for the extra when it runs (after its ``--help``)."""
    callback = command.callback
    if callback is not None:

        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            require_lab_extra()
            return callback(*args, **kwargs)

        command.callback = run
    return command


__all__ = ["LAB_MODULES", "guarded", "require_lab_extra"]
