# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe models list|pull|verify|path`: the local speech models."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from aiframe.config import Settings
from aiframe.speech.cache import ModelCache
from aiframe.speech.errors import ModelError
from aiframe.speech.fetch import Progress
from aiframe.speech.manifest import Manifest, ModelSpec, builtin_manifest, load_manifest
from aiframe.speech.pull import PipOptions, clean_downloads, pull


class _BarUi:
    """Progress bars on stderr (plain lines when stderr is not a terminal)."""

    def step(self, message: str) -> None:
        click.echo(message, err=True)

    @contextlib.contextmanager
    def transfer(self, label: str, total: int | None) -> Iterator[Progress]:
        if not sys.stderr.isatty():
            yield lambda done, total: None
            return
        with click.progressbar(
            length=total or 0, label=f"  {label}", file=sys.stderr, show_pos=False
        ) as bar:
            last = 0

            def update(done: int, total_now: int | None) -> None:
                nonlocal last
                if total_now and bar.length != total_now:
                    bar.length = total_now
                bar.update(done - last)
                last = done

            yield update


def _context(
    ctx: click.Context, manifest_path: Path | None
) -> tuple[Settings, Manifest, ModelCache]:
    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    manifest = load_manifest(manifest_path) if manifest_path else builtin_manifest()
    return settings, manifest, ModelCache(settings.speech.cache_dir)


def _mb(n: int | None) -> str:
    return "?" if n is None else f"{n / 1e6:.1f} MB"


def _select(
    manifest: Manifest, names: tuple[str, ...], defaults: bool, every: bool
) -> list[ModelSpec]:
    if every:
        return list(manifest.models)
    chosen = manifest.defaults() if defaults else []
    chosen += [manifest.get(n) for n in names if all(c.name != n for c in chosen)]
    if not chosen:
        raise click.UsageError("name one or more models, or give --defaults or --all")
    return chosen


_manifest_option = click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Use this manifest instead of the built-in one.",
)


@click.group()
def models() -> None:
    """The local speech models: manifest, cache, pull and verify."""


@models.command("list")
@_manifest_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_(ctx: click.Context, manifest_path: Path | None, as_json: bool) -> None:
    """Every model in the manifest and whether it is in the cache."""
    _, manifest, cache = _context(ctx, manifest_path)
    rows = [
        {
            "name": m.name,
            "kind": m.kind,
            "engine": m.engine,
            "size": m.size,
            "licence": m.licence,
            "default": m.default,
            "pinned": m.pinned,
            "state": cache.state(m),
            "sources": [s.describe() for s in m.sources],
        }
        for m in manifest.models
    ]
    if as_json:
        click.echo(json.dumps({"cache_dir": str(cache.root), "models": rows}, indent=2))
        return
    click.echo(f"cache: {cache.root}")
    click.echo(f"{'name':<26} {'kind':<13} {'engine':<24} {'size':>9} {'state':<8} licence")
    for r in rows:
        name = f"{r['name']}{'*' if r['default'] else ''}"
        size = r["size"] if isinstance(r["size"], int) else None
        click.echo(
            f"{name:<26} {r['kind']!s:<13} {r['engine']!s:<24} {_mb(size):>9} "
            f"{r['state']!s:<8} {r['licence']}"
        )
    click.echo("* default model")


@models.command("pull")
@click.argument("names", nargs=-1)
@click.option("--defaults", is_flag=True, help="Pull every default model.")
@click.option("--all", "every", is_flag=True, help="Pull every model in the manifest.")
@click.option("--force", is_flag=True, help="Fetch again even when the cache looks complete.")
@click.option(
    "--allow-unpinned",
    is_flag=True,
    help="Accept models without a sha256 in the manifest and record what was fetched.",
)
@_manifest_option
@click.pass_context
def pull_(
    ctx: click.Context,
    names: tuple[str, ...],
    defaults: bool,
    every: bool,
    force: bool,
    allow_unpinned: bool,
    manifest_path: Path | None,
) -> None:
    """Fetch models into the cache and check their sha256."""
    settings, manifest, cache = _context(ctx, manifest_path)
    chosen = _select(manifest, names, defaults, every)
    pip = PipOptions(
        index_url=settings.speech.pip_index_url,
        find_links=settings.speech.pip_find_links,
        show_progress=sys.stdout.isatty(),
    )
    ui = _BarUi()
    try:
        for spec in chosen:
            res = pull(spec, cache, pip=pip, ui=ui, allow_unpinned=allow_unpinned, force=force)
            how = "already in the cache" if res.already else f"pulled from {res.source}"
            click.echo(f"{spec.name}: {how} ({res.directory})")
    finally:
        clean_downloads(cache)


@models.command("verify")
@click.argument("names", nargs=-1)
@_manifest_option
@click.pass_context
def verify(ctx: click.Context, names: tuple[str, ...], manifest_path: Path | None) -> None:
    """Hash the cached files against the manifest (default: every pulled model)."""
    _, manifest, cache = _context(ctx, manifest_path)
    chosen = (
        [manifest.get(n) for n in names]
        if names
        else [m for m in manifest.models if cache.state(m) != "missing"]
    )
    bad = 0
    for spec in chosen:
        checks = cache.verify(spec)
        problems = [c for c in checks if not c.ok]
        if problems:
            bad += 1
            for c in problems:
                click.echo(f"{spec.name}: {c.path}: {c.problem}")
        else:
            click.echo(f"{spec.name}: ok ({len(checks)} files)")
    if bad:
        raise ModelError(f"{bad} model(s) failed verification; pull them again with --force")


@models.command("path")
@click.argument("name")
@_manifest_option
@click.pass_context
def path(ctx: click.Context, name: str, manifest_path: Path | None) -> None:
    """Print the cache directory of a pulled model (error if it is not pulled)."""
    _, manifest, cache = _context(ctx, manifest_path)
    click.echo(str(cache.require(manifest.get(name))))


__all__ = ["models"]
