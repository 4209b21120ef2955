# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Start and stop a real FreeSWITCH with the project's test configuration.

``freeswitch/test-conf`` is copied into a fresh directory; ``vars.xml`` there
is rewritten with free ports, a random ESL password, a per-run arena path and
the mod_aiframe settings of this run; ``modules.d/aiframe.xml`` loads the
module by absolute path (or is left out, for a run without it). FreeSWITCH runs
in the foreground (``-nc -nf``) with every writable directory inside the run
directory, so a run leaves nothing behind and two runs never share a port.

Where things are found, each overridable by an environment variable:

=====================  ==================================  ========================
what                   default                             variable
=====================  ==================================  ========================
freeswitch binary      ``freeswitch`` on PATH, then        ``AIFRAME_FREESWITCH``
                       $FREESWITCH_PREFIX/bin (default
                       /usr/local/freeswitch, where
                       ``make freeswitch`` installs it)
its module directory   ``pkg-config --variable=modulesdir  ``AIFRAME_FREESWITCH_MODDIR``
                       freeswitch``, then
                       /usr/local/freeswitch/lib/freeswitch/mod
                       and /usr/local/freeswitch/mod
mod_aiframe.so         mod_aiframe/build/mod_aiframe.so    ``AIFRAME_MODULE``
test configuration     freeswitch/test-conf                ``AIFRAME_TEST_CONF``
=====================  ==================================  ========================
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import NoReturn
from xml.sax.saxutils import quoteattr

from aiframe.errors import EslError
from aiframe.esl.sync import SyncEsl
from aiframe.lab.switch.errors import SwitchAbsentError, SwitchStartError

REPO_ROOT = Path(__file__).resolve().parents[4]
NEEDED_MODULES = (
    "mod_event_socket",
    "mod_commands",
    "mod_dptools",
    "mod_dialplan_xml",
    "mod_loopback",
    "mod_sofia",
    "mod_sndfile",
    "mod_tone_stream",
)
DEFAULT_PREFIX = Path("/usr/local/freeswitch")


def freeswitch_prefix() -> Path:
    """Where `make freeswitch` installs the test switch: FREESWITCH_PREFIX, else
    a source install's default prefix."""
    return Path(os.environ.get("FREESWITCH_PREFIX") or DEFAULT_PREFIX)


def find_freeswitch() -> Path | None:
    """The freeswitch binary, or None."""
    env = os.environ.get("AIFRAME_FREESWITCH")
    if env is not None:
        p = Path(env)
        return p if p.is_file() and os.access(p, os.X_OK) else None
    found = shutil.which("freeswitch")
    if found:
        return Path(found)
    p = freeswitch_prefix() / "bin" / "freeswitch"
    return p if p.is_file() else None


def find_modules_dir() -> Path | None:
    """FreeSWITCH's module directory, or None."""
    env = os.environ.get("AIFRAME_FREESWITCH_MODDIR")
    candidates: list[Path] = [Path(env)] if env is not None else []
    if env is None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            # As mod_aiframe's Makefile looks: the default prefix's .pc file too.
            pc_path = os.environ.get("PKG_CONFIG_PATH", "")
            pc_path = f"{pc_path}:{freeswitch_prefix() / 'lib' / 'pkgconfig'}".lstrip(":")
            out = subprocess.run(
                ["pkg-config", "--variable=modulesdir", "freeswitch"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
                env={**os.environ, "PKG_CONFIG_PATH": pc_path},
            ).stdout.strip()
            if out:
                candidates.append(Path(out))
        candidates.append(freeswitch_prefix() / "lib" / "freeswitch" / "mod")
        candidates.append(freeswitch_prefix() / "mod")  # a source install without --enable-fhs
    for c in candidates:
        if (c / "mod_event_socket.so").is_file():
            return c
    return None


def find_module() -> Path:
    """Where mod_aiframe.so is expected (it may not exist)."""
    env = os.environ.get("AIFRAME_MODULE")
    return Path(env) if env else REPO_ROOT / "mod_aiframe" / "build" / "mod_aiframe.so"


def find_test_conf() -> Path:
    env = os.environ.get("AIFRAME_TEST_CONF")
    return Path(env) if env else REPO_ROOT / "freeswitch" / "test-conf"


def absent_reason(*, need_module: bool = True) -> str | None:
    """One line saying what is missing, or None when a test switch can start."""
    binary = find_freeswitch()
    if binary is None:
        return "FreeSWITCH is not installed (no freeswitch binary; set AIFRAME_FREESWITCH)"
    moddir = find_modules_dir()
    if moddir is None:
        return (
            "FreeSWITCH's modules are not installed (no mod_event_socket.so; "
            "set AIFRAME_FREESWITCH_MODDIR)"
        )
    missing = [m for m in NEEDED_MODULES if not (moddir / f"{m}.so").is_file()]
    if missing:
        return f"FreeSWITCH in {moddir} lacks {', '.join(missing)}"
    conf = find_test_conf()
    if not (conf / "freeswitch.xml").is_file():
        return f"the test configuration is missing ({conf}/freeswitch.xml; set AIFRAME_TEST_CONF)"
    if need_module and not find_module().is_file():
        return f"mod_aiframe.so is not built ({find_module()}; run `make build`)"
    return None


def parts_required() -> bool:
    """True in CI, where every end-to-end part (the switch, the module, sipp,
    Kamailio) must be present: an absent one fails its test instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Stop a test that needs a part it cannot find: one line, a skip on a
    developer's machine, a failure under CI=true."""
    import pytest  # only tests call this; the package does not depend on pytest

    if parts_required():
        pytest.fail(f"{reason} (CI=true: end-to-end tests never skip)", pytrace=False)
    pytest.skip(reason)


def require(*, need_module: bool = True) -> None:
    """Raise SwitchAbsentError with the one-line reason when something is missing."""
    reason = absent_reason(need_module=need_module)
    if reason is not None:
        raise SwitchAbsentError(reason)


def _free_port(kind: int = socket.SOCK_STREAM, also_udp: bool = False) -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, kind) as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if not also_udp:
            return port
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            try:
                u.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SwitchStartError("no free port on 127.0.0.1")


def _rtp_range(span: int = 2000) -> tuple[int, int]:
    """A port range for RTP unlikely to be shared with another test switch."""
    base = 20000 + (os.getpid() * 7919 + secrets.randbelow(1 << 16)) % (40000 - span)
    base -= base % 2
    return base, base + span - 1


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the process that started it dies,
    so a test run that is killed does not leave a FreeSWITCH behind."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass(frozen=True, slots=True)
class SwitchSettings:
    """What a run varies: mod_aiframe's settings and the switch's limits."""

    load_module: bool = True
    sample_rate: int = 16000
    max_slots: int = 256
    barge_threshold: int = 900
    fallback_extension: str = "aiframe-fallback XML default"
    controller_timeout_ms: int = 2000
    controller_lost_audio: str = ""
    controller_lost_timeout_ms: int = 0
    max_sessions: int = 1000
    extra_vars: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """How to reach a running test switch."""

    esl_port: int
    esl_password: str
    sip_port: int
    rtp_ports: tuple[int, int]
    arena_path: Path


class TestSwitch:
    """One FreeSWITCH process with the test configuration.

    ``start()`` returns once the event socket answers and FreeSWITCH says it is
    ready (and mod_aiframe is loaded, when asked for); ``stop()`` shuts it down
    with ``fsctl shutdown`` and kills it if it has not exited in time.
    ``wrapper`` goes before the binary (``valgrind ...``), ``flags`` after the
    standard ones (``-vg``).
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(
        self,
        settings: SwitchSettings | None = None,
        *,
        workdir: Path | None = None,
        wrapper: Sequence[str] = (),
        flags: Sequence[str] = (),
        start_timeout: float = 30.0,
    ) -> None:
        self.settings = settings or SwitchSettings()
        self._own_workdir = workdir is None
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="aiframe-fs-"))
        self.wrapper = list(wrapper)
        self.flags = list(flags)
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.endpoint: Endpoint | None = None
        self.exit_code: int | None = None

    # --- layout ---------------------------------------------------------------------------

    @property
    def conf_dir(self) -> Path:
        return self.workdir / "conf"

    @property
    def log_file(self) -> Path:
        return self.workdir / "log" / "freeswitch.log"

    @property
    def stdout_file(self) -> Path:
        return self.workdir / "stdout.txt"

    @property
    def recordings(self) -> Path:
        return self.workdir / "recordings"

    @property
    def pid(self) -> int:
        if self.proc is None:
            raise SwitchStartError("the test switch is not running")
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def vars(self, ep: Endpoint) -> dict[str, str]:
        s = self.settings
        out = {
            "bind_ip": "127.0.0.1",
            "esl_port": str(ep.esl_port),
            "esl_password": ep.esl_password,
            "sip_port": str(ep.sip_port),
            "rtp_start_port": str(ep.rtp_ports[0]),
            "rtp_end_port": str(ep.rtp_ports[1]),
            "max_sessions": str(s.max_sessions),
            "global_codec_prefs": "PCMU,PCMA,L16",
            "aiframe_arena_path": str(ep.arena_path),
            "aiframe_max_slots": str(s.max_slots),
            "aiframe_sample_rate": str(s.sample_rate),
            "aiframe_barge_threshold": str(s.barge_threshold),
            "aiframe_fallback_extension": s.fallback_extension,
            "aiframe_controller_timeout_ms": str(s.controller_timeout_ms),
            "aiframe_controller_lost_audio": s.controller_lost_audio,
            "aiframe_controller_lost_timeout_ms": str(s.controller_lost_timeout_ms),
        }
        out.update(s.extra_vars)
        return out

    def _prepare(self, keep: Endpoint | None = None) -> Endpoint:
        src = find_test_conf()
        if not (src / "freeswitch.xml").is_file():
            raise SwitchAbsentError(f"the test configuration is missing: {src}/freeswitch.xml")
        if self.conf_dir.exists():
            shutil.rmtree(self.conf_dir)
        shutil.copytree(src, self.conf_dir)
        for d in ("log", "db", "run", "temp", "recordings", "storage", "cache", "sounds"):
            (self.workdir / d).mkdir(parents=True, exist_ok=True)
        tag = f"{os.getpid()}-{secrets.token_hex(4)}"
        ep = keep or Endpoint(
            esl_port=_free_port(),
            esl_password="e2e-" + secrets.token_hex(12),
            sip_port=_free_port(also_udp=True),
            rtp_ports=_rtp_range(),
            arena_path=Path("/dev/shm") / f"aiframe-e2e-{tag}.arena",
        )
        self._write_vars(ep)
        mods = self.conf_dir / "autoload_configs" / "modules.d"
        mods.mkdir(exist_ok=True)
        if self.settings.load_module:
            module = find_module()
            if not module.is_file():
                raise SwitchAbsentError(f"mod_aiframe.so is not built ({module})")
            (mods / "aiframe.xml").write_text(
                f"<include>\n  <load module={quoteattr(str(module.resolve()))}/>\n</include>\n"
            )
        return ep

    def _write_vars(self, ep: Endpoint) -> None:
        lines = []
        for k, v in self.vars(ep).items():
            if "\n" in v or '"' in v:
                raise SwitchStartError(f"test switch variable {k}={v!r}: no quotes or newlines")
            lines.append(f'  <X-PRE-PROCESS cmd="set" data={quoteattr(f"{k}={v}")}/>')
        (self.conf_dir / "vars.xml").write_text("<include>\n" + "\n".join(lines) + "\n</include>\n")

    def reconfigure(self, settings: SwitchSettings) -> None:
        """Give the running switch new mod_aiframe settings without a restart:
        ``vars.xml`` is rewritten (same ports and arena), then ``reloadxml`` and
        ``aiframe reload``. Only the module's reloadable params change, and only
        for calls attached afterwards."""
        if self.endpoint is None or not self.alive:
            raise SwitchStartError("the test switch is not running")
        self.settings = settings
        self._write_vars(self.endpoint)
        with self.esl() as esl:
            for cmd in ("reloadxml", "aiframe reload"):
                reply = esl.api(cmd).strip()
                if not reply.startswith("+OK"):
                    raise SwitchStartError(f"{cmd}: {reply}\n{self.log_tail()}")

    def command(self) -> list[str]:
        binary = find_freeswitch()
        if binary is None:
            raise SwitchAbsentError("FreeSWITCH is not installed (no freeswitch binary)")
        w = self.workdir
        return [
            *self.wrapper,
            str(binary),
            "-nc",
            "-nf",
            "-nonat",
            "-conf",
            str(self.conf_dir),
            "-log",
            str(w / "log"),
            "-db",
            str(w / "db"),
            "-run",
            str(w / "run"),
            "-temp",
            str(w / "temp"),
            "-recordings",
            str(w / "recordings"),
            "-storage",
            str(w / "storage"),
            "-cache",
            str(w / "cache"),
            "-sounds",
            str(w / "sounds"),
            *self.flags,
        ]

    # --- lifecycle ------------------------------------------------------------------------

    def start(self, *, endpoint: Endpoint | None = None) -> TestSwitch:
        """Start FreeSWITCH; on ``endpoint`` (ports, password, arena path) when given,
        as a restarted switch comes back where it was."""
        require(need_module=self.settings.load_module)
        self.endpoint = self._prepare(endpoint)
        self.exit_code = None
        with self.stdout_file.open("wb") as out:
            self.proc = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        try:
            self._await_ready()
        except BaseException:
            self.stop(timeout=5.0)
            raise
        return self

    def _await_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if not self.alive:
                self.exit_code = self.proc.wait() if self.proc else None
                raise SwitchStartError(
                    f"FreeSWITCH exited during start (code {self.exit_code})\n{self.log_tail()}"
                )
            try:
                with self.esl(timeout=5.0) as esl:
                    status = esl.api("status")
                    if "is ready" not in status:
                        last = status.strip().splitlines()[-1] if status.strip() else "empty"
                        raise EslError(last)
                    if self.settings.load_module:
                        loaded = esl.api("module_exists mod_aiframe").strip()
                        if loaded != "true":
                            raise SwitchStartError(
                                "FreeSWITCH started but mod_aiframe did not load\n"
                                + self.log_tail()
                            )
                    return
            except EslError as e:
                last = str(e)
            time.sleep(0.2)
        raise SwitchStartError(
            f"FreeSWITCH did not become ready in {self.start_timeout:.0f} s ({last})\n"
            f"{self.log_tail()}"
        )

    def esl(self, *, timeout: float = 10.0) -> SyncEsl:
        """A new authenticated event-socket connection."""
        if self.endpoint is None:
            raise SwitchStartError("the test switch is not running")
        ep = self.endpoint
        return SyncEsl.connect("127.0.0.1", ep.esl_port, ep.esl_password, timeout=timeout)

    def stop(self, timeout: float = 15.0) -> int | None:
        """Shut down cleanly, killing after ``timeout``; returns the exit code."""
        proc = self.proc
        if proc is None:
            return self.exit_code
        if proc.poll() is None:
            with contextlib.suppress(EslError, OSError), self.esl(timeout=3.0) as esl:
                esl.api("fsctl shutdown", timeout=2.0)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=5.0)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        self.exit_code = proc.returncode
        self.proc = None
        if self.endpoint is not None:
            self.endpoint.arena_path.unlink(missing_ok=True)
        return self.exit_code

    def cleanup(self) -> None:
        """Stop, and remove the run directory when this object created it."""
        self.stop()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def restart(
        self, settings: SwitchSettings | None = None, *, same_endpoint: bool = False
    ) -> TestSwitch:
        keep = self.endpoint if same_endpoint else None
        self.stop()
        if settings is not None:
            self.settings = settings
        return self.start(endpoint=keep)

    def with_settings(self, **changes: object) -> SwitchSettings:
        return replace(self.settings, **changes)  # type: ignore[arg-type]

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for f in (self.stdout_file, self.log_file):
            if f.is_file():
                text = f.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {f.name} (last {len(text)} lines)\n" + "\n".join(text))
        return "\n".join(parts) if parts else "(no FreeSWITCH log yet)"

    def log_since(self, offset: int) -> str:
        """Log text written after byte ``offset`` (see ``log_size``)."""
        if not self.log_file.is_file():
            return ""
        with self.log_file.open("rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")

    def log_size(self) -> int:
        return self.log_file.stat().st_size if self.log_file.is_file() else 0

    def cpu_ticks(self) -> int:
        """utime + stime of the FreeSWITCH process (all threads), in clock ticks."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def __enter__(self) -> TestSwitch:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cleanup()


@contextlib.contextmanager
def running_switch(settings: SwitchSettings | None = None) -> Iterator[TestSwitch]:
    """A started test switch, stopped and cleaned up afterwards."""
    sw = TestSwitch(settings)
    try:
        sw.start()
        yield sw
    finally:
        sw.cleanup()


__all__ = [
    "Endpoint",
    "SwitchSettings",
    "TestSwitch",
    "absent_reason",
    "find_freeswitch",
    "find_module",
    "find_modules_dir",
    "find_test_conf",
    "require",
    "running_switch",
]
