# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The model cache: one directory per model under the cache root, plus a record
of what was pulled (hashes, source) so ``verify`` can hold the files to it."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aiframe.speech.errors import ChecksumError, ModelError, ModelNotPulledError
from aiframe.speech.manifest import ModelSpec

RECORD = ".aiframe-pull.json"
_CHUNK = 1 << 20

ModelState = Literal["pulled", "missing", "partial"]


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class FileCheck:
    """The outcome of checking one cached file against the manifest (or record)."""

    path: str
    ok: bool
    problem: str = ""


class ModelCache:
    """The cache root and the models in it."""

    def __init__(self, root: Path) -> None:
        self.root = root.expanduser()

    def model_dir(self, spec: ModelSpec) -> Path:
        return self.root / spec.name

    def record_path(self, spec: ModelSpec) -> Path:
        return self.model_dir(spec) / RECORD

    def recorded(self, spec: ModelSpec) -> dict[str, str]:
        """The sha256 per file recorded at pull time ({} when never pulled)."""
        try:
            data = json.loads(self.record_path(spec).read_text(encoding="utf-8"))
            files = data["files"]
            return {str(k): str(v) for k, v in files.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def write_record(self, spec: ModelSpec, hashes: dict[str, str], source: str) -> None:
        data = {"name": spec.name, "source": source, "pulled_at": time.time(), "files": hashes}
        tmp = self.record_path(spec).with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(self.record_path(spec))

    def state(self, spec: ModelSpec) -> ModelState:
        """A quick look (existence and size, no hashing): pulled, missing or partial."""
        d = self.model_dir(spec)
        recorded = self.recorded(spec)
        present = 0
        for f in spec.files:
            p = d / f.path
            if not p.is_file():
                continue
            if f.size is not None and p.stat().st_size != f.size:
                return "partial"
            present += 1
        if present == 0:
            return "missing"
        if present < len(spec.files) or set(recorded) != {f.path for f in spec.files}:
            return "partial"
        return "pulled"

    def require(self, spec: ModelSpec, *, verify: bool = False) -> Path:
        """The model's directory, or a clear error saying how to get the model.

        With ``verify`` every file is hashed against the manifest first: a file changed
        on disk since the pull (same size, other bytes) would otherwise load as an
        opaque protobuf error, or load and make wrong decisions."""
        state = self.state(spec)
        if state != "pulled":
            raise ModelNotPulledError(
                f"model {spec.name} is {state} in {self.root}; "
                f"run `aiframe models pull {spec.name}`"
            )
        if verify:
            bad = [c for c in self.verify(spec) if not c.ok]
            if bad:
                what = "; ".join(f"{c.path}: {c.problem}" for c in bad)
                raise ChecksumError(
                    f"model {spec.name} in {self.root} does not verify ({what}); "
                    f"run `aiframe models pull {spec.name} --force`"
                )
        return self.model_dir(spec)

    def verify(self, spec: ModelSpec) -> list[FileCheck]:
        """Hash every file and compare with the manifest (or, if unpinned, the record)."""
        d = self.model_dir(spec)
        recorded = self.recorded(spec)
        checks = []
        for f in spec.files:
            p = d / f.path
            want = f.sha256 or recorded.get(f.path)
            if not p.is_file():
                checks.append(FileCheck(f.path, False, "missing"))
                continue
            size = p.stat().st_size
            if f.size is not None and size != f.size:
                checks.append(FileCheck(f.path, False, f"size {size}, manifest says {f.size}"))
                continue
            if want is None:
                checks.append(FileCheck(f.path, False, "unpinned and no pull record"))
                continue
            got = sha256_file(p)
            if got != want:
                whose = "manifest" if f.sha256 else "pull record"
                checks.append(FileCheck(f.path, False, f"sha256 {got}, {whose} says {want}"))
            else:
                checks.append(FileCheck(f.path, True))
        return checks

    def ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ModelError(f"cannot create model cache {self.root}: {e.strerror}") from None


__all__ = ["RECORD", "FileCheck", "ModelCache", "ModelState", "sha256_file"]
