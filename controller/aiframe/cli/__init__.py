# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The `aiframe` command. Each sub-command lives in its own module here and is
registered below; other packages (the lab: bench, soak, red team) add theirs
through the ``aiframe.cli_plugins`` entry point (`plugins.py`). Errors that aiframe
raises on purpose end as one line on stderr and exit status 2, never a stack trace."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from aiframe import __version__
from aiframe.cli.agent import agent
from aiframe.cli.arena import arena
from aiframe.cli.call import call
from aiframe.cli.demo import demo
from aiframe.cli.doctor import doctor
from aiframe.cli.host import host
from aiframe.cli.models import models
from aiframe.cli.plugins import load_plugins
from aiframe.cli.policy import policy
from aiframe.cli.run import run
from aiframe.cli.say import say
from aiframe.cli.store import audit, calls, store, transcript
from aiframe.cli.top import top
from aiframe.cli.transcribe import transcribe
from aiframe.config import CONFIG_ENV, load_settings
from aiframe.errors import AiframeError
from aiframe.logs import configure_logging


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=None,
    help="TOML config file (default: $AIFRAME_CONFIG).",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default=None,
    help="Override log.level.",
)
@click.option(
    "--log-format",
    type=click.Choice(["console", "json"]),
    default=None,
    help="Override log.format.",
)
@click.pass_context
def cli(
    ctx: click.Context, config_path: Path | None, log_level: str | None, log_format: str | None
) -> None:
    """aiframe: voice AI inside and beside FreeSWITCH."""
    overrides: dict[str, dict[str, str]] = {"log": {}}
    if log_level:
        overrides["log"]["level"] = log_level
    if log_format:
        overrides["log"]["format"] = log_format
    settings = load_settings(config_path, **overrides)
    if config_path is not None:
        # --config FILE and AIFRAME_CONFIG=FILE mean the same everywhere: whatever
        # in this process (or a child) reads the configuration again reads this file.
        os.environ[CONFIG_ENV] = str(config_path.resolve())
    configure_logging(settings.log.level, settings.log.format)
    ctx.obj = settings


@cli.command()
def version() -> None:
    """Print the aiframe version."""
    click.echo(f"aiframe {__version__}")


cli.add_command(agent)
cli.add_command(arena)
cli.add_command(call)
cli.add_command(demo)
cli.add_command(doctor)
cli.add_command(host)
cli.add_command(run)
cli.add_command(models)
cli.add_command(say)
cli.add_command(transcribe)
cli.add_command(policy)
cli.add_command(calls)
cli.add_command(transcript)
cli.add_command(audit)
cli.add_command(store)
cli.add_command(top)
load_plugins(cli)


def main() -> None:
    try:
        # Without standalone mode click hands back ctx.exit()'s code instead of exiting.
        rv = cli.main(standalone_mode=False)
        if isinstance(rv, int) and rv != 0:
            sys.exit(rv)
    except AiframeError as e:
        click.echo(f"aiframe: error: {e}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aiframe: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)


__all__ = ["cli", "main"]
