# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Getting bytes: resumable HTTP downloads, ``pip download`` of one wheel, and
reading members out of wheels and archives. Every failure becomes a
:class:`~aiframe.speech.errors.FetchError` (or a subclass) that says what was
being fetched and why it failed."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from aiframe.speech.errors import ChecksumError, DiskFullError, FetchError, ModelError, OfflineError

Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None) as a transfer proceeds."""

_CHUNK = 1 << 16
_USER_AGENT = "aiframe-models/1"


def _no_progress(done: int, total: int | None) -> None:
    return None


@contextmanager
def disk_errors(where: Path) -> Iterator[None]:
    """Turn ENOSPC/EDQUOT while writing under ``where`` into a DiskFullError."""
    try:
        yield
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFullError(f"no space left writing under {where}: {e.strerror}") from None
        raise


def check_space(where: Path, needed: int, what: str) -> None:
    """Fail early, before fetching, when ``where`` has less than ``needed`` bytes free."""
    free = shutil.disk_usage(where).free
    if free < needed:
        raise DiskFullError(
            f"{what} needs {needed / 1e6:.1f} MB in {where} but only {free / 1e6:.1f} MB is free"
        )


def _offline_reason(e: BaseException) -> str | None:
    reason = getattr(e, "reason", e)
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host ({reason.strerror})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "network unreachable"
    return None


def download(
    url: str,
    dest: Path,
    *,
    progress: Progress = _no_progress,
    timeout: float = 30.0,
    expected_size: int | None = None,
) -> None:
    """Download ``url`` to ``dest``, resuming from ``dest.part`` if an earlier
    attempt left one (HTTP Range; a server that ignores Range restarts it)."""
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    if expected_size is not None and have > expected_size:
        part.unlink()
        have = 0
    req = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    if have:
        req.add_header("Range", f"bytes={have}-")
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as e:
        e.close()  # it holds the response socket open otherwise
        if e.code == 416 and have:  # we already hold every byte
            part.replace(dest)
            return
        raise FetchError(f"{url}: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError) as e:
        why = _offline_reason(e)
        if why:
            raise OfflineError(f"{url}: {why}; are you offline? (try a wheel source)") from None
        raise FetchError(f"{url}: {getattr(e, 'reason', e)}") from None
    with resp:
        status = resp.status
        if status == 206:
            mode = "ab"
        else:
            mode, have = "wb", 0
        length = resp.headers.get("Content-Length")
        total = have + int(length) if length and length.isdigit() else expected_size
        done = have
        progress(done, total)
        try:
            with disk_errors(dest.parent), part.open(mode) as out:
                while True:
                    chunk = resp.read(_CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
                    done += len(chunk)
                    progress(done, total)
        except (TimeoutError, ConnectionError, urllib.error.URLError) as e:
            raise FetchError(
                f"{url}: transfer broke off after {done} bytes ({e}); run the pull again to resume"
            ) from None
    if total is not None and done < total:
        raise FetchError(
            f"{url}: transfer broke off after {done} of {total} bytes; run the pull again to resume"
        )
    part.replace(dest)


def pip_download(
    package: str,
    version: str,
    dest_dir: Path,
    *,
    sha256: str | None = None,
    index_url: str | None = None,
    find_links: str | None = None,
    show_progress: bool = False,
    timeout: float = 60.0,
) -> Path:
    """``pip download --no-deps`` one exact wheel into ``dest_dir``; returns its path.

    With ``sha256`` pip itself refuses a wheel whose hash differs.
    """
    req = f"{package}=={version}"
    if sha256:
        req += f" --hash=sha256:{sha256}"
    reqfile = dest_dir / "requirements.txt"
    reqfile.write_text(req + "\n", encoding="utf-8")
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--no-input", "--timeout", str(int(timeout)),
        "--retries", "1", "--dest", str(dest_dir), "-r", str(reqfile),
        "--progress-bar", "on" if show_progress else "off",
    ]  # fmt: skip
    if sha256:
        cmd.append("--require-hashes")
    if find_links:
        cmd += ["--no-index", "--find-links", find_links]
    elif index_url:
        cmd += ["--index-url", index_url]
    env = dict(os.environ, PIP_NO_INPUT="1")
    proc = subprocess.run(
        cmd,
        stdout=None if show_progress else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise _pip_error(req.split(" ")[0], proc.stderr)
    wheels = sorted(dest_dir.glob("*.whl"))
    if not wheels:
        raise FetchError(f"pip download {package}=={version} left no wheel in {dest_dir}")
    return wheels[0]


def _pip_error(req: str, stderr: str) -> ModelError:
    # pip's messages are long; keep the lines that say what went wrong.
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    said = " | ".join(ln for ln in lines if ln.startswith("ERROR") or "Error" in ln)[:600]
    said = said or " | ".join(lines[-3:])[:600]
    low = stderr.lower()
    if "do not match the hashes" in low:
        return ChecksumError(f"pip download {req}: the wheel's sha256 is not the manifest's")
    if any(
        s in low
        for s in (
            "temporary failure in name resolution",
            "failed to establish a new connection",
            "network is unreachable",
            "name or service not known",
            "connection refused",
        )
    ):
        return OfflineError(f"pip download {req}: the package index is unreachable ({said})")
    if "no matching distribution" in low or "could not find a version" in low:
        return FetchError(f"pip download {req}: no such wheel on the index ({said})")
    if "no space left" in low:
        return DiskFullError(f"pip download {req}: no space left on device")
    return FetchError(f"pip download {req} failed: {said}")


def _copy(src: IO[bytes], dest: Path, progress: Progress, total: int | None, base: int) -> int:
    done = 0
    with disk_errors(dest.parent), dest.open("wb") as out:
        while chunk := src.read(_CHUNK):
            out.write(chunk)
            done += len(chunk)
            progress(base + done, total)
    return done


def extract_members(
    archive: Path,
    fmt: str,
    members: dict[str, str],
    dest_dir: Path,
    *,
    progress: Progress = _no_progress,
) -> None:
    """Copy ``members`` (target path -> member name) out of a wheel/zip or tarball."""
    done = 0
    try:
        if fmt in ("wheel", "zip"):
            with zipfile.ZipFile(archive) as z:
                names = set(z.namelist())
                missing = sorted(m for m in members.values() if m not in names)
                if missing:
                    raise FetchError(f"{archive.name} has no member(s) {', '.join(missing)}")
                total = sum(z.getinfo(m).file_size for m in members.values())
                for target, member in members.items():
                    out = dest_dir / target
                    out.parent.mkdir(parents=True, exist_ok=True)
                    with z.open(member) as src:
                        done += _copy(src, out, progress, total, done)
            return
        mode = {"tar.bz2": "r:bz2", "tar.gz": "r:gz"}[fmt]
        with tarfile.open(archive, mode) as t:  # type: ignore[call-overload]
            by_name = {m.name.removeprefix("./"): m for m in t.getmembers() if m.isfile()}
            missing = sorted(m for m in members.values() if m not in by_name)
            if missing:
                raise FetchError(f"{archive.name} has no member(s) {', '.join(missing)}")
            total = sum(by_name[m].size for m in members.values())
            for target, member in members.items():
                out = dest_dir / target
                out.parent.mkdir(parents=True, exist_ok=True)
                src = t.extractfile(by_name[member])
                if src is None:
                    raise FetchError(f"{archive.name}: member {member} is not a regular file")
                with src:
                    done += _copy(src, out, progress, total, done)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError) as e:
        raise FetchError(f"{archive.name}: not a readable {fmt} archive ({e})") from None


__all__ = [
    "Progress",
    "check_space",
    "disk_errors",
    "download",
    "extract_members",
    "pip_download",
]
