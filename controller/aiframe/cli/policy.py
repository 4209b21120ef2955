# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe policy ...`: validate packs, evaluate them against cases, export the schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def policy() -> None:
    """Policy packs: validate, evaluate, test, schema (and red-team, from the lab)."""


@policy.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check pack FILES; every problem is printed as file:line:column: field: what."""
    from aiframe.policy.errors import PolicyLoadError
    from aiframe.policy.registry import load_policy

    failed = 0
    for f in files:
        try:
            p = load_policy(f)
        except PolicyLoadError as e:
            failed += 1
            for problem in e.problems:
                click.echo(str(problem), err=True)
            continue
        pack = p.pack
        click.echo(
            f"ok  {f}  {p.version}: {len(pack.steps)} steps, {len(pack.tools)} tools, "
            f"{len(pack.rules)} rules, {len(pack.disclosures)} disclosures"
        )
    if failed:
        click.echo(f"{failed} of {len(files)} pack file(s) have problems", err=True)
        sys.exit(1)


def _run_cases(policy_file: Path, cases_file: Path) -> list[tuple[str, list[str]]]:
    # Imported here so `aiframe --help` and other commands do not load the gate.
    from aiframe.policy.eval import evaluate, parse_cases, result_line
    from aiframe.policy.registry import load_policy

    pol = load_policy(policy_file)
    with cases_file.open(encoding="utf-8") as fh:
        cases = parse_cases(fh, str(cases_file))
    out = []
    for r in evaluate(pol, cases, str(cases_file)):
        out.append(
            (result_line(r), [f"{cases_file}:{r.line}: {r.case.id}: {m}" for m in r.mismatches()])
        )
    return out


@policy.command(name="eval")
@click.option(
    "--policy", "policy_file", required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--cases", "cases_file", required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--check", is_flag=True, help="Compare with each case's expect; exit 1 on a mismatch."
)
def eval_cmd(policy_file: Path, cases_file: Path, check: bool) -> None:
    """Run JSON-lines cases through a pack; one JSON line out per case.

    Exit status 0 unless a case is malformed (2, naming the line) or, with --check, a
    decision differs from the case's expect (1).
    """
    if not cases_file.is_file():
        raise click.BadParameter(f"{cases_file}: no such file", param_hint="--cases")
    results = _run_cases(policy_file, cases_file)
    for line, _ in results:
        click.echo(line)
    if check:
        wrong = [m for _, ms in results for m in ms]
        for m in wrong:
            click.echo(m, err=True)
        if wrong:
            click.echo(f"{len(wrong)} expectation(s) failed", err=True)
            sys.exit(1)


@policy.command()
@click.argument("packs", nargs=-1, type=click.Path(path_type=Path, exists=True))
def test(packs: tuple[Path, ...]) -> None:
    """Check PACKS (files, or directories of *.yaml; default policies/) against their
    tests/<pack>.jsonl, comparing every case's expect."""
    files: list[Path] = []
    for p in packs or (Path("policies"),):
        files.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    failed = 0
    for f in files:
        cases = f.parent / "tests" / f"{f.stem}.jsonl"
        if not cases.is_file():
            click.echo(f"FAIL {f}: no cases file {cases}", err=True)
            failed += 1
            continue
        results = _run_cases(f, cases)
        bad = [ms for _, ms in results if ms]
        for ms in bad:
            for m in ms:
                click.echo(m, err=True)
        status = "ok  " if not bad else "FAIL"
        click.echo(f"{status} {f}: {len(results) - len(bad)}/{len(results)} cases as expected")
        failed += bool(bad)
    if failed:
        sys.exit(1)


@policy.command()
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None)
def schema(out: Path | None) -> None:
    """Print (or write) the JSON Schema of a pack, for editors."""
    from aiframe.policy.schema import json_schema_text

    text = json_schema_text()
    if out is None:
        click.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")


__all__ = ["policy"]
