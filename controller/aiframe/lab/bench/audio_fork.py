# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The benchmark peer: jambonz's mod_audio_fork, built here, loaded into the test switch.

mod_audio_fork is what operators install today to stream a call's audio to an AI
stack over a WebSocket. Its unmodified source is a tarball beside the repository
(``<repo>/../shared/peers/``, or ``$AIFRAME_PEERS_DIR``); nothing of it enters the
repository. ``prepare_peer`` builds it against the installed FreeSWITCH into a cache
outside the repository (``~/.cache/aiframe/peers/``, or ``$AIFRAME_PEER_CACHE``),
keyed by the tarball's SHA-256, so it is rebuilt only when the tarball changes. The
Debian packages it needs are installed with apt-get when missing.

``PeerUnavailableError`` carries one line saying why the peer cannot be measured (no
tarball, a failed build); the benchmark reports it and measures the rest.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.testswitch import REPO_ROOT, freeswitch_prefix
from aiframe.logs import get_logger

PEERS_ENV = "AIFRAME_PEERS_DIR"
CACHE_ENV = "AIFRAME_PEER_CACHE"
TARBALL_GLOB = "mod_audio_fork-*.tar.xz"
MODULE = "mod_audio_fork"
DEB_PACKAGES = ("g++", "libwebsockets-dev", "libspeexdsp-dev", "libboost-dev")
SOURCES = ("mod_audio_fork.c", "lws_glue.cpp", "parser.cpp", "audio_pipe.cpp", "vector_math.cpp")

log = get_logger("bench.audio_fork")


class PeerUnavailableError(Exception):
    """The peer cannot be measured; the message is one line saying why."""


@dataclass(frozen=True, slots=True)
class Peer:
    so: Path
    tarball: Path
    sha256: str


def peers_dir() -> Path:
    env = os.environ.get(PEERS_ENV)
    return Path(env) if env else REPO_ROOT.parent / "shared" / "peers"


def find_tarball(directory: Path) -> Path:
    """The newest-named mod_audio_fork tarball in ``directory``."""
    found = sorted(directory.glob(TARBALL_GLOB)) if directory.is_dir() else []
    if not found:
        raise PeerUnavailableError(
            f"mod_audio_fork skipped: no {TARBALL_GLOB} in {directory} (set {PEERS_ENV})"
        )
    return found[-1]


def cache_root() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aiframe" / "peers"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def missing_packages(names: Sequence[str], installed: Callable[[str], bool]) -> list[str]:
    return [n for n in names if not installed(n)]


def _dpkg_installed(name: str) -> bool:
    r = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
    )
    return r.returncode == 0 and r.stdout.strip() == "install ok installed"


def _apt(*args: str) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    r = subprocess.run(["apt-get", *args], capture_output=True, text=True, env=env, check=False)
    if r.returncode != 0:
        log.warning("apt-get failed", args=" ".join(args), tail=r.stderr.strip()[-300:])
    return r.returncode == 0


def ensure_packages(names: Sequence[str] = DEB_PACKAGES) -> None:
    """Install the Debian packages the build needs that are missing (``apt-get
    update`` only when a plain install fails: the lists may be stale)."""
    if shutil.which("dpkg-query") is None:
        return  # not Debian: the compiler will say what is missing
    missing = missing_packages(names, _dpkg_installed)
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise PeerUnavailableError(
            f"mod_audio_fork needs {' '.join(missing)}: install them (apt-get)"
        )
    log.info("installing build dependencies", packages=missing)
    install = ("install", "-y", "--no-install-recommends", *missing)
    if not _apt(*install) and not (_apt("update") and _apt(*install)):
        raise PeerUnavailableError(f"mod_audio_fork: apt-get could not install {' '.join(missing)}")


def _pkg_config(flag: str) -> list[str]:
    pc = str(freeswitch_prefix() / "lib" / "pkgconfig")
    path = f"{os.environ.get('PKG_CONFIG_PATH', '')}:{pc}".lstrip(":")
    r = subprocess.run(
        ["pkg-config", flag, "freeswitch"],
        capture_output=True,
        text=True,
        env={**os.environ, "PKG_CONFIG_PATH": path},
        check=False,
    )
    if r.returncode != 0:
        raise PeerUnavailableError(f"mod_audio_fork: pkg-config {flag} freeswitch failed ({pc})")
    return r.stdout.split()


def compile_commands(src: Path, out: Path, cflags: list[str], libs: list[str]) -> list[list[str]]:
    """The compiler and linker lines, as the peer's README gives them."""
    simd = ["-msse2", "-DUSE_SSE2"] if platform.machine() in ("x86_64", "AMD64") else []
    cmds: list[list[str]] = []
    objects: list[str] = []
    for name in SOURCES:
        obj = str(out / (name.rsplit(".", 1)[0] + ".o"))
        objects.append(obj)
        if name.endswith(".c"):
            cmds.append(["gcc", "-O2", "-fPIC", *cflags, "-c", str(src / name), "-o", obj])
        else:
            cmds.append(
                [
                    "g++",
                    "-O2",
                    "-fPIC",
                    "-std=c++11",
                    *simd,
                    *cflags,
                    "-c",
                    str(src / name),
                    "-o",
                    obj,
                ]
            )
    so = str(out / f"{MODULE}.so")
    cmds.append(["g++", "-shared", "-o", so, *objects, *libs, "-lwebsockets", "-lspeexdsp"])
    return cmds


def _extract(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="data")
    found = sorted(into.rglob("mod_audio_fork.c"))
    if not found:
        raise PeerUnavailableError(f"mod_audio_fork: {tarball.name} holds no mod_audio_fork.c")
    return found[0].parent


def build(tarball: Path, cache: Path) -> Peer:
    """The module built from ``tarball`` (from the cache when this tarball was built)."""
    digest = sha256(tarball)
    final = cache / f"{MODULE}-{digest[:16]}"
    so = final / f"{MODULE}.so"
    if so.is_file():
        return Peer(so, tarball, digest)
    ensure_packages()
    cflags, libs = _pkg_config("--cflags"), _pkg_config("--libs")
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{MODULE}-", dir=cache))
    try:
        src = _extract(tarball, work / "src")
        build_log = work / "build.log"
        with build_log.open("w") as out:
            for cmd in compile_commands(src, work, cflags, libs):
                out.write(" ".join(cmd) + "\n")
                out.flush()
                if subprocess.run(
                    cmd, stdout=out, stderr=subprocess.STDOUT, check=False
                ).returncode:
                    raise PeerUnavailableError(
                        f"mod_audio_fork did not build ({Path(cmd[-1]).name}; log {build_log})"
                    )
        shutil.rmtree(final, ignore_errors=True)
        work.rename(final)
    except BaseException:
        if not (work / "build.log").is_file():
            shutil.rmtree(work, ignore_errors=True)
        raise
    log.info("built the peer", so=str(so), sha256=digest[:16])
    return Peer(so, tarball, digest)


def prepare_peer() -> Peer:
    """Find and build the peer; raises ``PeerUnavailableError`` with one line."""
    return build(find_tarball(peers_dir()), cache_root())


def load(esl: SyncEsl, peer: Peer) -> None:
    """Load the module into a running switch (by absolute path, over the event socket)."""
    if esl.api(f"module_exists {MODULE}").strip() == "true":
        return
    reply = esl.api(f"load {peer.so}", timeout=30).strip()
    if esl.api(f"module_exists {MODULE}").strip() != "true":
        raise PeerUnavailableError(f"mod_audio_fork did not load: {reply.splitlines()[-1:]}")


def start_fork(esl: SyncEsl, uuid: str, url: str) -> None:
    """Stream the channel's read audio, L16 16 kHz mono, to ``url``; the metadata
    frame names the call."""
    reply = esl.api(f'uuid_audio_fork {uuid} start {url} mono 16k {{"uuid":"{uuid}"}}').strip()
    if not reply.startswith("+OK"):
        raise PeerUnavailableError(f"uuid_audio_fork {uuid} start: {reply}")


__all__ = [
    "CACHE_ENV",
    "PEERS_ENV",
    "Peer",
    "PeerUnavailableError",
    "build",
    "cache_root",
    "compile_commands",
    "ensure_packages",
    "find_tarball",
    "load",
    "missing_packages",
    "peers_dir",
    "prepare_peer",
    "start_fork",
]
