# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe top`: the live calls of this box, refreshed in place.

Everything comes from the shared-memory arena, read-only: each slot's call, rate and
age, the media counters the C core keeps, and the status text the call's actor writes
(what it is doing, the step, the last response gap, how many gate decisions changed
something). It needs no controller and no FreeSWITCH connection, only read access to
the arena file (the controller's group).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import click

from aiframe.config import Settings

_FIELD = re.compile(r"\b(step|gap|dec|conv)=(\S+)")
_CLEAR = "\x1b[H\x1b[2J"


def _age(ns: int, now: int) -> str:
    if not ns:
        return "-"
    s = max(0, (now - ns) // 1_000_000_000)
    return f"{s // 60}:{s % 60:02d}"


def render(path: Path) -> list[str]:
    """One screen: the arena and its live calls."""
    from aiframe.media.arena import Arena, now_ns

    with Arena.open(path) as arena:
        info = arena.info()
        slots = arena.active_slots()
    now = now_ns()
    beat = info.controller_heartbeat_ns
    controller = (
        f"controller pid {info.controller_pid}, heartbeat {(now - beat) / 1e6:.0f} ms ago"
        if beat
        else "no controller has attached"
    )
    out = [
        f"aiframe top  {path}  {len(slots)}/{info.slot_count} calls  {controller}"
        f"  {'accepting' if info.accepting else 'DRAINING'}",
        "",
        f"{'slot':>4} {'call':13} {'rate':>5} {'age':>6}  {'doing':18} {'step':14} "
        f"{'gap':>7} {'dec':>3} {'in':>7} {'drop':>5} {'under':>5} {'barge':>5}",
    ]
    for s in slots:
        fields = dict(_FIELD.findall(s.status))
        doing = _FIELD.sub("", s.status).strip() or "-"
        c = s.counters
        out.append(
            f"{s.index:>4} {s.uuid[:13]:13} {s.sample_rate:>5} {_age(s.started_ns, now):>6}  "
            f"{doing[:18]:18} {fields.get('step', '-')[:14]:14} {fields.get('gap', '-'):>7} "
            f"{fields.get('dec', '-'):>3} {c.frames_in:>7} {c.uplink_drops:>5} "
            f"{c.downlink_underruns:>5} {c.barge_ins:>5}"
        )
    if not slots:
        out.append("  (no live calls)")
    return out


@click.command()
@click.option(
    "--arena",
    "arena_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Arena file (default: media.arena_path).",
)
@click.option("--interval", type=click.FloatRange(0.05, 60), default=1.0, show_default=True)
@click.option("--once", is_flag=True, help="Print one screen and exit.")
@click.pass_obj
def top(settings: Settings, arena_path: Path | None, interval: float, once: bool) -> None:
    """Live calls, refreshed in place (Ctrl-C to quit)."""
    path = arena_path or settings.media.arena_path
    if once:
        click.echo("\n".join(render(path)))
        return
    try:
        while True:
            screen = render(path)
            sys.stdout.write(_CLEAR + "\n".join(screen) + "\n")
            sys.stdout.flush()
            time.sleep(interval)
    except KeyboardInterrupt:
        sys.stdout.write("\n")


__all__ = ["render", "top"]
