# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe soak --through freeswitch``: K lanes of whole calls through a real switch.

The switch is the tests' FreeSWITCH 1.10 (``aiframe.lab.switch.testswitch``) with mod_aiframe;
the controller is the product, ``aiframe run`` with the conversation handler (the Acme
agent, the default speech models, the flow brain) as its own process, writing a SQLite
store in the output directory. Each call goes to the ``acme`` extension
(``agent=acme-support``): a loopback call whose far leg plays the caller
(:mod:`aiframe.callcheck.caller`) and hangs up, or with ``caller="sipp"`` a SIP call
from a sipp process of its own that streams the caller as G.711 RTP and sends BYE
(``aiframe/callcheck/sipp_caller.xml``); each lane places its next call as soon as the last one's
``aiframe::stop`` came.

The phases are every soak's (:mod:`aiframe.lab.soak.window`): a warm-up round (one
call per lane, at once: the controller loads its models on the first call), an idle
baseline, the window of ``seconds`` (lanes offset by a share of a call, a call in flight
at its end is finished, never cut), then idle until the counts are back.

A sampler thread records every ``sample_s`` both processes' RSS, fds and threads, the
arena's active slots, ``/dev/shm/aiframe*`` entries, channels and media bugs, and the
ring counters (:mod:`aiframe.lab.soak.fs_probe`). A listener thread takes every
``aiframe::start`` and ``aiframe::stop``. At the end each call is checked against the
controller's store: it attached the leg, ended it without failing, and recorded turns.
:mod:`aiframe.lab.soak.fs_report` judges.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from aiframe.callcheck.caller import CALLER_LINES, write_caller_ulaw, write_caller_wav
from aiframe.callcheck.sipp import free_ports, sipp_command, write_scenario
from aiframe.config import Settings
from aiframe.errors import AiframeError, EslError
from aiframe.esl.sync import SyncEsl
from aiframe.lab.soak import probe
from aiframe.lab.soak.fs_probe import SwitchSample, media_bugs, stop_counters
from aiframe.lab.soak.probe import RING_KINDS
from aiframe.lab.soak.window import PhasedSoak, WindowParams
from aiframe.lab.switch.calls import is_event, originate_loopback, subscribe_aiframe
from aiframe.lab.switch.controller_proc import ControllerProcess
from aiframe.lab.switch.testswitch import SwitchSettings, TestSwitch, require
from aiframe.logs import get_logger
from aiframe.media import Arena

__all__ = [
    "SippAbsentError",
    "SwitchCallResult",
    "SwitchSoakParams",
    "SwitchSoakRun",
    "run_switch_soak",
]

log = get_logger("soak.freeswitch")

RATE = 16000


class SippAbsentError(AiframeError):
    """``--caller sipp`` without sipp installed."""


class SwitchSoakParams(WindowParams):
    """One FreeSWITCH soak run (the CLI's options, and the caller's script)."""

    settle_s: float = Field(default=30.0, ge=0, le=300, description="wait for baseline at end")
    lines: list[str] = Field(default_factory=lambda: list(CALLER_LINES), min_length=1)
    lead_s: float = Field(default=7.0, ge=0, description="quiet for the agent's greeting")
    pause_s: float = Field(default=7.0, ge=0, description="quiet after each line: the reply")
    tail_s: float = Field(default=2.0, ge=0, description="quiet before the caller hangs up")
    call_timeout_s: float = Field(
        default=120.0, gt=0, description="beyond the caller's length, a call's stop is awaited"
    )
    caller: Literal["loopback", "sipp"] = Field(
        default="loopback",
        description="loopback: the far leg of a loopback call plays the caller (L16 at 16 kHz); "
        "sipp: a SIP call from sipp, the caller as PCMU RTP at 8 kHz",
    )


@dataclass(slots=True)
class SwitchCallResult:
    lane: int
    number: int  # the lane's n-th call
    phase: str  # "warm-up" or "soak"
    start_s: float
    a_uuid: str = ""  # the far leg: the caller
    b_uuid: str = ""  # the ai leg: mod_aiframe's channel, the controller's call
    channel: str = ""  # the ai leg's name: loopback/acme-b, or sofia/... for a sipp call
    wall_s: float = 0.0  # originate to aiframe::stop
    attached_by_module: bool = False  # its aiframe::start came
    stop_reason: str | None = None
    counters: dict[str, int] = field(default_factory=dict)
    attached_by_controller: bool = False  # its leg is in the controller's store
    leg_reason: str | None = None  # why the controller's leg ended
    turns: int = 0  # in the controller's store
    caller_turns: int = 0  # of those, the caller's: what the controller heard
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def call_errors(r: SwitchCallResult) -> list[str]:
    """Why a call did not complete: it must have been attached by the module, ended by
    its hangup (``aiframe::stop`` reason ``hangup``), attached by the controller, and
    ended there without failing, with at least the greeting's turn recorded."""
    out: list[str] = []
    if not r.b_uuid:
        return out  # not placed: its originate error is already there
    if not r.attached_by_module:
        out.append("no aiframe::start")
    if r.stop_reason is None:
        out.append("no aiframe::stop")
    elif r.stop_reason != "hangup":
        out.append(f"aiframe::stop reason {r.stop_reason}, not hangup")
    if not r.attached_by_controller:
        out.append("the controller did not attach it (no leg in its store)")
    elif r.leg_reason is None:
        out.append("the controller's leg did not end")
    elif r.leg_reason.startswith("failed"):
        out.append(f"the controller failed it: {r.leg_reason}")
    if r.attached_by_controller and r.turns == 0:
        out.append("no turn recorded")
    return out


@dataclass(slots=True)
class _Stopped:
    reason: str
    counters: dict[str, int]


class _Listener:
    """Every ``aiframe::start`` and ``aiframe::stop``, on a connection of its own."""

    def __init__(self, esl: SyncEsl) -> None:
        self.esl = esl
        self.started: set[str] = set()
        self.by_caller: dict[str, str] = {}  # caller id number -> the channel's uuid
        self.channel_names: dict[str, str] = {}  # uuid -> Channel-Name (sofia/..., loopback/...)
        self.stopped: dict[str, _Stopped] = {}
        self.ended_rings = dict.fromkeys(RING_KINDS, 0)
        self.cond = threading.Condition()
        self.error: str | None = None
        self._quit = threading.Event()
        subscribe_aiframe(esl)
        self._thread = threading.Thread(target=self._run, name="soak-events", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        start, stop = is_event("aiframe::start"), is_event("aiframe::stop")
        try:
            while not self._quit.is_set():
                ev = self.esl.next_event(0.5)
                if ev is None:
                    continue
                with self.cond:
                    if start(ev):
                        self.started.add(ev.uuid)
                        self.by_caller[ev.get("Caller-Caller-ID-Number") or ""] = ev.uuid
                        self.channel_names[ev.uuid] = ev.get("Channel-Name") or ""
                    elif stop(ev):
                        counters = stop_counters(ev)
                        self.stopped[ev.uuid] = _Stopped(ev.get("aiframe-reason") or "", counters)
                        for k in RING_KINDS:
                            self.ended_rings[k] += counters.get(k, 0)
                    self.cond.notify_all()
        except (EslError, OSError) as e:  # the switch went away: every lane must hear
            with self.cond:
                self.error = f"the event connection failed: {e}"
                self.cond.notify_all()

    def wait_caller(self, caller: str, timeout: float) -> str | None:
        """The uuid of the channel whose ``aiframe::start`` named ``caller``."""
        with self.cond:
            self.cond.wait_for(lambda: caller in self.by_caller or self.error is not None, timeout)
            return self.by_caller.get(caller)

    def wait_stop(self, uuid: str, timeout: float) -> _Stopped | None:
        with self.cond:
            self.cond.wait_for(lambda: uuid in self.stopped or self.error is not None, timeout)
            return self.stopped.get(uuid)

    def close(self) -> None:
        self._quit.set()
        self._thread.join(5)
        self.esl.close()


class SwitchSoakRun(PhasedSoak[SwitchSample]):
    """Set up with ``open()``, ``run()`` once, always ``close()``."""

    params: SwitchSoakParams
    results: list[SwitchCallResult]

    def __init__(self, settings: Settings, params: SwitchSoakParams, out_dir: Path) -> None:
        super().__init__(params)
        self.settings = settings
        self.out_dir = out_dir
        self.results: list[SwitchCallResult] = []
        self.problems: list[str] = []  # the run's own failures, beyond any one call
        self.fd_targets: dict[str, dict[str, list[str]]] = {}
        self.thread_names: dict[str, dict[str, list[str]]] = {}
        self.caller_s = 0.0  # the caller wav's length
        self.switch_version = ""
        self.db = (out_dir / "soak.db").resolve()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._wav = Path()
        self._scenario = Path()
        self._lock = threading.Lock()
        self._live = 0
        self._done = 0
        self._abort = threading.Event()
        self._sampled = threading.Condition()
        self._quit = threading.Event()
        self.sw: TestSwitch | None = None
        self.ctl: ControllerProcess | None = None
        self.arena: Arena | None = None
        self.events: _Listener | None = None

    # ---- set-up and tear-down ---------------------------------------------------------

    def open(self) -> None:
        require()
        p = self.params
        self._tmp = tempfile.TemporaryDirectory(prefix="aiframe-soak-fs-")
        work = Path(self._tmp.name)
        if p.caller == "sipp" and shutil.which("sipp") is None:
            raise SippAbsentError(
                "sipp is not installed (the Debian package sip-tester); "
                "--caller loopback needs nothing more than FreeSWITCH"
            )
        self._wav = work / "caller.wav"
        self.caller_s = write_caller_wav(
            self._wav,
            self.settings.speech,
            p.lines,
            rate=RATE,
            lead_s=p.lead_s,
            pause_s=p.pause_s,
            tail_s=p.tail_s,
        )
        if p.caller == "sipp":
            write_caller_ulaw(self._wav, work / "caller.ulaw")  # sipp reads it from its cwd
            self._scenario = write_scenario(work, int(self.caller_s * 1000))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        self.sw = TestSwitch(
            SwitchSettings(max_slots=max(16, 4 * p.calls), max_sessions=max(100, 8 * p.calls)),
            workdir=work / "fs",
        )
        self.sw.start()
        assert self.sw.endpoint is not None
        self.ctl = ControllerProcess(
            self.sw,
            self.out_dir,
            env={
                "AIFRAME_STORE__ENABLED": "true",
                "AIFRAME_STORE__URL": f"sqlite:///{self.db}",
                "AIFRAME_BRAIN__DATA_DIR": str(work / "brain"),
            },
        )
        self.arena = Arena.open(self.sw.endpoint.arena_path)
        self.events = _Listener(self.sw.esl(timeout=30))
        with self.sw.esl() as esl:
            self.switch_version = esl.api("version").strip()

    def close(self) -> None:
        self._quit.set()
        if self.events is not None:
            self.events.close()
        if self.ctl is not None:
            self.ctl.stop()
        if self.arena is not None:
            self.arena.close()
        if self.sw is not None:
            with contextlib.suppress(OSError):
                (self.out_dir / "freeswitch-log-tail.txt").write_text(self.sw.log_tail(400) + "\n")
            self.sw.cleanup()
        if self._tmp is not None:
            self._tmp.cleanup()

    # ---- the run ------------------------------------------------------------------------

    def run(self) -> None:
        sampler = threading.Thread(target=self._sample_loop, name="soak-sampler", daemon=True)
        sampler.start()
        try:
            self._phases()
        finally:
            self._quit.set()
            sampler.join(10)
        self._read_store()
        for r in self.results:
            r.errors.extend(call_errors(r))

    def _lanes(self, body: Callable[[int], None]) -> None:
        threads = [
            threading.Thread(target=body, args=(lane,), name=f"soak-lane-{lane}", daemon=True)
            for lane in range(self.params.calls)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _aborted(self) -> bool:
        return self._abort.is_set()

    def _names(self, when: str) -> None:
        assert self.sw is not None and self.ctl is not None
        pids = {"controller": self.ctl.pid, "freeswitch": self.sw.pid}
        self.fd_targets[when] = {k: probe.fd_targets(pid) for k, pid in pids.items()}
        self.thread_names[when] = {k: probe.thread_names(pid) for k, pid in pids.items()}

    def _gone(self) -> str | None:
        """Why no call can be placed any more, or None."""
        assert self.sw is not None and self.ctl is not None
        if not self.sw.alive:
            return "FreeSWITCH exited during the soak"
        if self.ctl.proc.poll() is not None:
            return f"the controller exited during the soak (status {self.ctl.proc.returncode})"
        if self.events is not None and self.events.error is not None:
            return self.events.error
        return None

    def _one_call(self, lane: int, number: int, phase: str) -> None:
        assert self.sw is not None and self.events is not None
        if self._abort.is_set():
            return
        gone = self._gone()
        if gone is not None:
            with self._lock:
                if not self._abort.is_set():
                    self.problems.append(gone)
                self._abort.set()
            return
        res = SwitchCallResult(lane, number, phase, round(self.now(), 2))
        with self._lock:
            self.results.append(res)
            self._live += 1
        t0 = time.monotonic()
        try:
            if self.params.caller == "sipp":
                stopped = self._sipp_call(res, f"soak-{lane}-{number}")
            else:
                stopped = self._loopback_call(res)
        except (AiframeError, OSError) as e:  # a broken call is a finding, not the end
            log.error("soak call failed", lane=lane, exc_info=e)
            res.errors.append(f"{type(e).__name__}: {str(e).splitlines()[0]}")
            stopped = None
        res.wall_s = round(time.monotonic() - t0, 2)
        with self.events.cond:
            res.attached_by_module = res.b_uuid in self.events.started
            res.channel = self.events.channel_names.get(res.b_uuid, "")
        if stopped is not None:
            res.stop_reason = stopped.reason
            res.counters = stopped.counters
        with self._lock:
            self._live -= 1
            self._done += 1

    def _loopback_call(self, res: SwitchCallResult) -> _Stopped | None:
        assert self.sw is not None and self.events is not None
        with self.sw.esl(timeout=60) as esl:
            call = originate_loopback(
                esl,
                "acme",
                far=[("playback", str(self._wav)), ("hangup", "")],
                rate=RATE,
                timeout=60,
            )
            res.a_uuid, res.b_uuid = call.a_uuid, call.b_uuid
            stopped = self.events.wait_stop(call.b_uuid, self.caller_s + self.params.call_timeout_s)
            if stopped is None:
                esl.api(f"uuid_kill {call.a_uuid}")
                esl.api(f"uuid_kill {call.b_uuid}")
        return stopped

    def _sipp_call(self, res: SwitchCallResult, caller: str) -> _Stopped | None:
        """One sipp process, one call; its channel found by its caller id."""
        assert self.sw is not None and self.events is not None and self.sw.endpoint is not None
        limit_s = self.caller_s + self.params.call_timeout_s
        cmd = sipp_command(
            f"127.0.0.1:{self.sw.endpoint.sip_port}",
            self._scenario,
            service="acme",
            caller=caller,
            local_ip="127.0.0.1",
            ports=free_ports(below=self.sw.endpoint.rtp_ports[0]),
            timeout_s=limit_s,
        )
        proc = subprocess.Popen(
            cmd, cwd=self._scenario.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        stopped = None
        try:
            uuid = None
            deadline = time.monotonic() + 30
            while uuid is None and proc.poll() is None and time.monotonic() < deadline:
                uuid = self.events.wait_caller(caller, 0.5)
            if uuid is None:
                res.errors.append(f"no aiframe::start for the sipp caller {caller}")
            else:
                res.b_uuid = uuid
                stopped = self.events.wait_stop(uuid, limit_s)
                if stopped is None:
                    with self.sw.esl() as esl:
                        esl.api(f"uuid_kill {uuid}")
            out, _ = proc.communicate(timeout=limit_s + 10)
        except subprocess.TimeoutExpired:
            out = b""
        finally:
            if proc.poll() is None:
                proc.kill()
                out = proc.communicate()[0]
        if proc.returncode != 0:
            tail = out.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            res.errors.append(f"sipp exited with status {proc.returncode}: {tail[0][:200]}")
        return stopped

    def _settle(self, baseline: SwitchSample | None) -> SwitchSample:
        """An idle sample: once channels, bugs and slots are gone and fds, threads and
        our /dev/shm entries are back at ``baseline`` (or after ``settle_s``). The
        switch ends its session threads and the controller its actors' work a little
        after the last hangup, so the first idle moment is not yet the idle state."""
        deadline = self.now() + max(self.params.settle_s, 1.0)
        while True:
            s = self._next_sample()
            if self.now() >= deadline or (
                baseline is not None
                and s.channels == 0
                and s.media_bugs == 0
                and s.slots_active == 0
                and s.ctl_fds <= baseline.ctl_fds
                and s.ctl_threads <= baseline.ctl_threads
                and s.fs_fds <= baseline.fs_fds
                and s.fs_threads <= baseline.fs_threads
                and s.shm_ours == baseline.shm_ours
            ):
                return s

    def _next_sample(self) -> SwitchSample:
        with self._sampled:
            n = len(self.samples)
            if not self._sampled.wait_for(lambda: len(self.samples) > n, 30.0):
                why = "; ".join(self.problems) or self._gone() or "no reason known"
                raise AiframeError(f"the soak's sampler stopped recording ({why})")
            return self.samples[-1]

    def _read_store(self) -> None:
        """Each call's leg and turns, as the controller recorded them."""
        uuids = {r.b_uuid: r for r in self.results if r.b_uuid}
        if not uuids or not self.db.is_file():
            return
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)) as db:
                for uuid, reason, detached in db.execute(
                    "SELECT call_uuid, reason, detached_at FROM legs"
                ):
                    if uuid in uuids:
                        uuids[uuid].attached_by_controller = True
                        uuids[uuid].leg_reason = reason if detached is not None else None
                for uuid, n, heard in db.execute(
                    "SELECT call_uuid, COUNT(*), SUM(role = 'caller') FROM turns GROUP BY call_uuid"
                ):
                    if uuid in uuids:
                        uuids[uuid].turns = int(n)
                        uuids[uuid].caller_turns = int(heard or 0)
        except sqlite3.Error as e:
            self.problems.append(f"cannot read the controller's store {self.db}: {e}")

    # ---- sampling ---------------------------------------------------------------------

    def _sample(self, esl: SyncEsl | None) -> SwitchSample:
        assert self.sw is not None and self.ctl is not None and self.arena is not None
        assert self.events is not None and self.sw.endpoint is not None
        ctl_rss, ctl_threads = probe.process_status(self.ctl.pid)
        fs_rss, fs_threads = probe.process_status(self.sw.pid)
        # This soak's switch's arena, by name: other switches of the same process (a test
        # session's) have arenas of their own there.
        mine = self.sw.endpoint.arena_path.name
        shm_all, shm_ours = probe.shm_entries(mine=mine)
        chans = bugs = -1
        if esl is not None:
            try:
                chans, bugs = media_bugs(esl)
            except EslError as e:
                log.warning("the switch did not answer the sampler", error=str(e))
        active = self.arena.active_slots()
        with self.events.cond:
            rings = dict(self.events.ended_rings)
            stopped = set(self.events.stopped)
        # A live call's slot; one whose stop has come is in the ended sum already.
        for s in active:
            if s.uuid not in stopped:
                for k in RING_KINDS:
                    rings[k] += int(getattr(s.counters, k))
        with self._lock:
            live, done = self._live, self._done
        return SwitchSample(
            t_s=round(self.now(), 2),
            ctl_rss_kb=ctl_rss,
            ctl_fds=probe.fds(self.ctl.pid),
            ctl_threads=ctl_threads,
            fs_rss_kb=fs_rss,
            fs_fds=probe.fds(self.sw.pid),
            fs_threads=fs_threads,
            slots_active=len(active),
            channels=chans,
            media_bugs=bugs,
            shm_entries=shm_all,
            shm_ours=shm_ours,
            uplink_drops=rings["uplink_drops"],
            downlink_underruns=rings["downlink_underruns"],
            downlink_overruns=rings["downlink_overruns"],
            calls_live=live,
            calls_done=done,
        )

    def _sample_loop(self) -> None:
        assert self.sw is not None
        period = self.params.sample_s
        k = 0
        t0 = self.now()
        esl: SyncEsl | None = None
        try:
            while not self._quit.is_set():
                k += 1
                # An absolute schedule: a slow sample does not shift every later one.
                if self._quit.wait(max(0.0, t0 + k * period - self.now())):
                    return
                if esl is None:
                    with contextlib.suppress(EslError, OSError):
                        esl = self.sw.esl(timeout=10)
                try:
                    sample = self._sample(esl)
                except (OSError, EslError) as e:  # a process gone: _gone() says which
                    log.warning("soak sample failed", error=str(e))
                    if esl is not None:
                        esl.close()
                        esl = None
                    continue
                with self._sampled:
                    self.samples.append(sample)
                    self._sampled.notify_all()
        finally:
            if esl is not None:
                esl.close()


def run_switch_soak(settings: Settings, params: SwitchSoakParams, out_dir: Path) -> SwitchSoakRun:
    """Run a whole FreeSWITCH soak; the returned run holds the samples and call results.
    Raises ``SwitchAbsentError`` (before anything starts) when FreeSWITCH or mod_aiframe
    is missing."""
    require()
    out_dir.mkdir(parents=True, exist_ok=True)
    soak = SwitchSoakRun(settings, params, out_dir)
    try:
        soak.open()
        soak.run()
    finally:
        soak.close()
    return soak
