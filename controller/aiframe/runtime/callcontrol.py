# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Call control over ESL: each operation one FreeSWITCH API command, sent as
``bgapi`` so a slow one never holds up the event stream, its reply checked
and bounded by a timeout.

Every argument is checked before anything is sent: an ESL command is a line
of text, so a newline or a stray space in a uuid, digit string or path would
change what FreeSWITCH runs. A bad argument raises ``CommandError`` naming it;
a ``-ERR``/``-USAGE`` reply raises ``CommandError`` with FreeSWITCH's words;
no reply in time raises ``CommandTimeoutError``.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from aiframe.errors import CommandError

_UUID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_EXTENSION = re.compile(r"^[A-Za-z0-9_+*#.-]{1,64}$")
_SIP_URI = re.compile(r"^sips?:[A-Za-z0-9_.!~*'()&=+$%-]+@[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_DIGITS = re.compile(r"^[0-9*#A-Da-dwW]{1,64}$")
_CAUSE = re.compile(r"^[A-Z][A-Z_]{2,63}$")
_SUBCLASS = re.compile(r"^[a-z][a-z0-9_]*::[a-z][a-z0-9_]*$")
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_UNSAFE = re.compile(r"[\s'\"{}\[\]<>;,|\\]")
UNDEFINED = "_undef_"


class Commands(Protocol):
    """What call control needs from an ESL connection."""

    def bgapi(self, command: str, timeout: float) -> str: ...


@runtime_checkable
class EventSender(Protocol):
    """An ESL connection that can fire events (``sendevent``)."""

    def send_event(self, headers: dict[str, str], timeout: float) -> None: ...


def _check(what: str, value: str, pattern: re.Pattern[str], hint: str) -> str:
    if not pattern.match(value):
        raise CommandError(f"{what} {value!r} is not valid: {hint}")
    return value


def _uuid(value: str) -> str:
    return _check("call uuid", value, _UUID, "letters, digits and - _ . : only")


def _path(what: str, value: str) -> str:
    if not value or _UNSAFE.search(value) or len(value) > 1024:
        raise CommandError(
            f"{what} {value!r} is not valid: no spaces, quotes, brackets, commas or "
            "semicolons, at most 1024 characters"
        )
    return value


def _text(what: str, value: str) -> str:
    if "\n" in value or "\r" in value or len(value) > 4096:
        raise CommandError(f"{what} must be one line of at most 4096 characters")
    return value


def check_reply(op: str, reply: str) -> str:
    """The reply text, or ``CommandError`` when FreeSWITCH reports a failure."""
    text = reply.strip()
    if text.startswith(("-ERR", "-USAGE")) or not text:
        said = text or "(an empty reply)"
        raise CommandError(f"{op}: FreeSWITCH said {said}")
    return text


class CallControl:
    """Transfer, bridge, hang up, DTMF, playback, variables and recording."""

    def __init__(
        self,
        commands: Commands,
        *,
        timeout: float,
        sip_profile: str = "internal",
        context: str = "default",
    ) -> None:
        self._c = commands
        self.timeout = timeout
        self.sip_profile = _check("SIP profile", sip_profile, _NAME, "a profile name")
        self.context = _check("dialplan context", context, _NAME, "a context name")

    def _run(self, op: str, command: str) -> str:
        return check_reply(op, self._c.bgapi(command, self.timeout))

    # The command builders are separate so tests can pin the exact text sent.
    def transfer_command(self, uuid: str, destination: str, context: str | None = None) -> str:
        """Blind transfer to a dialplan extension, or to a SIP URI via a bridge."""
        u = _uuid(uuid)
        if destination.startswith(("sip:", "sips:")):
            uri = _check(
                "SIP URI", destination, _SIP_URI, "sip:user@host[:port], no spaces or params"
            )
            target = uri.split(":", 1)[1]
            return f"uuid_transfer {u} 'bridge:sofia/{self.sip_profile}/{target}' inline"
        ext = _check(
            "transfer destination",
            destination,
            _EXTENSION,
            "an extension (letters, digits, + * # . - _) or a sip: URI",
        )
        ctx = _check("dialplan context", context or self.context, _NAME, "a context name")
        return f"uuid_transfer {u} {ext} XML {ctx}"

    def transfer(self, uuid: str, destination: str, context: str | None = None) -> str:
        return self._run("transfer", self.transfer_command(uuid, destination, context))

    def detach(self, uuid: str) -> bool:
        """Stop mod_aiframe on the channel; False when it was not running there."""
        reply = self._c.bgapi(f"uuid_aiframe {_uuid(uuid)} stop", self.timeout).strip()
        if reply.startswith("+OK"):
            return True
        if "is not running" in reply:
            return False
        raise CommandError(f"detach: FreeSWITCH said {reply or '(an empty reply)'}")

    def attach(self, uuid: str, options: dict[str, str] | None = None) -> str:
        """Start mod_aiframe on the channel (``key=value`` options as in the dialplan)."""
        parts = [f"uuid_aiframe {_uuid(uuid)} start"]
        for k, v in (options or {}).items():
            parts.append(f"{_check('option', k, _VAR, 'letters, digits and _')}={_path(k, v)}")
        return self._run("attach", " ".join(parts))

    def bridge(self, uuid: str, other_uuid: str) -> str:
        return self._run("bridge", f"uuid_bridge {_uuid(uuid)} {_uuid(other_uuid)}")

    def hangup(self, uuid: str, cause: str = "NORMAL_CLEARING") -> str:
        c = _check("hangup cause", cause, _CAUSE, "a Q.850 cause name like NORMAL_CLEARING")
        return self._run("hangup", f"uuid_kill {_uuid(uuid)} {c}")

    def send_dtmf(self, uuid: str, digits: str, duration_ms: int | None = None) -> str:
        d = _check("DTMF digits", digits, _DIGITS, "0-9 * # A-D, w/W for pauses")
        if duration_ms is not None:
            if not 40 <= duration_ms <= 5000:
                raise CommandError(f"DTMF duration {duration_ms} ms is outside 40..5000")
            d = f"{d}@{duration_ms}"
        return self._run("send_dtmf", f"uuid_send_dtmf {_uuid(uuid)} {d}")

    def playback(self, uuid: str, path: str, leg: str = "aleg") -> str:
        if leg not in ("aleg", "bleg", "both"):
            raise CommandError(f"playback leg {leg!r} is not valid: aleg, bleg or both")
        return self._run("playback", f"uuid_broadcast {_uuid(uuid)} {_path('file', path)} {leg}")

    def set_var(self, uuid: str, name: str, value: str) -> str:
        n = _check("variable name", name, _VAR, "letters, digits and _")
        return self._run("set_var", f"uuid_setvar {_uuid(uuid)} {n} {_text('value', value)}")

    def get_var(self, uuid: str, name: str) -> str | None:
        n = _check("variable name", name, _VAR, "letters, digits and _")
        reply = self._c.bgapi(f"uuid_getvar {_uuid(uuid)} {n}", self.timeout).strip()
        if reply.startswith(("-ERR", "-USAGE")):
            raise CommandError(f"get_var: FreeSWITCH said {reply}")
        return None if reply == UNDEFINED else reply

    def publish(self, uuid: str, subclass: str, headers: dict[str, str]) -> str:
        """Fire ``CUSTOM <subclass>`` about the channel (``Unique-ID``), headers as given."""
        if not isinstance(self._c, EventSender):
            raise CommandError("publish: this connection cannot fire events")
        sub = _check("event subclass", subclass, _SUBCLASS, "like aiframe::handoff")
        event = {"Event-Name": "CUSTOM", "Event-Subclass": sub, "Unique-ID": _uuid(uuid)}
        for k, v in headers.items():
            event[_check("event header", k, _HEADER, "letters, digits, - and _")] = _text(k, v)
        self._c.send_event(event, self.timeout)
        return "+OK"

    def record_start(self, uuid: str, path: str, limit_s: int | None = None) -> str:
        cmd = f"uuid_record {_uuid(uuid)} start {_path('recording path', path)}"
        if limit_s is not None:
            if not 1 <= limit_s <= 86400:
                raise CommandError(f"recording limit {limit_s} s is outside 1..86400")
            cmd += f" {limit_s}"
        return self._run("record_start", cmd)

    def record_stop(self, uuid: str, path: str) -> str:
        return self._run(
            "record_stop", f"uuid_record {_uuid(uuid)} stop {_path('recording path', path)}"
        )


__all__ = ["UNDEFINED", "CallControl", "Commands", "EventSender", "check_reply"]
