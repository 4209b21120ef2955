# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Place one scripted test call into a running FreeSWITCH and record both sides.

Over SIP, sipp calls ``EXTENSION@HOST:PORT`` (by default the stock external profile on
this host, port 5080, whose calls land in the ``public`` context) and streams the
caller as G.711 mu-law RTP; over loopback, ``originate loopback/EXTENSION/CONTEXT``
plays the caller on the far leg. Either way the switch records the agent's side of the
call in stereo (left: what the caller sent, right: what the caller heard), from its
answer to its hangup, through any transfer.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from aiframe.callcheck.caller import CallerAudio, synthesize_lines, write_caller_ulaw
from aiframe.config import Settings
from aiframe.errors import AiframeError, EslError
from aiframe.esl.sync import SyncEsl
from aiframe.esl.wire import EslEvent
from aiframe.speech.audio import write_wav

__all__ = ["CallError", "CallPlan", "Placed", "place_call"]

Via = Literal["sip", "loopback"]
RATE = 8000  # G.711: what a phone caller sends


class CallError(AiframeError):
    """The test call could not be placed or did not complete."""


@dataclass(frozen=True, slots=True)
class CallPlan:
    extension: str
    lines: tuple[str, ...]
    via: Via = "sip"
    sip_target: str = ""  # host:port; empty: this host's address, port 5080
    context: str = "public"  # loopback only: where the extension is looked up
    lead_s: float = 15.0  # quiet before the first line: the greeting
    pause_s: float = 9.0  # quiet after each line: the agent's answer
    tail_s: float = 8.0
    timeout_s: float = 0.0  # 0: the caller's length plus 60 s
    out_dir: Path | None = None


@dataclass
class Placed:
    """What the switch did with the call."""

    uuid: str
    caller_id: str
    via: Via
    target: str
    recording: Path
    caller: CallerAudio
    answered: bool = False
    hangup_cause: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Caller:
    """The voiced caller of one call: where its files are, its audio, its caller id."""

    out: Path
    wav: Path
    audio: CallerAudio
    caller_id: str
    limit_s: float


def place_call(settings: Settings, plan: CallPlan) -> Placed:
    """Place the call, wait for its hangup, return where the recording is."""
    if not plan.lines:
        raise CallError("nothing for the caller to say: give --say LINE or --script FILE")
    esl = _connect(settings)  # before the caller is voiced: a wrong switch fails at once
    try:
        out = plan.out_dir or Path(tempfile.mkdtemp(prefix="aiframe-call-"))
        out.mkdir(parents=True, exist_ok=True)
        os.chmod(out, 0o777)  # FreeSWITCH, often its own user, writes the recording here
        caller = synthesize_lines(
            settings.speech,
            plan.lines,
            rate=RATE,
            lead_s=plan.lead_s,
            pause_s=plan.pause_s,
            tail_s=plan.tail_s,
        )
        wav = out / "caller.wav"
        write_wav(wav, caller.pcm, RATE)
        os.chmod(wav, 0o644)
        c = _Caller(
            out,
            wav,
            caller,
            f"aiframe-call-{secrets.token_hex(3)}",
            plan.timeout_s or caller.seconds + 60.0,
        )
        esl.subscribe("CHANNEL_ANSWER", "CHANNEL_HANGUP_COMPLETE", "CUSTOM", "aiframe::start")
        placed = _sip(esl, plan, c) if plan.via == "sip" else _loopback(esl, plan, c)
        attached = esl.wait_event(
            lambda e: e.subclass == "aiframe::start" and e.uuid == placed.uuid, 0.5
        )
        if attached is None:
            placed.notes.append(
                "the AI never attached to this call (no aiframe::start): is `aiframe run` "
                "up, and does the extension run the aiframe application?"
            )
        return placed
    finally:
        esl.close()


def _connect(settings: Settings) -> SyncEsl:
    e = settings.esl
    try:
        return SyncEsl.connect(
            e.host, e.port, e.password.get_secret_value(), timeout=e.connect_timeout_s
        )
    except EslError as err:
        raise CallError(f"{err} (esl.host, esl.port, AIFRAME_ESL__PASSWORD)") from None


def _ours(caller_id: str, leg: str = "") -> Callable[[EslEvent], bool]:
    """Events of the call whose caller id is ``caller_id`` (and, for a loopback call,
    of its ``-b`` leg: the one the dialplan runs)."""

    def match(ev: EslEvent) -> bool:
        return (ev.get("Caller-Caller-ID-Number") or "") == caller_id and (
            not leg or (ev.get("Channel-Name") or "").endswith(leg)
        )

    return match


def _record(esl: SyncEsl, uuid: str, path: Path) -> None:
    esl.api(f"uuid_setvar {uuid} RECORD_STEREO true")
    reply = esl.api(f"uuid_record {uuid} start {path}").strip()
    if not reply.startswith("+OK"):
        raise CallError(f"the switch would not record the call: {reply}")


def _until_hangup(esl: SyncEsl, placed: Placed, limit_s: float, t0: float) -> None:
    ev = esl.wait_event(
        lambda e: e.name == "CHANNEL_HANGUP_COMPLETE" and e.uuid == placed.uuid,
        max(1.0, limit_s - (time.monotonic() - t0)),
    )
    if ev is None:
        placed.notes.append(f"no hangup within {limit_s:.0f} s: hung up by aiframe call")
        esl.api(f"uuid_kill {placed.uuid}")
        ev = esl.wait_event(
            lambda e: e.name == "CHANNEL_HANGUP_COMPLETE" and e.uuid == placed.uuid, 10.0
        )
    placed.hangup_cause = (ev.get("Hangup-Cause") or "") if ev is not None else "unknown"
    placed.seconds = time.monotonic() - t0


def _sip(esl: SyncEsl, plan: CallPlan, c: _Caller) -> Placed:
    from aiframe.callcheck.sipp import free_ports, sipp_command, write_scenario

    local_ip = _local_ip(esl)
    target = plan.sip_target or f"{local_ip}:5080"
    write_caller_ulaw(c.wav, c.out / "caller.ulaw")  # sipp streams it from its working directory
    scenario = write_scenario(c.out, int(c.audio.seconds * 1000))
    cmd = sipp_command(
        target,
        scenario,
        service=plan.extension,
        caller=c.caller_id,
        local_ip=local_ip,
        ports=free_ports(below=16384),
        timeout_s=c.limit_s,
    )
    placed = Placed("", c.caller_id, "sip", target, c.out / "call.wav", c.audio)
    t0 = time.monotonic()
    with (c.out / "sipp.log").open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=c.out, stdout=log, stderr=subprocess.STDOUT)
        try:
            answer = esl.wait_event(_answered(c.caller_id), 30.0)
            if answer is None:
                proc.kill()
                raise CallError(
                    f"the switch did not answer {plan.extension} at {target} in 30 s "
                    f"(sipp's log: {c.out / 'sipp.log'}; is the extension in the context "
                    "this profile's calls land in?)"
                )
            placed.uuid, placed.answered = answer.uuid, True
            _record(esl, placed.uuid, placed.recording)
            _until_hangup(esl, placed, c.limit_s, t0)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if proc.returncode not in (0, None):
        placed.notes.append(f"sipp exited with status {proc.returncode} ({c.out / 'sipp.log'})")
    return placed


def _loopback(esl: SyncEsl, plan: CallPlan, c: _Caller) -> Placed:
    target = f"loopback/{plan.extension}/{plan.context}"
    vars_ = (
        f"{{origination_caller_id_number={c.caller_id},origination_caller_id_name=aiframe-call}}"
    )
    t0 = time.monotonic()
    esl.bgapi(f"originate {vars_}{target} &playback({c.wav})")
    answer = esl.wait_event(_answered(c.caller_id, "-b"), 30.0)
    if answer is None:
        raise CallError(
            f"nothing answered {plan.extension} in context {plan.context} in 30 s "
            "(is the extension there? --context names another)"
        )
    placed = Placed(answer.uuid, c.caller_id, "loopback", target, c.out / "call.wav", c.audio)
    placed.answered = True
    _record(esl, placed.uuid, placed.recording)
    _until_hangup(esl, placed, c.limit_s, t0)
    return placed


def _answered(caller_id: str, leg: str = "") -> Callable[[EslEvent], bool]:
    ours = _ours(caller_id, leg)
    return lambda ev: ev.name == "CHANNEL_ANSWER" and ours(ev)


def _local_ip(esl: SyncEsl) -> str:
    """The address the switch's stock SIP profiles bind (its ``local_ip_v4``)."""
    found = esl.api("global_getvar local_ip_v4").strip()
    return found if found and not found.startswith("-ERR") else "127.0.0.1"
