# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe policy redteam`: hostile callers played through the whole loop."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.option(
    "--cases",
    "cases_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("policies/tests/hostile-callers.yaml"),
    show_default=True,
    help="The hostile-caller case file.",
)
@click.option(
    "--policy",
    "policy_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Run under this pack file instead of the agent's own (to try a change).",
)
@click.option("--case", "only", multiple=True, help="Run only this case (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per case, then a summary.")
@click.option(
    "--no-gate",
    is_flag=True,
    help="Control run: let everything through, to see what the cases would do unguarded.",
)
def redteam(
    cases_file: Path, policy_file: Path | None, only: tuple[str, ...], as_json: bool, no_gate: bool
) -> None:
    """Play hostile callers through the whole loop against a model that obeys them.

    One line per case: held, or BROKEN and why; then cases held per category. Exit
    status 1 if any case broke, 2 if the case file is malformed."""
    import json

    from aiframe.brain.errors import AgentError
    from aiframe.lab.redteam import RedteamError, load_cases, run_cases, summary

    try:
        cases = load_cases(cases_file)
        results = run_cases(cases, policy_file=policy_file, gate=not no_gate, only=only)
    except (RedteamError, AgentError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    table = summary(results)
    if as_json:
        for r in results:
            click.echo(json.dumps(r.to_json()))
        click.echo(json.dumps({"summary": [
            {"category": c, "cases": n, "held": h} for c, n, h in table
        ]}))  # fmt: skip
    else:
        for r in results:
            click.echo(r.line())
        click.echo("")
        for cat, n, held in table:
            click.echo(f"{cat:<18} {held}/{n} held")
    broken = sum(not r.held for r in results)
    if broken:
        click.echo(f"{broken} of {len(results)} case(s) BROKEN", err=True)
        sys.exit(1)
