# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe doctor`: check this host before (or while) running the controller."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from aiframe.config import Settings
from aiframe.deploy.doctor import run_checks
from aiframe.speech.manifest import builtin_manifest, load_manifest


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of one line per check.")
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Check the models against this manifest instead of the built-in one.",
)
@click.pass_context
def doctor(ctx: click.Context, as_json: bool, manifest_path: Path | None) -> None:
    """Check FreeSWITCH (event socket, mod_aiframe), the arena, the speech models,
    the store and the policy packs, as the controller's configuration names them.

    One line per check: `ok`, or `FAIL` with what is wrong and how to fix it.
    Exit status 1 when any check fails. Run it as the controller's user
    (sudo -u aiframe aiframe --config /etc/aiframe/aiframe.toml doctor): the arena
    and store checks are about what that user may do.
    """
    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    manifest = load_manifest(manifest_path) if manifest_path else builtin_manifest()
    checks = run_checks(settings, manifest)
    failed = sum(c.failed for c in checks)
    if as_json:
        doc = {"ok": failed == 0, "failed": failed, "checks": [c.as_dict() for c in checks]}
        click.echo(json.dumps(doc, indent=2))
    else:
        for c in checks:
            click.echo(c.line())
        click.echo(
            f"{len(checks) - failed} of {len(checks)} checks passed"
            if failed
            else f"all {len(checks)} checks passed"
        )
    if failed:
        sys.exit(1)


__all__ = ["doctor"]
