# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe soak`: calls continuously for a while; resources flat, every call completed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from aiframe.config import Settings
from aiframe.lab.cli.extras import require_lab_extra
from aiframe.logs import configure_logging


@click.command()
@click.option("--minutes", type=float, default=10.0, show_default=True, help="The soak window.")
@click.option("--calls", type=int, default=4, show_default=True, help="Calls live at once.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out/soak"),
    show_default=True,
    help="Where report.json, soak.png and soak.db go.",
)
@click.option("--cheap", is_flag=True, help="Model-free speech engines (the plumbing only).")
@click.option(
    "--script",
    "script_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Caller script (default: the demo call; with --cheap a short call).",
)
@click.option(
    "--warmup-s",
    type=float,
    default=None,
    help="Fit memory from this far into the window [default: a fifth, at most 120 s].",
)
@click.option("--max-growth-mb-h", type=float, default=1.0, show_default=True)
@click.option(
    "--through",
    type=click.Choice(["embedded", "freeswitch"]),
    default="embedded",
    show_default=True,
    help="The embedded host, or a real FreeSWITCH with mod_aiframe and `aiframe run`.",
)
@click.option(
    "--caller",
    type=click.Choice(["loopback", "sipp"]),
    default="loopback",
    show_default=True,
    help="Through FreeSWITCH: loopback calls, or SIP calls with RTP from sipp.",
)
@click.pass_context
def soak(
    ctx: click.Context,
    minutes: float,
    calls: int,
    out_dir: Path,
    cheap: bool,
    script_path: Path | None,
    warmup_s: float | None,
    max_growth_mb_h: float,
    through: str,
    caller: str,
) -> None:
    """Whole calls back to back (CALLS at a time, for MINUTES after a warm-up round),
    recording RSS, fds, threads, arena slots, /dev/shm entries and ring counters every
    second; through FreeSWITCH both processes' and its media bugs too. Exit 1 when a
    judgement fails (docs/reliability.md)."""
    require_lab_extra()
    settings: Settings = ctx.obj
    parent = ctx.parent.params if ctx.parent is not None else {}
    if through == "freeswitch":
        if cheap or script_path is not None:
            raise click.UsageError("--cheap and --script are for the embedded soak only")
        _through_freeswitch(
            settings, parent, minutes, calls, out_dir, warmup_s, max_growth_mb_h, caller
        )
        return
    if caller != "loopback":
        raise click.UsageError("--caller is for the soak through FreeSWITCH only")
    from aiframe.lab.soak import SoakParams, run_soak, write_report

    if not parent.get("log_level"):
        configure_logging("warning", settings.log.format)  # the verdict is the output
    params = SoakParams(
        seconds=minutes * 60,
        calls=calls,
        cheap=cheap,
        script=script_path,
        warmup_s=warmup_s,
        max_growth_mb_h=max_growth_mb_h,
    )
    mode = "model-free engines" if cheap else "the default speech models"
    click.echo(f"aiframe soak: {calls} calls at a time for {minutes:g} min with {mode} ...")
    run = run_soak(settings, params, out_dir)
    _verdict(write_report(run, out_dir), out_dir)


def _through_freeswitch(
    settings: Settings,
    parent: dict[str, Any],
    minutes: float,
    calls: int,
    out_dir: Path,
    warmup_s: float | None,
    max_growth_mb_h: float,
    caller: str,
) -> None:
    from aiframe.lab.soak.fs_driver import SwitchSoakParams, run_switch_soak
    from aiframe.lab.soak.fs_report import write_switch_report
    from aiframe.lab.switch.errors import TestSwitchError
    from aiframe.lab.switch.testswitch import require

    params = SwitchSoakParams(
        seconds=minutes * 60,
        calls=calls,
        warmup_s=warmup_s,
        max_growth_mb_h=max_growth_mb_h,
        caller=caller,
    )
    try:
        require()
        if not parent.get("log_level"):
            configure_logging("warning", settings.log.format)
        how = "SIP calls from sipp" if caller == "sipp" else "loopback calls"
        click.echo(
            f"aiframe soak: {calls} calls at a time for {minutes:g} min through FreeSWITCH "
            f"({how}), with `aiframe run` and the default speech models ..."
        )
        run = run_switch_soak(settings, params, out_dir)
    except TestSwitchError as e:  # one line: the start-up log tail stays in the run directory
        raise type(e)(str(e).splitlines()[0]) from None
    _verdict(write_switch_report(run, out_dir), out_dir)


def _verdict(report: dict[str, Any], out_dir: Path) -> None:
    c = report["calls"]
    click.echo(f"calls: {c['completed']} of {c['total']} completed, {c['turns']} turns")
    for name, j in report["judgements"].items():
        click.echo(f"  {'ok  ' if j['ok'] else 'FAIL'} {name}: {j['detail']}")
    click.echo(f"result: {'OK' if report['ok'] else 'FAILED'}")
    click.echo(f"wrote {out_dir / 'report.json'}, {out_dir / 'soak.png'}")
    if not report["ok"]:
        sys.exit(1)


__all__ = ["soak"]
