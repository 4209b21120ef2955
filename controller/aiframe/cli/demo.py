# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe demo`: the newcomer's first run, with no FreeSWITCH needed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aiframe.media.demo import run_media_demo


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Where the recording goes.",
)
def demo(out_dir: Path) -> None:
    """Run a call on the embedded media host and print what happened."""
    report = run_media_demo(out_dir)
    for line in report.lines:
        click.echo(line)
    if not report.ok:
        sys.exit(1)
