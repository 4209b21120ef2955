# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe call EXTENSION`: a test call, the way an operator checks an extension."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import click

from aiframe.config import Settings

__all__ = ["call"]


@click.command()
@click.argument("extension")
@click.option("--say", "lines", multiple=True, metavar="LINE", help="A caller line (repeat).")
@click.option(
    "--script",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A caller script (docs/conversation.md): its say steps, in order.",
)
@click.option(
    "--via",
    type=click.Choice(["sip", "loopback"]),
    default=None,
    help="A SIP call from sipp (G.711), or a loopback call (default: sip when sipp is there).",
)
@click.option(
    "--sip",
    "sip_target",
    default="",
    metavar="HOST:PORT",
    help="Where sipp calls (default: the switch's local_ip_v4, port 5080: the stock "
    "external profile, whose calls land in the public context).",
)
@click.option(
    "--context", default="public", show_default=True, help="A loopback call's dialplan context."
)
@click.option(
    "--lead",
    "lead_s",
    type=float,
    default=15.0,
    show_default=True,
    help="Seconds of quiet for the greeting.",
)
@click.option(
    "--pause",
    "pause_s",
    type=float,
    default=9.0,
    show_default=True,
    help="Seconds of quiet after each line.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where to keep the recordings.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@click.pass_context
def call(
    ctx: click.Context,
    extension: str,
    lines: tuple[str, ...],
    script: Path | None,
    via: str | None,
    sip_target: str,
    context: str,
    lead_s: float,
    pause_s: float,
    out_dir: Path | None,
    as_json: bool,
) -> None:
    """Call EXTENSION on the running FreeSWITCH with a scripted caller.

    The caller's lines are voiced by the project's TTS; the switch records both sides.
    Prints what the agent said, what it heard (from the store, when it can be read),
    the response gaps (the caller's last voiced frame to the agent's first, on the
    recording), and how the call ended. Needs FreeSWITCH's event socket (esl.*) and,
    over SIP, sipp (Debian package sip-tester).
    """
    from aiframe.callcheck.call import CallPlan, place_call
    from aiframe.callcheck.report import build_report, report_lines

    settings: Settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    said = list(lines)
    if script is not None:
        from aiframe.demo.script import load_script

        said += [s.say for s in load_script(script).steps if s.say is not None]
    plan = CallPlan(
        extension=extension,
        lines=tuple(said),
        via="loopback"
        if via == "loopback" or (via is None and not shutil.which("sipp"))
        else "sip",
        sip_target=sip_target,
        context=context,
        lead_s=lead_s,
        pause_s=pause_s,
        out_dir=out_dir,
    )
    placed = place_call(settings, plan)
    report: dict[str, Any] = build_report(settings, placed)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for line in report_lines(report):
            click.echo(line)
