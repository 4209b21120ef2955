# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe run`: the controller process."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click
import gevent

from aiframe.config import Settings, load_settings
from aiframe.conversation.tracing import configure as configure_tracing
from aiframe.errors import ArenaReplacedError
from aiframe.logs import get_logger
from aiframe.runtime.controller import Controller

# EX_TEMPFAIL: unlike status 2 (set-up errors, which the systemd unit does not restart),
# a restart is the fix: the next controller maps the arena the module made anew.
EXIT_RESTART = 75


@click.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """Connect to FreeSWITCH and own every aiframe call until stopped or drained.

    SIGTERM and SIGINT stop the controller without touching live calls (they
    keep their media in the switch; a new controller re-attaches them).
    `aiframe drain` in FreeSWITCH finishes live calls first, then exits.
    """
    settings: Settings = ctx.obj
    parent = ctx.parent.params if ctx.parent is not None else {}
    config_path: Path | None = parent.get("config_path")
    log_overrides = {
        k: v
        for k, v in (("level", parent.get("log_level")), ("format", parent.get("log_format")))
        if v
    }

    def reload() -> Settings:
        return load_settings(config_path, log=log_overrides)

    # The pump's thread and the hub share the GIL; a short switch interval keeps
    # a frame from waiting the default 5 ms for the hub to let go.
    sys.setswitchinterval(0.001)
    configure_tracing(settings.tracing)
    controller = Controller(settings, reload=reload)
    for sig in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(sig, controller.stop)
    get_logger("run").info("starting", esl=f"{settings.esl.host}:{settings.esl.port}")
    try:
        code = controller.run()
    except ArenaReplacedError as e:
        click.echo(f"aiframe: error: {e}", err=True)
        sys.exit(EXIT_RESTART)
    sys.exit(code)


__all__ = ["run"]
